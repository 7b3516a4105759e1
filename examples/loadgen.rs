//! Load tool: signs users in through Login with Webex and runs a workload against the portal.
//!
//! ```text
//! cargo run --release --example loadgen -- --users 64 --concurrency 64 --duration 20 --workload fragments
//! cargo run --release --example loadgen -- --portal http://127.0.0.1:8080 --simulator http://127.0.0.1:9090 --portal-pid 1234
//! ```
//! Without `--portal`/`--simulator` both run in this process (see `calling_portal::loadgen`).

use std::time::Duration;

use calling_portal::loadgen::{self, Env, LoadOptions, Target, Workload};
use clap::Parser;
use url::Url;

#[derive(Parser)]
#[command(about = "Load, latency and Webex-call figures for calling-portal")]
struct Args {
    /// Distinct users to sign in.
    #[arg(long, default_value_t = 16)]
    users: usize,
    /// Users working at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Seconds the workload runs.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    #[arg(long, value_enum, default_value_t = Workload::Mixed)]
    workload: Workload,
    /// Mixed: one forwarding save per this many page loads (per worker).
    #[arg(long, default_value_t = 5)]
    save_every: u32,
    /// Saves: how many saves in total.
    #[arg(long, default_value_t = 100)]
    saves: usize,
    /// Milliseconds the simulator adds to every Webex call.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Webex requests per token per minute before the simulator answers 429.
    #[arg(long)]
    budget_per_minute: Option<u32>,
    /// Sign-ins at once.
    #[arg(long, default_value_t = 16)]
    sign_in_concurrency: usize,
    /// A running portal's base URL (with --simulator); default: start both in this process.
    #[arg(long, requires = "simulator")]
    portal: Option<Url>,
    /// The running simulator's base URL (`http://host:port`, for its /_sim control endpoints).
    #[arg(long, requires = "portal")]
    simulator: Option<Url>,
    /// The running portal's process id, to read its memory from /proc.
    #[arg(long)]
    portal_pid: Option<u32>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let target = match (args.portal, args.simulator) {
        (Some(portal), Some(simulator)) => Target::Remote {
            portal,
            simulator,
            portal_pid: args.portal_pid,
        },
        _ => Target::InProcess {
            extra_users: args.users,
        },
    };
    let env = Env::start(target).await?;
    eprintln!("portal at {}", env.portal);
    let options = LoadOptions {
        users: args.users,
        concurrency: args.concurrency,
        duration: Duration::from_secs(args.duration),
        workload: args.workload,
        save_every: args.save_every,
        saves: args.saves,
        webex_latency: Duration::from_millis(args.latency_ms),
        webex_budget_per_minute: args.budget_per_minute,
        sign_in_concurrency: args.sign_in_concurrency,
        ..LoadOptions::default()
    };
    let report = loadgen::run(&env, &options).await?;
    print!("{report}");
    Ok(())
}
