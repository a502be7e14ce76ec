//! The two charms the model runs hooks of, and the unit each is.

use integrator_fixtures::APP;

use crate::CONFIGURATOR;

/// A charm the model runs hooks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charm {
    Configurator,
    Integrator,
}

impl Charm {
    pub fn unit(self) -> String {
        match self {
            Charm::Configurator => format!("{CONFIGURATOR}/0"),
            Charm::Integrator => format!("{APP}/0"),
        }
    }
}
