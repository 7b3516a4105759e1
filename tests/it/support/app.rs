//! `TestApp`: the portal on a real listener (127.0.0.1, port 0), configured like production but
//! pointed at the built-in Webex simulator and a fresh SQLite file, with helpers that keep each
//! test short. `Browser` is a cookie-keeping client that does not follow redirects, so tests see
//! every hop.
#![allow(dead_code)] // each feature's tests use a different subset

use std::{collections::HashMap, net::SocketAddr, ops::Deref, path::PathBuf, sync::Arc};

use calling_portal::{
    app::{self, AppState},
    auth::session::{COOKIE_NAME, SessionStore},
    clock::ShiftedClock,
    config::Config,
    simulator::{self, Simulator, SimulatorOptions, seed},
};
use reqwest::{Client, Response, StatusCode, cookie::CookieStore as _, redirect::Policy};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use url::Url;

use super::services;

/// What a test may change about the portal it starts.
#[derive(Default)]
pub struct TestOptions {
    /// Overrides `PORTAL_PUBLIC_URL` (default: the listener's own `http://127.0.0.1:<port>`).
    pub public_url: Option<String>,
    pub login_rate_limit_per_minute: Option<u32>,
    /// Any further `PORTAL_*` / `WEBEX_*` variables (e.g. `PORTAL_DATABASE_URL` for PostgreSQL,
    /// `PORTAL_SESSION_STORE_URL` for Redis; the default is a fresh SQLite file).
    pub env: Vec<(&'static str, String)>,
    /// With `PORTAL_SESSION_STORE_URL` set to Redis: keep the sessions under this key prefix
    /// (the portal's own is fixed), so tests sharing the server can count their own.
    pub redis_key_prefix: Option<String>,
    pub simulator: SimulatorOptions,
    /// Offers the pseudo-locale `x-pseudo` (src/i18n/pseudo.rs).
    pub pseudo_locale: bool,
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub base_url: String,
    pub config: Config,
    /// The portal's state (its store, session store and Webex client), as handlers see it.
    pub state: AppState,
    /// The portal's clock: `clock.advance(…)` moves sessions towards their timeouts.
    pub clock: ShiftedClock,
    /// The Webex stand-in the portal talks to.
    pub sim: Simulator,
    database_file: PathBuf,
    redis_key_prefix: Option<String>,
    shutdown: Option<oneshot::Sender<()>>,
    serving: Option<JoinHandle<anyhow::Result<()>>>,
}

/// Another portal instance on the same configuration and simulator as a [`TestApp`] (its own
/// listener and state), as a second replica behind the same load balancer. It runs on a runtime
/// of its own, so that [`Replica::kill`] ends everything it runs at once, as a crash would.
pub struct Replica {
    pub addr: SocketAddr,
    pub base_url: String,
    pub state: AppState,
    /// The replica's own clock.
    pub clock: ShiftedClock,
    shutdown: Option<oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Replica {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Ends the instance at once, as a crash would: its listener, its open connections (requests
    /// in flight included) and its background tasks are gone.
    pub fn kill(&mut self) {
        self.shutdown.take();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Builds the portal's state for `config` and serves it on `listener` until the returned sender
/// fires (or is dropped).
async fn start_portal(
    listener: TcpListener,
    config: Config,
    clock: ShiftedClock,
    redis_key_prefix: Option<&str>,
) -> (
    AppState,
    oneshot::Sender<()>,
    JoinHandle<anyhow::Result<()>>,
) {
    let mut state = AppState::with_clock(config.clone(), Arc::new(clock))
        .await
        .expect("portal state");
    if let (Some(prefix), Some(url)) = (redis_key_prefix, config.session_store_url.as_deref()) {
        state = state.with_sessions(
            SessionStore::redis(url, prefix)
                .await
                .expect("connect to Redis"),
        );
    }
    let (tx, rx) = oneshot::channel::<()>();
    let serving = tokio::spawn(app::serve(listener, state.clone(), async {
        let _ = rx.await;
    }));
    (state, tx, serving)
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(TestOptions::default()).await
    }

    pub async fn spawn_with(options: TestOptions) -> TestApp {
        let sim = simulator::start(options.simulator)
            .await
            .expect("start the simulator");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let addr = listener.local_addr().unwrap();
        let base_url = format!("http://{addr}");
        let database_file =
            std::env::temp_dir().join(format!("{}.db", services::unique_name("portal_app")));

        let mut env: HashMap<&'static str, String> = HashMap::from([
            ("PORTAL_LISTEN", addr.to_string()),
            (
                "PORTAL_PUBLIC_URL",
                options
                    .public_url
                    .clone()
                    .unwrap_or_else(|| base_url.clone()),
            ),
            (
                "PORTAL_DATABASE_URL",
                format!("sqlite://{}?mode=rwc", database_file.display()),
            ),
            ("WEBEX_API_BASE_URL", sim.base_url().to_string()),
            ("WEBEX_OIDC_CLIENT_ID", seed::INTEGRATION_CLIENT_ID.into()),
            (
                "WEBEX_OIDC_CLIENT_SECRET",
                seed::INTEGRATION_CLIENT_SECRET.into(),
            ),
            (
                "WEBEX_SERVICE_APP_CLIENT_ID",
                seed::SERVICE_APP_CLIENT_ID.into(),
            ),
            (
                "WEBEX_SERVICE_APP_CLIENT_SECRET",
                seed::SERVICE_APP_CLIENT_SECRET.into(),
            ),
            (
                "WEBEX_SERVICE_APP_REFRESH_TOKEN",
                seed::SERVICE_APP_REFRESH_TOKEN.into(),
            ),
            (
                "PORTAL_TOKEN_ENCRYPTION_KEY",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into(),
            ),
            // Tests run due job steps themselves (`state.jobs.run_due(clock.now())`), at the
            // times they choose; a test may turn the loop on with its own value.
            ("PORTAL_JOBS_POLL_SECS", "0".into()),
        ]);
        if let Some(n) = options.login_rate_limit_per_minute {
            env.insert("PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE", n.to_string());
        }
        env.extend(options.env);
        let mut config = Config::from_lookup(|k| env.get(k).cloned()).expect("test configuration");
        config.pseudo_locale = options.pseudo_locale;
        sim.register_redirect_uri(seed::INTEGRATION_CLIENT_ID, config.redirect_uri().as_str());

        let clock = ShiftedClock::default();
        let (state, tx, serving) = start_portal(
            listener,
            config.clone(),
            clock.clone(),
            options.redis_key_prefix.as_deref(),
        )
        .await;

        TestApp {
            addr,
            base_url,
            config,
            state,
            clock,
            sim,
            database_file,
            redis_key_prefix: options.redis_key_prefix,
            shutdown: Some(tx),
            serving: Some(serving),
        }
    }

    /// A second instance of this portal: the same configuration (database, session store, public
    /// URL), the same simulator, its own listener and state. Meaningful with PostgreSQL (a SQLite
    /// file is one instance's).
    pub async fn spawn_replica(&self) -> Replica {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("replica")
            .enable_all()
            .build()
            .expect("a runtime for the replica");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = self.config.clone();
        config.listen = addr;
        let prefix = self.redis_key_prefix.clone();
        let clock = ShiftedClock::default();
        let replica_clock = clock.clone();
        let (state, tx, _serving) = runtime
            .spawn(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                start_portal(listener, config, replica_clock, prefix.as_deref()).await
            })
            .await
            .expect("start the replica");
        Replica {
            addr,
            base_url: format!("http://{addr}"),
            state,
            clock,
            shutdown: Some(tx),
            runtime: Some(runtime),
        }
    }

