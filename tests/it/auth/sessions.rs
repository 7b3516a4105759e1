//! Session lifetime, the same on every session store: SQLite (the default), PostgreSQL, Redis.

use std::time::Duration;

use calling_portal::simulator::seed;
use reqwest::StatusCode;

use crate::support::{TestApp, TestOptions, services};

#[derive(Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
    Redis,
}

/// The portal with sessions on `backend`, or None when that server is not available (outside CI).
async fn spawn(backend: Backend, mut env: Vec<(&'static str, String)>) -> Option<TestApp> {
    match backend {
        Backend::Sqlite => {}
        Backend::Postgres => env.push((
            "PORTAL_DATABASE_URL",
            services::fresh_postgres_database().await?,
        )),
        Backend::Redis => env.push((
            "PORTAL_SESSION_STORE_URL",
            services::redis_with_prefix().await?.0,
        )),
    }
    Some(
        TestApp::spawn_with(TestOptions {
            env,
            ..TestOptions::default()
        })
        .await,
    )
}

/// `on_every_store!(a, b)` makes `a::{sqlite, postgres, redis}` tests that run `a(backend)`.
macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::Backend;

            #[tokio::test]
            async fn sqlite() {
                super::$name(Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                super::$name(Backend::Postgres).await;
            }

            #[tokio::test]
            async fn redis() {
                super::$name(Backend::Redis).await;
            }
        }
    )*};
}

on_every_store!(
    sign_in_cycles_the_session_id,
    logout_makes_the_old_cookie_useless,
    idle_sessions_expire,
    sessions_end_at_the_absolute_timeout,
);

const MINUTE: Duration = Duration::from_secs(60);

async fn me_status(app: &TestApp, cookie: &str) -> StatusCode {
    app.client()
        .get(app.url("/me"))
        .header("Cookie", format!("portal_sid={cookie}"))
        .send()
        .await
        .unwrap()
        .status()
}

async fn sign_in_cycles_the_session_id(backend: Backend) {
    let Some(app) = spawn(backend, vec![]).await else {
        return;
    };
    let browser = app.client();
    let callback = app.authorize(&browser, seed::EMPLOYEE_EMAIL, None).await;
    let before = browser.session_cookie().expect("a sign-in in progress");
    let landed = browser.get(callback).send().await.unwrap();
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    let after = browser.session_cookie().unwrap();

    assert_ne!(before, after);
    assert_eq!(me_status(&app, &after).await, StatusCode::OK);
    assert_eq!(me_status(&app, &before).await, StatusCode::SEE_OTHER);
}

async fn logout_makes_the_old_cookie_useless(backend: Backend) {
    let Some(app) = spawn(backend, vec![]).await else {
        return;
    };
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let cookie = browser.session_cookie().unwrap();
    assert_eq!(me_status(&app, &cookie).await, StatusCode::OK);

    let out = app.post_form(&browser, "/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(me_status(&app, &cookie).await, StatusCode::SEE_OTHER);
}

async fn idle_sessions_expire(backend: Backend) {
    let Some(app) = spawn(backend, vec![]).await else {
        return;
    };
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let cookie = browser.session_cookie().unwrap();

    // Activity keeps the session alive past the idle timeout (30 min) in total...
    app.clock.advance(29 * MINUTE);
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
    app.clock.advance(29 * MINUTE);
    assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);

    // ...but 31 idle minutes end it, for good.
    app.clock.advance(31 * MINUTE);
    let expired = app.get(&browser, "/me").await;
    assert_eq!(expired.status(), StatusCode::SEE_OTHER);
    assert_eq!(me_status(&app, &cookie).await, StatusCode::SEE_OTHER);
}

async fn sessions_end_at_the_absolute_timeout(backend: Backend) {
    let Some(app) = spawn(
        backend,
        vec![("PORTAL_SESSION_ABSOLUTE_TIMEOUT_SECS", "3600".into())],
    )
    .await
    else {
        return;
    };
    let browser = app.login_as(seed::EMPLOYEE_EMAIL).await;

    // Never idle for long, yet the session ends an hour after sign-in.
    for _ in 0..2 {
        app.clock.advance(25 * MINUTE);
        assert_eq!(app.get(&browser, "/me").await.status(), StatusCode::OK);
    }
    app.clock.advance(25 * MINUTE);
    let expired = app.get(&browser, "/me").await;
    assert_eq!(expired.status(), StatusCode::SEE_OTHER);
}

/// The raw session records of a SQLite-backed app, as text (MessagePack keeps strings readable).
pub async fn raw_records(app: &TestApp) -> Vec<String> {
    use sqlx::Connection as _;
    let mut conn = sqlx::SqliteConnection::connect(&app.config.database_url)
        .await
        .unwrap();
    let rows: Vec<Vec<u8>> = sqlx::query_scalar("select data from tower_sessions")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    rows.iter()
        .map(|r| String::from_utf8_lossy(r).into_owned())
        .collect()
}
