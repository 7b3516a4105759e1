//! `calling-portal demo`: the Webex simulator and the portal in one process, SQLite in ./data.
//!
//! The portal is configured through the same variables as `serve` (so demo exercises the real
//! configuration path), pointed at the simulator and its seeded clients.

use std::{collections::HashMap, path::PathBuf};

use crate::{
    app,
    config::Config,
    simulator::{
        self, SimulatorOptions,
        seed::{ClientKind, Seed},
    },
};

/// A fixed key is fine here: the demo's tokens are the simulator's, worthless outside this process.
const DEMO_TOKEN_KEY: &str = "ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

pub async fn run(port: u16, simulator_port: u16, seed_file: Option<PathBuf>) -> anyhow::Result<()> {
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

    let public_url = format!("http://localhost:{port}");
    sim.register_redirect_uri(
        &integration.client_id,
        &format!("{public_url}/auth/callback"),
    );
    std::fs::create_dir_all("data")?;

    let vars = HashMap::from([
        ("PORTAL_LISTEN", format!("127.0.0.1:{port}")),
        ("PORTAL_PUBLIC_URL", public_url.clone()),
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
    let config = Config::from_lookup(|k| vars.get(k).cloned())?;

    println!();
    println!("  calling-portal demo");
    println!("  Portal:          {public_url}");
    println!("  Webex simulator: {}", sim.base_url());
    println!("  Data:            ./data/portal.db (SQLite)");
    if let Some(metrics) = config.metrics_listen {
        println!("  Metrics:         http://{metrics}/metrics");
    }
    println!();
    print!("{}", sim.accounts_summary());
    println!(
        "  Open the portal, choose \"Sign in with Webex\", and pick a user on the simulator's page."
    );
    println!("  Ctrl-C stops both.");
    println!();

    app::serve_config(config).await
}
