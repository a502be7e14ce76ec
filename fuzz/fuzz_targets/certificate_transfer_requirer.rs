//! Requirer-side reader of certificate_transfer provider bags (app bag, then v0 unit bags).
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::certificate_transfer::{
    CertificateTransferProviderData, InterfaceVersion, TransferredCertificates, is_certificate_pem,
};
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    let Ok(read) = TransferredCertificates::read("fuzz:0", &bags.app, &bags.units) else {
        return;
    };
    assert!(read.certificates.iter().all(|c| is_certificate_pem(c)));
    assert!(read.version.is_some() || read.certificates.is_empty());
    // Written back by our provider, over the fuzzed bags, the same certificates read again:
    // from the app bag (v1), and from a v0 unit bag alone.
    let provider = CertificateTransferProviderData {
        certificates: read.certificates.clone(),
    };
    let app = apply(bags.app.clone(), &provider.to_app_changes(&bags.app));
    let again = TransferredCertificates::read("fuzz:0", &app, &bags.units).unwrap();
    assert_eq!(again.certificates, read.certificates);
    assert_eq!(again.version, Some(InterfaceVersion::V1));
    if let Some((unit, bag)) = bags.units.iter().next()
        && let Some(changes) = provider.to_v0_unit_changes(bag)
    {
        let units = [(unit.clone(), apply(bag.clone(), &changes))].into();
        let again = TransferredCertificates::read("fuzz:0", &Default::default(), &units);
        assert_eq!(again.unwrap().certificates, read.certificates);
    }
});
