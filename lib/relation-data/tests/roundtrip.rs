//! Property tests: for every model, write → read gives back the same value, and applying a
//! writer's change set over any previous bag of the same model leaves exactly the new value.

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use common::apply;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use relation_data::dns_record::{
    DnsEntry, DnsRecordAnswer, DnsRecordProviderData, DnsRecordRequest, DnsRecordStatus,
};
use relation_data::gateway_route::{
    GatewayRouteRequest, GatewayRouteV0Endpoints, GatewayRouteV0Request,
    GatewayRouteV1ProviderData, GatewayRouteV1Request, HttpsMode,
};
use relation_data::ingress::{
    HealthcheckParams, IngressProviderAppData, IngressRequest, IngressRequirerAppData,
    IngressRequirerUnitData, Scheme,
};
use relation_data::tls_certificates::{
    CertificateRequest, ProviderCapabilities, ProviderCertificate, ProviderCertificates,
    RequestError, RequestErrorDetail, RequirerCertificateRequests,
};
use relation_data::validate::{application_name, hostname, model_name, path_prefix};
use relation_data::{ApplicationName, BagOwner, Hostname, ModelName, PathPrefix, to_python_json};

const REL: &str = "rel:9";

fn hostnames() -> impl Strategy<Value = Hostname> {
    "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,3}"
        .prop_filter_map("not an IP", |s| hostname(&s).ok())
}

fn paths() -> impl Strategy<Value = PathPrefix> {
    "/([A-Za-z0-9_~!$&'()*+,;=:@-]{1,6}(%[0-9a-fA-F]{2})?/?){0,4}"
        .prop_filter_map("CRD-valid path", |s| path_prefix(&s).ok())
}

fn models() -> impl Strategy<Value = ModelName> {
    "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?".prop_map(|s| model_name(&s).unwrap())
}

fn apps() -> impl Strategy<Value = ApplicationName> {
    "[a-z][a-z0-9]{0,5}(-[a-z][a-z0-9]{0,5}){0,3}".prop_map(|s| application_name(&s).unwrap())
}

/// Any text, including non-ASCII, astral-plane and control characters.
fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..max).prop_map(|c| c.into_iter().collect())
}

fn non_empty_text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 1..max).prop_map(|c| c.into_iter().collect())
}

fn pem(label: &'static str) -> impl Strategy<Value = String> {
    "[A-Za-z0-9+/=]{1,64}(\n[A-Za-z0-9+/=]{1,64}){0,3}"
        .prop_map(move |body| format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----"))
}

fn urls() -> impl Strategy<Value = relation_data::Url> {
    (
        prop_oneof!["http", "https"],
        hostnames(),
        option::of(1u16..),
        vec("[a-z0-9]{1,5}", 0..3),
    )
        .prop_filter_map(
            "a URL the WHATWG parser accepts",
            |(scheme, host, port, segments)| {
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                let raw = format!("{scheme}://{host}{port}/{}", segments.join("/"));
                relation_data::validate::http_url(&raw).ok()
            },
        )
}

fn healthchecks() -> impl Strategy<Value = HealthcheckParams> {
    (
        text(20),
        option::of(text(10)),
        option::of(text(10)),
        option::of(1u16..),
        text(5),
        text(5),
    )
        .prop_map(
            |(path, scheme, hostname, port, interval, timeout)| HealthcheckParams {
                path,
                scheme,
                hostname,
                port,
                interval,
                timeout,
            },
        )
}

fn ingress_apps() -> impl Strategy<Value = IngressRequirerAppData> {
    (
        models(),
        apps(),
        1u16..=65534,
        any::<bool>(),
        option::of(healthchecks()),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(Scheme::Http), Just(Scheme::Https), Just(Scheme::H2c)],
    )
        .prop_map(
            |(
                model,
                name,
                port,
                is_port_open,
                healthcheck_params,
                strip_prefix,
                redirect_https,
                scheme,
            )| {
                IngressRequirerAppData {
                    model,
                    name,
                    port,
                    is_port_open,
                    healthcheck_params,
                    strip_prefix,
                    redirect_https,
                    scheme,
                }
            },
        )
}

fn ingress_units() -> impl Strategy<Value = IngressRequirerUnitData> {
    (non_empty_text(60), option::of(any::<IpAddr>()))
        .prop_map(|(host, ip)| IngressRequirerUnitData { host, ip })
}

