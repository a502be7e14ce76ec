//! Actions: name and id.

use juju_hook::{Event, EventError};

use super::{env, event_of, parse};

#[test]
fn actions() {
    let event = event_of(
        "actions/get-certificate",
        &[
            ("JUJU_ACTION_NAME", "get-certificate"),
            ("JUJU_ACTION_UUID", "42"),
        ],
    );
    assert_eq!(
        event,
        Event::Action {
            name: "get-certificate".into(),
            id: "42".into()
        }
    );
    assert_eq!(event.hook_name(), "");
    assert_eq!(event.dispatch_path(), "actions/get-certificate");

    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_NAME", "other"), ("JUJU_ACTION_UUID", "42")]
        )),
        Err(EventError::ActionNameMismatch {
            value: "other".into(),
            action: "get-certificate".into(),
        })
    );
    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_NAME", "get-certificate")]
        )),
        Err(EventError::MissingVar {
            var: "JUJU_ACTION_UUID"
        })
    );
    assert_eq!(
        parse(&env(
            "actions/get-certificate",
            &[("JUJU_ACTION_UUID", "1")]
        )),
        Err(EventError::MissingVar {
            var: "JUJU_ACTION_NAME"
        })
    );
}
