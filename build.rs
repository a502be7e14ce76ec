//! Links the `dispatch` binary as a position-dependent executable: Juju starts it once per
//! event, and a PIE's ~12,000 relative relocations, applied by the dynamic loader at every start
//! (each page of `.data.rel.ro` copied on write), cost about a tenth of a hook's own CPU
//! (docs/explanation/performance.md). The code is still compiled position-independent; only the
//! link differs, and only for this binary.
fn main() {
    println!("cargo:rustc-link-arg-bin=gateway-api-integrator=-no-pie");
    println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    println!("cargo:rerun-if-changed=build.rs");
}
