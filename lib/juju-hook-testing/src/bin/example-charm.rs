//! The example charm as a `dispatch` binary (for process-level tests of the harness).

use juju_hook::{HookContext, ProcessHookTools};

fn main() {
    let hook = match HookContext::from_process_env() {
        Ok(hook) => hook,
        Err(e) => {
            eprintln!("example-charm: {e}");
            std::process::exit(2);
        }
    };
    let mut tools = ProcessHookTools::new();
    if let Err(e) = juju_hook_testing::example::run(&hook, &mut tools) {
        eprintln!("example-charm: {e}");
        std::process::exit(1);
    }
}
