//! Load tool: signs users in through Login with Webex and runs a workload against the portal.
//!
//! ```text
//! cargo build --release --bins --examples
//! target/release/examples/loadgen --spawn --users 64 --concurrency 64 --duration 20 --workload fragments
//! target/release/examples/loadgen --portal http://127.0.0.1:8080 --simulator http://127.0.0.1:9090 --portal-pid 1234
//! ```
//! `--spawn` runs the simulator and the portal as child processes of the `calling-portal` binary
//! (so memory is the portal's own); without it or `--portal`/`--simulator` both run in this
//! process (see `load.rs`, the tool's core, which the integration tests also compile).

#[allow(dead_code)] // parts only the integration tests use
mod load;

use std::{path::PathBuf, time::Duration};

use clap::Parser;
use load::{Env, LoadOptions, Target, Workload};
use url::Url;

#[derive(Parser)]
#[command(about = "Load, latency, Webex-call and memory figures for calling-portal")]
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
    /// Reverts: how many timed changes end at the same second (one person each, seeded on top
    /// of --users).
    #[arg(long, default_value_t = 10_000)]
    reverts: usize,
    /// Reverts: page loads started per second, idle and while the reverts drain.
    #[arg(long, default_value_t = 5.0)]
    page_rate: f64,
    /// Reverts: seconds from the start of scheduling until the reverts fall due (default: the
    /// scheduling's estimate, a minute, --duration and a few seconds).
    #[arg(long)]
    reverts_due_in: Option<u64>,
    /// Reverts: stop waiting for the drain after this many seconds.
    #[arg(long, default_value_t = 1800)]
    drain_timeout: u64,
    /// Milliseconds the simulator adds to every Webex call.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Webex requests per token per minute before the simulator answers 429.
    #[arg(long)]
    budget_per_minute: Option<u32>,
    /// Sign-ins at once.
    #[arg(long, default_value_t = 16)]
    sign_in_concurrency: usize,
    /// Read the portal's memory every this many seconds during the workload.
    #[arg(long, default_value_t = 10)]
    memory_every: u64,
    /// Memory growth is the end reading against the first reading this many seconds in.
    #[arg(long, default_value_t = 60)]
    warm_up: u64,
    /// After the workload, send the person-scoped Webex GETs it caused straight to the simulator
    /// (service-app token, same concurrency and duration) and report portal/upstream ratios.
    #[arg(long)]
    baseline: bool,
    /// Bulk: the people one bulk change sets do not disturb on for (seeded on top of --users,
    /// who load pages meanwhile). Needs --spawn; the portal gets a budget of 300 calls a minute
    /// (`--portal-env WEBEX_CALL_BUDGET_PER_MINUTE=…` for another), its job runner looking every
    /// second, the seeded admin and a metrics port. --duration is the idle measurement before.
    #[arg(long, default_value_t = 1000)]
    bulk_people: usize,
    /// Bulk: page loads started per second, idle and while the change is previewed and applied.
    #[arg(long, default_value_t = 0.05)]
    bulk_page_rate: f64,
    /// Bulk: stop waiting for the preview, or for the apply, after this many seconds.
    #[arg(long, default_value_t = 3600)]
    bulk_timeout: u64,
    /// Start the simulator and the portal as child processes of the `calling-portal` binary
    /// (`simulator` and `serve`, SQLite on a fresh file), so memory is the portal's own.
    #[arg(long, conflicts_with_all = ["portal", "simulator", "portal_pid"])]
    spawn: bool,
    /// With --spawn: the `calling-portal` binary (default: the one next to this tool, e.g.
    /// target/release/calling-portal).
    #[arg(long, requires = "spawn")]
    portal_bin: Option<PathBuf>,
    /// With --spawn: run the simulator from this `calling-portal` binary instead (e.g. to compare
    /// two builds of the portal against one upstream).
    #[arg(long, requires = "spawn")]
    simulator_bin: Option<PathBuf>,
    /// An extra portal setting, `NAME=value` (repeatable), applied after the tool's own (e.g.
    /// `WEBEX_CALL_BUDGET_PER_MINUTE=24000`; with --spawn also `PORTAL_DATABASE_URL=postgres://…`,
    /// `RUST_LOG=info`).
    #[arg(long, value_parser = name_value)]
    portal_env: Vec<(String, String)>,
    /// With --spawn: keep the temporary directory (seed, database, both processes' logs).
    #[arg(long, requires = "spawn")]
    keep_files: bool,
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