    /// Sends the shutdown signal (as SIGTERM would) and returns the serve task, which ends once
    /// requests in flight are done (or the grace period is over) and the state is shut down.
    pub fn begin_shutdown(&mut self) -> JoinHandle<anyhow::Result<()>> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.serving.take().expect("the portal is serving")
    }

    /// Stops the simulator, so Webex is unreachable for the portal; returns its port for
    /// [`TestApp::restart_simulator`].
    pub async fn stop_simulator(&mut self) -> u16 {
        let port = self.sim.addr().port();
        // `sim` must always hold a simulator: a spare one stands in while the real one is down.
        let spare = simulator::start(SimulatorOptions::default())
            .await
            .expect("start a spare simulator");
        std::mem::replace(&mut self.sim, spare).shutdown().await;
        port
    }

    /// Starts a fresh simulator on `port` (as a restarted Webex: same seed, none of the old
    /// access tokens).
    pub async fn restart_simulator(&mut self, port: u16) {
        let sim = simulator::start(SimulatorOptions {
            port,
            ..SimulatorOptions::default()
        })
        .await
        .expect("restart the simulator on its port");
        sim.register_redirect_uri(
            seed::INTEGRATION_CLIENT_ID,
            self.config.redirect_uri().as_str(),
        );
        self.sim = sim;
    }

    /// Stops the portal (finishing requests in flight) and starts a new one on the same address,
    /// configuration and database, as a redeploy would.
    pub async fn restart_portal(&mut self) {
        let _ = self.begin_shutdown().await;
        let listener = TcpListener::bind(self.addr)
            .await
            .expect("bind the portal's address again");
        let (state, tx, serving) = start_portal(
            listener,
            self.config.clone(),
            self.clock.clone(),
            self.redis_key_prefix.as_deref(),
        )
        .await;
        self.state = state;
        self.shutdown = Some(tx);
        self.serving = Some(serving);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A fresh browser: its own cookies, no redirects followed.
    pub fn client(&self) -> Browser {
        self.client_with_headers(reqwest::header::HeaderMap::new())
    }

    /// A fresh browser whose every request says `Accept-Language: <accept_language>`.
    pub fn client_speaking(&self, accept_language: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            accept_language.parse().unwrap(),
        );
        self.client_with_headers(headers)
    }