fn v0_requests() -> impl Strategy<Value = GatewayRouteV0Request> {
    (
        option::of(hostnames()),
        vec(hostnames(), 0..3),
        vec(paths(), 0..4),
        models(),
        apps(),
        1u16..,
    )
        .prop_map(
            |(hostname, additional_hostnames, paths, model, name, port)| GatewayRouteV0Request {
                hostname,
                additional_hostnames,
                paths,
                model,
                name,
                port,
            },
        )
}

fn v1_requests() -> impl Strategy<Value = GatewayRouteV1Request> {
    (option::of(hostnames()), vec(hostnames(), 0..3)).prop_map(
        |(hostname, additional_hostnames)| GatewayRouteV1Request {
            hostname,
            additional_hostnames,
        },
    )
}

fn v1_providers() -> impl Strategy<Value = GatewayRouteV1ProviderData> {
    (
        non_empty_text(30),
        models(),
        prop_oneof![
            Just(HttpsMode::Disabled),
            Just(HttpsMode::Enabled),
            Just(HttpsMode::Enforced)
        ],
        option::of(non_empty_text(30)),
        option::of(any::<u64>()),
    )
        .prop_map(
            |(gateway_name, gateway_model, https_mode, gateway_address, hsts_max_age)| {
                GatewayRouteV1ProviderData {
                    gateway_name,
                    gateway_model,
                    https_mode,
                    gateway_address,
                    hsts_max_age,
                }
            },
        )
}

fn csr_lists() -> impl Strategy<Value = RequirerCertificateRequests> {
    vec(
        (pem("CERTIFICATE REQUEST"), any::<bool>()).prop_map(
            |(certificate_signing_request, ca)| CertificateRequest {
                certificate_signing_request,
                ca,
            },
        ),
        0..3,
    )
    .prop_map(|requests| RequirerCertificateRequests { requests })
}

