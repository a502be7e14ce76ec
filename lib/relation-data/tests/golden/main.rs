//! Golden tests against databags recorded from the real Python libraries
//! (`../shared/interop-golden`, overridable with `INTEROP_GOLDEN_DIR`) and the worked examples
//! of interfaces.md §1.4, §2.5, §3.1, §3.2 and anchor-charm.md §3.7. Both directions: our
//! readers accept the recorded bags, and our writers reproduce them byte for byte.

#[path = "../common/mod.rs"]
mod common;
mod dns_record;
mod gateway_route;
mod ingress;
mod tls_certificates;

use relation_data::validate::hostname;

const REL: &str = "rel:1";

fn h(name: &str) -> relation_data::Hostname {
    hostname(name).unwrap()
}
