//! The load tool's core (`main.rs` beside it is its command line; the integration tests compile
//! this file too and run it briefly).
//!
//! It starts the portal and the simulator in this process or as child processes (`Target`), or
//! targets running ones, signs users in through the real Login with Webex flow (portal `/login`
//! → the simulator's sign-in form → the portal's callback), then runs a workload against the
//! `/me` page and its card fragments and reports throughput, latency percentiles per kind of
//! request, errors by kind, Webex calls per operation, lost or doubled writes and memory (read
//! every `memory_every` during the workload).
//!
//! One shared HTTP client (like a proxy in front of the portal) carries every user's requests;
//! each user keeps its own cookie jar, so thousands of users cost thousands of sessions at the
//! portal, not thousands of connections.

use std::{
    collections::{BTreeMap, HashMap},
    fmt,
    path::PathBuf,
    process::{Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use futures_util::{StreamExt, future::join_all, stream};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use reqwest::{Client, Method, cookie::CookieStore as _, redirect::Policy};
use serde_json::Value;
use tokio::{net::TcpListener, sync::oneshot};
use url::Url;

use calling_portal::{
    app::{self, AppState},
    config::{CallBudgetConfig, Config},
    simulator::{self, FaultRule, Simulator, SimulatorOptions, seed},
};

#[path = "bulk.rs"]
mod bulk;
pub use bulk::{BulkOptions, BulkReport, BulkSetup};

/// What to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Workload {
    /// Page loads (shell + every fragment at once, as a browser does) with a forwarding save every
    /// `save_every` page loads.
    Mixed,
    /// Page loads only.
    Page,
    /// One bulk change (do not disturb on for `bulk.people` people from a CSV) previewed and
    /// applied by the admin on the portal's job runner, with page loads at `bulk.page_rate`
    /// idle and alongside (see `bulk.rs`).
    Bulk,
    /// Card fragments only (`HX-Request: true`), one after another per user.
    Fragments,
    /// `saves` forwarding saves (busy forwarding toggled), then stop.
    Saves,
    /// Timed changes' reverts draining: the helpdesk turns on busy forwarding of `reverts`
    /// people "now, until" one time; page loads at `page_rate` are measured idle, then while the
    /// job runner puts all of them back at that time.
    Reverts,
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Distinct users signed in (at least `concurrency` for saves, so one user saves at a time).
    pub users: usize,
    /// Users working at once.
    pub concurrency: usize,
    /// How long the workload runs (`Saves` stops earlier when done).
    pub duration: Duration,
    pub workload: Workload,
    /// In `Mixed`: one save per this many page loads per worker.
    pub save_every: u32,
    /// In `Saves`: how many saves in total.
    pub saves: usize,
    /// In `Bulk`: the change's people, the page rate, and the portal set up for it.
    pub bulk: BulkOptions,
    /// Added by the simulator to every Webex call.
    pub webex_latency: Duration,
    /// Webex requests allowed per token per minute (the simulator answers 429 beyond).
    pub webex_budget_per_minute: Option<u32>,
    /// The extension busy forwarding is pointed at when a save turns it on.
    pub forward_to: String,
    /// Sign-ins at once.
    pub sign_in_concurrency: usize,
    /// How often the portal's memory is read during the workload.
    pub memory_every: Duration,
    /// Memory growth is measured from the reading this far into the workload to the end.
    pub warm_up: Duration,
    /// After the workload, send the person-scoped Webex GETs it caused straight to the
    /// simulator (service-app token, same users, concurrency and duration): the upstream's own
    /// figures, to put the portal's against.
    pub baseline: bool,
    /// In `Reverts`: how many people get a change that goes back at the same time.
    pub reverts: usize,
    /// In `Reverts`: page loads started per second (at a steady rate whatever their latency, so
    /// idle and draining are measured under the same offered load).
    pub page_rate: f64,
    /// In `Reverts`: when the reverts fall due, counted from the start of scheduling; `None`:
    /// long enough for the scheduling and an idle minute (see [`reverts_due_in`]).
    pub reverts_due_in: Option<Duration>,
    /// In `Reverts`: give up waiting for the drain after this long.
    pub drain_timeout: Duration,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            users: 16,
            concurrency: 8,
            duration: Duration::from_secs(10),
            workload: Workload::Mixed,
            save_every: 5,
            saves: 100,
            bulk: BulkOptions::default(),
            webex_latency: Duration::ZERO,
            webex_budget_per_minute: None,
            forward_to: "1001".into(),
            sign_in_concurrency: 16,
            memory_every: Duration::from_secs(10),
            warm_up: Duration::from_secs(60),
            baseline: false,
            reverts: 100,
            page_rate: 5.0,
            reverts_due_in: None,
            drain_timeout: Duration::from_secs(30 * 60),
        }
    }
}

/// A portal and a simulator to load: started here, or already running elsewhere.
pub enum Target {
    /// Both in this process; the simulator seeded with `extra_users` more users, the portal on a
    /// fresh SQLite file (removed on drop), `portal_env` applied after the tool's own settings.
    /// Memory covers portal, simulator and load tool.
    InProcess {
        extra_users: usize,
        portal_env: Vec<(String, String)>,
    },
    /// Both as child processes of this one, from the `calling-portal` binary at `portal_bin`
    /// (`simulator --seed <generated file>` and `serve`), the portal on a fresh SQLite file.
    /// Memory is the portal process's own. `portal_env` (`NAME`, value) is added to the portal's
    /// environment after the tool's own settings, so it can override them. Both are stopped when
    /// the `Env` is dropped; `keep_files` keeps their logs, seed and database. The simulator runs
    /// from `simulator_bin` when given, so that a change to the portal's build (an allocator, say)
    /// is measured against the same upstream.
    Spawn {
        portal_bin: PathBuf,
        simulator_bin: Option<PathBuf>,
        extra_users: usize,
        portal_env: Vec<(String, String)>,
        keep_files: bool,
    },
    /// Running ones: the portal's base URL and the simulator's base (`http://host:port`).
    /// Memory is read from `/proc/<portal_pid>/status` when given.
    Remote {
        portal: Url,
        simulator: Url,
        portal_pid: Option<u32>,
    },
}

/// A started or attached target.
pub struct Env {
    pub portal: Url,
    sim: SimControl,
    /// Candidate sign-in emails (Webex Calling users of the main org) and their person ids.
    people: Vec<(String, String)>,
    /// The portal's call budget as configured for this run.
    pub budget: CallBudgetConfig,
    /// Where the job steps' progress is read: the portal in this process (its store and
    /// budget), or a spawned portal's metrics endpoint.
    jobs: Option<JobsProbe>,
    portal_pid: Option<u32>,
    stop_portal: Option<oneshot::Sender<()>>,
    database_file: Option<PathBuf>,
    /// Declared last: dropped (children stopped) after everything that talks to them.
    children: Option<Children>,
}

enum SimControl {
    Local(Simulator),
    /// `base` is `http://host:port` (control endpoints; the Webex API under `/v1`). `service` is
    /// the seeded service app, whose admin token reads people's settings to check saves.
    Remote {
        base: Url,
        http: Client,
        service: Option<seed::SeedClient>,
    },
}

enum JobsProbe {
    Local(AppState),
    Metrics(Url),
}

