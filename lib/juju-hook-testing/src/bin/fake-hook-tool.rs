//! Fake Juju hook tools for tests: symlink this binary under a tool's name (`relation-get`,
//! `status-set`, …) and point `FAKE_JUJU_STATE` at a JSON state file.

fn main() {
    std::process::exit(juju_hook_testing::fake_tool::main_from_process());
}
