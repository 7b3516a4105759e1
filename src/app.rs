//! Application state, router assembly and serving with graceful shutdown.

use std::{future::Future, sync::Arc};

use axum::Router;
use tokio::net::TcpListener;

use crate::{config::Config, web};

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        Ok(AppState {
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
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
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
