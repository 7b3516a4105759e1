//! Static files embedded in the binary (read from disk in debug builds).

use std::{collections::HashMap, sync::LazyLock};

use axum::{
    extract::{Path, RawQuery},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/"]
#[exclude = "*.sh"]
struct Assets;

/// Content hashes of the embedded files, computed once: `url` puts them in the page so a changed
/// file gets a new URL, and a URL with a version can be cached for good.
static VERSIONS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Assets::iter()
        .filter_map(|path| {
            let file = Assets::get(&path)?;
            let hash = file.metadata.sha256_hash();
            let hex: String = hash[..6].iter().map(|b| format!("{b:02x}")).collect();
            Some((path.into_owned(), hex))
        })
        .collect()
});

/// The URL of an embedded file with its content hash, e.g. `/static/css/portal.css?v=1a2b3c4d5e6f`.
pub fn url(path: &str) -> String {
    match VERSIONS.get(path) {
        Some(v) => format!("/static/{path}?v={v}"),
        None => format!("/static/{path}"),
    }
}

pub async fn serve(Path(path): Path<String>, RawQuery(query): RawQuery) -> Response {
    match Assets::get(&path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_owned();
            // Vendored files carry their version in the name, and other files are linked with
            // their content hash (`url`), so both can be cached for good.
            let versioned = query.is_some_and(|q| q.starts_with("v="));
            let cache = if path.starts_with("vendor/") || versioned {
                "public, max-age=31536000, immutable"
            } else {
                "public, max-age=300"
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, cache.to_owned()),
                ],
                file.data,
            )
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
