//! What `get-certificate` answers, kept by every reconcile in the peer application bag (next to
//! the hook record) so that the action reads one bag instead of the `certificates` relation's
//! two bags and the key's secret.
//!
//! The answers are the action's computation done ahead: for each target one of our published
//! CSRs requests, the provider's entry the action would return (the entry answering that CSR,
//! for our key, naming the target, not revoked, the provider's bag readable), with the leaf's
//! end of validity. Only that last test depends on the clock, so the action makes it when it
//! runs: [`CertificateAnswers::outcome`] is, for the state the reconcile left, exactly what the
//! action computed from the bags. Without a stored value (before the first reconcile of this
//! version, or without a peer relation) the action reads the bags and computes the same value
//! itself.
//!
//! The inputs only change in our own hooks (our bag, our key) or announce themselves with a
//! `certificates` relation event (the provider's bag), whose reconcile rewrites the value; an
//! action queued before that hook answers as of the hook before it.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use charm_tls::plan::{provider_data, published_csrs};
use charm_tls::{CertificateSigningRequest, CertificateTarget, PrivateKey, RequirerInputs};
use juju_hook::{ActionOutcome, Databag, RelationSnapshot};
use serde_json::{Map, Value, json};

/// The key of the peer application bag that holds the answers.
pub const ANSWERS_KEY: &str = "certificate-answers";

/// `action-fail` message without a `certificates` relation (the Python charm's).
pub const RELATION_NOT_READY: &str = "Certificate relation not ready.";

/// The provider's entry for one target, as the action returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Leaf PEM as the provider sent it.
    pub certificate: String,
    /// CA PEM as the provider sent it.
    pub ca: String,
    /// The provider's chain PEMs joined with a blank line.
    pub chain: String,
    /// The leaf's `notAfter`, in seconds since the epoch (certificate times have no fraction).
    pub expires: u64,
}

/// Every answer `get-certificate` can give (see the module's documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CertificateAnswers {
    /// Whether a `certificates` relation exists.
    pub relation: bool,
    /// The answers, by target.
    pub answers: BTreeMap<CertificateTarget, Answer>,
}

impl CertificateAnswers {
    /// The answers for the `certificates` relation `relation` whose application bag of ours is
    /// `our_bag`, with our key `key` (none: nothing is answered).
    pub fn compute(
        relation: Option<&RelationSnapshot>,
        our_bag: Option<&Databag>,
        key: Option<&PrivateKey>,
    ) -> CertificateAnswers {
        let Some(relation) = relation else {
            return CertificateAnswers::default();
        };
        let mut answers = CertificateAnswers {
            relation: true,
            answers: BTreeMap::new(),
        };
        let Some(key) = key else {
            return answers;
        };
        let csrs = match our_bag {
            Some(bag) => published_csrs(&RelationSnapshot {
                local_app_data: bag.clone(),
                ..RelationSnapshot::new(relation.id.clone())
            }),
            None => published_csrs(relation),
        };
        // Only the targets of CSRs that are our requests: the action answers no other (and
        // the reconcile below then builds no CSR but for a revoked certificate's target).
        let mut targets: Vec<CertificateTarget> = csrs
            .iter()
            .filter_map(|pem| {
                let csr = CertificateSigningRequest::from_pem(pem).ok()?;
                let target = csr.target()?;
                csr.is_request_for(&target, key, true).then_some(target)
            })
            .collect();
        targets.sort();
        targets.dedup();
        let provider = provider_data(relation);
        // The action's reconcile, for every target at once (a CSR is the request of one target
        // only, so the pairing is the same as one target at a time), at the epoch: the
        // validity test is left to the action's clock.
        let outcome = charm_tls::reconcile(
            &RequirerInputs {
                targets: &targets,
                key,
                current_csrs: &csrs,
                provider_certificates: &provider.certificates,
                provider_request_errors: &provider.request_errors,
                add_unique_id: true,
                now: UNIX_EPOCH,
            },
            &mut || String::from("00000000-0000-4000-8000-000000000000"),
        );
        for (target, accepted) in outcome.map(|o| o.certificates).unwrap_or_default() {
            let Some(entry) = provider.for_csr(&accepted.csr) else {
                continue;
            };
            let Ok(expires) = accepted.expires_at.duration_since(UNIX_EPOCH) else {
                continue;
            };
            answers.answers.insert(
                target,
                Answer {
                    certificate: entry.certificate.clone(),
                    ca: entry.ca.clone(),
                    chain: entry.chain.join("\n\n"),
                    expires: expires.as_secs(),
                },
            );
        }
        answers
    }

