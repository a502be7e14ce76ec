//! `apiserver-standin`: run the stand-in as a process (process-level runs and benchmarks).
//!
//! ```text
//! apiserver-standin [--port N] [--port-file F] [--state F] [--kubeconfig F --namespace NS]
//!                   [--gateway-class NAME]... [--gateway-address IP] [--crds DIR]
//! ```
//! `--state F` loads the objects from F when it exists and saves them after every write.
//! `--crds DIR` (feature `crds`) rejects applies the CRD schemas in DIR reject, with 422.
//! It runs until killed.

use std::path::PathBuf;

use apiserver_standin::{StandIn, StandInOptions, persist};

fn main() {
    if let Err(message) = run() {
        eprintln!("apiserver-standin: {message}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let mut options = StandInOptions::default();
    let (mut port_file, mut kubeconfig, mut namespace) = (None, None, "default".to_owned());
    let (mut classes, mut address, mut crds) = (Vec::new(), None, None::<PathBuf>);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => options.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--port-file" => port_file = Some(PathBuf::from(value()?)),
            "--state" => options.state_file = Some(PathBuf::from(value()?)),
            "--kubeconfig" => kubeconfig = Some(PathBuf::from(value()?)),
            "--namespace" => namespace = value()?,
            "--gateway-class" => classes.push(value()?),
            "--gateway-address" => address = Some(value()?),
            "--crds" => crds = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if let Some(state) = options.state_file.as_deref().filter(|p| p.exists()) {
        options.store = persist::load(state).map_err(|e| e.to_string())?;
    }
    options.store.default_gateway_address = address;
    let standin = StandIn::start_with(options).map_err(|e| format!("cannot listen: {e}"))?;
    if let Some(dir) = crds {
        install_crd_validator(&standin, &dir)?;
    }
    for class in &classes {
        standin.add_gateway_class(class);
    }
    if let Some(path) = kubeconfig {
        standin
            .write_kubeconfig(&path, &namespace)
            .map_err(|e| format!("kubeconfig: {e}"))?;
    }
    if let Some(path) = port_file {
        std::fs::write(&path, standin.port().to_string()).map_err(|e| format!("port file: {e}"))?;
    }
    eprintln!("apiserver-standin listening on {}", standin.url());
    loop {
        std::thread::park();
    }
}

#[cfg(feature = "crds")]
fn install_crd_validator(standin: &StandIn, dir: &std::path::Path) -> Result<(), String> {
    let validator = apiserver_standin::crd_validator(dir).map_err(|e| format!("--crds: {e}"))?;
    standin.set_validator(validator);
    Ok(())
}

#[cfg(not(feature = "crds"))]
fn install_crd_validator(_: &StandIn, _: &std::path::Path) -> Result<(), String> {
    Err("--crds needs apiserver-standin built with the `crds` feature".to_owned())
}
