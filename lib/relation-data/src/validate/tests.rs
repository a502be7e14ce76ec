use super::*;

#[test]
fn hostname_accepts_seed_examples() {
    for ok in [
        "myapp.com",
        "a",
        "www.example.com",
        "a-b.c-d.e",
        "1.2.3.4.5",
        "x1",
    ] {
        assert_eq!(hostname(ok).unwrap().as_str(), ok);
    }
}

#[test]
fn hostname_rejections_name_the_rule() {
    let long_label = "a".repeat(64);
    let long = format!("{}.com", ["abcdefghij"; 23].join("."));
    let cases: Vec<(&str, HostnameError)> = vec![
        ("", HostnameError::Empty),
        (&long, HostnameError::TooLong),
        ("*.example.com", HostnameError::Wildcard),
        ("10.1.2.3", HostnameError::IpAddress),
        ("::1", HostnameError::IpAddress),
        ("Example.com", HostnameError::Uppercase),
        ("exämple.com", HostnameError::InvalidCharacter('ä')),
        ("under_score.com", HostnameError::InvalidCharacter('_')),
        ("with space.com", HostnameError::InvalidCharacter(' ')),
        ("a..b", HostnameError::EmptyLabel),
        (".a", HostnameError::EmptyLabel),
        ("a.", HostnameError::EmptyLabel),
        ("-a.com", HostnameError::HyphenAtLabelEdge),
        ("a-.com", HostnameError::HyphenAtLabelEdge),
        (&long_label, HostnameError::LabelTooLong),
    ];
    assert!(long.len() > HOSTNAME_MAX_LEN);
    for (input, expected) in cases {
        assert_eq!(hostname(input), Err(expected), "{input:?}");
    }
}

#[test]
fn hostname_of_exactly_253_characters_is_accepted() {
    let name = format!("{}.{}", vec!["a".repeat(63); 3].join("."), "a".repeat(61));
    assert_eq!(name.len(), 253);
    assert!(hostname(&name).is_ok());
}

#[test]
fn path_accepts_crd_valid_values() {
    for ok in [
        "/",
        "/a",
        "/a/b/",
        "/foo%20bar",
        "/~user/x.y",
        "/a:b@c",
        "/.well-known",
    ] {
        assert_eq!(path_prefix(ok).unwrap().as_str(), ok);
    }
}

#[test]
fn path_rejections_name_the_rule() {
    let long = format!("/{}", "a".repeat(PATH_MAX_LEN));
    let cases: Vec<(&str, PathError)> = vec![
        ("", PathError::Empty),
        (&long, PathError::TooLong),
        ("a/b", PathError::NotAbsolute),
        ("/a//b", PathError::ForbiddenSequence("//")),
        ("/a/./b", PathError::ForbiddenSequence("/./")),
        ("/a/../b", PathError::ForbiddenSequence("/../")),
        ("/a%2fb", PathError::ForbiddenSequence("%2f")),
        ("/a%2Fb", PathError::ForbiddenSequence("%2F")),
        ("/a#b", PathError::ForbiddenSequence("#")),
        ("/a/..", PathError::ForbiddenSuffix("/..")),
        ("/a/.", PathError::ForbiddenSuffix("/.")),
        ("/a b", PathError::InvalidCharacter(' ')),
        ("/a\tb", PathError::InvalidCharacter('\t')),
        ("/ä", PathError::InvalidCharacter('ä')),
        ("/a?b", PathError::InvalidCharacter('?')),
        ("/a%zz", PathError::BadPercentEncoding),
        ("/a%4", PathError::BadPercentEncoding),
    ];
    for (input, expected) in cases {
        assert_eq!(path_prefix(input), Err(expected), "{input:?}");
    }
}

#[test]
fn model_names() {
    assert_eq!(model_name("m").unwrap().as_str(), "m");
    assert_eq!(model_name("my-model-2").unwrap().as_str(), "my-model-2");
    assert_eq!(model_name(""), Err(NameError::Empty));
    assert_eq!(model_name("-m"), Err(NameError::Syntax));
    assert_eq!(model_name("m-"), Err(NameError::Syntax));
    assert_eq!(model_name("My"), Err(NameError::Syntax));
    assert_eq!(model_name("mödel"), Err(NameError::Syntax));
    assert_eq!(model_name(&"m".repeat(64)), Err(NameError::TooLong(63)));
}

#[test]
fn application_names() {
    for ok in ["myapp", "my-app", "app2", "a-2b", "gateway-api-integrator"] {
        assert_eq!(application_name(ok).unwrap().as_str(), ok);
    }
    for bad in ["2app", "my--app", "app-2", "App", "my_app", "app-", "äpp"] {
        assert_eq!(application_name(bad), Err(NameError::Syntax), "{bad:?}");
    }
    assert_eq!(application_name(""), Err(NameError::Empty));
    assert_eq!(
        application_name(&"a".repeat(254)),
        Err(NameError::TooLong(253))
    );
}

#[test]
fn urls_are_normalised_like_pydantic() {
    let url = http_url("HTTP://WWW.Example.com:80").unwrap();
    assert_eq!(url.as_str(), "http://www.example.com/");
    let url = http_url("https://foo.bar:443/x").unwrap();
    assert_eq!(url.as_str(), "https://foo.bar/x");
    assert_eq!(http_url("ftp://foo.bar/"), Err(UrlError::Scheme));
    assert!(matches!(http_url("foo.bar/x"), Err(UrlError::Parse(_))));
    let long = format!("http://a.b/{}", "x".repeat(URL_MAX_LEN));
    assert_eq!(http_url(&long), Err(UrlError::TooLong));
    // Short input whose percent-encoded form is too long (found by fuzzing).
    let grows = format!("http://a.b/{}", "\u{fffd}".repeat(300));
    assert!(grows.chars().count() < URL_MAX_LEN);
    assert_eq!(http_url(&grows), Err(UrlError::TooLong));
}

#[test]
fn pem_framing() {
    let csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----";
    assert!(is_pem(csr, "CERTIFICATE REQUEST"));
    assert!(is_pem(&format!("{csr}\n"), "CERTIFICATE REQUEST"));
    assert!(!is_pem(csr, "CERTIFICATE"));
    assert!(!is_pem("MIIB", "CERTIFICATE REQUEST"));
}
