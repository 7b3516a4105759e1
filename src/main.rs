//! Command line: `demo`, `serve` and `simulator`. Kept thin; the work is in the library.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "calling-portal",
    version,
    about = "Self-service web portal for Webex Calling"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the portal against the built-in Webex simulator, with SQLite in ./data: nothing to set up.
    Demo {
        /// Port the portal listens on (the simulator takes a port of its own).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Port for the simulator (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        simulator_port: u16,
        /// Replace the built-in seeded org with one read from this JSON file.
        #[arg(long)]
        seed: Option<PathBuf>,
    },
    /// Run the portal for a real Webex org, configured by environment variables (see the README).
    Serve,
    /// Exit 0 if the portal on this machine answers `/healthz` (for container health checks).
    Healthcheck,
    /// Print the configuration reference (every variable, its default and meaning) as Markdown.
    ConfigReference,
    /// Run only the Webex simulator (OIDC provider and REST API), for development and tests.
    Simulator {
        #[arg(long, default_value_t = 9090)]
        port: u16,
        /// Replace the built-in seeded org with one read from this JSON file.
        #[arg(long)]
        seed: Option<PathBuf>,
        /// Also accept this redirect URI for the seeded integration (repeatable), e.g. a portal's
        /// `https://localhost:8443/auth/callback`.
        #[arg(long = "redirect-uri", value_name = "URI")]
        redirect_uris: Vec<String>,
        /// Once listening, write the `WEBEX_*` variables a portal needs to use this simulator to
        /// this file (`NAME='value'` lines, for a shell to source).
        #[arg(long, value_name = "FILE")]
        portal_env: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo {
            port,
            simulator_port,
            seed,
        } => {
            calling_portal::telemetry::init(false);
            calling_portal::demo::run(port, simulator_port, seed).await
        }
        Command::Serve => {
            let config = match calling_portal::config::Config::from_env() {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("configuration error: {e}");
                    std::process::exit(2);
                }
            };
            calling_portal::telemetry::init(config.log_json);
            calling_portal::app::serve_config(config).await
        }
        Command::Healthcheck => calling_portal::app::healthcheck().await,
        Command::ConfigReference => {
            print!("{}", calling_portal::config::reference_markdown());
            Ok(())
        }
        Command::Simulator {
            port,
            seed,
            redirect_uris,
            portal_env,
        } => {
            calling_portal::telemetry::init(false);
            calling_portal::simulator::run_standalone_with(calling_portal::simulator::Standalone {
                port,
                seed,
                redirect_uris,
                portal_env,
            })
            .await
        }
    }
}
