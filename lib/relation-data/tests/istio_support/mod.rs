//! Shared by the `istio_*` integration tests: recorded library verdicts ([`cases`]), proptest
//! strategies for the models ([`strategies`]) and a runner for the Python interop harnesses
//! ([`harness`]).
#![allow(dead_code)]

pub mod cases;
pub mod harness;
pub mod strategies;
