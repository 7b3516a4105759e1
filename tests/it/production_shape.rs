//! docker-compose.yml's shape, run for real by `scripts/production-shape.sh`: Caddy terminating TLS
//! from its local CA (deploy/Caddyfile, the file compose mounts) in front of two `calling-portal
//! serve` processes on PostgreSQL and Redis, against `calling-portal simulator`. Everything here
//! goes through the proxy over https, with Caddy's root trusted and certificates checked.

use std::{
    net::IpAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use calling_portal::simulator::seed;

use crate::load::form_fields;
use reqwest::StatusCode;

use crate::support::{
    browser::{Browser, click, sign_in_at, text_of, type_into, value_of, wait_for, wait_for_text},
    shape::{Shape, User},
};

/// How long a replica may show a setting as it read it before another replica changed it.
const SETTING_REUSE: Duration = Duration::from_millis(2500);

/// Webex Calling users of the seeded org with nothing special about their settings.
fn calling_users(n: usize) -> Vec<String> {
    let seed = seed::Seed::builtin();
    let org = seed.orgs[0].id.clone();
    let users: Vec<String> = seed
        .users
        .iter()
        .filter(|u| u.org_id == org && u.calling.is_some() && u.settings.is_empty())
        .map(|u| u.email.clone())
        .take(n)
        .collect();
    assert_eq!(users.len(), n, "the seed has {n} plain calling users");
    users
}

/// Signs in, saves always-forwarding to `number` in the forwarding card, waits for "Saved".
async fn save_forwarding_in_browser(page: &fantoccini::Client, number: &str) {
    if !crate::support::browser::is_checked(page, "#fwd-always-enabled").await {
        click(page, "#fwd-always-enabled").await;
    }
    type_into(page, "#fwd-always-destination", number).await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding .card-notice-ok", "Saved").await;
}

/// Waits for the cards of /me, and says where the browser is.
async fn cards_loaded(page: &fantoccini::Client) -> String {
    wait_for(page, "#fwd-always-destination").await;
    page.current_url().await.unwrap().to_string()
}

/// The steady load saves and reads far faster than people do: the fair-use limits (tested in
/// `fairness`) are raised so that every failure counted here is the restart's.
const NO_FAIR_USE_LIMITS: &[(&str, &str)] = &[
    ("PORTAL_WRITE_RATE_LIMIT_PER_MINUTE", "100000"),
    ("WEBEX_CALL_BUDGET_PER_MINUTE", "100000"),
    ("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "100000"),
];

#[tokio::test]
async fn over_https_a_browser_signs_in_and_saves_with_a_host_prefixed_secure_cookie_and_hsts() {
    let Some(shape) = Shape::start(&[]).await else {
        return;
    };
    let Some(browser) = Browser::start_trusting(&shape.ca).await else {
        return;
    };
    let page = &browser.client;
    // A certificate error would stop Chromium at its warning page, with no sign-in form to fill.
    sign_in_at(page, &shape.url("/me"), seed::EMPLOYEE_EMAIL).await;
    assert_eq!(cards_loaded(page).await, shape.url("/me"));
    save_forwarding_in_browser(page, "617 555 0199").await;
    // The reload may land on the other replica, whose display reads may reuse a Webex answer
    // for up to 2 s (only the saving replica drops it); wait that out.
    tokio::time::sleep(SETTING_REUSE).await;
    page.refresh().await.unwrap();
    cards_loaded(page).await;
    assert_eq!(
        value_of(page, "#fwd-always-destination").await,
        "+1 617-555-0199",
        "{}",
        text_of(page, "#card-forwarding").await
    );

    let cookies = page.get_all_cookies().await.unwrap();
    let names: Vec<&str> = cookies.iter().map(|c| c.name()).collect();
    let session = cookies
        .iter()
        .find(|c| c.name() == "__Host-portal_sid")
        .unwrap_or_else(|| panic!("no __Host- session cookie: {names:?}"));
    assert_eq!(session.secure(), Some(true));
    assert_eq!(session.http_only(), Some(true));
    assert_eq!(session.path(), Some("/"));
    assert!(!names.contains(&"portal_sid"), "{names:?}");
    browser.close().await;

    // What the proxy passes on, byte for byte.
    let client = shape.client();
    let start = client.get(shape.url("/login")).send().await.unwrap();
    let set_cookie = start.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("__Host-portal_sid="), "{set_cookie}");
    for part in ["; Secure", "; Path=/", "; HttpOnly"] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    assert!(
        !set_cookie.to_lowercase().contains("domain="),
        "{set_cookie}"
    );
    assert_eq!(
        start.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    assert_eq!(start.version(), reqwest::Version::HTTP_2, "Caddy speaks h2");

    // The certificate is Caddy's own: a client that does not trust its root is refused.
    let untrusting = reqwest::Client::builder()
        .resolve(
            "localhost",
            format!(
                "127.0.0.1:{}",
                url::Url::parse(&shape.url).unwrap().port().unwrap()
            )
            .parse()
            .unwrap(),
        )
        .build()
        .unwrap();
    let refused = untrusting.get(shape.url("/healthz")).send().await;
    assert!(refused.is_err(), "{refused:?}");
}

/// Outcomes of a background load: how many requests, and what the failed ones were.
#[derive(Default)]
struct Tally {
    requests: usize,
    failures: Vec<String>,
}

#[tokio::test]
async fn a_replica_killed_in_the_middle_of_a_session_goes_unnoticed() {
    let Some(shape) = Shape::start(NO_FAIR_USE_LIMITS).await else {
        return;
    };
    let Some(browser) = Browser::start_trusting(&shape.ca).await else {
        return;
    };
    let page = &browser.client;
    sign_in_at(page, &shape.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    save_forwarding_in_browser(page, "617 555 0101").await;

    // Another user keeps reading their card while the replica dies; a failed request is retried
    // once, as a person would.
    let other = shape.sign_in(&calling_users(2)[1]).await;
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let load = {
        let (stop, tally) = (stop.clone(), tally.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let ok = |r: reqwest::Result<reqwest::Response>| match r {
                    Ok(r) if r.status() == StatusCode::OK => None,
                    Ok(r) => Some(format!("{}", r.status())),
                    Err(e) => Some(format!("{e}")),
                };
                let first = ok(other.get(&other.forwarding).await);
                {
                    let mut t = tally.lock().unwrap();
                    t.requests += 1;
                    t.failures.extend(first.clone());
                }
                if first.is_some() {
                    let retry = ok(other.get(&other.forwarding).await);
                    assert_eq!(retry, None, "the retry succeeds");
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    shape.kill(1).await;

    // The signed-in user carries on: the next save lands, the page still shows them signed in.
    save_forwarding_in_browser(page, "617 555 0102").await;
    tokio::time::sleep(SETTING_REUSE).await;
    page.refresh().await.unwrap();
    assert_eq!(
        cards_loaded(page).await,
        shape.url("/me"),
        "still signed in"
    );
    assert_eq!(
        value_of(page, "#fwd-always-destination").await,
        "+1 617-555-0102"
    );
    // The other half of the pair still works for the one left.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::SeqCst);
    load.await.unwrap();
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    eprintln!(
        "replica killed: {} requests from the other user, {} failed ({:?})",
        tally.requests,
        tally.failures.len(),
        tally.failures
    );
    assert!(tally.requests > 10, "the load ran: {}", tally.requests);
    assert!(tally.failures.len() <= 1, "{:?}", tally.failures);
    browser.close().await;
}

/// One user's steady traffic: the page, the card, and a save of busy forwarding alternating
/// between two numbers, each from the card as last shown. Returns the number last saved.
async fn steady_user(user: &User, stop: &AtomicBool, tally: &Mutex<Tally>) -> Option<String> {
    let card = user
        .get(&user.forwarding)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut card = card;
    let mut saved = None;
    let mut round = 0u32;
    while !stop.load(Ordering::SeqCst) {
        round += 1;
        let number = format!("+1 617 555 01{:02}", round % 100);
        let mut form = form_fields(&card);
        form.retain(|(n, _)| n != "busy_enabled" && n != "busy_destination");
        form.push(("busy_enabled".into(), "on".into()));
        form.push(("busy_destination".into(), number.clone()));
        for (what, result) in [
            ("GET /me", user.get("/me").await),
            ("GET card", user.get(&user.forwarding).await),
            ("PUT card", user.put(&user.forwarding, &form).await),
        ] {
            let failure = match result {
                Ok(r) if r.status() == StatusCode::OK => {
                    let body = r.text().await.unwrap_or_default();
                    if what == "PUT card" {
                        if body.contains("card-notice-ok") {
                            card = body;
                            saved = Some(number.clone());
                            None
                        } else {
                            Some(format!("{what}: not saved: {body}"))
                        }
                    } else {
                        None
                    }
                }
                Ok(r) => Some(format!("{what}: {}", r.status())),
                Err(e) => Some(format!("{what}: {e}")),
            };
            let mut t = tally.lock().unwrap();
            t.requests += 1;
            if let Some(f) = failure {
                t.failures.push(f);
            }
        }
    }
    saved
}

#[tokio::test]
async fn a_rolling_restart_of_both_replicas_fails_no_request() {
    let Some(shape) = Shape::start(NO_FAIR_USE_LIMITS).await else {
        return;
    };
    let mut users = Vec::new();
    for email in calling_users(4) {
        users.push(shape.sign_in(&email).await);
    }
    let pids = [shape.pid(1), shape.pid(2)];
    let stop = AtomicBool::new(false);
    let tally = Mutex::new(Tally::default());
    let load =
        futures_util::future::join_all(users.iter().map(|user| steady_user(user, &stop, &tally)));
    let restarts = async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        shape.restart(1).await;
        // Caddy's next health check (every second) puts the new replica 1 back in rotation.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        shape.restart(2).await;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        stop.store(true, Ordering::SeqCst);
    };
    let (saved, ()) = tokio::join!(load, restarts);
    assert_ne!(shape.pid(1), pids[0], "replica 1 restarted");
    assert_ne!(shape.pid(2), pids[1], "replica 2 restarted");

    let tally = std::mem::take(&mut *tally.lock().unwrap());
    eprintln!(
        "rolling restart: {} requests, {} failed",
        tally.requests,
        tally.failures.len()
    );
    assert_eq!(tally.failures, Vec::<String>::new(), "no request failed");
    assert!(tally.requests > 100, "a steady load: {}", tally.requests);
    // No save was lost: each card shows the number its user saved last.
    tokio::time::sleep(SETTING_REUSE).await;
    for (user, number) in users.iter().zip(saved) {
        let number = number.expect("every user saved");
        let card = user
            .get(&user.forwarding)
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let shown = form_fields(&card)
            .into_iter()
            .find(|(n, _)| n == "busy_destination")
            .map(|(_, v)| v)
            .unwrap_or_default();
        assert_eq!(
            digits(&shown),
            digits(&number),
            "the last save is kept: {card}"
        );
    }
}

#[tokio::test]
async fn the_login_rate_limit_counts_the_client_address_the_proxy_forwards() {
    let Some(shape) = Shape::start(&[("PORTAL_LOGIN_RATE_LIMIT_PER_MINUTE", "2")]).await else {
        return;
    };
    // Another machine (another loopback address) starts sign-ins until it is refused, each time
    // claiming another address of its own: Caddy replaces the header, so that does not help.
    let elsewhere = shape.client_from(IpAddr::from([127, 0, 0, 2]));
    let mut statuses = Vec::new();
    for i in 0..8 {
        let r = elsewhere
            .get(shape.url("/login"))
            .header("X-Forwarded-For", format!("203.0.113.{i}"))
            .send()
            .await
            .unwrap();
        statuses.push(r.status());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    // Each replica allows 2 a minute of its own, and Caddy takes turns: the fifth is refused.
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert!(statuses.len() <= 5, "{statuses:?}");
    // This machine was not counted: the portal saw two clients, not one proxy.
    for _ in 0..2 {
        let here = shape
            .client()
            .get(shape.url("/login"))
            .send()
            .await
            .unwrap();
        assert_eq!(here.status(), StatusCode::SEE_OTHER);
    }
}
