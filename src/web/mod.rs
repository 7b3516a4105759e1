//! HTTP edge: the route table, grouped by who may call it.

mod assets;

use axum::{Router, routing::get};

use crate::{app::AppState, views};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(start_page))
        .route("/healthz", get(healthz))
        .route("/static/{*path}", get(assets::serve))
        .with_state(state)
}

async fn start_page() -> views::StartPage {
    views::StartPage {}
}

/// Liveness: the process is up and serving.
async fn healthz() -> &'static str {
    "ok"
}