/// Fast enough for any load run; the portal's real default stays as configured elsewhere.
const TOKEN_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// The portal's configuration for a load run, the same for both ways of starting it.
fn portal_vars(
    listen: &str,
    public_url: &str,
    database_file: &std::path::Path,
    webex_base: &str,
    seed: &seed::Seed,
) -> anyhow::Result<Vec<(&'static str, String)>> {
    let integration = seed
        .integration_client()
        .ok_or_else(|| anyhow::anyhow!("the seed has no integration"))?;
    let service = seed
        .service_app_client()
        .ok_or_else(|| anyhow::anyhow!("the seed has no service app"))?;
    Ok(vec![
        ("PORTAL_LISTEN", listen.into()),
        ("PORTAL_PUBLIC_URL", public_url.into()),
        (
            "PORTAL_DATABASE_URL",
            format!("sqlite://{}?mode=rwc", database_file.display()),
        ),
        // Every simulated user comes from 127.0.0.1: the per-IP sign-in limit would be the
        // only thing measured.
        ("PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE", "60000".into()),
        // The same for the per-user save limit and the portal's Webex call budget: a load run
        // measures the portal, and `--budget-per-minute` sets Webex's own limit at the simulator.
        ("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "1000000".into()),
        ("WEBEX_CALL_BUDGET_PER_MINUTE", "100000000".into()),
        ("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "100000000".into()),
        // The reverts workload's scheduler; an employee everywhere else.
        (
            "PORTAL_ROLE_MAP",
            format!("email:{}=helpdesk", seed::HELPDESK_EMAIL),
        ),
        // Due steps start within a second (the default looks every 15).
        ("PORTAL_JOBS_POLL_SECS", "1".into()),
        // Off: the default port would clash between runs, and nothing here reads it.
        ("PORTAL_METRICS_LISTEN", String::new()),
        ("WEBEX_API_BASE_URL", webex_base.into()),
        ("WEBEX_OIDC_CLIENT_ID", integration.client_id.clone()),
        (
            "WEBEX_OIDC_CLIENT_SECRET",
            integration.client_secret.clone(),
        ),
        ("WEBEX_SERVICE_APP_CLIENT_ID", service.client_id.clone()),
        (
            "WEBEX_SERVICE_APP_CLIENT_SECRET",
            service.client_secret.clone(),
        ),
        (
            "WEBEX_SERVICE_APP_REFRESH_TOKEN",
            service.refresh_token.clone().unwrap_or_default(),
        ),
        ("PORTAL_TOKEN_ENCRYPTION_KEY", TOKEN_KEY.into()),
    ])
}

impl Env {
    pub async fn start(target: Target) -> anyhow::Result<Env> {
        match target {
            Target::InProcess {
                extra_users,
                portal_env,
            } => Self::in_process(extra_users, portal_env).await,
            Target::Spawn {
                portal_bin,
                simulator_bin,
                extra_users,
                portal_env,
                keep_files,
            } => {
                Self::spawn(
                    portal_bin,
                    simulator_bin,
                    extra_users,
                    portal_env,
                    keep_files,
                )
                .await
            }
            Target::Remote {
                portal,
                simulator,
                portal_pid,
            } => Ok(Env {
                portal,
                people: calling_people(&seed::Seed::builtin()),
                // Not known from here; only the reverts workload needs it, and it refuses a remote.
                budget: CallBudgetConfig::default(),
                jobs: None,
                sim: SimControl::Remote {
                    base: simulator,
                    http: Client::new(),
                    service: seed::Seed::builtin().service_app_client().cloned(),
                },
                portal_pid,
                stop_portal: None,
                database_file: None,
                children: None,
            }),
        }
    }

    async fn in_process(
        extra_users: usize,
        portal_env: Vec<(String, String)>,
    ) -> anyhow::Result<Env> {
        let seed = seed::Seed::builtin_with_extra_users(extra_users);
        let people = calling_people(&seed);
        let integration_id = seed
            .integration_client()
            .ok_or_else(|| anyhow::anyhow!("the seed has no integration"))?
            .client_id
            .clone();
        let sim = simulator::start(SimulatorOptions {
            seed: seed.clone(),
            ..SimulatorOptions::default()
        })
        .await?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let database_file = std::env::temp_dir().join(format!(
            "calling-portal-load-{}-{}.db",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let mut vars: HashMap<String, String> = portal_vars(
            &addr.to_string(),
            &base,
            &database_file,
            sim.base_url().as_str(),
            &seed,
        )?
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        vars.extend(portal_env);
        let config = Config::from_lookup(|k| vars.get(k).cloned())?;
        sim.register_redirect_uri(&integration_id, config.redirect_uri().as_str());
        let budget = config.webex.call_budget;
        let state = AppState::new(config).await?;
        let jobs = Some(JobsProbe::Local(state.clone()));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(app::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Ok(Env {
            portal: Url::parse(&base)?,
            sim: SimControl::Local(sim),
            people,
            budget,
            jobs,
            portal_pid: None,
            stop_portal: Some(stop),
            database_file: Some(database_file),
            children: None,
        })
    }

    /// Starts `calling-portal simulator` on a generated seed file (the built-in org plus
    /// `extra_users`, the portal's callback registered), then `calling-portal serve` configured
    /// for it, and waits until the portal's `/readyz` answers 200.
    async fn spawn(
        bin: PathBuf,
        simulator_bin: Option<PathBuf>,
        extra_users: usize,
        portal_env: Vec<(String, String)>,
        keep_files: bool,
    ) -> anyhow::Result<Env> {
        anyhow::ensure!(
            bin.is_file(),
            "no portal binary at {} (build it with `cargo build --release`, or pass --portal-bin)",
            bin.display()
        );
        let simulator_bin = simulator_bin.unwrap_or_else(|| bin.clone());
        anyhow::ensure!(
            simulator_bin.is_file(),
            "no simulator binary at {}",
            simulator_bin.display()
        );
        let dir = std::env::temp_dir().join(format!(
            "calling-portal-load-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir)?;
        let mut children = Children {
            running: Vec::new(),
            dir: dir.clone(),
            keep: keep_files,
        };

        // The portal's port is chosen first: its callback must be in the seed.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let mut seed = seed::Seed::builtin_with_extra_users(extra_users);
        let people = calling_people(&seed);
        if let Some(c) = seed
            .clients
            .iter_mut()
            .find(|c| c.kind == seed::ClientKind::Integration)
        {
            c.redirect_uris.push(format!("{base}/auth/callback"));
        }
        let seed_file = dir.join("seed.json");
        std::fs::write(&seed_file, serde_json::to_vec(&seed)?)?;

        let sim_log = dir.join("simulator.log");
        let mut cmd = child_command(&simulator_bin, &sim_log)?;
        cmd.arg("simulator")
            .arg("--port")
            .arg("0")
            .arg("--seed")
            .arg(&seed_file);
        children.start("simulator", cmd)?;
        // `run_standalone` prints "Webex simulator running at http://127.0.0.1:<port>/v1".
        let webex_base = children
            .wait_for("simulator", || async {
                let log = std::fs::read_to_string(&sim_log).unwrap_or_default();
                log.lines()
                    .find_map(|l| l.strip_prefix("Webex simulator running at "))
                    .map(|u| u.trim().to_owned())
            })
            .await?;
        let webex_base = Url::parse(&webex_base)?;
        let sim_control = Url::parse(&webex_base.origin().ascii_serialization())?;

        let portal_log = dir.join("portal.log");
        let mut cmd = child_command(&bin, &portal_log)?;
        cmd.arg("serve");
        // Metrics on a port of its own: the reverts workload reads the job steps' progress there.
        let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut vars: HashMap<String, String> = HashMap::new();
        for (k, v) in portal_vars(
            &format!("127.0.0.1:{port}"),
            &base,
            &dir.join("portal.db"),
            webex_base.as_str(),
            &seed,
        )? {
            vars.insert(k.to_owned(), v);
        }
        vars.insert(
            "PORTAL_METRICS_LISTEN".into(),
            format!("127.0.0.1:{metrics_port}"),
        );
        vars.extend(portal_env);
        // Read as the portal will: the budget for the report, a bad setting refused here.
        let budget = Config::from_lookup(|k| vars.get(k).cloned())?
            .webex
            .call_budget;
        let metrics = Url::parse(&format!("http://127.0.0.1:{metrics_port}/metrics"))?;
        for (k, v) in &vars {
            cmd.env(k, v);
        }
        let portal_pid = children.start("portal", cmd)?;
        let readyz = Url::parse(&format!("{base}/readyz"))?;
        let http = Client::builder().timeout(Duration::from_secs(5)).build()?;
        children
            .wait_for("portal", || async {
                let res = http.get(readyz.clone()).send().await;
                res.is_ok_and(|r| r.status() == StatusCode::OK)
                    .then_some(())
            })
            .await?;
        Ok(Env {
            portal: Url::parse(&base)?,
            sim: SimControl::Remote {
                base: sim_control,
                http: Client::new(),
                service: seed.service_app_client().cloned(),
            },
            people,
            budget,
            jobs: Some(JobsProbe::Metrics(metrics)),
            portal_pid: Some(portal_pid),
            stop_portal: None,
            database_file: None,
            children: Some(children),
        })
    }

    /// The portal's process id, when it runs in a process of its own.
    pub fn portal_pid(&self) -> Option<u32> {
        self.portal_pid
    }

    /// Where the spawned processes' logs, seed and database are (spawn mode only).
    pub fn files(&self) -> Option<&std::path::Path> {
        self.children.as_ref().map(|c| c.dir.as_path())
    }

    /// How many users can sign in.
    pub fn user_capacity(&self) -> usize {
        self.people.len()
    }

    async fn add_fault(&self, rule: FaultRule) -> anyhow::Result<()> {
        match &self.sim {
            SimControl::Local(sim) => sim.faults().add(rule),
            SimControl::Remote { base, http, .. } => {
                http.post(base.join("/_sim/faults")?)
                    .json(&rule)
                    .send()
                    .await?
                    .error_for_status()?;
            }
        }
        Ok(())
    }

    async fn clear_faults(&self) -> anyhow::Result<()> {
        match &self.sim {
            SimControl::Local(sim) => sim.faults().clear(),
            SimControl::Remote { base, http, .. } => {
                http.delete(base.join("/_sim/faults")?)
                    .send()
                    .await?
                    .error_for_status()?;
            }
        }
        Ok(())
    }

    /// Webex requests so far, per `METHOD pattern`.
    async fn webex_counts(&self) -> anyhow::Result<BTreeMap<String, u64>> {
        let body: Value = match &self.sim {
            SimControl::Local(sim) => {
                // The same numbers the control endpoint serves, without HTTP.
                let mut out = BTreeMap::new();
                for (method, pattern) in COUNTED {
                    out.insert(
                        format!("{method} {pattern}"),
                        sim.request_count(method, pattern),
                    );
                }
                out.insert("total".into(), sim.total_request_count());
                return Ok(out);
            }
            SimControl::Remote { base, http, .. } => {
                http.get(base.join("/_sim/counts")?)
                    .send()
                    .await?
                    .error_for_status()?
                    .json()
                    .await?
            }
        };
        let mut out = BTreeMap::new();
        for c in body["counts"].as_array().into_iter().flatten() {
            out.insert(
                format!(
                    "{} {}",
                    c["method"].as_str().unwrap_or(""),
                    c["path"].as_str().unwrap_or("")
                ),
                c["count"].as_u64().unwrap_or(0),
            );
        }
        out.insert("total".into(), body["total"].as_u64().unwrap_or(0));
        Ok(out)
    }

    /// Whether Webex (the simulator) has each user's busy forwarding on; `None` if it cannot be
    /// read. A simulator elsewhere is asked through its Webex API with the service app's own
    /// admin token (a refresh does not end the portal's token), outside the counted window.
    async fn busy_states(&self, person_ids: &[&str]) -> Option<Vec<Option<bool>>> {
        if let SimControl::Local(sim) = &self.sim {
            return Some(
                person_ids
                    .iter()
                    .map(|id| busy_enabled(sim.person_setting(id, "callForwarding")))
                    .collect(),
            );
        }
        let http = Client::new();
        let (base, token) = self.service_token(&http).await?;
        let (base, token, http) = (&base, token.as_str(), &http);
        let states: Vec<Option<bool>> = stream::iter(person_ids)
            .map(|id| async move {
                let url = base
                    .join(&format!("/v1/people/{id}/features/callForwarding"))
                    .ok()?;
                let res = http.get(url).bearer_auth(token).send().await.ok()?;
                let body: Value = res.error_for_status().ok()?.json().await.ok()?;
                busy_enabled(Some(body))
            })
            .buffered(16)
            .collect()
            .await;
        // One unreadable person makes the check unreliable: no figure rather than a wrong one.
        states.iter().all(Option::is_some).then_some(states)
    }

    /// The simulator's base (`http://host:port`) and a fresh access token of the seeded service
    /// app (a refresh does not end the portal's token).
    async fn service_token(&self, http: &Client) -> Option<(Url, String)> {
        let (base, service) = match &self.sim {
            SimControl::Local(sim) => (
                Url::parse(&sim.base_url().origin().ascii_serialization()).ok()?,
                seed::Seed::builtin().service_app_client().cloned()?,
            ),
            SimControl::Remote { base, service, .. } => (base.clone(), service.clone()?),
        };
        let token: Value = http
            .post(base.join("/v1/access_token").ok()?)
            .form(&[
                ("grant_type", "refresh_token"),
                ("client_id", service.client_id.as_str()),
                ("client_secret", service.client_secret.as_str()),
                ("refresh_token", service.refresh_token.as_deref()?),
            ])
            .send()
            .await
            .ok()?
            .error_for_status()
            .ok()?
            .json()
            .await
            .ok()?;
        let token = token["access_token"].as_str()?.to_owned();
        Some((base, token))
    }

    /// Resident memory now and at its peak: of the portal process when its pid is known
    /// (spawned, or given), of this whole process (portal, simulator and load tool together) when
    /// they run in it.
    pub fn memory(&self) -> Option<Memory> {
        let path = match (self.portal_pid, &self.sim) {
            (Some(pid), _) => format!("/proc/{pid}/status"),
            (None, SimControl::Local(_)) => "/proc/self/status".into(),
            // A portal elsewhere whose pid we were not told: this process is only the tool.
            (None, SimControl::Remote { .. }) => return None,
        };
        let status = std::fs::read_to_string(path).ok()?;
        let kb = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        };
        Some(Memory {
            rss_kb: kb("VmRSS:")?,
            hwm_kb: kb("VmHWM:")?,
            whole_process: self.portal_pid.is_none(),
        })
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(stop) = self.stop_portal.take() {
            let _ = stop.send(());
        }
        if let Some(file) = &self.database_file {
            for suffix in ["", "-wal", "-shm"] {
                let mut path = file.clone().into_os_string();
                path.push(suffix);
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// The simulator and portal processes of a spawned target, stopped (killed and reaped) on drop,
/// so an error, a panic or Ctrl-C handled by the caller leaves no process behind.
struct Children {
    running: Vec<(&'static str, std::process::Child)>,
    /// Seed, database and one log per process; removed on drop unless `keep`.
    dir: PathBuf,
    keep: bool,
}

/// A command for the portal binary: a clean environment (what a run depends on is set
/// explicitly), output to `log`. Logs at `warn` unless `RUST_LOG` says otherwise: request logging
/// would be measured too, and the in-process mode has none.
fn child_command(bin: &std::path::Path, log: &std::path::Path) -> anyhow::Result<Command> {
    let out = std::fs::File::create(log)?;
    let mut cmd = Command::new(bin);
    cmd.env_clear()
        .env(
            "RUST_LOG",
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out);
    for keep in ["PATH", "HOME", "TMPDIR", "RUST_BACKTRACE"] {
        if let Some(v) = std::env::var_os(keep) {
            cmd.env(keep, v);
        }
    }
    Ok(cmd)
}

impl Children {
    fn start(&mut self, name: &'static str, mut cmd: Command) -> anyhow::Result<u32> {
        let child = cmd
            .spawn()
            .map_err(|e| anyhow::anyhow!("cannot start the {name}: {e}"))?;
        let pid = child.id();
        self.running.push((name, child));
        Ok(pid)
    }

    /// Polls `probe` until it yields a value; fails if a child exits or a minute passes, with
    /// the end of that child's log.
    async fn wait_for<T, F, Fut>(&mut self, name: &str, mut probe: F) -> anyhow::Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(v) = probe().await {
                return Ok(v);
            }
            for (n, child) in &mut self.running {
                if let Some(status) = child.try_wait()? {
                    anyhow::bail!("the {n} exited ({status}):\n{}", log_tail(&self.dir, n));
                }
            }
            if Instant::now() > deadline {
                anyhow::bail!(
                    "the {name} did not get ready in 60 s:\n{}",
                    log_tail(&self.dir, name)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The last lines of a spawned process's log.
fn log_tail(dir: &std::path::Path, name: &str) -> String {
    let log = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

impl Drop for Children {
    fn drop(&mut self) {
        // The portal first, so it does not report a Webex outage on its way down.
        for (_, child) in self.running.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The Webex operations a report breaks down.
const COUNTED: [(&str, &str); 7] = [
    ("POST", "/v1/access_token"),
    ("GET", "/v1/people/{personId}"),
    ("GET", "/v1/people/{personId}/features/callForwarding"),
    ("PUT", "/v1/people/{personId}/features/callForwarding"),
    ("GET", "/v1/people/{personId}/features/doNotDisturb"),
    ("GET", "/v1/people/{personId}/features/callWaiting"),
    (
        "GET",
        "/v1/telephony/config/people/{personId}/settings/permissions",
    ),
];

/// (email, person id) of the users a run may sign in or act on.
fn calling_people(seed: &seed::Seed) -> Vec<(String, String)> {
    let main_org = seed.orgs.first().map(|o| o.id.clone()).unwrap_or_default();
    seed.users
        .iter()
        // Users with special settings are left to the feature tests; the helpdesk schedules.
        .filter(|u| {
            u.org_id == main_org
                && u.calling.is_some()
                && u.settings.is_empty()
                && u.email != seed::HELPDESK_EMAIL
        })
        .map(|u| (u.email.clone(), seed::person_id(&u.id)))
        .collect()
}

#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_kb: u64,
    pub hwm_kb: u64,
    /// Read from this process: the portal, the simulator and the load tool together.
    pub whole_process: bool,
}

/// One signed-in user: its cookies and the fragment paths its `/me` page loads.
struct User {
    jar: Arc<reqwest::cookie::Jar>,
    fragments: Vec<String>,
    forwarding: String,
    person_id: String,
    /// The forwarding card as last shown (loaded at sign-in, then each save's answer), so a save
    /// posts what the user sees, as a browser does.
    card: Mutex<String>,
}

/// The shared client: no redirects followed (each hop is checked), no cookies of its own.
fn http_client() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .pool_max_idle_per_host(256)
        .build()
        .expect("an HTTP client")
}

impl Env {
    async fn send(
        &self,
        http: &Client,
        user: &User,
        method: Method,
        path: &str,
        hx: bool,
        form: Option<&[(String, String)]>,
    ) -> Result<(StatusCode, HeaderMap, String), String> {
        let url = self.portal.join(path).map_err(|e| e.to_string())?;
        let mut req = http.request(method.clone(), url.clone());
        if let Some(cookies) = user.jar.cookies(&url) {
            req = req.header(header::COOKIE, cookies);
        }
        if hx {
            req = req
                .header("HX-Request", "true")
                .header("HX-Current-URL", self.portal.join("/me").unwrap().as_str());
        }
        if method != Method::GET {
            req = req
                .header(header::ORIGIN, self.portal.origin().ascii_serialization())
                .header("Sec-Fetch-Site", "same-origin");
        }
        if let Some(form) = form {
            req = req.form(form);
        }
        let res = req.send().await.map_err(|e| format!("transport: {e}"))?;
        let mut set = res.headers().get_all(header::SET_COOKIE).iter();
        user.jar.set_cookies(&mut set, &url);
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.map_err(|e| format!("body: {e}"))?;
        Ok((status, headers, body))
    }

    /// The real sign-in: `/login`, the simulator's form (email + password), the callback, `/me`.
    async fn sign_in(&self, http: &Client, email: &str) -> Result<User, String> {
        let mut user = User {
            jar: Arc::new(reqwest::cookie::Jar::default()),
            fragments: Vec::new(),
            forwarding: String::new(),
            person_id: String::new(),
            card: Mutex::new(String::new()),
        };
        let (status, headers, _) = self
            .send(http, &user, Method::GET, "/login", false, None)
            .await?;
        let authorize = location(status, &headers, "/login")?;
        let authorize = Url::parse(&authorize).map_err(|e| e.to_string())?;
        let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
        form.push(("email".into(), email.into()));
        form.push(("password".into(), seed::USER_PASSWORD.into()));
        let mut target = authorize.clone();
        target.set_query(None);
        let res = http
            .post(target)
            .form(&form)
            .send()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let callback = location(res.status(), res.headers(), "simulator sign-in")?;
        let callback = Url::parse(&callback).map_err(|e| e.to_string())?;
        let path = match callback.query() {
            Some(q) => format!("{}?{q}", callback.path()),
            None => callback.path().to_owned(),
        };
        let (status, headers, _) = self
            .send(http, &user, Method::GET, &path, false, None)
            .await?;
        let landed = location(status, &headers, "callback")?;
        if landed != "/me" {
            return Err(format!("callback sent the user to {landed}"));
        }
        let (status, _, page) = self
            .send(http, &user, Method::GET, "/me", false, None)
            .await?;
        if status != StatusCode::OK {
            return Err(format!("/me answered {status}"));
        }
        user.fragments = attribute_values(&page, "hx-get");
        user.forwarding = user
            .fragments
            .iter()
            .find(|p| p.ends_with("/forwarding"))
            .cloned()
            .ok_or("/me has no forwarding card")?;
        user.person_id = user
            .forwarding
            .trim_start_matches("/hx/people/")
            .trim_end_matches("/forwarding")
            .to_owned();
        let (status, _, card) = self
            .send(http, &user, Method::GET, &user.forwarding, true, None)
            .await?;
        if status != StatusCode::OK {
            return Err(format!("the forwarding card answered {status}"));
        }
        *user.card.lock().unwrap() = card;
        Ok(user)
    }
}

fn location(status: StatusCode, headers: &HeaderMap, step: &str) -> Result<String, String> {
    if !status.is_redirection() {
        return Err(format!("{step} answered {status}, not a redirect"));
    }
    headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("{step} redirect without Location"))
}

/// Every value of `attr="…"` in `html`, in order (the portal's templates quote with `"`).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(unescape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The fields a browser would submit from the first `<form>` in `html`: text and hidden inputs,
/// ticked checkboxes; disabled ones left out.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<form") else {
        return Vec::new();
    };
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |e| start + e);
    let form = &html[start..end];
    let mut out = Vec::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let attr = |name: &str| attribute_values(tag, name).into_iter().next();
        let has = |flag: &str| {
            tag.split_whitespace()
                .any(|w| w.trim_end_matches('/') == flag)
        };
        let Some(name) = attr("name") else { continue };
        if has("disabled") {
            continue;
        }
        let value = attr("value").unwrap_or_default();
        match attr("type").as_deref() {
            Some("checkbox") | Some("radio") => {
                if has("checked") {
                    out.push((name, value));
                }
            }
            _ => out.push((name, value)),
        }
    }
    out
}

/// What one save ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SaveOutcome {
    /// Webex took it (the card announces `settings-changed`).
    Saved,
    /// "Webex is busy" with the input kept.
    Busy,
    /// Someone else changed it first (cannot happen in this tool: one worker per user).
    Conflict,
}

#[derive(Default)]
struct Recorder {
    samples: Mutex<BTreeMap<&'static str, Vec<Duration>>>,
    errors: Mutex<BTreeMap<String, u64>>,
    saves: Mutex<BTreeMap<SaveOutcome, u64>>,
}

impl Recorder {
    fn sample(&self, kind: &'static str, took: Duration) {
        self.samples
            .lock()
            .unwrap()
            .entry(kind)
            .or_default()
            .push(took);
    }

    fn error(&self, kind: impl Into<String>) {
        *self.errors.lock().unwrap().entry(kind.into()).or_default() += 1;
    }
}

/// Latency figures for one kind of request.
#[derive(Debug, Clone)]
pub struct KindStats {
    pub count: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
}

fn stats(mut v: Vec<Duration>) -> KindStats {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    KindStats {
        count: v.len(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        max: *v.last().unwrap(),
    }
}

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    pub options: LoadOptions,
    pub users_signed_in: usize,
    pub sign_in: Option<KindStats>,
    pub sign_in_elapsed: Duration,
    pub elapsed: Duration,
    /// Portal requests answered during the workload (all kinds, page totals not counted twice).
    pub requests: usize,
    pub per_kind: BTreeMap<&'static str, KindStats>,
    pub errors: BTreeMap<String, u64>,
    pub saves: BTreeMap<SaveOutcome, u64>,
    /// Webex requests during the workload, per operation (and `total`).
    pub webex_calls: BTreeMap<String, u64>,
    /// Every card fragment's latency, all kinds together (what the baseline is put against).
    pub fragments: Option<KindStats>,
    /// The upstream alone (`LoadOptions::baseline`).
    pub baseline: Option<Baseline>,
    /// The `Bulk` workload's figures.
    pub bulk: Option<BulkReport>,
    /// Applied saves that Webex does not show (lost) or shows twice; `None` when the workload
    /// saves nothing or the simulator's state cannot be read.
    pub lost_or_doubled_writes: Option<u64>,
    pub memory_after_sign_in: Option<Memory>,
    /// Readings during the workload, the last one at its end.
    pub memory: MemoryTrend,
    /// The `Reverts` workload's figures.
    pub reverts: Option<RevertsReport>,
}

/// The portal's memory over a workload: readings every `memory_every`, the last at the end.
#[derive(Debug, Clone)]
pub struct MemoryTrend {
    /// (time since the workload began, reading)
    pub samples: Vec<(Duration, Memory)>,
    pub warm_up: Duration,
}

impl MemoryTrend {
    pub fn end(&self) -> Option<Memory> {
        self.samples.last().map(|(_, m)| *m)
    }

    /// The first reading at or after the warm-up (none if the run was shorter).
    pub fn after_warm_up(&self) -> Option<(Duration, Memory)> {
        self.samples
            .iter()
            .find(|(t, _)| *t >= self.warm_up)
            .copied()
    }

    pub fn min_rss_kb(&self) -> Option<u64> {
        self.samples.iter().map(|(_, m)| m.rss_kb).min()
    }

    pub fn max_rss_kb(&self) -> Option<u64> {
        self.samples.iter().map(|(_, m)| m.rss_kb).max()
    }

    /// End against the reading after the warm-up, in percent of the latter.
    pub fn growth_after_warm_up_percent(&self) -> Option<f64> {
        let (_, warm) = self.after_warm_up()?;
        let end = self.end()?;
        (warm.rss_kb > 0)
            .then(|| (end.rss_kb as f64 - warm.rss_kb as f64) * 100.0 / warm.rss_kb as f64)
    }
}

impl Report {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// Portal requests/s against the upstream's requests/s for the Webex GETs behind them.
    pub fn throughput_ratio(&self) -> Option<f64> {
        let b = self.baseline.as_ref()?.requests_per_second();
        (b > 0.0).then(|| self.requests_per_second() / b)
    }

    /// Fragment latency against the upstream's GET latency: (p50, p99).
    pub fn latency_ratio(&self) -> Option<(f64, f64)> {
        let (p, u) = (
            self.fragments.as_ref()?,
            self.baseline.as_ref()?.latency.as_ref()?,
        );
        let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
        Some((r(p.p50, u.p50), r(p.p99, u.p99)))
    }
}

/// The upstream alone: Webex GETs sent straight to the simulator.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub requests: usize,
    pub elapsed: Duration,
    /// Every GET's latency (answered 2xx).
    pub latency: Option<KindStats>,
    pub errors: BTreeMap<String, u64>,
    /// The route patterns sent, each once per user round, and those the workload used that
    /// name more than the person (a location, a queue) or need a query, so are not sent.
    pub sent: Vec<String>,
    pub left_out: Vec<String>,
}

impl Baseline {
    pub fn requests_per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Each worker takes its users in turn as in the workload and sends, one after another, every
/// person-scoped GET the workload made (`calls`: its Webex calls by `METHOD /v1/pattern`) with
/// the service app's token, until `options.duration` has passed.
async fn baseline(
    env: &Env,
    http: &Client,
    users: &[User],
    calls: &BTreeMap<String, u64>,
    options: &LoadOptions,
) -> anyhow::Result<Baseline> {
    let (base, token) = env
        .service_token(http)
        .await
        .ok_or_else(|| anyhow::anyhow!("no service-app token for the baseline"))?;
    let (mut sent, mut left_out) = (Vec::new(), Vec::new());
    for op in calls.keys() {
        let Some(pattern) = op.strip_prefix("GET ") else {
            continue;
        };
        let bare = pattern.replace("{personId}", "");
        // Without the person in it, a GET lists something (devices, numbers) and needs a query.
        if bare.contains('{') || bare == pattern {
            left_out.push(pattern.to_owned());
        } else {
            sent.push(pattern.to_owned());
        }
    }
    anyhow::ensure!(
        !sent.is_empty(),
        "the workload made no person-scoped Webex GET"
    );
    let rec = Recorder::default();
    let requests = AtomicUsize::new(0);
    let workers = options.concurrency.min(users.len());
    let began = Instant::now();
    let deadline = began + options.duration;
    join_all((0..workers).map(|w| {
        let (rec, requests, sent, base, token) = (&rec, &requests, &sent, &base, &token);
        async move {
            let mine: Vec<&User> = users.iter().skip(w).step_by(workers).collect();
            let mut round = 0;
            while Instant::now() < deadline {
                let user = mine[round % mine.len()];
                round += 1;
                for pattern in sent {
                    let url = base.join(&pattern.replace("{personId}", &user.person_id))?;
                    let t = Instant::now();
                    let r = match http.get(url).bearer_auth(token).send().await {
                        Ok(r) if r.status().is_success() => r
                            .bytes()
                            .await
                            .map(|_| ())
                            .map_err(|e| format!("body: {e}")),
                        Ok(r) => Err(r.status().to_string()),
                        Err(e) => Err(format!("transport: {e}")),
                    };
                    requests.fetch_add(1, Ordering::Relaxed);
                    match r {
                        Ok(()) => rec.sample("GET", t.elapsed()),
                        Err(e) => rec.error(format!("baseline GET: {e}")),
                    }
                }
            }
            anyhow::Ok(())
        }
    }))
    .await
    .into_iter()
    .collect::<anyhow::Result<Vec<()>>>()?;
    let elapsed = began.elapsed();
    let latency = rec.samples.into_inner().unwrap().remove("GET").map(stats);
    Ok(Baseline {
        requests: requests.into_inner(),
        elapsed,
        latency,
        errors: rec.errors.into_inner().unwrap(),
        sent,
        left_out,
    })
}

/// Signs in `options.users` users, then runs the workload.
pub async fn run(env: &Env, options: &LoadOptions) -> anyhow::Result<Report> {
    let reverting = match options.workload {
        Workload::Reverts => options.reverts,
        _ => 0,
    };
    anyhow::ensure!(
        options.users + reverting <= env.user_capacity(),
        "only {} users can sign in; ask for more extra users",
        env.user_capacity()
    );
    anyhow::ensure!(options.concurrency >= 1 && options.users >= 1);
    let http = http_client();
    let recorder = Recorder::default();

    let started = Instant::now();
    let mut sign_in_times = Vec::new();
    let mut users = Vec::new();
    let results: Vec<_> = stream::iter(env.people.iter().take(options.users).map(|(e, _)| e))
        .map(|email| {
            let http = &http;
            async move {
                let t = Instant::now();
                let r = env.sign_in(http, email).await;
                (r, t.elapsed())
            }
        })
        .buffer_unordered(options.sign_in_concurrency.max(1))
        .collect()
        .await;
    for (r, took) in results {
        match r {
            Ok(u) => {
                users.push(u);
                sign_in_times.push(took);
            }
            Err(e) => recorder.error(format!("sign-in: {e}")),
        }
    }
    let sign_in_elapsed = started.elapsed();
    let memory_after_sign_in = env.memory();
    if options.workload == Workload::Bulk {
        let mut report = bulk::run(env, options, &http, users, recorder).await?;
        report.sign_in = (!sign_in_times.is_empty()).then(|| stats(sign_in_times));
        report.sign_in_elapsed = sign_in_elapsed;
        report.memory_after_sign_in = memory_after_sign_in;
        return Ok(report);
    }
    anyhow::ensure!(!users.is_empty(), "no user could sign in");
    if options.workload == Workload::Reverts {
        let mut report = reverts::run(env, options, &http, users, recorder).await?;
        report.sign_in = (!sign_in_times.is_empty()).then(|| stats(sign_in_times));
        report.sign_in_elapsed = sign_in_elapsed;
        report.memory_after_sign_in = memory_after_sign_in;
        return Ok(report);
    }
    // Read before any fault is set and before Webex calls are counted.
    let saving = matches!(options.workload, Workload::Mixed | Workload::Saves);
    let initial_busy = match saving {
        true => env.busy_states(&person_ids(&users)).await,
        false => None,
    };

    if !options.webex_latency.is_zero() {
        env.add_fault(FaultRule {
            latency_ms: options.webex_latency.as_millis() as u64,
            ..FaultRule::default()
        })
        .await?;
    }
    if let Some(budget) = options.webex_budget_per_minute {
        env.add_fault(FaultRule {
            budget_per_minute: Some(budget),
            ..FaultRule::default()
        })
        .await?;
    }

    let before = env.webex_counts().await?;
    let users = Arc::new(users);
    let applied: Vec<AtomicUsize> = users.iter().map(|_| AtomicUsize::new(0)).collect();
    let saves_left = AtomicUsize::new(options.saves);
    let stop = AtomicBool::new(false);
    let requests = AtomicUsize::new(0);
    let deadline = Instant::now() + options.duration;
    let workers = options.concurrency.min(users.len());

    let began = Instant::now();
    let memory_samples = Mutex::new(Vec::new());
    let sample_memory = async {
        let mut tick = tokio::time::interval(options.memory_every.max(Duration::from_millis(100)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(m) = env.memory() {
                memory_samples.lock().unwrap().push((began.elapsed(), m));
            }
        }
    };
    let ctx = Worker {
        env,
        http: &http,
        rec: &recorder,
        options,
        requests: &requests,
    };
    let work = join_all((0..workers).map(|w| {
        let ctx = &ctx;
        let users = &users;
        let applied = &applied;
        let saves_left = &saves_left;
        let stop = &stop;
        async move {
            let mine: Vec<usize> = (w..users.len()).step_by(workers).collect();
            let mut round = 0u32;
            while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                let i = mine[round as usize % mine.len()];
                let user = &users[i];
                round += 1;
                match options.workload {
                    Workload::Fragments => ctx.fragments(user).await,
                    Workload::Bulk => unreachable!("the bulk workload runs in bulk::run"),
                    Workload::Page => ctx.page(user).await,
                    Workload::Mixed => {
                        ctx.page(user).await;
                        if round % options.save_every.max(1) == 0 && ctx.save(user).await {
                            applied[i].fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Workload::Saves => {
                        if saves_left
                            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                                n.checked_sub(1)
                            })
                            .is_err()
                        {
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                        if ctx.save(user).await {
                            applied[i].fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Workload::Reverts => unreachable!("run by `reverts::run`"),
                }
            }
        }
    }));
    tokio::select! {
        _ = work => {}
        _ = sample_memory => {}
    }
    let elapsed = began.elapsed();
    let memory_end = env.memory();
    let mut memory_samples = memory_samples.into_inner().unwrap();
    if let Some(m) = memory_end {
        memory_samples.push((elapsed, m));
    }
    let after = env.webex_counts().await?;
    let webex_calls: BTreeMap<String, u64> = after
        .iter()
        .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0)))
        .filter(|(_, v)| *v > 0)
        .collect();
    // Under the same latency and budget faults as the workload.
    let baseline = match options.baseline {
        true => Some(baseline(env, &http, &users, &webex_calls, options).await?),
        false => None,
    };
    env.clear_faults().await?;

    // Each applied save flipped busy forwarding once: Webex must show the parity of the count.
    let lost_or_doubled_writes = match initial_busy {
        Some(initial) => env.busy_states(&person_ids(&users)).await.map(|now| {
            initial
                .iter()
                .zip(&now)
                .zip(&applied)
                .filter(|((before, now), n)| {
                    let flips = n.load(Ordering::Relaxed) % 2 == 1;
                    before.map(|b| b ^ flips) != **now
                })
                .count() as u64
        }),
        None => None,
    };

    let samples = std::mem::take(&mut *recorder.samples.lock().unwrap());
    let fragments: Vec<Duration> = samples
        .iter()
        .filter(|(k, _)| k.starts_with("GET ") && **k != "GET /me")
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let per_kind = samples.into_iter().map(|(k, v)| (k, stats(v))).collect();
    Ok(Report {
        options: options.clone(),
        users_signed_in: users.len(),
        sign_in: (!sign_in_times.is_empty()).then(|| stats(sign_in_times)),
        sign_in_elapsed,
        elapsed,
        requests: requests.load(Ordering::Relaxed),
        per_kind,
        errors: std::mem::take(&mut *recorder.errors.lock().unwrap()),
        saves: std::mem::take(&mut *recorder.saves.lock().unwrap()),
        webex_calls,
        fragments: (!fragments.is_empty()).then(|| stats(fragments)),
        baseline,
        bulk: None,
        lost_or_doubled_writes,
        memory_after_sign_in,
        memory: MemoryTrend {
            samples: memory_samples,
            warm_up: options.warm_up,
        },
        reverts: None,
    })
}

fn person_ids(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.person_id.as_str()).collect()
}

fn busy_enabled(forwarding: Option<Value>) -> Option<bool> {
    forwarding?
        .pointer("/callForwarding/busy/enabled")?
        .as_bool()
}

struct Worker<'a> {
    env: &'a Env,
    http: &'a Client,
    rec: &'a Recorder,
    options: &'a LoadOptions,
    requests: &'a AtomicUsize,
}

/// A short name for a fragment path, used as the kind of request.
fn fragment_kind(path: &str) -> &'static str {
    match path.rsplit('/').next().unwrap_or("") {
        "summary" => "GET summary",
        "history" => "GET history",
        "forwarding" => "GET forwarding",
        "dnd" => "GET dnd",
        "call-waiting" => "GET call-waiting",
        "voicemail" => "GET voicemail",
        "personal-assistant" => "GET personal-assistant",
        "intercept" => "GET intercept",
        "caller-id" => "GET caller-id",
        "anonymous-rejection" => "GET anonymous-rejection",
        "barge-in" => "GET barge-in",
        "queues" => "GET queues",
        "phones" => "GET phones",
        "numbers" => "GET numbers",
        "selective-forward" => "GET selective-forward",
        "selective-accept" => "GET selective-accept",
        "selective-reject" => "GET selective-reject",
        "simultaneous-ring" => "GET simultaneous-ring",
        "single-number-reach" => "GET single-number-reach",
        "schedules" => "GET schedules",
        "upcoming" => "GET upcoming",
        "out-of-office" => "GET out-of-office",
        "pin" => "GET voicemail/pin",
        _ => "GET other fragment",
    }
}

impl Worker<'_> {
    /// One timed GET; `false` if it failed (recorded).
    async fn get(&self, user: &User, path: &str, kind: &'static str, hx: bool) -> Option<String> {
        let t = Instant::now();
        let r = self
            .env
            .send(self.http, user, Method::GET, path, hx, None)
            .await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        match r {
            Ok((StatusCode::OK, _, body)) => {
                self.rec.sample(kind, t.elapsed());
                if body.contains("class=\"card-notice") && body.contains("role=\"alert\"") {
                    self.rec.error(format!("{kind}: card shows a failure"));
                }
                Some(body)
            }
            Ok((status, _, _)) => {
                self.rec.error(format!("{kind}: {status}"));
                None
            }
            Err(e) => {
                self.rec.error(format!("{kind}: {e}"));
                None
            }
        }
    }

    async fn fragments(&self, user: &User) {
        for path in &user.fragments {
            self.get(user, path, fragment_kind(path), true).await;
        }
    }

    /// `/me`, then every fragment at once; the whole is timed as `page complete`.
    async fn page(&self, user: &User) {
        let t = Instant::now();
        if self.get(user, "/me", "GET /me", false).await.is_none() {
            return;
        }
        join_all(
            user.fragments
                .iter()
                .map(|p| self.get(user, p, fragment_kind(p), true)),
        )
        .await;
        self.rec.sample("page complete", t.elapsed());
    }

    /// Toggles busy forwarding with the card's own form as last shown (its fingerprint
    /// included). `true` if Webex took the change.
    async fn save(&self, user: &User) -> bool {
        let card = user.card.lock().unwrap().clone();
        let mut form = form_fields(&card);
        if form.iter().all(|(n, _)| n != "fingerprint") {
            self.rec.error("save: the card has no form");
            return false;
        }
        let on = form.iter().any(|(n, _)| n == "busy_enabled");
        if on {
            form.retain(|(n, _)| n != "busy_enabled");
        } else {
            form.push(("busy_enabled".into(), "on".into()));
            form.retain(|(n, _)| n != "busy_voicemail");
            for (n, v) in form.iter_mut() {
                if n == "busy_destination" && v.is_empty() {
                    *v = self.options.forward_to.clone();
                }
            }
        }
        let t = Instant::now();
        let r = self
            .env
            .send(
                self.http,
                user,
                Method::PUT,
                &user.forwarding,
                true,
                Some(&form),
            )
            .await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let took = t.elapsed();
        let outcome = match r {
            Ok((status, headers, body)) => {
                let announced = headers
                    .get("hx-trigger")
                    .is_some_and(|v| v == HeaderValue::from_static("settings-changed"));
                match status {
                    StatusCode::OK if announced => {
                        *user.card.lock().unwrap() = body;
                        Ok(SaveOutcome::Saved)
                    }
                    StatusCode::BAD_GATEWAY if body.contains("Webex is busy") => {
                        // The user's input must come back in the card.
                        let kept =
                            form_fields(&body).iter().any(|(n, _)| n == "busy_enabled") == !on;
                        if kept {
                            Ok(SaveOutcome::Busy)
                        } else {
                            Err("save: busy, input lost".to_owned())
                        }
                    }
                    StatusCode::CONFLICT => Ok(SaveOutcome::Conflict),
                    other => Err(format!("save: {other}")),
                }
            }
            Err(e) => Err(format!("save: {e}")),
        };
        match outcome {
            Ok(o) => {
                self.rec.sample(
                    match o {
                        SaveOutcome::Saved => "PUT forwarding (saved)",
                        SaveOutcome::Busy => "PUT forwarding (busy)",
                        SaveOutcome::Conflict => "PUT forwarding (conflict)",
                    },
                    took,
                );
                *self.rec.saves.lock().unwrap().entry(o).or_default() += 1;
                o == SaveOutcome::Saved
            }
            Err(e) => {
                self.rec.error(e);
                false
            }
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        writeln!(
            f,
            "workload {:?}: {} users signed in, concurrency {}, Webex latency {} ms, budget {}",
            o.workload,
            self.users_signed_in,
            o.concurrency,
            o.webex_latency.as_millis(),
            o.webex_budget_per_minute
                .map_or("none".to_owned(), |b| format!("{b}/min per token")),
        )?;
        if let Some(s) = &self.sign_in {
            writeln!(
                f,
                "sign-in: {} in {:.1} s; p50 {} ms, p99 {} ms, max {} ms",
                s.count,
                self.sign_in_elapsed.as_secs_f64(),
                ms(s.p50),
                ms(s.p99),
                ms(s.max)
            )?;
        }
        if let Some(b) = &self.bulk {
            write_errors(f, &self.errors)?;
            return write!(f, "{b}");
        }
        writeln!(
            f,
            "{} requests in {:.1} s: {:.0} requests/s",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.requests_per_second()
        )?;
        writeln!(
            f,
            "{:<28} {:>8} {:>9} {:>9} {:>9} {:>9}",
            "kind", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
        )?;
        for (kind, s) in &self.per_kind {
            writeln!(
                f,
                "{:<28} {:>8} {:>9} {:>9} {:>9} {:>9}",
                kind,
                s.count,
                ms(s.p50),
                ms(s.p95),
                ms(s.p99),
                ms(s.max)
            )?;
        }
        write_errors(f, &self.errors)?;
        if !self.saves.is_empty() {
            writeln!(f, "saves: {:?}", self.saves)?;
        }
        if let Some(n) = self.lost_or_doubled_writes {
            writeln!(f, "writes lost or applied twice: {n}")?;
        }
        if let Some(r) = &self.reverts {
            return write!(f, "{r}");
        }
        let pages = self.per_kind.get("page complete").map_or(0, |s| s.count);
        // Per save only when saves are all there is; in a mix the pages' calls would count too.
        let saves: u64 = match o.workload {
            Workload::Saves => self.saves.values().sum(),
            _ => 0,
        };
        writeln!(
            f,
            "Webex calls (per page load: {}, per save: {}):",
            per(self.webex_calls.get("total"), pages),
            per(self.webex_calls.get("total"), saves as usize),
        )?;
        for (op, n) in &self.webex_calls {
            writeln!(f, "  {n:>8}  {op}")?;
        }
        if let Some(b) = &self.baseline {
            writeln!(
                f,
                "baseline (the workload's person-scoped Webex GETs straight to the simulator, service-app token):"
            )?;
            let (p50, p99) = b
                .latency
                .as_ref()
                .map_or(("-".into(), "-".into()), |s| (ms(s.p50), ms(s.p99)));
            writeln!(
                f,
                "  {} GETs in {:.1} s: {:.0} requests/s; p50 {p50} ms, p99 {p99} ms; errors: {}",
                b.requests,
                b.elapsed.as_secs_f64(),
                b.requests_per_second(),
                b.errors.values().sum::<u64>(),
            )?;
            if let Some(r) = self.throughput_ratio() {
                write!(
                    f,
                    "  portal/upstream: throughput {r:.3}x ({:.0} ÷ {:.0} requests/s)",
                    self.requests_per_second(),
                    b.requests_per_second()
                )?;
                if let (Some((l50, l99)), Some(p)) = (self.latency_ratio(), &self.fragments) {
                    write!(
                        f,
                        "; latency p50 {l50:.2}x, p99 {l99:.2}x (fragments p50 {} ms, p99 {} ms)",
                        ms(p.p50),
                        ms(p.p99)
                    )?;
                }
                writeln!(f)?;
            }
            writeln!(f, "  sent, each once per user round: {}", b.sent.join(", "))?;
            if !b.left_out.is_empty() {
                writeln!(
                    f,
                    "  not sent (other ids or a query): {}",
                    b.left_out.join(", ")
                )?;
            }
            for (kind, n) in &b.errors {
                writeln!(f, "  {n:>6}  {kind}")?;
            }
        }
        let mem = &self.memory;
        if let Some(end) = mem.end() {
            writeln!(
                f,
                "memory ({}):",
                if end.whole_process {
                    "whole process: portal + simulator + load tool"
                } else {
                    "portal process"
                }
            )?;
            if let Some(m) = self.memory_after_sign_in {
                writeln!(
                    f,
                    "  after sign-in:  RSS {}, peak {}",
                    mb(m.rss_kb),
                    mb(m.hwm_kb)
                )?;
            }
            match mem.after_warm_up() {
                Some((t, m)) => writeln!(
                    f,
                    "  after warm-up:  RSS {} (at {:.0} s)",
                    mb(m.rss_kb),
                    t.as_secs_f64()
                )?,
                None => writeln!(
                    f,
                    "  after warm-up:  - (the workload was shorter than {} s)",
                    mem.warm_up.as_secs()
                )?,
            }
            writeln!(
                f,
                "  workload:       RSS min {}, max {}, end {}; peak {}",
                mb(mem.min_rss_kb().unwrap_or(0)),
                mb(mem.max_rss_kb().unwrap_or(0)),
                mb(end.rss_kb),
                mb(end.hwm_kb)
            )?;
            if let Some(g) = mem.growth_after_warm_up_percent() {
                writeln!(
                    f,
                    "  growth after warm-up: {g:+.1} % (end vs after warm-up)"
                )?;
            }
            let series: Vec<String> = mem
                .samples
                .iter()
                .map(|(t, m)| format!("{:.0}s {:.1}", t.as_secs_f64(), m.rss_kb as f64 / 1024.0))
                .collect();
            writeln!(f, "  RSS MB by time: {}", series.join(", "))?;
        }
        Ok(())
    }
}

#[path = "reverts.rs"]
mod reverts;
pub use reverts::RevertsReport;
fn write_errors(f: &mut fmt::Formatter<'_>, errors: &BTreeMap<String, u64>) -> fmt::Result {
    if errors.is_empty() {
        return writeln!(f, "errors: none");
    }
    writeln!(f, "errors:")?;
    for (kind, n) in errors {
        writeln!(f, "  {n:>6}  {kind}")?;
    }
    Ok(())
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

fn per(total: Option<&u64>, n: usize) -> String {
    match (total, n) {
        (Some(t), n) if n > 0 => format!("{:.2}", *t as f64 / n as f64),
        _ => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_as_a_browser_submits_them() {
        let html = r#"<section><form hx-put="/x"><input type="checkbox" name="a" value="on" checked>
<input type="checkbox" name="b" value="on"><input type="text" id="d" name="c" value="1&#x2f;2" inputmode="tel">
<input type="text" name="e" value="x" disabled><input type="hidden" name="fingerprint" value="abc"></form></section>"#;
        assert_eq!(
            form_fields(html),
            vec![
                ("a".to_owned(), "on".to_owned()),
                ("c".to_owned(), "1/2".to_owned()),
                ("fingerprint".to_owned(), "abc".to_owned()),
            ]
        );
    }

    #[test]
    fn memory_growth_is_the_end_against_the_first_reading_after_warm_up() {
        let at = |secs: u64, mb: u64| {
            (
                Duration::from_secs(secs),
                Memory {
                    rss_kb: mb * 1024,
                    hwm_kb: mb * 1024,
                    whole_process: false,
                },
            )
        };
        let trend = MemoryTrend {
            samples: vec![at(0, 30), at(30, 45), at(60, 40), at(90, 50), at(120, 44)],
            warm_up: Duration::from_secs(50),
        };
        assert_eq!(trend.after_warm_up().unwrap().0, Duration::from_secs(60));
        assert_eq!(trend.min_rss_kb(), Some(30 * 1024));
        assert_eq!(trend.max_rss_kb(), Some(50 * 1024));
        assert_eq!(trend.end().unwrap().rss_kb, 44 * 1024);
        let growth = trend.growth_after_warm_up_percent().unwrap();
        assert!((growth - 10.0).abs() < 1e-9, "{growth}");
        let short = MemoryTrend {
            warm_up: Duration::from_secs(600),
            ..trend
        };
        assert_eq!(short.growth_after_warm_up_percent(), None);
    }

    #[test]
    fn percentiles_of_a_sorted_list() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let s = stats(v);
        assert_eq!(s.p50, Duration::from_millis(50));
        assert_eq!(s.p99, Duration::from_millis(99));
        assert_eq!(s.max, Duration::from_millis(100));
    }
}
