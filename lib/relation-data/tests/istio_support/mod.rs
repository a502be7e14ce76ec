//! Shared by the `istio_*` integration tests: recorded library verdicts ([`cases`]), proptest
//! strategies for the models ([`strategies`]), a runner for the Python interop harnesses
//! ([`harness`]) and the rejection tests' helpers ([`rejection`], which needs `mod common`).
#![allow(dead_code)]

pub mod cases;
pub mod harness;
pub mod rejection;
pub mod strategies;
