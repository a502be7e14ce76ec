//! The compiled `dispatch` binary, run as Juju runs it (hook environment, hook tools on `PATH`,
//! faked by `juju-hook-testing`'s `fake-hook-tool`), must do exactly what the in-process pass
//! does.

use gateway_route_configurator::charm;
use juju_hook::{Event, Status};
use juju_hook_testing::{Context, EventExt, ProcessRunner, Relation, State, fake_hook_tool_path};

fn context() -> Context {
    Context::new(env!("CARGO_MANIFEST_DIR")).expect("the charm's metadata loads")
}

fn state() -> State {
    State::new("gateway-route-configurator")
        .leader(true)
        .model("m", "9b112ac5-74a7-421f-8a54-c5e17df42337")
        .config("hostname", "myapp.example.com")
        .relation(
            Relation::new("ingress", "ingress", 1, "myapp").remote_app_data([
                ("model", "\"m\""),
                ("name", "\"myapp\""),
                ("port", "8080"),
            ]),
        )
        .relation(Relation::new(
            "gateway-route",
            "gateway-route",
            2,
            "gateway-api-integrator",
        ))
}

#[test]
fn binary_matches_the_in_process_pass() {
    let event = Event::relation_changed(&state().relations[0], None);
    let fake_tool = fake_hook_tool_path().expect("fake-hook-tool is available");
    let process = ProcessRunner::new(env!("CARGO_BIN_EXE_gateway-route-configurator"), context())
        .fake_tool(fake_tool)
        .run(&event, state())
        .expect("the hook runs");
    assert!(process.success(), "stderr: {}", process.stderr);

    let in_process = context().run(event, state(), charm::run).unwrap();
    assert!(in_process.exit.is_ok());
    assert_eq!(process.state, in_process.state);
    assert_eq!(process.calls, in_process.calls);
    assert_eq!(
        process.state.unit_status,
        Some(Status::Waiting(
            "Waiting for the integrator to answer the route request (if this lasts, its status says why: Blocked, waiting for a certificate, or the route is taken)".into()
        ))
    );
    assert_eq!(
        process.state.get_relation(2).unwrap().local_app_data["paths"],
        "[\"/\"]"
    );
}

#[test]
fn a_relation_hook_without_juju_remote_unit_is_an_app_level_event() {
    let event = Event::relation_changed(&state().relations[0], None);
    let fake_tool = fake_hook_tool_path().expect("fake-hook-tool is available");
    let runner = ProcessRunner::new(env!("CARGO_BIN_EXE_gateway-route-configurator"), context())
        .fake_tool(fake_tool);
    let with_empty = runner.clone().run(&event, state()).expect("the hook runs");
    let unset = runner
        .unset("JUJU_REMOTE_UNIT")
        .run(&event, state())
        .expect("the hook runs");
    assert_eq!(unset.exit_code, Some(0), "stderr: {}", unset.stderr);
    assert_eq!(unset.state, with_empty.state);
    assert_eq!(unset.calls, with_empty.calls);
}

#[test]
fn binary_outside_juju_explains_itself_and_exits_2() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gateway-route-configurator"))
        .env_remove("JUJU_DISPATCH_PATH")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "gateway-route-configurator: this is the charm's `dispatch` binary; Juju runs it for \
         each event (JUJU_DISPATCH_PATH is not set)\n"
    );
}
