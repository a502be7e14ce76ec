//! Provider-side reader of an ingress requirer: app bag + unit bags.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relation_data::ingress::{IngressRequest, IngressRequirerAppData, IngressRequirerUnitData};
use relation_data_fuzz::{apply, bags};

fuzz_target!(|data: &[u8]| {
    let bags = bags(data);
    if let Ok(Some(app)) = IngressRequirerAppData::read("fuzz:0", &bags.app) {
        let again =
            IngressRequirerAppData::read("fuzz:0", &apply(bags.app.clone(), &app.to_changes()));
        assert_eq!(again, Ok(Some(app)));
    }
    for (unit, bag) in &bags.units {
        if let Ok(Some(data)) = IngressRequirerUnitData::read("fuzz:0", unit, bag) {
            let again = IngressRequirerUnitData::read(
                "fuzz:0",
                unit,
                &apply(bag.clone(), &data.to_changes()),
            );
            assert_eq!(again, Ok(Some(data)));
        }
    }
    if let Ok(Some(request)) = IngressRequest::read("fuzz:0", &bags.app, &bags.units) {
        let units = request
            .units
            .iter()
            .map(|(u, d)| (u.clone(), d.to_databag()))
            .collect();
        let again = IngressRequest::read("fuzz:0", &request.app.to_databag(), &units);
        assert_eq!(again, Ok(Some(request)));
    }
});
