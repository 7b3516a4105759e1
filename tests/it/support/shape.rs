//! The production shape, as `scripts/production-shape.sh` runs it: the simulator, two
//! `calling-portal serve` processes on PostgreSQL and Redis, and Caddy (deploy/Caddyfile) in front
//! with TLS from its local CA. Tests reach it only through the proxy, over https, trusting that CA.
//!
//! Without caddy, curl or the services the test fails under `CI=true` and is skipped elsewhere.
#![allow(dead_code)] // each production-shape test uses a different subset

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use calling_portal::simulator::seed;
use reqwest::{Certificate, Client, StatusCode, header, redirect::Policy};
use url::Url;

use super::{location, services};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/production-shape.sh");

pub struct Shape {
    /// `https://localhost:<port>`: the proxy, as users reach it.
    pub url: String,
    /// Caddy's local root certificate (PEM).
    pub ca: PathBuf,
    /// The replicas' own addresses (`http://127.0.0.1:<port>`), behind the proxy.
    pub replicas: [String; 2],
    proxy_addr: SocketAddr,
    dir: PathBuf,
    /// `run`: stops everything when its stdin closes.
    script: Option<Child>,
}

/// What a test cannot do without: a failure in CI, a skip (false) elsewhere.
fn have(program: &str, package: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()));
    if !found {
        let msg = format!("{program} is not installed (apt-get install {package})");
        if services::in_ci() {
            panic!("{msg}");
        }
        eprintln!("skipping production-shape test: {msg}");
    }
    found
}

