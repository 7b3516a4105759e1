//! `calling-portal demo`: the Webex simulator and the portal in one process, SQLite in ./data.
//!
//! The portal is configured through the same variables as `serve` (so demo exercises the real
//! configuration path), pointed at the simulator and its seeded clients. Any `PORTAL_*` variable
//! in the environment applies on top of the demo's own (another `PORTAL_ROLE_MAP`, idle timeout,
//! database, …); the `WEBEX_*` ones stay the simulator's. A metrics port that is taken is not a
//! reason to fail: the demo picks a free one (or goes without) and says which.

use std::{
    collections::HashMap,
    future::Future,
    net::{SocketAddr, TcpListener as StdTcpListener},
    path::PathBuf,
};

use tokio::net::TcpListener;

use crate::{
    app,
    config::Config,
    simulator::{
        self, Simulator, SimulatorOptions,
        seed::{ClientKind, Seed},
    },
};

/// A fixed key is fine here: the demo's tokens are the simulator's, worthless outside this process.
const DEMO_TOKEN_KEY: &str = "ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

pub async fn run(port: u16, simulator_port: u16, seed_file: Option<PathBuf>) -> anyhow::Result<()> {
    std::fs::create_dir_all("data")?;
    let demo = start(port, simulator_port, seed_file, |k| std::env::var(k).ok()).await?;
    print!("{}", demo.banner());
    demo.serve(app::shutdown_signal()).await
}

/// The demo, started and bound, not yet serving.
pub struct Demo {
    pub config: Config,
    pub sim: Simulator,
    listener: TcpListener,
    metrics: Option<TcpListener>,
    /// Where `/metrics` is served, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// Why metrics are not where configured, when they are not.
    pub metrics_note: Option<String>,
}