fn name_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("expected NAME=value, got {s:?}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // On Ctrl-C or SIGTERM the run is dropped, which stops spawned processes.
    tokio::select! {
        r = run(args) => r,
        _ = calling_portal::app::shutdown_signal() => {
            anyhow::bail!("interrupted; spawned processes stopped")
        }
    }
}

async fn run(mut args: Args) -> anyhow::Result<()> {
    let extra_users = match args.workload {
        Workload::Reverts => args.users + args.reverts,
        Workload::Bulk => args.users + args.bulk_people + 1,
        _ => args.users,
    };
    let bulk_setup = match args.workload {
        Workload::Bulk if !args.spawn => {
            anyhow::bail!("the bulk workload sets the portal up for it: use --spawn")
        }
        Workload::Bulk => Some(load::BulkSetup::prepare(&mut args.portal_env)?),
        _ => None,
    };
    let target = match (args.portal, args.simulator) {
        (Some(portal), Some(simulator)) => Target::Remote {
            portal,
            simulator,
            portal_pid: args.portal_pid,
        },
        _ if args.spawn => Target::Spawn {
            portal_bin: match args.portal_bin {
                Some(path) => path,
                None => default_portal_bin()?,
            },
            simulator_bin: args.simulator_bin,
            extra_users,
            portal_env: args.portal_env,
            keep_files: args.keep_files,
        },
        _ => Target::InProcess {
            extra_users,
            portal_env: args.portal_env,
        },
    };
    let env = Env::start(target).await?;
    eprintln!("portal at {}", env.portal);
    if let Some(dir) = env.files().filter(|_| args.keep_files) {
        eprintln!("seed, database and logs in {}", dir.display());
    }
    let options = LoadOptions {
        users: args.users,
        concurrency: args.concurrency,
        duration: Duration::from_secs(args.duration),
        workload: args.workload,
        save_every: args.save_every,
        saves: args.saves,
        bulk: load::BulkOptions {
            people: args.bulk_people,
            page_rate: args.bulk_page_rate,
            timeout: Duration::from_secs(args.bulk_timeout),
            setup: bulk_setup,
        },
        webex_latency: Duration::from_millis(args.latency_ms),
        webex_budget_per_minute: args.budget_per_minute,
        sign_in_concurrency: args.sign_in_concurrency,
        memory_every: Duration::from_secs(args.memory_every),
        warm_up: Duration::from_secs(args.warm_up),
        baseline: args.baseline,
        reverts: args.reverts,
        page_rate: args.page_rate,
        reverts_due_in: args.reverts_due_in.map(Duration::from_secs),
        drain_timeout: Duration::from_secs(args.drain_timeout),
        ..LoadOptions::default()
    };
    let report = load::run(&env, &options).await?;
    print!("{report}");
    Ok(())
}

/// `target/<profile>/calling-portal`, next to `target/<profile>/examples/loadgen`.
fn default_portal_bin() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let profile_dir = exe
        .parent()
        .and_then(|examples| examples.parent())
        .ok_or_else(|| anyhow::anyhow!("cannot tell where {} is", exe.display()))?;
    let bin = profile_dir.join(format!("calling-portal{}", std::env::consts::EXE_SUFFIX));
    // `cargo run --example` rebuilds the tool, not the binary it starts.
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(b), Some(e)) = (modified(&bin), modified(&exe))
        && b < e
    {
        eprintln!(
            "note: {} is older than this tool; `cargo build --release` if the portal changed",
            bin.display()
        );
    }
    Ok(bin)
}
