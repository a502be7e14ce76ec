//! Integration tests of the TLS core with real cryptography.

mod golden;
mod golden_csr;
mod golden_provider;
mod key_formats;
mod keygen;
mod redaction;
mod requirer;
use test_support::ca as test_ca;
