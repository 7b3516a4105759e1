//! Several portal instances behind one load balancer: two instances (each its own listener and
//! state) on one PostgreSQL database and one Redis session store, in front of one simulator.
//! SQLite is single-instance and not tested here.

use std::time::Duration;

use calling_portal::{
    simulator::seed,
    store::{AuditFilter, AuditResult, NewAuditEntry},
};
use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::support::{TestApp, TestOptions, app::Replica, services};

/// Instance A (the `TestApp`) and instance B, or None when PostgreSQL is not available (outside
/// CI). Sessions go to Redis under a prefix of their own when Redis is there, else to PostgreSQL.
async fn two_instances() -> Option<(TestApp, Replica)> {
    let database = services::fresh_postgres_database().await?;
    let mut env = vec![("PORTAL_DATABASE_URL", database)];
    let mut redis_key_prefix = None;
    if let Some((url, prefix)) = services::redis_with_prefix().await {
        env.push(("PORTAL_SESSION_STORE_URL", url));
        redis_key_prefix = Some(format!("{prefix}:"));
    }
    let a = TestApp::spawn_with(TestOptions {
        env,
        redis_key_prefix,
        ..TestOptions::default()
    })
    .await;
    let b = a.spawn_replica().await;
    Some((a, b))
}

#[tokio::test]
async fn a_session_started_on_one_instance_continues_on_the_other() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let browser = a.login_as(seed::EMPLOYEE_EMAIL).await;
    // The cookie is host-only for 127.0.0.1; cookies ignore ports, so the same jar presents it
    // to B as a browser presents it to one load-balanced host.
    let on_b = browser.get(b.url("/me")).send().await.unwrap();
    assert_eq!(on_b.status(), StatusCode::OK, "signed in on B too");
    // Signing out on B ends the session on A too.
    let logout = browser
        .post(b.url("/logout"))
        .header("Origin", &a.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    let on_a = a.get(&browser, "/me").await;
    assert_eq!(
        on_a.status(),
        StatusCode::SEE_OTHER,
        "signed out everywhere"
    );
}

#[tokio::test]
async fn the_service_app_token_is_refreshed_once_when_both_instances_need_it() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let alice = a.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    // Both instances hold the same (stored) token.
    a.state.webex.get_person(&alice, false).await.unwrap();
    b.state.webex.get_person(&alice, false).await.unwrap();

    a.sim.faults().expire_all_tokens();
    a.sim.faults().reset_counts();
    let calls = (0..6).map(|i| {
        let webex = if i % 2 == 0 {
            a.state.webex.clone()
        } else {
            b.state.webex.clone()
        };
        let alice = alice.clone();
        async move { webex.get_person(&alice, false).await }
    });
    for result in join_all(calls).await {
        result.expect("every call succeeds with the refreshed token");
    }
    assert_eq!(
        a.sim.request_count("POST", "/v1/access_token"),
        1,
        "one refresh for both instances"
    );
    // And over HTTP: sign-ins on both instances look people up with that token, no new refresh.
    let on_a = a.login_as(seed::EMPLOYEE_EMAIL);
    let browser_b = a.client();
    let on_b = async {
        let callback = a.authorize(&browser_b, seed::HELPDESK_EMAIL, None).await;
        browser_b
            .get(b.url(&format!(
                "{}?{}",
                callback.path(),
                callback.query().unwrap()
            )))
            .send()
            .await
            .unwrap()
    };
    let (_, landed_b) = tokio::join!(on_a, on_b);
    assert_eq!(landed_b.status(), StatusCode::SEE_OTHER);
    // Two authorization-code exchanges (one per sign-in) and still the one refresh.
    assert_eq!(a.sim.request_count("POST", "/v1/access_token"), 3);
}

