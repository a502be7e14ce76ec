//! Object and listener names: the naming rules of the Python charm, kept exact because
//! gateway-route requirers derive the same listener names on their side.

use md5::{Digest, Md5};

/// Longest Kubernetes object name kept as is (DNS-1035 / DNS-1123 label).
pub const K8S_NAME_MAX_LEN: usize = 63;
/// Longest Gateway API `SectionName` (listener name).
pub const SECTION_NAME_MAX_LEN: usize = 253;
/// Length of the hex hash suffix of a truncated name.
const HASH_SUFFIX_LEN: usize = 8;

/// `name` if it has at most 63 characters; otherwise its first 54 characters (trailing `-`
/// removed), `-`, and the first 8 hex digits of the MD5 of the whole name.
pub fn truncate_k8s_name(name: &str) -> String {
    if name.len() <= K8S_NAME_MAX_LEN {
        return name.to_owned();
    }
    let digest = Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    let prefix_len = K8S_NAME_MAX_LEN - HASH_SUFFIX_LEN - 1;
    // Names are ASCII (Juju names, hostnames); cut on a char boundary all the same.
    let cut = (0..=prefix_len)
        .rev()
        .find(|i| name.is_char_boundary(*i))
        .unwrap_or(0);
    let prefix = name[..cut].trim_end_matches('-');
    format!("{prefix}-{}", &hex[..HASH_SUFFIX_LEN])
}

/// A hostname (or IP) as it appears inside a name: dots (and an IPv6 address's colons) become
/// dashes. Two hostnames with the same dashed form (`a-b.example.com`, `a.b.example.com`) would
/// get the same listener name, so routing serves only the first of them.
pub fn dashed(host: &str) -> String {
    host.replace(['.', ':'], "-").replace('*', "wildcard")
}

fn section_name(name: String) -> String {
    let mut name = name;
    // Cut on a char boundary: `render` takes the application name from an input file.
    name.truncate(name.floor_char_boundary(SECTION_NAME_MAX_LEN));
    name
}

/// The Gateway's HTTP listener for `host`: `{gateway}-http-{host with '.'→'-'}`, or
/// `{gateway}-http` when the Gateway serves no hostname. Capped at 253 characters.
pub fn http_listener_name(gateway: &str, host: Option<&str>) -> String {
    section_name(match host {
        Some(host) => format!("{gateway}-http-{}", dashed(host)),
        None => format!("{gateway}-http"),
    })
}

/// The Gateway's HTTPS listener for `host` (a hostname or the gateway IP):
/// `{gateway}-https-{host with '.'→'-'}`, or `{gateway}-https` for a route without hostname.
/// Capped at 253 characters.
pub fn https_listener_name(gateway: &str, host: Option<&str>) -> String {
    section_name(match host {
        Some(host) => format!("{gateway}-https-{}", dashed(host)),
        None => format!("{gateway}-https"),
    })
}

/// The istio-ingress-route listener on `port` (other than 80 and 443):
/// `{gateway}-http-{port}`, or `{gateway}-https-{port}` when it serves TLS. (A hostname's
/// listener name never ends in digits only: hostnames do not.) Capped at 253 characters.
pub fn istio_listener_name(gateway: &str, https: bool, port: u16) -> String {
    let scheme = if https { "https" } else { "http" };
    section_name(format!("{gateway}-{scheme}-{port}"))
}

/// The `n`th ListenerSet (from 1), holding the listeners past the Gateway's 64:
/// `truncate63({app}-listeners-{n})`.
pub fn listener_set_name(app: &str, n: usize) -> String {
    truncate_k8s_name(&format!("{app}-listeners-{n}"))
}

/// The HTTP route of a backend whose routes are named with `prefix`: `{prefix}-http`.
pub fn http_route_name(prefix: &str) -> String {
    truncate_k8s_name(&format!("{prefix}-http"))
}