impl Shape {
    /// Runs the script with `env` added to its environment (it passes `PORTAL_*` on to both
    /// replicas) and waits until the proxy serves; None when something it needs is missing.
    pub async fn start(env: &[(&str, &str)]) -> Option<Shape> {
        if !have("caddy", "caddy") || !have("curl", "curl") {
            return None;
        }
        let database = services::fresh_postgres_database().await?;
        let (redis, _) = services::redis_with_prefix().await?;
        let dir = std::env::temp_dir().join(services::unique_name("portal-shape"));
        std::fs::create_dir_all(&dir).unwrap();
        let log = std::fs::File::create(dir.join("script.log")).unwrap();
        let mut command = Command::new("bash");
        command
            .arg(SCRIPT)
            .arg("run")
            .arg(&dir)
            .env("PORTAL_BIN", env!("CARGO_BIN_EXE_calling-portal"))
            .env("PORTAL_DATABASE_URL", &database)
            .env("PORTAL_SESSION_STORE_URL", &redis)
            .stdin(Stdio::piped())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for (k, v) in env {
            command.env(k, v);
        }
        let mut script = command.spawn().expect("run scripts/production-shape.sh");
        let settings = dir.join("shape.env");
        let began = Instant::now();
        while !settings.exists() {
            let exited = script.try_wait().unwrap();
            if exited.is_some() || began.elapsed() > Duration::from_secs(90) {
                let _ = script.kill();
                panic!(
                    "the production shape did not come up ({exited:?}):\n{}",
                    std::fs::read_to_string(dir.join("script.log")).unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let vars = read_env_file(&settings);
        let url = vars["SHAPE_URL"].clone();
        let port = Url::parse(&url).unwrap().port().unwrap();
        Some(Shape {
            url,
            ca: PathBuf::from(&vars["SHAPE_CA"]),
            replicas: [
                vars["SHAPE_REPLICA_1"].clone(),
                vars["SHAPE_REPLICA_2"].clone(),
            ],
            proxy_addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
            script: Some(script),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// A client that trusts Caddy's root and nothing else, connecting from `from` (another
    /// loopback address stands for another client machine); no redirects followed.
    pub fn client_from(&self, from: IpAddr) -> Client {
        let pem = std::fs::read(&self.ca).unwrap();
        Client::builder()
            .tls_certs_only([Certificate::from_pem(&pem).unwrap()])
            .resolve("localhost", self.proxy_addr)
            .local_address(from)
            .redirect(Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }

    pub fn client(&self) -> Client {
        self.client_from(IpAddr::from([127, 0, 0, 1]))
    }

    /// Runs `scripts/production-shape.sh <command> DIR <replica>` and waits for it.
    async fn script(&self, command: &str, replica: u8) {
        let out = tokio::process::Command::new("bash")
            .arg(SCRIPT)
            .arg(command)
            .arg(&self.dir)
            .arg(replica.to_string())
            .env("PORTAL_BIN", env!("CARGO_BIN_EXE_calling-portal"))
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "production-shape.sh {command} {replica}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// SIGTERM to replica `n` (1 or 2), wait for it to exit, start it again, wait until ready.
    pub async fn restart(&self, n: u8) {
        self.script("restart", n).await;
    }

    /// SIGKILL to replica `n`, as a crash would.
    pub async fn kill(&self, n: u8) {
        self.script("kill", n).await;
    }

    /// Starts replica `n` again (after [`Shape::kill`]) and waits until it is ready.
    pub async fn start_replica(&self, n: u8) {
        self.script("start", n).await;
    }

    /// Replica `n`'s process id.
    pub fn pid(&self, n: u8) -> u32 {
        std::fs::read_to_string(self.dir.join(format!("pids/portal-{n}.pid")))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Replica `n`'s log so far (JSON lines).
    pub fn log(&self, n: u8) -> String {
        std::fs::read_to_string(self.dir.join(format!("logs/portal-{n}.log"))).unwrap_or_default()
    }

    /// Signs `email` in over https with the real flow (the simulator's form in between).
    pub async fn sign_in(&self, email: &str) -> User {
        let user = User {
            http: self.client(),
            jar: Arc::new(reqwest::cookie::Jar::default()),
            base: self.url.clone(),
            forwarding: String::new(),
        };
        let start = user.get("/login").await.unwrap();
        assert_eq!(start.status(), StatusCode::SEE_OTHER, "GET /login");
        let authorize = Url::parse(&location(&start)).unwrap();
        let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
        form.push(("email".into(), email.into()));
        form.push(("password".into(), seed::USER_PASSWORD.into()));
        let mut target = authorize.clone();
        target.set_query(None);
        let signed = Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap()
            .post(target)
            .form(&form)
            .send()
            .await
            .unwrap();
        let callback = Url::parse(&location(&signed)).unwrap();
        assert!(callback.as_str().starts_with(&self.url), "{callback}");
        let landed = user
            .get(&format!(
                "{}?{}",
                callback.path(),
                callback.query().unwrap_or_default()
            ))
            .await
            .unwrap();
        assert_eq!(landed.status(), StatusCode::SEE_OTHER, "the callback");
        assert_eq!(location(&landed), "/me");
        let page = user.get("/me").await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        let forwarding = page
            .split("hx-get=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .find(|p| p.ends_with("/forwarding"))
            .expect("/me shows the forwarding card")
            .replace("&#x2f;", "/");
        User { forwarding, ..user }
    }
}

/// A signed-in user of the proxy: their own cookies, requests as the browser would send them.
pub struct User {
    http: Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
    /// `/hx/people/<id>/forwarding`.
    pub forwarding: String,
}

impl User {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        form: Option<&[(String, String)]>,
    ) -> reqwest::Result<reqwest::Response> {
        use reqwest::cookie::CookieStore as _;
        let url = Url::parse(&format!("{}{path}", self.base)).unwrap();
        let mut request = self.http.request(method.clone(), url.clone());
        if let Some(cookies) = self.jar.cookies(&url) {
            request = request.header(header::COOKIE, cookies);
        }
        if path.starts_with("/hx/") {
            request = request
                .header("HX-Request", "true")
                .header("HX-Current-URL", format!("{}/me", self.base));
        }
        if method != reqwest::Method::GET {
            request = request
                .header(header::ORIGIN, &self.base)
                .header("Sec-Fetch-Site", "same-origin");
        }
        if let Some(form) = form {
            request = request.form(form);
        }
        let response = request.send().await?;
        self.jar.set_cookies(
            &mut response.headers().get_all(header::SET_COOKIE).iter(),
            &url,
        );
        Ok(response)
    }

    pub async fn get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn put(
        &self,
        path: &str,
        form: &[(String, String)],
    ) -> reqwest::Result<reqwest::Response> {
        self.send(reqwest::Method::PUT, path, Some(form)).await
    }
}

impl Drop for Shape {
    fn drop(&mut self) {
        if let Some(mut script) = self.script.take() {
            // Closing its stdin makes `run` stop everything it started.
            drop(script.stdin.take());
            let began = Instant::now();
            while script.try_wait().unwrap().is_none() {
                if began.elapsed() > Duration::from_secs(60) {
                    let _ = script.kill();
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            eprintln!("production shape files kept in {}", self.dir.display());
        }
    }
}

fn read_env_file(path: &Path) -> HashMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            Some((k.to_owned(), v.trim_matches('\'').to_owned()))
        })
        .collect()
}
