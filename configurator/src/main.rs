//! `dispatch`: Juju runs this binary once per event.

use std::process::ExitCode;

fn main() -> ExitCode {
    gateway_route_configurator::entry::main()
}
