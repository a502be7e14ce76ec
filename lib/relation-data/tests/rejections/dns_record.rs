//! dns_record: the requirer's entries.

use super::common::{app_bag, bag_of};
use relation_data::Reason;
use relation_data::dns_record::{DnsRecordProviderData, DnsRecordRequest};

use super::{REL, app_error, wrong};

#[test]
fn dns_record_rules() {
    let multi = app_bag("dns_record.emit-multi.json")["dns_entries"].clone();
    let read = |v: &str| DnsRecordRequest::read(REL, &bag_of(&[("dns_entries", v)])).unwrap_err();
    let cases = [
        (
            multi.replace("\"record_data\": \"10.1.2.3\"", "\"record_data\": \"ten\""),
            "dns_entries[0].record_data",
            Reason::IpAddress,
        ),
        (
            multi.replace("\"ttl\": 600", "\"ttl\": \"600\""),
            "dns_entries[0].ttl",
            wrong("an integer", "a string"),
        ),
        (
            multi.replace("\"record_type\": \"A\"", "\"record_type\": \"Z\""),
            "dns_entries[0].record_type",
            Reason::NotOneOf {
                allowed: &[
                    "A", "AAAA", "CNAME", "MX", "DKIM", "SPF", "DMARC", "TXT", "CAA", "SRV",
                    "SVCB", "HTTPS", "PTR", "SOA", "NS", "DS", "DNSKEY",
                ],
            },
        ),
        (
            multi.replace("09c6ebca-fc10", "zzzz"),
            "dns_entries[0].uuid",
            Reason::Uuid,
        ),
        (
            multi.replace("\"domain\": \"api.example.com\"", "\"domain\": \"\""),
            "dns_entries[0].domain",
            Reason::Empty,
        ),
    ];
    for (value, key, reason) in cases {
        assert_eq!(read(&value), app_error(key, reason), "{value}");
    }
    let answer = |v: &str| DnsRecordProviderData::read(REL, &bag_of(&[("dns_entries", v)]));
    assert_eq!(
        answer("[{\"status\": \"approved\"}]").unwrap_err(),
        app_error("dns_entries[0].uuid", Reason::Missing)
    );
    let unknown =
        answer("[{\"uuid\": \"09c6ebca-fc10-5a2a-848e-010f1a01b63c\", \"status\": \"weird\"}]");
    assert_eq!(
        unknown.unwrap().unwrap().entries[0].status,
        relation_data::dns_record::DnsRecordStatus::Unknown
    );
}
