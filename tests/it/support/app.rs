//! `TestApp`: the portal on a real listener (127.0.0.1, port 0), configured like production but
//! pointed at test services, with helpers that keep each test short.
#![allow(dead_code)] // each feature's tests use a different subset

use std::{collections::HashMap, net::SocketAddr, sync::Arc};

use calling_portal::{
    app::{self, AppState},
    clock::ShiftedClock,
    config::Config,
};
use reqwest::{Client, Response, redirect::Policy};
use tokio::sync::oneshot;

/// What a test may change about the portal it starts.
#[derive(Default)]
pub struct TestOptions {
    /// Overrides `PORTAL_PUBLIC_URL` (default: the listener's own `http://127.0.0.1:<port>`).
    pub public_url: Option<String>,
    pub login_rate_limit_per_minute: Option<u32>,
    /// Any further `PORTAL_*` / `WEBEX_*` variables.
    pub env: Vec<(&'static str, String)>,
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub base_url: String,
    pub config: Config,
    /// The portal's clock: `clock.advance(…)` moves sessions towards their timeouts.
    pub clock: ShiftedClock,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(options: TestOptions) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let addr = listener.local_addr().unwrap();
        let base_url = format!("http://{addr}");

        let mut env: HashMap<&'static str, String> = HashMap::from([
            ("PORTAL_LISTEN", addr.to_string()),
            (
                "PORTAL_PUBLIC_URL",
                options
                    .public_url
                    .clone()
                    .unwrap_or_else(|| base_url.clone()),
            ),
            ("PORTAL_DATABASE_URL", "sqlite::memory:".to_owned()),
            // Nothing listens on the discard port: tests that need Webex start the simulator.
            ("WEBEX_API_BASE_URL", "http://127.0.0.1:9/v1".to_owned()),
            ("WEBEX_OIDC_CLIENT_ID", "portal-integration".to_owned()),
            (
                "WEBEX_OIDC_CLIENT_SECRET",
                "portal-integration-secret".to_owned(),
            ),
            (
                "WEBEX_SERVICE_APP_CLIENT_ID",
                "portal-service-app".to_owned(),
            ),
            (
                "WEBEX_SERVICE_APP_CLIENT_SECRET",
                "portal-service-app-secret".to_owned(),
            ),
            ("WEBEX_SERVICE_APP_REFRESH_TOKEN", "refresh".to_owned()),
            (
                "PORTAL_TOKEN_ENCRYPTION_KEY",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_owned(),
            ),
        ]);
        if let Some(n) = options.login_rate_limit_per_minute {
            env.insert("PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE", n.to_string());
        }
        env.extend(options.env);
        let config = Config::from_lookup(|k| env.get(k).cloned()).expect("test configuration");

        let clock = ShiftedClock::default();
        let state = AppState::with_clock(config.clone(), Arc::new(clock.clone()))
            .await
            .expect("portal state");
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(app::serve(listener, state, async {
            let _ = rx.await;
        }));

        TestApp {
            addr,
            base_url,
            config,
            clock,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at each hop).
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.unwrap()
    }

    /// A GET as htmx sends it.
    pub async fn get_hx(&self, client: &Client, path: &str) -> Response {
        client
            .get(self.url(path))
            .header("HX-Request", "true")
            .header("HX-Current-URL", self.url("/me"))
            .send()
            .await
            .unwrap()
    }

    /// A same-origin form POST as a browser sends it.
    pub async fn post_form(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .header("Origin", &self.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A same-origin htmx POST.
    pub async fn post_hx(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .header("Origin", &self.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .header("HX-Request", "true")
            .header("HX-Current-URL", self.url("/me"))
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The `Location` header of a redirect.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location on a {} response", response.status()))
        .to_str()
        .unwrap()
        .to_owned()
}
