//! The command line, for runs outside Juju.

pub mod render;
pub mod render_input;

use std::io::Read;
use std::process::ExitCode;

use render_input::RenderInput;

const USAGE: &str = "\
gateway-api-integrator — Juju charm for the Kubernetes Gateway API

Juju runs this binary as the charm's `dispatch` (JUJU_DISPATCH_PATH set).
Outside Juju:
  gateway-api-integrator render [--output yaml|json] FILE
      Print the Kubernetes objects the charm would apply for the config and relation data in
      FILE (JSON or YAML; `-` reads stdin). The output is accepted by
      `kubectl apply --dry-run=server -f -`. The status and the published URL go to stderr.
      See examples/*.yaml for the input format.
  gateway-api-integrator --help       this text
  gateway-api-integrator --version    the version
";

/// Output format of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// A `---`-separated YAML stream.
    Yaml,
    /// A Kubernetes `List` in JSON.
    Json,
}

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
    },
}

/// Parse `args` (without the program name); `Err` holds the message for stderr.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        None | Some("--help") | Some("-h") | Some("help") => Ok(Command::Help),
        Some("--version") | Some("-V") => Ok(Command::Version),
        Some("render") => {
            let mut format = OutputFormat::Yaml;
            let mut file = None;
            while let Some(arg) = args.next() {
                match arg {
                    "--output" | "-o" => {
                        format = match args.next() {
                            Some("yaml") => OutputFormat::Yaml,
                            Some("json") => OutputFormat::Json,
                            other => {
                                return Err(format!(
                                    "--output must be yaml or json, not {other:?}"
                                ));
                            }
                        }
                    }
                    "--help" | "-h" => return Ok(Command::Help),
                    other if file.is_none() => file = Some(other.to_owned()),
                    other => return Err(format!("unexpected argument {other:?}")),
                }
            }
            let file = file.ok_or("render needs an input FILE (or - for stdin)")?;
            Ok(Command::Render { file, format })
        }
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}

/// Run the CLI with `args` (without the program name).
pub fn main(args: Vec<String>) -> ExitCode {
    match parse(&args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("gateway-api-integrator {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Render { file, format }) => match render_file(&file, format) {
            Ok(output) => {
                eprint!("{}", output.notes);
                print!("{}", output.manifests);
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("gateway-api-integrator render: {message}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("gateway-api-integrator: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// What `render` prints: manifests on stdout, notes (status, URL) on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOutput {
    /// The manifests in the chosen format.
    pub manifests: String,
    /// One `# key: value` line each for the status and the ingress URL.
    pub notes: String,
}

/// Read `file` (`-`: stdin) and render it; the error names the file and the field.
pub fn render_file(file: &str, format: OutputFormat) -> Result<RenderOutput, String> {
    let text = if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        text
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    render_text(&text, format).map_err(|message| format!("{file}: {message}"))
}

/// Render the input document `text`.
pub fn render_text(text: &str, format: OutputFormat) -> Result<RenderOutput, String> {
    let input = RenderInput::parse(text).map_err(|e| e.to_string())?;
    let rendered = render::render(&input).map_err(|e| e.to_string())?;
    let manifests = match format {
        OutputFormat::Yaml => {
            render::to_yaml_stream(&rendered.objects).map_err(|e| e.to_string())?
        }
        OutputFormat::Json => render::to_json_list(&rendered.objects),
    };
    let mut notes = format!("# status: {}\n", rendered.status);
    if let Some(url) = &rendered.ingress_url {
        notes.push_str(&format!("# ingress url: {url}\n"));
    }
    Ok(RenderOutput { manifests, notes })
}
