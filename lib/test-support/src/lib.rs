//! Test support shared by every crate's tests: the databags recorded from the real Python
//! libraries ([`golden`]) and a certificate authority issuing real certificates ([`ca`]).

#![deny(missing_docs)]

pub mod ca;
pub mod golden;
