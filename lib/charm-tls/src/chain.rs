//! Ordering the provider's chain leaf first.

use crate::certificate::Certificate;

/// The chain to serve, leaf first, as the library expects providers to send it.
///
/// * `chain` starting with `leaf`: kept as is;
/// * `chain` ending with `leaf` (sent reversed, root first): reversed;
/// * `leaf` absent from `chain`: `leaf` followed by `chain`;
/// * empty `chain`: `leaf` then `ca` (unless `ca` is the leaf itself).
pub fn leaf_first(leaf: &Certificate, ca: &Certificate, chain: &[Certificate]) -> Vec<Certificate> {
    match chain {
        [] if ca == leaf => vec![leaf.clone()],
        [] => vec![leaf.clone(), ca.clone()],
        [first, ..] if first == leaf => chain.to_vec(),
        [.., last] if last == leaf => chain.iter().rev().cloned().collect(),
        _ => std::iter::once(leaf.clone())
            .chain(chain.iter().cloned())
            .collect(),
    }
}