    fn client_with_headers(&self, headers: reqwest::header::HeaderMap) -> Browser {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = Client::builder()
            .default_headers(headers)
            .cookie_provider(jar.clone())
            .redirect(Policy::none())
            .build()
            .unwrap();
        Browser {
            client,
            jar,
            site: Url::parse(&self.base_url).unwrap(),
        }
    }

    pub async fn get(&self, browser: &Browser, path: &str) -> Response {
        browser.get(self.url(path)).send().await.unwrap()
    }

    /// A GET as htmx sends it.
    pub async fn get_hx(&self, browser: &Browser, path: &str) -> Response {
        browser
            .get(self.url(path))
            .header("HX-Request", "true")
            .header("HX-Current-URL", self.url("/me"))
            .send()
            .await
            .unwrap()
    }

    /// A same-origin form POST as a browser sends it.
    pub async fn post_form(
        &self,
        browser: &Browser,
        path: &str,
        form: &[(&str, &str)],
    ) -> Response {
        browser
            .post(self.url(path))
            .header("Origin", &self.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A same-origin htmx POST.
    pub async fn post_hx(&self, browser: &Browser, path: &str, form: &[(&str, &str)]) -> Response {
        browser
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

    /// A same-origin htmx PUT with a form body, as a card's save sends it.
    pub async fn put_hx(&self, browser: &Browser, path: &str, form: &[(&str, &str)]) -> Response {
        browser
            .put(self.url(path))
            .header("Origin", &self.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .header("HX-Request", "true")
            .header("HX-Current-URL", self.url("/me"))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A same-origin htmx DELETE; htmx 2 sends a DELETE's fields in the query string.
    pub async fn delete_hx(
        &self,
        browser: &Browser,
        path: &str,
        query: &[(&str, &str)],
    ) -> Response {
        browser
            .delete(self.url(path))
            .query(query)
            .header("Origin", &self.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .header("HX-Request", "true")
            .header("HX-Current-URL", self.url("/me"))
            .send()
            .await
            .unwrap()
    }

    /// A browser signed in as `email` (one of the `seed::*_EMAIL` users), landed on `/me`.
    pub async fn login_as(&self, email: &str) -> Browser {
        let browser = self.client();
        let landed = self.sign_in(&browser, email, None).await;
        assert_eq!(
            landed.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            landed.text().await.unwrap_or_default()
        );
        assert_eq!(location(&landed), "/me");
        browser
    }

    /// The whole sign-in in `browser`: `/login` (with `next`), the simulator's sign-in form, and
    /// the callback. Returns the callback's response.
    pub async fn sign_in(&self, browser: &Browser, email: &str, next: Option<&str>) -> Response {
        let callback = self.authorize(browser, email, next).await;
        browser.get(callback).send().await.unwrap()
    }

    /// `/login` and the simulator's sign-in form, up to (not including) the callback: returns the
    /// callback URL Webex sends the browser to, so tests can tamper with it.
    pub async fn authorize(&self, browser: &Browser, email: &str, next: Option<&str>) -> Url {
        let path = match next {
            Some(next) => format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ),
            None => "/login".to_owned(),
        };
        let start = self.get(browser, &path).await;
        assert_eq!(start.status(), StatusCode::SEE_OTHER, "GET {path}");
        self.submit_sim_sign_in(&location(&start), email).await
    }

    /// Signs in at the simulator's authorize page as a browser would (email and password), and
    /// returns where the simulator redirects to.
    pub async fn submit_sim_sign_in(&self, authorize_url: &str, email: &str) -> Url {
        let authorize = Url::parse(authorize_url).expect("the authorize URL is absolute");
        let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
        form.push(("email".into(), email.into()));
        form.push(("password".into(), seed::USER_PASSWORD.into()));
        let mut target = authorize.clone();
        target.set_query(None);
        let response = Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap()
            .post(target)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_redirection(),
            "the simulator refused the sign-in: {}",
            response.status()
        );
        Url::parse(&location(&response)).expect("the simulator redirects to an absolute URL")
    }

    /// How many sessions the session store holds (signed in or not, unexpired).
    pub async fn session_count(&self) -> u64 {
        self.state
            .sessions
            .count_active()
            .await
            .expect("count sessions")
            .expect("this store can count")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.database_file.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A browser: a reqwest client with its own cookie jar, not following redirects.
pub struct Browser {
    client: Client,
    jar: Arc<reqwest::cookie::Jar>,
    site: Url,
}

impl Browser {
    /// Sets a cookie for the portal, as a script of the page would (`name=value`).
    pub fn set_cookie(&self, cookie: &str) {
        self.jar.add_cookie_str(cookie, &self.site);
    }

    /// The value of the portal's cookie `name`, if the browser holds it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.site)?;
        header.to_str().unwrap().split(';').find_map(|pair| {
            let (k, value) = pair.trim().split_once('=')?;
            (k == name).then(|| value.to_owned())
        })
    }

    /// The portal session cookie's value, if the browser holds one.
    pub fn session_cookie(&self) -> Option<String> {
        let header = self.jar.cookies(&self.site)?;
        header.to_str().unwrap().split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE_NAME).then(|| value.to_owned())
        })
    }
}

impl Deref for Browser {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
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
