//! Docs as tests: the statuses, URLs, databags and object names the tutorial, the how-tos and
//! the configurator's README show are produced here, by running the same steps through the
//! embedded simulator (the real charm code, as `scripts/demo.sh` runs it).
//!
//! A page marks each shown block with `<!-- simulated: KEY -->` on the line before its fence;
//! the test for that page produces every key. A changed behaviour (a status message, a URL, an
//! object name) fails the test until the page shows the new output; a marker no test produces,
//! or a produced key the page no longer shows, fails it too. The failure prints the produced
//! text to paste.

mod cert_manager;
mod configurator_readme;
mod custom_domain;
mod plain_http;
mod shown;
mod tutorial;
