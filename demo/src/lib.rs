//! A newcomer's tour: a realistic deployment of the integrator (and the configurator) on the
//! built-in simulator, no Juju and no cluster needed.
//!
//! Each step runs the real charm code in-process (juju-hook-testing state in, state out) against
//! an in-memory cluster, then prints the statuses, the URL each workload received, and the
//! Kubernetes objects that changed, as YAML. Secret data is redacted.

pub mod local_ca;
pub mod manifests;
mod reactions;
pub mod world;

use std::io::Write;

use juju_hook::Event;
use juju_hook_testing::{Relation, databag};
use serde_json::Value;

use manifests::Snapshot;
use world::{CONFIGURATOR, GATEWAY_CLASS, INTEGRATOR, PROVIDER, World, ids, workload_ingress};

/// Why the demo stopped.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The simulator could not be set up.
    #[error("setting up the simulator: {0}")]
    Setup(String),
    /// A hook failed (non-zero exit in Juju).
    #[error("{charm}: hook {event} failed: {message}")]
    Hook {
        /// Which charm.
        charm: &'static str,
        /// Which hook.
        event: String,
        /// The error.
        message: String,
    },
    /// The simulated state does not match the charm's metadata.
    #[error("inconsistent simulated state: {0}")]
    Inconsistent(String),
    /// The certificates provider could not answer.
    #[error("certificates provider: {0}")]
    Provider(String),
    /// The charms kept changing their data.
    #[error("the model did not settle")]
    NotSettling,
    /// Writing the report failed.
    #[error("writing the report: {0}")]
    Output(#[from] std::io::Error),
}

/// What one step showed, for callers that check rather than read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    /// The step's title.
    pub title: String,
    /// `unit: status` lines.
    pub statuses: Vec<String>,
    /// `app: url` lines.
    pub urls: Vec<String>,
    /// `created Kind/name` and the like.
    pub changes: Vec<String>,
}

/// Run every step, printing to `out`. Stops at the first failed hook.
pub fn run(out: &mut dyn Write) -> Result<Vec<StepReport>, DemoError> {
    let mut demo = Demo {
        world: World::new()?,
        snapshot: Snapshot::default(),
        out,
        reports: Vec::new(),
        number: 0,
    };
    demo.steps()?;
    Ok(demo.reports)
}

/// The first step: its Blocked status is deliberate, and the title says so.
const DEPLOY: &str = "juju deploy gateway-api-integrator --trust (Blocked on purpose: HTTPS is \
                      enforced by default and no certificate source exists yet; the next step \
                      sets enforce-https=false)";

struct Demo<'a> {
    world: World,
    snapshot: Snapshot,
    out: &'a mut dyn Write,
    reports: Vec<StepReport>,
    number: usize,
}

