//! Application state, router assembly and serving with graceful shutdown.

use std::{future::Future, sync::Arc};

use axum::Router;
use tokio::net::TcpListener;

use crate::{
    auth::{Oidc, RoleResolver, session::SessionStore},
    clock::{Clock, SystemClock},
    config::Config,
    store::{Store, sessions::session_store},
    web,
    webex::{TokenManager, WebexClient},
};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// The time, as sessions and token checks see it (tests move it forward).
    pub clock: Arc<dyn Clock>,
    pub oidc: Arc<Oidc>,
    pub sessions: SessionStore,
    /// The database: audit log, service-app tokens (and sessions, unless they live in Redis).
    pub store: Store,
    /// Every Webex API call, made with the service app's token.
    pub webex: WebexClient,
    /// Who is helpdesk or admin (`PORTAL_ROLE_MAP`), with group members cached across users.
    pub roles: Arc<RoleResolver>,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        Self::with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let store = Store::connect(&config.database_url).await?;
        let sessions = session_store(&store, config.session_store_url.as_deref()).await?;
        let tokens = TokenManager::new(&config.webex, Arc::new(store.clone()))?;
        // A missing service-app token is reported now, not at the first sign-in; the portal
        // still starts (the refresher keeps trying, and health shows it).
        if let Err(e) = tokens.init().await {
            tracing::error!(error = %e, "Webex service-app token unavailable");
        }
        // Ends by itself once the last clone of the token manager is gone.
        tokens.spawn_refresher();
        Ok(AppState {
            store,
            sessions,
            webex: WebexClient::new(&config.webex, tokens)?,
            oidc: Arc::new(Oidc::new(&config, clock.clone())?),
            roles: Arc::new(RoleResolver::new(
                config.roles.map.clone(),
                config.roles.recheck,
            )),
            clock,
            config: Arc::new(config),
        })
    }
}

/// The whole portal as one router (tests call this too).
pub fn router(state: AppState) -> Router {
    web::router(state)
}

/// Serves on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = state.store.clone();
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    store.close().await;
    Ok(())
}

/// `calling-portal serve`: bind the configured address and run until SIGINT/SIGTERM.
pub async fn serve_config(config: Config) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.listen).await?;
    tracing::info!(listen = %config.listen, public_url = %config.public_url, "portal listening");
    let state = AppState::new(config).await?;
    serve(listener, state, shutdown_signal()).await
}

/// `calling-portal healthcheck`: asks the local portal's `/healthz` (the port from `PORTAL_LISTEN`).
pub async fn healthcheck() -> anyhow::Result<()> {
    let listen: std::net::SocketAddr = std::env::var("PORTAL_LISTEN")
        .unwrap_or_else(|_| "0.0.0.0:8080".to_owned())
        .parse()?;
    let url = format!("http://127.0.0.1:{}/healthz", listen.port());
    let response = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(2))
        .build()?
        .get(&url)
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "{url} answered {}",
        response.status()
    );
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
