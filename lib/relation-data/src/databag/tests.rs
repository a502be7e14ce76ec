use super::*;
use serde_json::json;

#[test]
fn separators_and_order_match_json_dumps() {
    #[derive(Serialize)]
    struct Entry {
        zeta: u32,
        alpha: Vec<&'static str>,
        mid: Option<bool>,
    }
    let entry = Entry {
        zeta: 1,
        alpha: vec!["a", "b"],
        mid: None,
    };
    assert_eq!(
        to_python_json(&entry),
        r#"{"zeta": 1, "alpha": ["a", "b"], "mid": null}"#
    );
    assert_eq!(to_python_json(&Vec::<u8>::new()), "[]");
    assert_eq!(to_python_json(&json!({})), "{}");
    assert_eq!(to_python_json(&true), "true");
    assert_eq!(to_python_json("m"), r#""m""#);
}

#[test]
fn escapes_match_ensure_ascii() {
    // Values checked against CPython 3.11 `json.dumps`.
    assert_eq!(to_python_json("a\"b\\c/d"), r#""a\"b\\c/d""#);
    assert_eq!(to_python_json("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
    assert_eq!(
        to_python_json("\u{1}\u{1f}\u{7f}"),
        r#""\u0001\u001f\u007f""#
    );
    assert_eq!(to_python_json("é"), r#""\u00e9""#);
    assert_eq!(to_python_json("€"), r#""\u20ac""#);
    assert_eq!(to_python_json("😀"), r#""\ud83d\ude00""#);
}

#[test]
fn with_clears_adds_empty_values_for_unset_owned_keys() {
    let content = Databag::from([("a".to_owned(), "1".to_owned())]);
    let changes = with_clears(content, &["a", "b"]);
    assert_eq!(
        changes,
        Databag::from([
            ("a".to_owned(), "1".to_owned()),
            ("b".to_owned(), String::new())
        ])
    );
}

#[test]
fn reader_rejects_invalid_json_and_oversized_values() {
    let bag = Databag::from([("k".to_owned(), "not json".to_owned())]);
    let err = BagReader::parse("r:1", BagOwner::App, &bag, &["k"])
        .err()
        .unwrap();
    assert_eq!(err.key, "k");
    assert!(matches!(err.reason, Reason::InvalidJson(_)));

    let huge = format!("\"{}\"", "a".repeat(MAX_VALUE_LEN));
    let bag = Databag::from([("k".to_owned(), huge)]);
    let err = BagReader::parse("r:1", BagOwner::App, &bag, &["k"])
        .err()
        .unwrap();
    assert_eq!(err.reason, Reason::TooLong { max: MAX_VALUE_LEN });
}

#[test]
fn reader_ignores_unknown_keys_even_when_not_json() {
    let bag = Databag::from([
        ("egress-subnets".to_owned(), "10.0.0.0/24".to_owned()),
        ("k".to_owned(), "1".to_owned()),
    ]);
    let reader = BagReader::parse("r:1", BagOwner::App, &bag, &["k"]).unwrap();
    assert!(reader.has("k"));
    assert!(!reader.is_empty());
}

#[test]
fn error_display_names_relation_bag_key_and_reason() {
    let bag = Databag::from([("port".to_owned(), "\"8080\"".to_owned())]);
    let reader = BagReader::parse("ingress:3", BagOwner::App, &bag, &["port"]).unwrap();
    let err = reader
        .required("port", |v| json::port(v, 65534))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"ingress:3 application data: "port" must be an integer, not a string"#
    );
}
