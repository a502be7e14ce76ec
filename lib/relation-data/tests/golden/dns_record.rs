//! dns_record: the anchor-charm.md §3.7 example, sorting, the provider answer.

use std::net::IpAddr;

use super::common::{app_bag, bag_of};
use relation_data::dns_record::{
    DnsEntry, DnsRecordProviderData, DnsRecordRequest, DnsRecordStatus, RecordClass, RecordType,
};

use super::{REL, h};

#[test]
fn dns_record_anchor_example_3_7() {
    let ip: IpAddr = "1.2.3.4".parse().unwrap();
    let request = DnsRecordRequest::for_hostnames([&h("example.com")], ip);
    assert_eq!(
        request.to_databag(),
        bag_of(&[(
            "dns_entries",
            r#"[{"domain": "example.com", "host_label": "@", "ttl": 600, "record_class": "IN", "record_type": "A", "record_data": "1.2.3.4", "uuid": "f6cb0ca1-3d64-5afc-9690-af437ff74415"}]"#
        )])
    );
    assert_eq!(request.to_databag(), app_bag("dns_record.emit.json"));
}

#[test]
fn dns_record_multi_is_sorted_and_reproduced() {
    let ip: IpAddr = "10.1.2.3".parse().unwrap();
    let request =
        DnsRecordRequest::for_hostnames([&h("www.example.com"), &h("api.example.com")], ip);
    let written = app_bag("dns_record.emit-multi.json");
    assert_eq!(request.to_databag(), written);
    assert_eq!(
        DnsRecordRequest::read(REL, &written).unwrap(),
        Some(request.clone())
    );
    assert_eq!(
        request.entries[0],
        DnsEntry {
            domain: "api.example.com".to_owned(),
            host_label: "@".to_owned(),
            ttl: 600,
            record_class: RecordClass::In,
            record_type: RecordType::A,
            record_data: "10.1.2.3".to_owned(),
            uuid: "09c6ebca-fc10-5a2a-848e-010f1a01b63c".parse().unwrap(),
        }
    );
}

#[test]
fn dns_record_provider_answer_is_read_and_reproduced() {
    let answer_bag = app_bag("dns_record.provide.json");
    let answer = DnsRecordProviderData::read(REL, &answer_bag)
        .unwrap()
        .unwrap();
    let request = DnsRecordRequest::read(REL, &app_bag("dns_record.emit-multi.json"))
        .unwrap()
        .unwrap();
    for entry in &request.entries {
        let a = answer.answer_for(entry.uuid).unwrap();
        assert_eq!(a.status, DnsRecordStatus::Approved);
        assert_eq!(a.description, None);
    }
    assert_eq!(answer.to_databag(), answer_bag);
}