fn provider_certificates() -> impl Strategy<Value = ProviderCertificates> {
    let certificate = (
        pem("CERTIFICATE"),
        pem("CERTIFICATE REQUEST"),
        pem("CERTIFICATE"),
        vec(pem("CERTIFICATE"), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(ca, certificate_signing_request, certificate, chain, revoked)| ProviderCertificate {
                ca,
                certificate_signing_request,
                certificate,
                chain,
                revoked,
            },
        );
    let error = (
        pem("CERTIFICATE REQUEST"),
        any::<i64>(),
        text(10),
        text(20),
        option::of(text(10)),
    )
        .prop_map(|(csr, code, name, message, reason)| RequestError {
            csr,
            error: RequestErrorDetail {
                code,
                name,
                message,
                reason,
                provider: None,
                endpoint: None,
            },
        });
    let capabilities = (
        option::of(any::<bool>()),
        option::of(vec(text(10), 0..3)),
        option::of(text(10)),
    )
        .prop_map(
            |(supports_ip_sans, allowed_domains, provider_type)| ProviderCapabilities {
                supports_ip_sans,
                allowed_domains,
                provider_type,
                ..Default::default()
            },
        );
    (
        vec(certificate, 0..3),
        vec(error, 0..2),
        option::of(capabilities),
    )
        .prop_map(
            |(certificates, request_errors, capabilities)| ProviderCertificates {
                certificates,
                request_errors,
                capabilities,
            },
        )
}

fn dns_requests() -> impl Strategy<Value = DnsRecordRequest> {
    (vec(hostnames(), 0..4), any::<IpAddr>())
        .prop_map(|(names, ip)| DnsRecordRequest::for_hostnames(&names, ip))
}

fn dns_answers() -> impl Strategy<Value = DnsRecordProviderData> {
    let status = prop_oneof![
        Just(DnsRecordStatus::Approved),
        Just(DnsRecordStatus::PermissionDenied),
        Just(DnsRecordStatus::Conflict),
        Just(DnsRecordStatus::InvalidData),
        Just(DnsRecordStatus::Failure),
        Just(DnsRecordStatus::Unknown),
        Just(DnsRecordStatus::Pending),
    ];
    vec(
        (any::<u128>(), status, option::of(text(20))).prop_map(|(id, status, description)| {
            DnsRecordAnswer {
                uuid: relation_data::Uuid::from_u128(id),
                status,
                description,
            }
        }),
        0..3,
    )
    .prop_map(|entries| DnsRecordProviderData { entries })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn python_json_strings_are_ascii_and_round_trip(s in text(40)) {
        let encoded = to_python_json(&s);
        prop_assert!(encoded.is_ascii());
        prop_assert_eq!(serde_json::from_str::<String>(&encoded).unwrap(), s);
    }

    #[test]
    fn ingress_app_round_trips(old in ingress_apps(), new in ingress_apps()) {
        prop_assert_eq!(IngressRequirerAppData::read(REL, &new.to_databag()).unwrap(), Some(new.clone()));
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(IngressRequirerAppData::read(REL, &updated).unwrap(), Some(new));
    }

    #[test]
    fn ingress_request_round_trips(app in ingress_apps(), units in vec(ingress_units(), 0..3)) {
        let units: BTreeMap<String, IngressRequirerUnitData> =
            units.into_iter().enumerate().map(|(i, u)| (format!("app/{i}"), u)).collect();
        let bags = units.iter().map(|(n, u)| (n.clone(), u.to_databag())).collect();
        let read = IngressRequest::read(REL, &app.to_databag(), &bags).unwrap();
        prop_assert_eq!(read, Some(IngressRequest { app, units }));
    }

    #[test]
    fn ingress_unit_round_trips(old in ingress_units(), new in ingress_units()) {
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(IngressRequirerUnitData::read(REL, "u/0", &updated).unwrap(), Some(new));
    }

    #[test]
    fn ingress_provider_round_trips(url in urls()) {
        let data = IngressProviderAppData { url };
        prop_assert_eq!(IngressProviderAppData::read(REL, &data.to_databag()).unwrap(), Some(data));
    }

    #[test]
    fn gateway_route_v0_round_trips(old in v0_requests(), new in v0_requests()) {
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(GatewayRouteRequest::read(REL, &updated).unwrap(), GatewayRouteRequest::V0(new));
    }

    #[test]
    fn gateway_route_v1_round_trips(new in v1_requests()) {
        prop_assert_eq!(GatewayRouteRequest::read(REL, &new.to_changes()).unwrap(), GatewayRouteRequest::V1(new));
    }

    #[test]
    fn gateway_route_v0_endpoints_round_trip(endpoints in vec(urls(), 0..4)) {
        let data = GatewayRouteV0Endpoints { endpoints };
        prop_assert_eq!(GatewayRouteV0Endpoints::read(REL, &data.to_changes()).unwrap(), Some(data));
    }

    #[test]
    fn gateway_route_v1_provider_round_trips(old in v1_providers(), new in v1_providers()) {
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(GatewayRouteV1ProviderData::read(REL, &updated).unwrap(), Some(new));
    }

    #[test]
    fn tls_requirer_round_trips(old in csr_lists(), new in csr_lists()) {
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(RequirerCertificateRequests::read(REL, BagOwner::App, &updated).unwrap(), new);
    }

    #[test]
    fn tls_provider_round_trips(old in provider_certificates(), new in provider_certificates()) {
        let updated = apply(old.to_databag(), &new.to_changes());
        prop_assert_eq!(ProviderCertificates::read(REL, &updated).unwrap(), new);
    }

    #[test]
    fn dns_request_round_trips(new in dns_requests()) {
        prop_assert_eq!(DnsRecordRequest::read(REL, &new.to_changes()).unwrap(), Some(new));
    }

    #[test]
    fn dns_answer_round_trips(new in dns_answers()) {
        prop_assert_eq!(DnsRecordProviderData::read(REL, &new.to_changes()).unwrap(), Some(new));
    }

    #[test]
    fn dns_entries_are_sorted_unique_and_stable(names in vec(hostnames(), 0..5), ip in any::<IpAddr>()) {
        let request = DnsRecordRequest::for_hostnames(&names, ip);
        let domains: Vec<&str> = request.entries.iter().map(|e| e.domain.as_str()).collect();
        let mut expected: Vec<&str> = names.iter().map(Hostname::as_str).collect();
        expected.sort();
        expected.dedup();
        prop_assert_eq!(domains, expected);
        for entry in &request.entries {
            let again = DnsEntry::address_record(&hostname(&entry.domain).unwrap(), ip);
            prop_assert_eq!(entry, &again);
        }
    }
}
