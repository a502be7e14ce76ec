//! `dispatch`: Juju runs this binary once per event. Outside Juju it is a small CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    gateway_api_integrator::entry::main()
}