impl Demo<'_> {
    fn steps(&mut self) -> Result<(), DemoError> {
        self.step(DEPLOY, |w| {
            for event in [
                Event::Install,
                Event::LeaderElected,
                Event::ConfigChanged,
                Event::Start,
            ] {
                w.integrator_hook(event)?;
            }
            w.settle()
        })?;

        self.step(
            "juju config gateway-api-integrator gateway-class=cilium external-hostname=www.example.com enforce-https=false",
            |w| {
                w.integrator = w
                    .integrator
                    .clone()
                    .config("gateway-class", GATEWAY_CLASS)
                    .config("external-hostname", "www.example.com")
                    .config("enforce-https", false);
                w.integrator_hook(Event::ConfigChanged)?;
                w.settle()
            },
        )?;

        self.step(
            "juju integrate gateway-api-integrator:gateway flask:ingress",
            |w| {
                let relation =
                    workload_ingress("gateway", ids::FLASK_INGRESS, "flask", world::MODEL, 8080);
                w.relate_integrator(relation, Some("flask/0"))?;
                w.settle()
            },
        )?;

        self.step(
            "juju integrate gateway-api-integrator:certificates self-signed-certificates",
            |w| {
                let relation = Relation::new(
                    "certificates",
                    "tls-certificates",
                    ids::CERTIFICATES,
                    PROVIDER,
                )
                .remote_unit(format!("{PROVIDER}/0"), databag::<&str, &str>([]));
                w.relate_integrator(relation, Some(&format!("{PROVIDER}/0")))?;
                w.settle()
            },
        )?;

        self.action(
            "juju run gateway-api-integrator/0 get-certificate hostname=www.example.com",
            "get-certificate",
            &[("hostname", "www.example.com")],
        )?;

        self.step(
            "juju deploy gateway-route-configurator blog-route --config hostname=blog.example.com paths=/,/api; integrate it with blog and the integrator",
            |w| {
                w.deploy_configurator(&[("hostname", "blog.example.com"), ("paths", "/,/api")])?;
                w.relate_configurator(
                    workload_ingress("ingress", ids::BLOG_INGRESS, "blog", world::MODEL, 8000),
                    Some("blog/0"),
                )?;
                let to_integrator = Relation::new(
                    "gateway-route",
                    "gateway-route",
                    ids::GATEWAY_ROUTE,
                    INTEGRATOR,
                )
                .remote_unit(format!("{INTEGRATOR}/0"), databag::<&str, &str>([]));
                w.relate_configurator(to_integrator, Some(&format!("{INTEGRATOR}/0")))?;
                let to_configurator = Relation::new(
                    "gateway-route",
                    "gateway-route",
                    ids::GATEWAY_ROUTE,
                    CONFIGURATOR,
                )
                .remote_unit(format!("{CONFIGURATOR}/0"), databag::<&str, &str>([]));
                w.relate_integrator(to_configurator, Some(&format!("{CONFIGURATOR}/0")))?;
                w.settle()
            },
        )?;

        self.step("juju remove-relation gateway-api-integrator flask", |w| {
            w.break_integrator_relation(ids::FLASK_INGRESS)?;
            w.settle()
        })?;

        self.step(
            "juju config gateway-api-integrator --reset external-hostname (the configurator's hostname stays served)",
            |w| {
                w.integrator.config.remove("external-hostname");
                w.integrator_hook(Event::ConfigChanged)?;
                w.settle()
            },
        )?;

        self.action(
            "juju run gateway-api-integrator/0 get-proxied-endpoints",
            "get-proxied-endpoints",
            &[],
        )?;
        writeln!(self.out, "\nDone: every hook ran to completion.")?;
        Ok(())
    }

    fn header(&mut self, title: &str) -> Result<(), DemoError> {
        self.number += 1;
        writeln!(self.out, "\n━━━ Step {}: {title}", self.number)?;
        Ok(())
    }

    /// Run one step, then print what it did.
    fn step(
        &mut self,
        title: &str,
        body: impl FnOnce(&mut World) -> Result<(), DemoError>,
    ) -> Result<(), DemoError> {
        self.header(title)?;
        self.world.log.clear();
        let result = body(&mut self.world);
        let hooks = std::mem::take(&mut self.world.log);
        writeln!(self.out, "hooks:")?;
        for hook in &hooks {
            writeln!(self.out, "  {hook}")?;
        }
        result?;

        let statuses = self.statuses();
        writeln!(self.out, "status:")?;
        for line in &statuses {
            writeln!(self.out, "  {line}")?;
        }
        let urls = self.urls();
        writeln!(self.out, "urls:")?;
        if urls.is_empty() {
            writeln!(self.out, "  (none published yet)")?;
        }
        for line in &urls {
            writeln!(self.out, "  {line}")?;
        }
        let after = Snapshot::take(&self.world.cluster);
        let changes = self.snapshot.changes(&after);
        self.snapshot = after;
        if changes.is_empty() {
            writeln!(self.out, "manifests: no change")?;
        } else {
            writeln!(self.out, "manifests (changed since the previous step):")?;
            write!(self.out, "{}", manifests::to_yaml(&changes))?;
        }
        self.reports.push(StepReport {
            title: title.to_owned(),
            statuses,
            urls,
            changes: changes.iter().map(change_label).collect(),
        });
        Ok(())
    }

    /// Run an action and print its results (or failure).
    fn action(
        &mut self,
        title: &str,
        name: &str,
        params: &[(&str, &str)],
    ) -> Result<(), DemoError> {
        self.header(title)?;
        let mut lines = Vec::new();
        match self.world.integrator_action(name, params)? {
            Ok(results) => {
                for (key, value) in results {
                    lines.push(format!("{key}: {}", summarise(&value)));
                }
            }
            Err(message) => lines.push(format!("action failed: {message}")),
        }
        writeln!(self.out, "result:")?;
        for line in &lines {
            writeln!(self.out, "  {line}")?;
        }
        self.reports.push(StepReport {
            title: title.to_owned(),
            statuses: Vec::new(),
            urls: lines,
            changes: Vec::new(),
        });
        Ok(())
    }

    fn statuses(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{INTEGRATOR}/0: {}",
            status_text(self.world.integrator.unit_status.as_ref())
        )];
        if let Some(configurator) = &self.world.configurator {
            lines.push(format!(
                "{CONFIGURATOR}/0: {}",
                status_text(configurator.unit_status.as_ref())
            ));
        }
        lines
    }

    /// The URL each workload was given: `ingress` in the integrator's and the configurator's
    /// ingress databags.
    fn urls(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let mut states = vec![&self.world.integrator];
        states.extend(self.world.configurator.as_ref());
        for state in states {
            for relation in state.relations.iter().filter(|r| r.interface == "ingress") {
                if let Some(url) = relation
                    .local_app_data
                    .get("ingress")
                    .and_then(|raw| serde_json::from_str::<Value>(raw).ok())
                    .and_then(|v| v.get("url").and_then(Value::as_str).map(str::to_owned))
                {
                    lines.push(format!("{}: {url}", relation.remote_app));
                }
            }
        }
        lines
    }
}

fn status_text(status: Option<&juju_hook::Status>) -> String {
    match status {
        Some(status) => status.to_string(),
        None => "unknown".to_owned(),
    }
}

fn change_label(change: &manifests::Change) -> String {
    match change {
        manifests::Change::Created(kind, name, _) => format!("created {kind}/{name}"),
        manifests::Change::Changed(kind, name, _) => format!("changed {kind}/{name}"),
        manifests::Change::Deleted(kind, name) => format!("deleted {kind}/{name}"),
    }
}

/// Action values as one line: PEMs become their first line and size.
fn summarise(value: &str) -> String {
    if value.contains("-----BEGIN") {
        let count = value.matches("-----BEGIN").count();
        format!("<{count} PEM block(s), {} bytes>", value.len())
    } else {
        value.to_owned()
    }
}
