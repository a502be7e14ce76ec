//! Test support shared by every crate's tests: the databags recorded from the real Python
//! libraries ([`golden`]) and a certificate authority issuing real certificates ([`ca`]).

pub mod ca;
pub mod golden;
