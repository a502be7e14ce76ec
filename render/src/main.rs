//! `gateway-api-render [OPTIONS] FILE`: see `--help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    gateway_api_render::cli::main(&args)
}
