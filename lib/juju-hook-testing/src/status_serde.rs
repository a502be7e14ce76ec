//! Serde for `juju_hook::Status` (which has no serde derives): `{"status": "...", "message": "..."}`.

use juju_hook::Status;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
struct StatusRepr {
    status: String,
    #[serde(default)]
    message: String,
}

impl From<&Status> for StatusRepr {
    fn from(status: &Status) -> Self {
        Self {
            status: status.name().to_owned(),
            message: status.message().to_owned(),
        }
    }
}

impl StatusRepr {
    fn into_status<E: serde::de::Error>(self) -> Result<Status, E> {
        Status::from_parts(&self.status, self.message)
            .ok_or_else(|| E::custom(format!("unknown status {:?}", self.status)))
    }
}

/// `Option<Status>` fields.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Status>, s: S) -> Result<S::Ok, S::Error> {
        value.as_ref().map(StatusRepr::from).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Status>, D::Error> {
        Option::<StatusRepr>::deserialize(d)?
            .map(StatusRepr::into_status)
            .transpose()
    }
}

/// `Vec<Status>` fields.
pub mod list {
    use super::*;

    pub fn serialize<S: Serializer>(value: &[Status], s: S) -> Result<S::Ok, S::Error> {
        value
            .iter()
            .map(StatusRepr::from)
            .collect::<Vec<_>>()
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Status>, D::Error> {
        Vec::<StatusRepr>::deserialize(d)?
            .into_iter()
            .map(StatusRepr::into_status)
            .collect()
    }
}
