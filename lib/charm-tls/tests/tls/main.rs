//! Integration tests of the TLS core with real cryptography.

mod golden;
mod golden_csr;
mod keygen;
