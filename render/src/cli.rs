//! The command line: `gateway-api-render [OPTIONS] FILE`.

use std::io::Read;
use std::process::ExitCode;

use crate::input::RenderInput;
use crate::output::{self, OutputFormat};
use crate::render::{self, RenderOptions};

/// The program name, as the messages say it.
pub const PROGRAM: &str = "gateway-api-render";

/// `--help`.
pub const USAGE: &str = "\
gateway-api-render: preview what the gateway-api-integrator charm would apply

Usage: gateway-api-render [OPTIONS] FILE

Prints the Kubernetes objects the charm would server-side apply for the configuration,
relation data and certificates in FILE (JSON or YAML; - reads stdin), without Juju or a
cluster. The manifests go to stdout and are accepted by `kubectl apply --dry-run=server -f -`;
the status the unit would show, the URLs it would publish and the placeholder certificates go
to stderr as `# ...` lines.

Options:
  -o, --output FORMAT  yaml (the default): a ---separated YAML stream; json: a Kubernetes
                       List. Also --output=FORMAT.
      --reveal-keys    print the private keys given under certificates.issued in their TLS
                       Secrets (by default tls.key is a note saying it was redacted)
  -h, --help           print this help
  -V, --version        print the version

Input (examples/README.md in the charm's repository has the details):
  model: testing                       # required: the Juju model, the namespace
  app: gateway-api-integrator          # the application name (this default)
  config: {gateway-class: cilium, external-hostname: www.example.com}
  gateway_classes: [cilium]            # the GatewayClasses the cluster has
  gateway_address: 10.0.0.7            # what the Gateway controller reported
  certificates:                        # the certificates relation; what it issued:
    issued: placeholder                #   placeholder, none, or {HOST: {certificate, key}}
  relations:                           # any mix of the three
    gateway: {app: flask, app_data: {model: '\"testing\"', name: '\"flask\"', port: 8080}}
    gateway-route: [{app: web, app_data: {hostname: '\"web.example.com\"'}}]
    istio-ingress-route: [{app: myapp, app_data: {config: {model: testing, ...}}}]
Databag values are JSON text, as `juju show-unit` prints them: '\"testing\"', not testing.

Exit status: 0 rendered; 1 input rejected or the charm would be Blocked; 2 usage error.
";

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
    /// Render the manifests for an input file (`-`: stdin).
    Render {
        /// The input file path.
        file: String,
        /// The output format.
        format: OutputFormat,
        /// How to render.
        options: RenderOptions,
    },
}

/// A command line that cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// `--output` names no known format.
    #[error("--output must be yaml or json, not {0:?}")]
    Format(String),
    /// `--output` is last.
    #[error("--output needs a value: yaml or json")]
    FormatMissing,
    /// An option nobody knows.
    #[error("unknown option {0:?}")]
    UnknownOption(String),
    /// More than one FILE.
    #[error("unexpected argument {0:?}: give one input FILE")]
    Unexpected(String),
    /// No FILE.
    #[error("missing the input FILE (- reads stdin)")]
    NoFile,
}

/// Parse `args` (without the program name).
pub fn parse(args: &[String]) -> Result<Command, UsageError> {
    let mut format = OutputFormat::Yaml;
    let mut options = RenderOptions::default();
    let mut file = None;
    let mut args = args.iter().map(String::as_str);
    let mut only_files = false;
    while let Some(arg) = args.next() {
        let value = match arg {
            _ if only_files => None,
            "--help" | "-h" => return Ok(Command::Help),
            "--version" | "-V" => return Ok(Command::Version),
            "--reveal-keys" => {
                options.reveal_keys = true;
                continue;
            }
            "--" => {
                only_files = true;
                continue;
            }
            "--output" | "-o" => Some(args.next().ok_or(UsageError::FormatMissing)?),
            _ => arg.strip_prefix("--output="),
        };
        if let Some(value) = value {
            format = match value {
                "yaml" => OutputFormat::Yaml,
                "json" => OutputFormat::Json,
                other => return Err(UsageError::Format(other.to_owned())),
            };
        } else if arg.starts_with('-') && arg != "-" && !only_files {
            return Err(UsageError::UnknownOption(arg.to_owned()));
        } else if file.is_some() {
            return Err(UsageError::Unexpected(arg.to_owned()));
        } else {
            file = Some(arg.to_owned());
        }
    }
    let file = file.ok_or(UsageError::NoFile)?;
    Ok(Command::Render {
        file,
        format,
        options,
    })
}

/// Run with `args` (without the program name): print, and say how it went.
pub fn main(args: &[String]) -> ExitCode {
    match parse(args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("{PROGRAM} {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Render {
            file,
            format,
            options,
        }) => match render_file(&file, format, options) {
            Ok(output) => {
                eprint!("{}", output.notes);
                print!("{}", output.manifests);
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{PROGRAM}: {message}");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("{PROGRAM}: {error}\nUsage: {PROGRAM} [OPTIONS] FILE (see {PROGRAM} --help)");
            ExitCode::from(2)
        }
    }
}

/// What a render prints: manifests on stdout, notes on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOutput {
    /// The manifests in the chosen format.
    pub manifests: String,
    /// One `# key: value` line per note (status, URLs, placeholders).
    pub notes: String,
}

/// Read `file` (`-`: stdin) and render it; the error names the file and the field.
pub fn render_file(
    file: &str,
    format: OutputFormat,
    options: RenderOptions,
) -> Result<RenderOutput, String> {
    let text = if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        text
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    let name = if file == "-" { "stdin" } else { file };
    render_text(&text, format, options).map_err(|message| format!("{name}: {message}"))
}

/// Render the input document `text`; the error names the field.
pub fn render_text(
    text: &str,
    format: OutputFormat,
    options: RenderOptions,
) -> Result<RenderOutput, String> {
    let input = RenderInput::parse(text).map_err(|e| e.to_string())?;
    let rendered = render::render(&input, options).map_err(|e| e.to_string())?;
    Ok(RenderOutput {
        manifests: output::manifests(&rendered.objects, format).map_err(|e| e.to_string())?,
        notes: output::notes(&rendered),
    })
}
