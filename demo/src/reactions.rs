//! The parties that react on their own once the charms have acted: the pretend Gateway
//! controller, the certificates provider (a local CA) and Juju delivering gateway-route data
//! between the integrator and the configurator.

use charm_cluster::Kind;
use juju_hook::Event;
use juju_hook_testing::EventExt;
use relation_data::BagOwner;
use relation_data::tls_certificates::{
    ProviderCertificate, ProviderCertificates, RequirerCertificateRequests,
};

use crate::DemoError;
use crate::local_ca::LocalCa;
use crate::world::{INTEGRATOR, PROVIDER, World, ids};

impl World {
    /// Let every party react until nothing changes: the Gateway controller assigns an
    /// address, the CA answers CSRs, databags travel between the integrator and the
    /// configurator.
    pub fn settle(&mut self) -> Result<(), DemoError> {
        for _ in 0..8 {
            let mut changed = self.gateway_controller()?;
            changed |= self.certificates_provider()?;
            changed |= self.exchange_gateway_route()?;
            if !changed {
                return Ok(());
            }
        }
        Err(DemoError::NotSettling)
    }

    /// The pretend controller: a Gateway without an address gets its address, and the
    /// integrator notices on its next hook (update-status).
    fn gateway_controller(&mut self) -> Result<bool, DemoError> {
        let Some(gateway) = self.cluster.object(Kind::Gateway, INTEGRATOR) else {
            return Ok(false);
        };
        if gateway.pointer("/status/addresses/0/value").is_some() {
            return Ok(false);
        }
        let address = self.gateway_address.clone();
        self.cluster.set_gateway_address(INTEGRATOR, &address);
        self.log.push(format!(
            "gateway controller: Gateway {INTEGRATOR} got address {address}"
        ));
        self.integrator_hook(Event::UpdateStatus)?;
        Ok(true)
    }

    /// The certificates provider: issue a certificate for every CSR not answered yet and drop
    /// certificates whose CSR was withdrawn.
    fn certificates_provider(&mut self) -> Result<bool, DemoError> {
        let Some(relation) = self.integrator.get_relation(ids::CERTIFICATES) else {
            return Ok(false);
        };
        let requests = RequirerCertificateRequests::read(
            relation.relation_id(),
            BagOwner::App,
            &relation.local_app_data,
        )
        .map_err(|e| DemoError::Provider(e.to_string()))?;
        let current = ProviderCertificates::read(relation.relation_id(), &relation.remote_app_data)
            .map_err(|e| DemoError::Provider(e.to_string()))?;
        let ca = match &mut self.ca {
            Some(ca) => ca,
            None => self
                .ca
                .insert(LocalCa::new().map_err(|e| DemoError::Provider(e.to_string()))?),
        };
        let mut answer = ProviderCertificates::default();
        let mut issued = 0usize;
        for request in &requests.requests {
            let csr = &request.certificate_signing_request;
            if let Some(existing) = current.for_csr(csr) {
                answer.certificates.push(existing.clone());
                continue;
            }
            let certificate = ca
                .issue(csr)
                .map_err(|e| DemoError::Provider(e.to_string()))?;
            answer.certificates.push(ProviderCertificate {
                ca: ca.pem().to_owned(),
                certificate_signing_request: csr.clone(),
                certificate: certificate.clone(),
                chain: vec![certificate, ca.pem().to_owned()],
                revoked: false,
            });
            issued += 1;
        }
        if answer == current {
            return Ok(false);
        }
        let bag = answer.to_databag();
        let relation = self
            .integrator
            .get_relation_mut(ids::CERTIFICATES)
            .expect("checked above");
        relation.remote_app_data = bag;
        let relation = relation.clone();
        let dropped =
            (current.certificates.len() + issued).saturating_sub(answer.certificates.len());
        self.log.push(format!(
            "{PROVIDER}: issued {issued} certificate(s) from its local CA, dropped {dropped} no longer requested"
        ));
        self.integrator_hook(Event::relation_changed(&relation, None))?;
        Ok(true)
    }

    /// Copy each side's app databag to the other side of the gateway-route relation and run
    /// relation-changed where it differs (Juju delivering the data, the certificates provider
    /// and the Gateway controller not acting yet); `true` when something was delivered.
    pub fn exchange_gateway_route(&mut self) -> Result<bool, DemoError> {
        let Some(configurator) = &self.configurator else {
            return Ok(false);
        };
        let (Some(ours), Some(theirs)) = (
            self.integrator.get_relation(ids::GATEWAY_ROUTE),
            configurator.get_relation(ids::GATEWAY_ROUTE),
        ) else {
            return Ok(false);
        };
        let to_configurator = ours.local_app_data.clone();
        let to_integrator = theirs.local_app_data.clone();
        let configurator_needs = theirs.remote_app_data != to_configurator;
        let integrator_needs = ours.remote_app_data != to_integrator;
        let mut changed = false;
        if configurator_needs {
            let configurator = self.configurator.as_mut().expect("checked above");
            let relation = configurator
                .get_relation_mut(ids::GATEWAY_ROUTE)
                .expect("checked above");
            relation.remote_app_data = to_configurator;
            let relation = relation.clone();
            self.configurator_hook(Event::relation_changed(&relation, None))?;
            changed = true;
        }
        if integrator_needs {
            let relation = self
                .integrator
                .get_relation_mut(ids::GATEWAY_ROUTE)
                .expect("checked above");
            relation.remote_app_data = to_integrator;
            let relation = relation.clone();
            self.integrator_hook(Event::relation_changed(&relation, None))?;
            changed = true;
        }
        Ok(changed)
    }
}
