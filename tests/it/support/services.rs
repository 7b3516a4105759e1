//! Access to the shared PostgreSQL and Redis servers.
#![allow(dead_code)] // used by the store, session and deployment tests as they land
//!
//! The servers are shared and keep state between runs, so every caller gets a fresh database (or
//! key prefix) of its own. With `CI=true` a missing server fails the test; elsewhere the test is
//! skipped with a line saying why.

use std::sync::atomic::{AtomicU32, Ordering};

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS: &str = "redis://127.0.0.1:6379";

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A name unique to this run and call: `<prefix>_<pid>_<millis>_<n>`.
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    format!(
        "{prefix}_{}_{millis}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Decides what to do when a server is unreachable: panic in CI, skip (None) elsewhere.
fn unavailable<T>(what: &str, url: &str, err: impl std::fmt::Display) -> Option<T> {
    if in_ci() {
        panic!("{what} at {url} is required in CI but unreachable: {err}");
    }
    eprintln!(
        "skipping: {what} at {url} is unreachable ({err}); set CI=true to make this a failure"
    );
    None
}

/// URL of a freshly created, empty PostgreSQL database, or None (outside CI) when there is no server.
pub async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection as _;
    let admin_url =
        std::env::var("PORTAL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
    let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) => return unavailable("PostgreSQL", &admin_url, e),
    };
    drop_stale_test_databases(&mut conn).await;
    let name = unique_name("portal_test");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let mut url = url::Url::parse(&admin_url).expect("PORTAL_TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}

/// Test databases outlive their tests (a test cannot drop the database its pool still uses), so
/// once per process the ones created more than a day ago, by runs long finished, are dropped.
async fn drop_stale_test_databases(conn: &mut sqlx::PgConnection) {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if DONE.swap(true, Ordering::Relaxed) {
        return;
    }
    let day_ago_millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .saturating_sub(24 * 3600 * 1000);
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_test\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap_or_default();
    for name in names {
        // portal_test_<pid>_<millis>_<n>, as unique_name makes them
        let created = name.split('_').nth(3).and_then(|m| m.parse::<u128>().ok());
        if created.is_some_and(|c| c < day_ago_millis) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut *conn)
                .await;
        }
    }
}

/// URL of the Redis server and a key prefix unique to this call, or None (outside CI) without a server.
pub async fn redis_with_prefix() -> Option<(String, String)> {
    let url = std::env::var("PORTAL_TEST_REDIS_URL").unwrap_or_else(|_| DEFAULT_REDIS.to_owned());
    let addr = url
        .trim_start_matches("redis://")
        .split('/')
        .next()
        .unwrap_or("127.0.0.1:6379")
        .to_owned();
    match tokio::net::TcpStream::connect(&addr).await {
        Ok(_) => Some((url, unique_name("portal_test"))),
        Err(e) => unavailable("Redis", &url, e),
    }
}
