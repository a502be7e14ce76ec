//! The command line, for runs outside Juju.

use std::process::ExitCode;

const USAGE: &str = "\
gateway-api-integrator — Juju charm for the Kubernetes Gateway API

Juju runs this binary as the charm's `dispatch` (JUJU_DISPATCH_PATH set).
Outside Juju:
  gateway-api-integrator --help       this text
  gateway-api-integrator --version    the version
";

/// Run the CLI with `args` (without the program name).
pub fn main(args: Vec<String>) -> ExitCode {
    match args.first().map(String::as_str) {
        None | Some("--help") | Some("-h") | Some("help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version") | Some("-V") => {
            println!("gateway-api-integrator {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("gateway-api-integrator: unknown command {other:?}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
