//! Logging setup: human-readable text locally, JSON for log collectors.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber once; `RUST_LOG` overrides the default level.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init()
    } else {
        registry.with(fmt::layer()).try_init()
    };
    // A second init (tests start many apps in one process) keeps the first subscriber.
    let _ = result;
}
