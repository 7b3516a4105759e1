//! Application state, router assembly and serving with graceful shutdown.
//!
//! Shutdown order: answer `/readyz` with 503 for `PORTAL_SHUTDOWN_DRAIN_SECS` while still serving
//! (a load balancer takes the instance out of rotation), stop accepting connections, give requests
//! in flight `PORTAL_SHUTDOWN_GRACE_SECS` to finish, stop the background tasks (token refresher, session
//! sweeper, metrics updater, job runner), close the database pool.

use std::{
    future::Future,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use axum::Router;
use tokio::{net::TcpListener, task::JoinHandle};

use crate::{
    auth::{Oidc, RoleResolver, session::SessionStore},
    clock::{Clock, SystemClock},
    config::Config,
    store::{Store, sessions::session_store},
    web::{self, write_limit::WriteLimiter},
    webex::{LocationNames, TokenManager, WebexClient},
};

/// What every handler can reach. Cloned several times per request (every `from_fn_with_state`
/// layer and extractor takes its own), so it is one `Arc`: a clone is one count, not a dozen.
#[derive(Clone)]
pub struct AppState(Arc<AppStateInner>);

impl std::ops::Deref for AppState {
    type Target = AppStateInner;

    fn deref(&self) -> &AppStateInner {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct AppStateInner {
    pub config: Arc<Config>,
    /// The time, as sessions and token checks see it (tests move it forward).
    pub clock: Arc<dyn Clock>,
    pub oidc: Arc<Oidc>,
    pub sessions: SessionStore,
    /// The database: audit log, service-app tokens (and sessions, unless they live in Redis).
    pub store: Store,
    /// Every Webex API call, made with the service app's token.
    pub webex: WebexClient,
    /// Tasks that run beside the requests; stopped by [`AppState::shutdown`].
    background: Arc<Mutex<Vec<JoinHandle<()>>>>,
    /// Who is helpdesk or admin (`PORTAL_ROLE_MAP`), with group members cached across users.
    pub roles: Arc<RoleResolver>,
    /// Location names for display, listed from Webex now and then.
    pub locations: Arc<LocationNames>,
    /// Saves per user per minute (`PORTAL_WRITE_RATE_LIMIT_PER_MINUTE`).
    pub writes: Arc<WriteLimiter>,
    /// The job runner of this replica: runs due steps of timed and bulk changes (`crate::jobs`).
    pub jobs: Arc<crate::jobs::Runner>,
    /// Set when shutdown begins: `/readyz` then answers 503 so balancers stop sending requests.
    draining: Arc<AtomicBool>,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        Self::with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        // Installed before anything is counted (the first token refresh happens just below).
        crate::telemetry::metrics::handle();
        let store = Store::connect(&config.database_url).await?;
        let sessions = session_store(&store, config.session_store_url.as_deref()).await?;
        let tokens = TokenManager::new(&config.webex, Arc::new(store.clone()), clock.clone())?;
        // A missing service-app token is reported now, not at the first sign-in; the portal
        // still starts (the refresher keeps trying, and health shows it).
        if let Err(e) = tokens.init().await {
            tracing::error!(error = %e, "Webex service-app token unavailable");
        }
        let refresher = tokens.spawn_refresher();
        let webex = WebexClient::with_clock(&config.webex, tokens, clock.clone())?;
        let background = vec![
            refresher,
            crate::telemetry::metrics::spawn_updater(webex.clone(), sessions.clone()),
        ];
        Ok(AppState(Arc::new(AppStateInner {
            store,
            sessions,
            background: Arc::new(Mutex::new(background)),
            writes: Arc::new(WriteLimiter::new(
                config.write_rate_limit_per_minute,
                clock.clone(),
            )),
            webex,
            oidc: Arc::new(Oidc::new(&config, clock.clone())?),
            roles: Arc::new(RoleResolver::new(
                config.roles.map.clone(),
                config.roles.recheck,
            )),
            locations: Arc::new(LocationNames::new()),
            draining: Arc::new(AtomicBool::new(false)),
            jobs: Arc::new(crate::jobs::Runner::new(
                crate::jobs::Runner::unique_holder(),
                crate::jobs::RunnerSettings::default(),
            )),
            clock,
            config: Arc::new(config),
        })))
    }

    /// This state with its sessions kept in `sessions` instead (the tests give each run its own
    /// Redis key prefix). Only before the state is shared.
    pub fn with_sessions(mut self, sessions: SessionStore) -> Self {
        Arc::get_mut(&mut self.0)
            .expect("sessions are replaced before the state is shared")
            .sessions = sessions;
        self
    }

    /// Whether shutdown has begun (readiness then fails, requests are still served).
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// Stops the background tasks and closes the database pool (waiting for queries in progress).
    /// Requests still running afterwards fail their database calls.
    pub async fn shutdown(&self) {
        for task in self.background.lock().expect("task list lock").drain(..) {
            task.abort();
        }
        self.sessions.stop_sweeper();
        self.store.close().await;
    }
}

/// The whole portal as one router (tests call this too).
pub fn router(state: AppState) -> Router {
    web::router(state)
}

/// Serves on `listener` until `shutdown` resolves; then fails readiness for `config.shutdown_drain`
/// while still serving, stops accepting connections, gives requests in flight up to
/// `config.shutdown_grace` to finish, and shuts `state` down.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Every replica runs due job steps (each once across them), unless told not to.
    if let Some(poll) = state.config.jobs_poll {
        let runner = crate::jobs::spawn(state.clone(), poll);
        state
            .background
            .lock()
            .expect("task list lock")
            .push(runner);
    }
    let grace = state.config.shutdown_grace;
    let drain = state.config.shutdown_drain;
    let draining = state.draining.clone();
    let app = router(state.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let (began, begun) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        draining.store(true, Ordering::SeqCst);
        if !drain.is_zero() {
            // Closing the listener at once would race the balancer: requests it sends on an idle
            // keep-alive connection as that closes fail, and it only retries those for GETs.
            tracing::info!(
                drain_secs = drain.as_secs(),
                "shutting down: readiness fails, still serving while the balancer notices"
            );
            tokio::time::sleep(drain).await;
        }
        tracing::info!(
            grace_secs = grace.as_secs(),
            "shutting down: no new connections, finishing requests in flight"
        );
        let _ = began.send(());
    });
    let deadline = async move {
        match begun.await {
            Ok(()) => tokio::time::sleep(grace).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        result = server => result?,
        () = deadline => tracing::warn!("requests still in flight after the shutdown grace period; giving up on them"),
    }
    state.shutdown().await;
    tracing::info!("shut down");
    Ok(())
}

/// Serves `/metrics` on `listener` until `shutdown` resolves.
pub async fn serve_metrics(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    crate::telemetry::metrics::handle();
    axum::serve(listener, crate::telemetry::metrics::router())
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// `calling-portal serve`: bind the configured addresses and run until SIGINT/SIGTERM.
pub async fn serve_config(config: Config) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.listen).await?;
    let metrics = match config.metrics_listen {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    serve_bound(config, listener, metrics, shutdown_signal()).await
}

/// Runs the portal on `listener` (and `/metrics` on `metrics`) until `shutdown` resolves.
pub async fn serve_bound(
    config: Config,
    listener: TcpListener,
    metrics: Option<TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let metrics_addr = metrics.as_ref().and_then(|l| l.local_addr().ok());
    tracing::info!(listen = ?listener.local_addr().ok(), public_url = %config.public_url, metrics = ?metrics_addr, "portal listening");
    let state = AppState::new(config).await?;
    let metrics = metrics.map(|l| tokio::spawn(serve_metrics(l, std::future::pending())));
    let result = serve(listener, state, shutdown).await;
    if let Some(task) = metrics {
        task.abort();
    }
    result
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