#[tokio::test]
async fn killing_one_instance_mid_traffic_loses_no_session() {
    let Some((a, mut b)) = two_instances().await else {
        return;
    };
    let browsers = join_all((0..3).map(|_| a.login_as(seed::EMPLOYEE_EMAIL))).await;
    let sessions_before = a.state.sessions.count_active().await.unwrap();
    let (a_me, b_me) = (a.url("/me"), b.url("/me"));

    // Every browser sends requests to both instances at once; B is killed while they run.
    const ROUNDS: usize = 20;
    let on_a = join_all(browsers.iter().map(|browser| {
        let url = a_me.clone();
        async move {
            for round in 0..ROUNDS {
                let r = browser.get(&url).send().await.expect("A keeps serving");
                assert_eq!(r.status(), StatusCode::OK, "A, round {round}");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }));
    let killed = std::sync::atomic::AtomicBool::new(false);
    let on_b = join_all(browsers.iter().map(|browser| {
        let url = b_me.clone();
        let killed = &killed;
        async move {
            let mut answered = 0;
            for _ in 0..ROUNDS {
                // Once B is gone its requests fail; a load balancer would retry them on A.
                if let Ok(r) = browser.get(&url).send().await {
                    // While B dies, a request caught halfway (its database pool going away
                    // with the runtime) may still get a 5xx out; before that, only 200s.
                    let dying = killed.load(std::sync::atomic::Ordering::SeqCst)
                        && r.status().is_server_error();
                    if !dying {
                        assert_eq!(r.status(), StatusCode::OK);
                        answered += 1;
                    }
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            answered
        }
    }));
    let kill = async {
        tokio::time::sleep(Duration::from_millis(80)).await;
        killed.store(true, std::sync::atomic::Ordering::SeqCst);
        b.kill();
    };
    let (_, answered_by_b, ()) = tokio::join!(on_a, on_b, kill);
    assert!(
        answered_by_b.iter().any(|&n| n > 0),
        "B served before it was killed"
    );
    assert!(
        answered_by_b.iter().all(|&n| n < ROUNDS),
        "B answered nothing after it was killed: {answered_by_b:?}"
    );

    assert!(
        tokio::net::TcpStream::connect(b.addr).await.is_err(),
        "the killed instance is gone"
    );
    for browser in &browsers {
        assert_eq!(a.get(browser, "/me").await.status(), StatusCode::OK);
    }
    assert_eq!(
        a.state.sessions.count_active().await.unwrap(),
        sessions_before,
        "no session lost"
    );
}

/// The `value` of the form's hidden `fingerprint` field.
fn fingerprint(html: &str) -> String {
    let at = html
        .find("name=\"fingerprint\"")
        .expect("a fingerprint field");
    let tag = &html[html[..at].rfind('<').unwrap()..at + html[at..].find('>').unwrap()];
    let from = tag.find("value=\"").unwrap() + "value=\"".len();
    tag[from..from + tag[from..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn settings_saved_through_either_instance_land_in_one_audit_log() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    let browser = a.login_as(seed::EMPLOYEE_EMAIL).await;
    let person_id = a.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let path = format!(
        "/hx/people/{}/call-waiting",
        url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect::<String>()
    );
    const SAVES: usize = 6;
    for n in 0..SAVES {
        // Alternate instances, as a load balancer would; the page's origin is the public URL.
        let base = if n % 2 == 0 { &a.base_url } else { &b.base_url };
        // Each instance shows what it read in the last 2 s (the shared reads of a page load), so
        // a change saved through the other one shows after that; let that time pass.
        a.clock.advance(Duration::from_secs(3));
        b.clock.advance(Duration::from_secs(3));
        let hx = |req: reqwest::RequestBuilder| {
            req.header("Origin", &a.base_url)
                .header("Sec-Fetch-Site", "same-origin")
                .header("HX-Request", "true")
                .header("HX-Current-URL", a.url("/me"))
        };
        let card = hx(browser.get(format!("{base}{path}")))
            .send()
            .await
            .unwrap();
        assert_eq!(card.status(), StatusCode::OK, "load #{n}");
        let fp = fingerprint(&card.text().await.unwrap());
        // Call waiting starts on; unticked it turns off, ticked it turns on again.
        let mut form = vec![("fingerprint", fp.as_str())];
        if n % 2 == 1 {
            form.push(("enabled", "on"));
        }
        let saved = hx(browser.put(format!("{base}{path}")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK, "save #{n}");
    }
    let filter = AuditFilter {
        target_person_id: Some(person_id),
        limit: 100,
        ..AuditFilter::default()
    };
    let from_a = a.state.store.list_audit(&filter).await.unwrap();
    let from_b = b.state.store.list_audit(&filter).await.unwrap();
    assert_eq!(from_a, from_b, "one log, the same from either instance");
    assert_eq!(from_a.len(), SAVES, "one entry per save: {from_a:#?}");
    assert!(from_a.iter().all(|e| e.result == AuditResult::Success));
    let mut request_ids: Vec<&str> = from_a.iter().map(|e| e.request_id.as_str()).collect();
    request_ids.sort();
    request_ids.dedup();
    assert_eq!(request_ids.len(), SAVES, "no entry written twice");
}

fn entry(instance: &str, n: usize) -> NewAuditEntry {
    NewAuditEntry {
        actor_person_id: format!("actor-{instance}"),
        actor_name: format!("Actor {instance}"),
        actor_role: calling_portal::auth::Role::Employee,
        target_person_id: "target".into(),
        target_name: "Target".into(),
        target_location_id: None,
        feature: "call_forwarding".into(),
        action: calling_portal::store::AuditAction::Update,
        before: None,
        after: Some(serde_json::json!({ "n": n })),
        result: AuditResult::Success,
        error: None,
        ticket: None,
        webex_tracking_id: None,
        request_id: format!("{instance}-{n}"),
        undo_of: None,
    }
}

#[tokio::test]
async fn both_instances_write_one_audit_log_readable_from_either() {
    let Some((a, b)) = two_instances().await else {
        return;
    };
    const EACH: usize = 25;
    let writes = (0..EACH).flat_map(|n| {
        [("a", a.state.store.clone()), ("b", b.state.store.clone())]
            .map(|(instance, store)| async move { store.append_audit(&entry(instance, n)).await })
    });
    let ids: Vec<i64> = join_all(writes)
        .await
        .into_iter()
        .map(|r| r.expect("append"))
        .collect();
    let filter = AuditFilter {
        limit: 1000,
        ..AuditFilter::default()
    };
    let from_a = a.state.store.list_audit(&filter).await.unwrap();
    let from_b = b.state.store.list_audit(&filter).await.unwrap();
    assert_eq!(from_a, from_b, "one log, the same from either instance");
    assert_eq!(from_a.len(), 2 * EACH, "nothing lost or duplicated");
    let mut request_ids: Vec<&str> = from_a.iter().map(|e| e.request_id.as_str()).collect();
    request_ids.sort();
    request_ids.dedup();
    assert_eq!(request_ids.len(), 2 * EACH);
    let mut stored_ids: Vec<i64> = from_a.iter().map(|e| e.id).collect();
    stored_ids.sort();
    let mut returned = ids.clone();
    returned.sort();
    assert_eq!(stored_ids, returned, "each append's id is its entry's");
}