    /// The action's outcome for `params` at `now`.
    pub fn outcome(&self, params: &Map<String, Value>, now: SystemTime) -> ActionOutcome {
        if !self.relation {
            return ActionOutcome::Failed(RELATION_NOT_READY.into());
        }
        let Some(hostname) = params.get("hostname").and_then(Value::as_str) else {
            return ActionOutcome::Failed("Missing parameter: hostname.".into());
        };
        let target = match hostname.parse::<IpAddr>() {
            Ok(ip) => CertificateTarget::Ip(ip),
            Err(_) => CertificateTarget::Dns(hostname.to_owned()),
        };
        match self.answers.get(&target) {
            Some(answer) if now < UNIX_EPOCH + Duration::from_secs(answer.expires) => {
                ActionOutcome::Results(BTreeMap::from([
                    ("certificate".to_owned(), answer.certificate.clone()),
                    ("ca".to_owned(), answer.ca.clone()),
                    ("chain".to_owned(), answer.chain.clone()),
                ]))
            }
            _ => ActionOutcome::Failed(format!(
                "Missing or incomplete certificate data for {hostname}"
            )),
        }
    }

    /// The answers as the peer bag's value.
    pub fn to_value(&self) -> String {
        let answers: Vec<Value> = self
            .answers
            .iter()
            .map(|(target, answer)| {
                let (kind, name) = match target {
                    CertificateTarget::Dns(name) => ("dns", name.clone()),
                    CertificateTarget::Ip(ip) => ("ip", ip.to_string()),
                };
                json!({
                    kind: name,
                    "certificate": answer.certificate,
                    "ca": answer.ca,
                    "chain": answer.chain,
                    "expires": answer.expires,
                })
            })
            .collect();
        json!({"relation": self.relation, "answers": answers}).to_string()
    }

    /// The answers in the peer application bag `bag`, if it holds a readable value.
    pub fn from_bag(bag: &Databag) -> Option<CertificateAnswers> {
        let value: Value = serde_json::from_str(bag.get(ANSWERS_KEY)?).ok()?;
        let relation = value.get("relation")?.as_bool()?;
        let mut answers = BTreeMap::new();
        for entry in value.get("answers")?.as_array()? {
            let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
            let target = match (text("dns"), text("ip")) {
                (Some(name), None) => CertificateTarget::Dns(name),
                (None, Some(ip)) => CertificateTarget::Ip(ip.parse().ok()?),
                _ => return None,
            };
            let answer = Answer {
                certificate: text("certificate")?,
                ca: text("ca")?,
                chain: text("chain")?,
                expires: entry.get("expires")?.as_u64()?,
            };
            answers.insert(target, answer);
        }
        Some(CertificateAnswers { relation, answers })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> CertificateAnswers {
        let answer = |name: &str| Answer {
            certificate: format!("leaf {name}"),
            ca: "ca".into(),
            chain: format!("leaf {name}\n\nca"),
            expires: 2_000_000_000,
        };
        CertificateAnswers {
            relation: true,
            answers: BTreeMap::from([
                (CertificateTarget::Dns("a.example".into()), answer("a")),
                (
                    CertificateTarget::Ip("10.0.0.1".parse().unwrap()),
                    answer("ip"),
                ),
            ]),
        }
    }

    fn bag(value: &str) -> Databag {
        Databag::from([(ANSWERS_KEY.to_owned(), value.to_owned())])
    }

    #[test]
    fn the_answers_read_back_as_written() {
        assert_eq!(
            CertificateAnswers::from_bag(&bag(&answers().to_value())),
            Some(answers())
        );
        let none = CertificateAnswers::default();
        assert_eq!(
            CertificateAnswers::from_bag(&bag(&none.to_value())),
            Some(none)
        );
    }

    #[test]
    fn unreadable_answers_are_none() {
        for value in [
            "",
            "{}",
            "{\"relation\":true}",
            "[1]",
            "{\"relation\":1,\"answers\":[]}",
        ] {
            assert_eq!(CertificateAnswers::from_bag(&bag(value)), None, "{value}");
        }
        assert_eq!(CertificateAnswers::from_bag(&Databag::new()), None);
    }

    #[test]
    fn an_answer_is_given_until_the_leaf_expires() {
        let params = |host: &str| Map::from_iter([("hostname".to_owned(), json!(host))]);
        let before = UNIX_EPOCH + Duration::from_secs(1_999_999_999);
        let at = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        assert!(matches!(
            answers().outcome(&params("a.example"), before),
            ActionOutcome::Results(results) if results["certificate"] == "leaf a"
        ));
        assert!(matches!(
            answers().outcome(&params("10.0.0.1"), before),
            ActionOutcome::Results(results) if results["chain"] == "leaf ip\n\nca"
        ));
        assert_eq!(
            answers().outcome(&params("a.example"), at),
            ActionOutcome::Failed("Missing or incomplete certificate data for a.example".into())
        );
        assert_eq!(
            answers().outcome(&Map::new(), before),
            ActionOutcome::Failed("Missing parameter: hostname.".into())
        );
        assert_eq!(
            CertificateAnswers::default().outcome(&params("a.example"), before),
            ActionOutcome::Failed(RELATION_NOT_READY.into())
        );
    }
}
