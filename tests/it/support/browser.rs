//! Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`).
//!
//! Each browser gets its own chromedriver on a free port and its own profile directory, and both
//! go away on drop. Without chromedriver the test fails under `CI=true` and is skipped elsewhere.

use std::{path::Path, process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

const CERTUTIL: &str = "/usr/bin/certutil";

pub struct Browser {
    pub client: Client,
    _driver: Child,
    _profile: TempDir,
    _home: Option<TempDir>,
}

/// Says why a browser test cannot run: a failure under `CI=true`, a skip (None) elsewhere.
fn missing(msg: &str) -> Option<Browser> {
    if super::services::in_ci() {
        panic!("{msg}");
    }
    eprintln!("skipping browser test: {msg}");
    None
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session, or None (outside CI) when not installed.
    pub async fn start() -> Option<Browser> {
        Self::start_with(None, None, None).await
    }

    /// Like [`Browser::start`], with the PEM root certificate `ca` trusted as a user would trust
    /// it: in the NSS database of a private home directory (`~/.pki/nssdb`, where Chromium on
    /// Linux reads the certificates a user added), with no certificate checks turned off.
    pub async fn start_trusting(ca: &Path) -> Option<Browser> {
        if !Path::new(CERTUTIL).exists() {
            return missing("certutil is not installed (apt-get install libnss3-tools)");
        }
        let home = TempDir::new("portal-browser-home");
        let nssdb = home.0.join(".pki/nssdb");
        std::fs::create_dir_all(&nssdb).unwrap();
        let db = format!("sql:{}", nssdb.display());
        let certutil = |args: &[&str]| {
            let out = std::process::Command::new(CERTUTIL)
                .args(args)
                .output()
                .expect("run certutil");
            assert!(
                out.status.success(),
                "certutil {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        certutil(&["-N", "-d", &db, "--empty-password"]);
        // `C,,`: a CA trusted to issue server certificates.
        let ca = ca.to_str().unwrap();
        certutil(&[
            "-A",
            "-d",
            &db,
            "-n",
            "portal test root",
            "-t",
            "C,,",
            "-i",
            ca,
        ]);
        Self::start_with(Some(home), None, None).await
    }

    /// A browser whose user asks for `accept_language` and lives in `time_zone` (IANA name).
    pub async fn start_speaking(accept_language: &str, time_zone: &str) -> Option<Browser> {
        Self::start_with(None, Some(accept_language), Some(time_zone)).await
    }

    async fn start_with(
        home: Option<TempDir>,
        accept_language: Option<&str>,
        time_zone: Option<&str>,
    ) -> Option<Browser> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            return missing(
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
            );
        }
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER);
        if let Some(home) = &home {
            // chromedriver passes its environment on to Chromium.
            driver.env("HOME", &home.0);
        }
        if let Some(tz) = time_zone {
            // Chromium takes its time zone from the environment it inherits.
            driver.env("TZ", tz);
        }
        let driver = driver
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let profile = TempDir::new("portal-chromium");
        let prefs = match accept_language {
            Some(lang) => serde_json::json!({ "intl.accept_languages": lang }),
            None => serde_json::json!({}),
        };
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "prefs": prefs,
                // The machine has no outside network: keep Chromium from trying to phone home.
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.0.display()),
                ]
            }
        });
        let mut caps = caps.as_object().unwrap().clone();
        if let Some(lang) = accept_language {
            let first = lang.split(',').next().unwrap_or(lang).trim();
            caps["goog:chromeOptions"]["args"]
                .as_array_mut()
                .unwrap()
                .push(format!("--lang={first}").into());
        }
        let url = format!("http://127.0.0.1:{port}");
        let mut last_err = None;
        for _ in 0..50 {
            match ClientBuilder::rustls()
                .expect("rustls connector")
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Some(Browser {
                        client,
                        _driver: driver,
                        _profile: profile,
                        _home: home,
                    });
                }
                Err(e) => last_err = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start a session: {last_err:?}");
    }

    /// Ends the WebDriver session (the driver process is killed on drop).
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A directory removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(prefix: &str) -> Self {
        let dir = std::env::temp_dir().join(super::services::unique_name(prefix));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens `path` on the portal, which sends the browser to the simulator's sign-in page, and signs
/// in there as `email` with the seeded password (as a person would type it).
pub async fn sign_in_at(page: &Client, url: &str, email: &str) {
    use calling_portal::simulator::seed;
    use fantoccini::Locator;
    page.goto(url).await.unwrap();
    for (field, value) in [("email", email), ("password", seed::USER_PASSWORD)] {
        page.find(Locator::Css(&format!(
            "#password-login input[name={field}]"
        )))
        .await
        .unwrap()
        .send_keys(value)
        .await
        .unwrap();
    }
    page.find(Locator::Css("#password-login button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Waits until the element's text contains `want`.
pub async fn wait_for_text(page: &Client, css: &str, want: &str) {
    for _ in 0..100 {
        reveal(page, css).await;
        if let Ok(e) = page.find(Locator::Css(css)).await
            && e.text().await.unwrap_or_default().contains(want)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{css} never said {want:?}: {}",
        page.source().await.unwrap()
    );
}

/// Waits (up to 10 s) for an element matching `css`.
pub async fn wait_for(page: &Client, css: &str) -> fantoccini::elements::Element {
    page.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

/// The page as it stands scrolls no wider than the (narrow) window; names what sticks out if not.
pub async fn assert_no_sideways_scrolling(page: &Client, what: &str) {
    let widths = page
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]",
            vec![],
        )
        .await
        .unwrap();
    let (scroll, client) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
    assert!(client <= 360, "the window is narrow: {client}");
    if scroll > client {
        // Name the elements that stick out (a .table-scroll's contents scroll in their box).
        let wide = page
            .execute(
                "return Array.from(document.querySelectorAll('body *')) \
                   .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth) \
                   .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))",
                vec![],
            )
            .await
            .unwrap();
        panic!("{what}: no sideways scrolling at {client} px: {scroll}; too wide: {wide}");
    }
}

/// Opens the tab of the person page's section holding the element matching `css`, as a person
/// would before using it (static/js/tabs.js shows one section at a time).
pub async fn reveal(page: &Client, css: &str) {
    page.execute(
        "const el = document.querySelector(arguments[0]); \
         const panel = el && el.closest('[role=tabpanel][hidden]'); \
         if (panel) document.getElementById(panel.getAttribute('aria-labelledby')).click();",
        vec![serde_json::json!(css)],
    )
    .await
    .unwrap();
}

/// Clicks the element matching `css` (opening its section's tab first).
pub async fn click(page: &Client, css: &str) {
    reveal(page, css).await;
    page.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Replaces the text of the input matching `css` with `text`.
pub async fn type_into(page: &Client, css: &str, text: &str) {
    reveal(page, css).await;
    let input = page.find(Locator::Css(css)).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// The visible text of the element matching `css`.
pub async fn text_of(page: &Client, css: &str) -> String {
    reveal(page, css).await;
    page.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The current value of the input matching `css`.
pub async fn value_of(page: &Client, css: &str) -> String {
    page.find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Whether the checkbox or radio matching `css` is checked.
pub async fn is_checked(page: &Client, css: &str) -> bool {
    page.find(Locator::Css(css))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap()
        .as_deref()
        == Some("true")
}
