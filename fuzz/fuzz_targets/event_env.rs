//! `HookContext::from_env` on arbitrary environments.
//!
//! Input: lines of `NAME=VALUE` (invalid UTF-8 replaced; a line without `=` is ignored; the
//! last line for a name wins). Properties: parsing never panics, and whenever an environment
//! parses, the dispatch path names the parsed event and `to_env()` of the result parses back
//! to an equal `HookContext` with the same `to_env()`.
#![no_main]

use juju_hook::HookContext;
use libfuzzer_sys::fuzz_target;
use relation_data_fuzz::environment;

fuzz_target!(|data: &[u8]| {
    let env = environment(data);
    let Ok(context) = HookContext::from_env(|name| env.get(name).cloned()) else {
        return;
    };
    assert_eq!(
        Some(&context.event.dispatch_path()),
        env.get("JUJU_DISPATCH_PATH"),
        "the dispatch path names the parsed event"
    );
    let written = context.to_env();
    let reparsed = HookContext::from_env(|name| {
        written
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    })
    .expect("to_env() output parses");
    assert_eq!(reparsed, context);
    assert_eq!(reparsed.to_env(), written);
});
