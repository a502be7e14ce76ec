//! Provider bags on which the real `CertificateTransferRequires.get_all_certificates`
//! (charmlibs 1.1.0, pydantic 2.14.3) was run, with what it returned. Recorded with
//! `tests/interop/certificate_transfer_requirer_check.py`; `certificate_transfer_interop.rs`
//! re-checks every case against the real library, `certificate_transfer_library_cases.rs`
//! holds our reader to the record. One provider unit per case (`ca-provider/0` unless said):
//! with several, the library reads a unit chosen by Python's set order.

use relation_data::Databag;
use relation_data::certificate_transfer::InterfaceVersion::{self, V0, V1};

use super::json_list;

/// Short PEM certificates (framing and base64 only, which is all anyone checks).
pub const P1: &str = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
/// With a final newline.
pub const P2: &str = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
/// With CRLF line breaks.
pub const P3: &str = "-----BEGIN CERTIFICATE-----\r\nCC==\r\n-----END CERTIFICATE-----\r\n";

/// What our reader must give.
#[derive(Debug, Clone, PartialEq)]
pub enum Ours {
    /// `Ok`: the library's certificates (none when it logged an error), from these bags.
    Reads(Option<InterfaceVersion>),
    /// `Err` naming this bag (`None`: the app bag, else unit `ca-provider/N`) and key. The
    /// reason is `Pem` exactly when the library read the bag without error.
    Refuses(Option<u32>, &'static str),
}

/// One pair of provider bags and the real library's verdict.
pub struct Case {
    /// What the case exercises.
    pub name: String,
    /// The provider app bag.
    pub app: Databag,
    /// The provider unit bags, by unit number.
    pub units: Vec<(u32, Databag)>,
    /// What `get_all_certificates` returned, sorted; `None` when the library logged an error
    /// (it then returns nothing).
    pub library: Option<Vec<String>>,
    /// Our verdict.
    pub ours: Ours,
}

fn bag(pairs: &[(&str, &str)]) -> Databag {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn quoted(text: &str) -> String {
    relation_data::to_python_json(text)
}

/// A v0 unit bag as charmlibs writes it (`ca`, `certificate` = the first, JSON-encoded).
pub fn v0(chain: &[&str]) -> Databag {
    let first = quoted(chain.first().copied().unwrap_or(P1));
    Databag::from([
        ("ca".to_owned(), first.clone()),
        ("certificate".to_owned(), first),
        ("chain".to_owned(), json_list(chain)),
        ("version".to_owned(), "0".to_owned()),
    ])
}

/// `v0(chain)` with `key` set to `value`, or removed when `value` is `None`.
fn v0_with(chain: &[&str], key: &str, value: Option<&str>) -> Databag {
    let mut bag = v0(chain);
    match value {
        Some(value) => bag.insert(key.to_owned(), value.to_owned()),
        None => bag.remove(key),
    };
    bag
}

fn v1(certificates: &str, version: &str) -> Databag {
    bag(&[("certificates", certificates), ("version", version)])
}

fn certs(items: &[&str]) -> Option<Vec<String>> {
    let mut items: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
    items.sort();
    items.dedup();
    Some(items)
}

fn case(
    name: impl Into<String>,
    app: Databag,
    unit: Databag,
    library: Option<Vec<String>>,
    ours: Ours,
) -> Case {
    Case {
        name: name.into(),
        app,
        units: vec![(0, unit)],
        library,
        ours,
    }
}

/// Every recorded case.
pub fn cases() -> Vec<Case> {
    use Ours::{Reads, Refuses};
    let none = Databag::new;
    let list = |items: &[&str]| json_list(items);
    let p3 = || v0(&[P3]);
    // The app bag: read (v1), refused by the library, or read by it but not PEM.
    let v1_reads = |name, app, read: &[&str]| case(name, app, none(), certs(read), Reads(Some(V1)));
    let app_refused = |name, app, key| case(name, app, none(), None, Refuses(None, key));
    let app_not_pem =
        |name, app, read: &[&str], key| case(name, app, none(), certs(read), Refuses(None, key));
    // One unit bag after an empty app bag: read (v0), refused, or read but not PEM.
    let v0_reads =
        |name, unit, read: &[&str]| case(name, none(), unit, certs(read), Reads(Some(V0)));
    let unit_refused = |name, unit, key| case(name, none(), unit, None, Refuses(Some(0), key));
    let bundle = format!("{P1}\n{P1}");
    let csr = P1.replace("CERTIFICATE", "CERTIFICATE REQUEST");
    let mut cases = vec![
        v1_reads("v1", v1(&list(&[P2, P1]), "1"), &[P1, P2]),
        v1_reads("v1 crlf", v1(&list(&[P3]), "1"), &[P3]),
        v1_reads("v1 duplicates", v1(&list(&[P1, P1]), "1"), &[P1]),
        v1_reads("v1 empty", v1("[]", "1"), &[]),
        v1_reads(
            "v1 compact json",
            v1(&format!("[{}]", quoted(P1)), "1"),
            &[P1],
        ),
        v1_reads("v1 whitespace around", v1(" [ ] ", "1"), &[]),
        v1_reads(
            "v1 without version",
            bag(&[("certificates", &list(&[P1]))]),
            &[P1],
        ),
        v1_reads(
            "unknown keys ignored",
            bag(&[("certificates", &list(&[P1])), ("x", "{")]),
            &[P1],
        ),
        app_refused("certificates not json", v1("[", "1"), "certificates"),
        app_refused("certificates raw pem", v1(P1, "1"), "certificates"),
        app_refused("certificates null", v1("null", "1"), "certificates"),
        app_refused("certificates string", v1(&quoted(P1), "1"), "certificates"),
        app_refused(
            "certificates object",
            v1(r#"{"a": 1}"#, "1"),
            "certificates",
        ),
        app_refused(
            "certificates item int",
            v1(&format!("[{}, 1]", quoted(P1)), "1"),
            "certificates[1]",
        ),
        app_refused(
            "certificates item null",
            v1("[null]", "1"),
            "certificates[0]",
        ),
        app_refused("certificates NaN", v1("NaN", "1"), "certificates"),
        app_refused(
            "certificates lone surrogate",
            v1(r#"["\ud800"]"#, "1"),
            "certificates",
        ),
        app_not_pem("not pem", v1(r#"["x"]"#, "1"), &["x"], "certificates[0]"),
        app_not_pem(
            "empty string",
            v1(&format!("[{}, \"\"]", quoted(P1)), "1"),
            &["", P1],
            "certificates[1]",
        ),
        app_not_pem(
            "bundle",
            v1(&list(&[&bundle]), "1"),
            &[&bundle],
            "certificates[0]",
        ),
        app_not_pem("csr", v1(&list(&[&csr]), "1"), &[&csr], "certificates[0]"),
        v0_reads("v0", v0(&[P2, P1]), &[P1, P2]),
        v0_reads(
            "v0 chain only read",
            v0_with(&[P2], "ca", Some(&quoted("not pem"))),
            &[P2],
        ),
        v0_reads("v0 chain null", v0_with(&[P1], "chain", Some("null")), &[]),
        v0_reads("v0 chain absent", v0_with(&[P1], "chain", None), &[]),
        v0_reads("v0 version absent", v0_with(&[P1], "version", None), &[P1]),
        unit_refused("v0 ca missing", v0_with(&[P1], "ca", None), "ca"),
        unit_refused(
            "v0 certificate missing",
            v0_with(&[P1], "certificate", None),
            "certificate",
        ),
        unit_refused("v0 chain without ca", bag(&[("chain", &list(&[P1]))]), "ca"),
        unit_refused("v0 ca int", v0_with(&[P1], "ca", Some("1")), "ca"),
        unit_refused("v0 ca null", v0_with(&[P1], "ca", Some("null")), "ca"),
        unit_refused(
            "v0 chain string",
            v0_with(&[P1], "chain", Some(&quoted(P1))),
            "chain",
        ),
        unit_refused(
            "v0 chain item int",
            v0_with(&[P1], "chain", Some("[1]")),
            "chain[0]",
        ),
        unit_refused(
            "v0 ca lone surrogate",
            v0_with(&[P1], "ca", Some(r#""\ud800""#)),
            "ca",
        ),
        // As the Charmhub v0 library writes it: raw PEM text in `ca` and `certificate`.
        unit_refused(
            "charmhub v0",
            bag(&[("ca", P1), ("certificate", P1), ("chain", &list(&[P1]))]),
            "ca",
        ),
        case(
            "v0 chain not pem",
            none(),
            v0(&[P1, "x"]),
            certs(&[P1, "x"]),
            Refuses(Some(0), "chain[1]"),
        ),
        // Which bag is read: units only when the app bag has no certificate and its `version`
        // is not the text "1"; an app bag the library refuses is not replaced.
        case(
            "v1 unit bag not read",
            v1(&list(&[P1]), "1"),
            v0_with(&[P2], "ca", Some("x")),
            certs(&[P1]),
            Reads(Some(V1)),
        ),
        case(
            "v1 version only",
            bag(&[("version", "1")]),
            p3(),
            certs(&[]),
            Reads(Some(V1)),
        ),
        case(
            "v0 after empty v1 without version",
            bag(&[("certificates", "[]")]),
            p3(),
            certs(&[P3]),
            Reads(Some(V0)),
        ),
        case(
            "v0 after version 0",
            v1("[]", "0"),
            p3(),
            certs(&[P3]),
            Reads(Some(V0)),
        ),
        case(
            "v0 junk app keys",
            bag(&[("x", "y")]),
            p3(),
            certs(&[P3]),
            Reads(Some(V0)),
        ),
        case(
            "app refused: no fallback",
            v1("[1]", "0"),
            p3(),
            None,
            Refuses(None, "certificates[0]"),
        ),
        // Nothing written yet: the library logs (a unit bag without `ca`), we read nothing.
        case("nothing", none(), none(), None, Reads(None)),
        case(
            "nothing but juju keys",
            none(),
            bag(&[("ingress-address", "10.1.2.3")]),
            None,
            Reads(None),
        ),
        case(
            "v1 empty without version",
            bag(&[("certificates", "[]")]),
            none(),
            None,
            Reads(Some(V1)),
        ),
    ];
    // `version`: any pydantic int, else the bag is refused; only the exact text "1" keeps the
    // requirer from reading the unit bag.
    let ints = [
        "1.0",
        r#""1""#,
        r#"" 1 ""#,
        "1e0",
        "true",
        "-1",
        " 1",
        "2",
        "99999999999999999999999",
        r#""99999999999999999999999""#,
    ];
    for version in ints {
        let name = format!("app version {version}");
        cases.push(case(
            name,
            v1("[]", version),
            p3(),
            certs(&[P3]),
            Reads(Some(V0)),
        ));
        let name = format!("unit version {version}");
        cases.push(v0_reads_owned(
            name,
            v0_with(&[P1], "version", Some(version)),
            &[P1],
        ));
    }
    for version in [
        "1.5", r#""abc""#, "null", "9.3e18", "1e400", "Infinity", "[1]",
    ] {
        let name = format!("app version {version}");
        cases.push(case(
            name,
            v1("[]", version),
            p3(),
            None,
            Refuses(None, "version"),
        ));
        let name = format!("unit version {version}");
        let unit = v0_with(&[P1], "version", Some(version));
        cases.push(case(name, none(), unit, None, Refuses(Some(0), "version")));
    }
    cases
}

fn v0_reads_owned(name: String, unit: Databag, read: &[&str]) -> Case {
    case(
        name,
        Databag::new(),
        unit,
        certs(read),
        Ours::Reads(Some(V0)),
    )
}