/// Starts the simulator and binds the portal's listeners. `env` is the process environment (a
/// map in tests): its `PORTAL_*` variables override the demo's.
pub async fn start(
    port: u16,
    simulator_port: u16,
    seed_file: Option<PathBuf>,
    env: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Demo> {
    let seed = match &seed_file {
        Some(path) => Seed::from_file(path).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => Seed::builtin(),
    };
    let integration = seed
        .clients
        .iter()
        .find(|c| c.kind == ClientKind::Integration)
        .ok_or_else(|| anyhow::anyhow!("the seed has no integration client to sign in with"))?
        .clone();
    let service_app = seed
        .clients
        .iter()
        .find(|c| c.kind == ClientKind::ServiceApp)
        .ok_or_else(|| anyhow::anyhow!("the seed has no service app client"))?
        .clone();

    let options = SimulatorOptions {
        port: simulator_port,
        seed,
        ..SimulatorOptions::default()
    };
    let token_issuer = options.token_issuer.clone();
    let sim = simulator::start(options).await?;

    let overrides = |name: &str| name.starts_with("PORTAL_").then(|| env(name)).flatten();
    // The portal's port first (`--port 0` picks one), so the public URL can name it.
    let listen: SocketAddr = match overrides("PORTAL_LISTEN") {
        Some(v) => v
            .parse()
            .map_err(|e| anyhow::anyhow!("PORTAL_LISTEN is malformed: `{v}`: {e}"))?,
        None => SocketAddr::from(([127, 0, 0, 1], port)),
    };
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("the portal's port {listen} cannot be used: {e}"))?;
    let listen = listener.local_addr()?;
    let public_url = format!("http://localhost:{}", listen.port());

    let defaults = HashMap::from([
        ("PORTAL_LISTEN", listen.to_string()),
        ("PORTAL_PUBLIC_URL", public_url),
        (
            "PORTAL_DATABASE_URL",
            "sqlite://data/portal.db?mode=rwc".to_owned(),
        ),
        ("WEBEX_API_BASE_URL", sim.base_url().to_string()),
        ("WEBEX_OIDC_CLIENT_ID", integration.client_id.clone()),
        (
            "WEBEX_OIDC_CLIENT_SECRET",
            integration.client_secret.clone(),
        ),
        ("WEBEX_OIDC_ALLOWED_ISSUERS", token_issuer),
        ("WEBEX_SERVICE_APP_CLIENT_ID", service_app.client_id.clone()),
        (
            "WEBEX_SERVICE_APP_CLIENT_SECRET",
            service_app.client_secret.clone(),
        ),
        (
            "WEBEX_SERVICE_APP_REFRESH_TOKEN",
            service_app.refresh_token.clone().unwrap_or_default(),
        ),
        ("PORTAL_TOKEN_ENCRYPTION_KEY", DEMO_TOKEN_KEY.to_owned()),
        (
            "PORTAL_ROLE_MAP",
            format!(
                "group:{}=helpdesk; group:{}=admin",
                simulator::seed::HELPDESK_GROUP,
                simulator::seed::ADMINS_GROUP
            ),
        ),
    ]);
    let mut config = Config::from_lookup(|k| {
        if k == "PORTAL_LISTEN" {
            // Bound above, whatever asked for it.
            return defaults.get(k).cloned();
        }
        overrides(k).or_else(|| defaults.get(k).cloned())
    })?;
    sim.register_redirect_uri(&integration.client_id, config.redirect_uri().as_str());

    let (metrics, metrics_note) = match config.metrics_listen {
        None => (None, None),
        Some(wanted) => match StdTcpListener::bind(wanted) {
            Ok(l) => (Some(l), None),
            // Taken (another demo, a Prometheus exporter): any free port on the same address.
            Err(e) => match StdTcpListener::bind(SocketAddr::new(wanted.ip(), 0)) {
                Ok(l) => (
                    Some(l),
                    Some(format!("{wanted} is in use ({e}); using another port")),
                ),
                Err(e2) => (
                    None,
                    Some(format!(
                        "{wanted} is in use ({e}) and no other port is free ({e2}); metrics are off"
                    )),
                ),
            },
        },
    };
    let metrics = match metrics {
        Some(l) => {
            l.set_nonblocking(true)?;
            Some(TcpListener::from_std(l)?)
        }
        None => None,
    };
    let metrics_addr = metrics.as_ref().and_then(|l| l.local_addr().ok());
    config.metrics_listen = metrics_addr;
    Ok(Demo {
        config,
        sim,
        listener,
        metrics,
        metrics_addr,
        metrics_note,
    })
}

impl Demo {
    /// Where the portal listens.
    pub fn addr(&self) -> SocketAddr {
        self.config.listen
    }

    /// What the demo prints at start: where everything is and who to sign in as.
    pub fn banner(&self) -> String {
        let mut out = String::new();
        out.push_str("\n  calling-portal demo\n");
        out.push_str(&format!("  Portal:          {}\n", self.config.public_url));
        out.push_str(&format!("  Webex simulator: {}\n", self.sim.base_url()));
        out.push_str(&format!(
            "  Data:            {}\n",
            self.config.database_url
        ));
        match self.metrics_addr {
            Some(addr) => out.push_str(&format!("  Metrics:         http://{addr}/metrics\n")),
            None => out.push_str("  Metrics:         off\n"),
        }
        if let Some(note) = &self.metrics_note {
            out.push_str(&format!("                   ({note})\n"));
        }
        out.push('\n');
        out.push_str(&self.sim.accounts_summary());
        out.push_str(
            "  Open the portal, choose \"Sign in with Webex\", and pick a user on the simulator's page.\n",
        );
        out.push_str("  Ctrl-C stops both.\n\n");
        out
    }

    /// Serves until `shutdown` resolves (the simulator stops with the demo).
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Demo {
            config,
            sim,
            listener,
            metrics,
            ..
        } = self;
        let result = app::serve_bound(config, listener, metrics, shutdown).await;
        drop(sim);
        result
    }
}
