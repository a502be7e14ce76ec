//! `gateway-api-demo`: run the scripted deployment and print each step. Exit 1 if a step fails.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match gateway_api_demo::run(&mut stdout) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let error = anyhow::Error::new(error);
            eprintln!("gateway-api-demo: {error:#}");
            ExitCode::FAILURE
        }
    }
}
