//! The peer application bag's write: the hook record and the `get-certificate` answers, in one
//! `relation-set` when either changes.

use juju_hook::{BagWrite, HookRecord};

use crate::certificate_answers::{ANSWERS_KEY, CertificateAnswers};
use crate::gather::{Gathered, endpoints};

use super::Plan;

/// The write that brings the hook record and the answers up to date with what this reconcile
/// read and writes, if either changes (nothing when the plan only asks for more LISTs, or
/// without a peer relation).
pub(super) fn write(gathered: &Gathered, plan: &Plan) -> Option<BagWrite> {
    if !plan.relist.is_empty() {
        return None;
    }
    let juju = &gathered.juju;
    let relation = juju.peer.relation.clone()?;
    let record = HookRecord::after(
        &gathered.unit,
        &endpoints::RECORDED,
        &juju.recorded_snapshots(),
        &plan.juju.bags,
    );
    let certificates = juju.certificates.as_ref();
    let key = match &gathered.tls.key {
        Some(Ok(input)) => Some(input.key()),
        _ => None,
    };
    // Our `certificates` bag as this hook leaves it.
    let our_bag = certificates
        .and_then(|relation| record.relations.get(&relation.id))
        .map(|entry| &entry.bag);
    let answers = CertificateAnswers::compute(certificates, our_bag, key).to_value();
    let mut write = juju.peer.write(&record).unwrap_or_else(|| BagWrite {
        relation,
        changes: Default::default(),
    });
    if juju.peer.bag.get(ANSWERS_KEY) != Some(&answers) {
        write.changes.insert(ANSWERS_KEY.to_owned(), answers);
    }
    (!write.changes.is_empty()).then_some(write)
}
