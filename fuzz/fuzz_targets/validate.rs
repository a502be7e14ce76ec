//! The shared validators and the Python-compatible JSON encoder on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::{to_python_json, validate};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(hostname) = validate::hostname(&text) {
        assert!(hostname.as_str().len() <= validate::HOSTNAME_MAX_LEN);
        assert!(hostname.as_str().is_ascii());
    }
    if let Ok(path) = validate::path_prefix(&text) {
        assert!(path.as_str().starts_with('/'));
        assert!(!path.as_str().contains(char::is_whitespace));
    }
    let _ = validate::model_name(&text);
    let _ = validate::application_name(&text);
    if let Ok(url) = validate::http_url(&text) {
        assert_eq!(validate::http_url(url.as_str()).as_ref(), Ok(&url));
    }
    let encoded = to_python_json(text.as_ref());
    assert!(encoded.is_ascii());
    let decoded: String = serde_json::from_str(&encoded).expect("encoder output is JSON");
    assert_eq!(decoded, text);
});
