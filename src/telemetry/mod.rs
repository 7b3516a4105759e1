//! Logs and metrics. Logs: human-readable text locally, JSON for log collectors; every line of a
//! request carries its request id (the request span, `web::middleware::RequestSpan`). Metrics:
//! [`metrics`].

pub mod metrics;

use tracing_subscriber::{
    EnvFilter, Layer, fmt, fmt::MakeWriter, prelude::*, registry::LookupSpan,
};

/// Installs the global subscriber once; `RUST_LOG` overrides the default level.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let result = tracing_subscriber::registry()
        .with(filter)
        .with(log_layer(json, std::io::stdout))
        .try_init();
    // A second init (tests start many apps in one process) keeps the first subscriber.
    let _ = result;
}

/// The log line format: text, or one JSON object per line with the event's fields at the top
/// level and the enclosing spans' fields (the request id among them) under `span`/`spans`.
pub fn log_layer<S, W>(json: bool, writer: W) -> Box<dyn Layer<S> + Send + Sync>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    if json {
        fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .with_writer(writer)
            .boxed()
    } else {
        // Colours only for a person at a terminal: a log file or collector would get escape codes,
        // and every request's span would pay for writing them.
        let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
        fmt::layer().with_ansi(ansi).with_writer(writer).boxed()
    }
}