/// The HTTPS route for `host`: `truncate63({prefix}-https-{host with '.'→'-'})`, or
/// `{prefix}-https` without a hostname.
pub fn https_route_name(prefix: &str, host: Option<&str>) -> String {
    truncate_k8s_name(&https_listener_name(prefix, host))
}

/// The Service in front of requirer `requirer`: `truncate63({app}-{requirer}-service)`.
pub fn service_name(app: &str, requirer: &str) -> String {
    truncate_k8s_name(&format!("{app}-{requirer}-service"))
}

/// The BackendTLSPolicy of the Service `service`: `truncate63({service}-tls)`.
pub fn backend_tls_policy_name(service: &str) -> String {
    truncate_k8s_name(&format!("{service}-tls"))
}

/// The ConfigMap holding the CA certificates HTTPS backends are validated against:
/// `truncate63({app}-backend-ca)`.
pub fn backend_ca_config_map_name(app: &str) -> String {
    truncate_k8s_name(&format!("{app}-backend-ca"))
}

/// The TLS Secret for `host`: `{app}-secret-{host}` (dots kept; an IPv6 address's colons,
/// invalid in a name, become dashes).
pub fn tls_secret_name(app: &str, host: &str) -> String {
    format!("{app}-secret-{}", host.replace(':', "-"))
}

/// The value of [`RELATION_LABEL`] for relation `endpoint:id`: `{endpoint}.{id}`.
pub fn relation_label_value(endpoint: &str, id: u64) -> String {
    format!("{endpoint}.{id}")
}

/// The label naming the relation an object serves, on the objects of one requirer only (its
/// routes, a cross-model Service and its EndpointSlice): removing the relation removes them,
/// and a requirer whose data turns invalid keeps them.
pub const RELATION_LABEL: &str = "gateway-api-integrator.charm.juju.is/relation";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_kept() {
        assert_eq!(
            truncate_k8s_name("my-model-my-app-service"),
            "my-model-my-app-service"
        );
        let exactly_63 = "a".repeat(63);
        assert_eq!(truncate_k8s_name(&exactly_63), exactly_63);
    }

    #[test]
    fn long_names_get_the_md5_suffix_of_the_python_helper() {
        // Python: hashlib.md5(name.encode()).hexdigest()[:8] == "75516aa0"; the 54-character
        // cut ends with '-', which is stripped.
        let name = "k8s-stg-a-very-long-model-name-my-application-ingress-configurator-service";
        assert_eq!(
            truncate_k8s_name(name),
            "k8s-stg-a-very-long-model-name-my-application-ingress-75516aa0"
        );
    }

    #[test]
    fn truncation_strips_a_dash_before_the_suffix() {
        // The 54-character cut ends on '-', which is removed so no "--" appears.
        let name = format!("{}-{}", "a".repeat(53), "b".repeat(20));
        assert_eq!(
            truncate_k8s_name(&name),
            format!("{}-386dd6a4", "a".repeat(53))
        );
    }

    #[test]
    fn listener_names_follow_the_shared_convention() {
        assert_eq!(http_listener_name("gw", None), "gw-http");
        assert_eq!(
            http_listener_name("gw", Some("www.example.com")),
            "gw-http-www-example-com"
        );
        assert_eq!(
            https_listener_name("gw", Some("10.43.45.0")),
            "gw-https-10-43-45-0"
        );
        let long_host = format!("{}.com", "a".repeat(300));
        assert_eq!(
            https_listener_name("gw", Some(&long_host)).len(),
            SECTION_NAME_MAX_LEN
        );
    }

    #[test]
    fn listener_names_are_capped_on_a_char_boundary() {
        // Found by the render_input fuzz target: a multi-byte character across byte 253.
        let gateway = format!("gg{}", "\u{fffd}".repeat(100));
        let name = http_listener_name(&gateway, Some("www.example.com"));
        assert_eq!(name, format!("gg{}", "\u{fffd}".repeat(83)));
    }

    #[test]
    fn secret_names_keep_the_dots() {
        assert_eq!(
            tls_secret_name("gai", "example.com"),
            "gai-secret-example.com"
        );
    }
}
