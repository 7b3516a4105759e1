//! The page shell, the summary and history fragments, authorization on the person in the URL,
//! and what a page load costs in Webex calls.

use calling_portal::{simulator::seed, store::AuditResult};
use reqwest::StatusCode;
use serde_json::json;

use super::{CALL_WAITING, DND, FORWARDING, PERMISSIONS, Signed, VOICEMAIL, encode};

#[tokio::test]
async fn the_shell_renders_at_once_and_a_page_load_reads_each_setting_once() {
    let me = Signed::employee().await;
    let page = me.app.get(&me.browser, "/me").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert_eq!(
        me.app.sim.total_request_count(),
        0,
        "the shell calls no Webex API"
    );
    let base = format!("/hx/people/{}", encode(&me.person_id));
    for card in ["forwarding", "dnd", "call-waiting"] {
        assert!(
            html.contains(&format!("hx-get=\"{base}/{card}\" hx-trigger=\"load\"")),
            "{card}: {html}"
        );
    }
    assert!(html.contains(&format!(
        "hx-get=\"{base}/summary\" hx-trigger=\"load, settings-changed from:body\""
    )));
    assert!(html.contains(&format!(
        "hx-get=\"{base}/history\" hx-trigger=\"load, settings-changed from:body\""
    )));

    // What the browser then loads, concurrently.
    let (f, d, c, v, p, s, h) = tokio::join!(
        me.get("forwarding"),
        me.get("dnd"),
        me.get("call-waiting"),
        me.get("voicemail"),
        me.get("voicemail/pin"),
        me.get("summary"),
        me.get("history"),
    );
    for r in [f, d, c, v, p, s, h] {
        assert_eq!(r.status(), StatusCode::OK, "{}", r.url());
    }
    // The cards and the summary share their reads: one per distinct setting, and feature access
    // once for the forwarding, call-waiting and voicemail cards (11 calls before they shared).
    let sim = &me.app.sim;
    assert_eq!(sim.request_count("GET", FORWARDING), 1, "card and summary");
    assert_eq!(sim.request_count("GET", PERMISSIONS), 1, "three cards");
    assert_eq!(sim.request_count("GET", DND), 1, "card and summary");
    assert_eq!(sim.request_count("GET", CALL_WAITING), 1);
    assert_eq!(sim.request_count("GET", VOICEMAIL), 1, "card and summary");
    assert_eq!(
        sim.request_count("GET", "/v1/telephony/config/voicemail/rules"),
        1,
        "the PIN card"
    );
    // The summary starts with the personal assistant and call intercept (their cards share them).
    assert_eq!(
        sim.request_count(
            "GET",
            "/v1/telephony/config/people/{personId}/features/personalAssistant"
        ),
        1
    );
    assert_eq!(
        sim.request_count("GET", "/v1/people/{personId}/features/intercept"),
        1
    );
    // And every call rule (issue 15): the four features and single number reach, each criterion
    // in full (Alice has a forward and a reject rule), the schedule list and the two schedules
    // her rules name ("After hours", "Company holidays"; not "Office hours").
    let people = "/v1/telephony/config/people/{personId}";
    for feature in [
        "selectiveForward",
        "selectiveAccept",
        "selectiveReject",
        "simultaneousRing",
        "singleNumberReach",
    ] {
        assert_eq!(
            sim.request_count("GET", &format!("{people}/{feature}")),
            1,
            "{feature}"
        );
    }
    let criteria: u64 = ["selectiveForward", "selectiveReject"]
        .iter()
        .map(|f| sim.request_count("GET", &format!("{people}/{f}/criteria/{{id}}")))
        .sum();
    assert_eq!(criteria, 2);
    let schedules = "/v1/people/{personId}/features/schedules";
    assert_eq!(sim.request_count("GET", schedules), 1, "the list, once");
    let each = sim.request_count(
        "GET",
        &format!("{schedules}/{{scheduleType}}/{{scheduleId}}"),
    ) + sim.request_count(
        "GET",
        "/v1/telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}",
    );
    assert_eq!(each, 2);
    let rules = 5 + criteria + 1 + each;
    assert_eq!(sim.total_request_count(), 8 + rules);

    // The same again one after another (a reload right away): nothing more is read.
    for card in ["forwarding", "dnd", "call-waiting", "summary"] {
        assert_eq!(me.get(card).await.status(), StatusCode::OK, "{card}");
    }
    assert_eq!(
        sim.total_request_count(),
        8 + rules,
        "reused within the window"
    );
    // Later, the settings are read again; feature access is still reused (60 s).
    me.app.clock.advance(std::time::Duration::from_secs(3));
    let (f, d, c, s) = tokio::join!(
        me.get("forwarding"),
        me.get("dnd"),
        me.get("call-waiting"),
        me.get("summary"),
    );
    for r in [f, d, c, s] {
        assert_eq!(r.status(), StatusCode::OK, "{}", r.url());
    }
    assert_eq!(sim.request_count("GET", PERMISSIONS), 1, "still kept");
    assert_eq!(
        sim.total_request_count(),
        14 + 2 * rules,
        "four settings, the summary's two and its rules read again"
    );
}

#[tokio::test]
async fn the_summary_says_what_happens_to_calls_with_warnings() {
    let me = Signed::employee().await;
    let html = me.get("summary").await.text().await.unwrap();
    assert!(html.contains("Calls ring your phones."), "{html}");
    assert!(
        html.contains("If you don&#39;t answer within 3 rings, they go to voicemail.")
            || html.contains("If you don&#x27;t answer within 3 rings, they go to voicemail."),
        "{html}"
    );

    me.app.sim.set_person_setting(
        &me.person_id,
        "callForwarding",
        json!({"callForwarding": {"always": {"enabled": true, "destination": "+16175550199"}}}),
    );
    // A change made elsewhere shows once the page's shared reads (2 s) are over.
    me.app.clock.advance(std::time::Duration::from_secs(3));
    let html = me.get("summary").await.text().await.unwrap();
    assert!(
        html.contains("All calls are forwarded to +1 617-555-0199."),
        "{html}"
    );
    assert!(
        html.contains("Forward all calls is on, so your busy and no-answer settings never apply."),
        "{html}"
    );
}

#[tokio::test]
async fn history_shows_the_newest_changes_first() {
    let me = Signed::employee().await;
    let html = me.get("history").await.text().await.unwrap();
    assert!(html.contains("No changes yet."), "{html}");
    for enabled in [Some("on"), None] {
        let (_, fp) = me.load("dnd").await;
        let mut form = vec![("fingerprint", fp.as_str())];
        if let Some(v) = enabled {
            form.push(("enabled", v));
        }
        assert_eq!(me.put("dnd", &form).await.status(), 200);
    }
    let (_, fp) = me.load("call-waiting").await;
    assert_eq!(
        me.put("call-waiting", &[("fingerprint", &fp)])
            .await
            .status(),
        200
    );
    let html = me.get("history").await.text().await.unwrap();
    let cw = html.find("Call waiting").unwrap();
    let dnd = html.find("Do not disturb").unwrap();
    assert!(cw < dnd, "newest first: {html}");
    assert_eq!(html.matches("<tr><td ").count(), 3);
    assert!(html.contains("Alice Anderson"));
}

#[tokio::test]
async fn another_persons_settings_are_refused_without_a_webex_write() {
    let me = Signed::employee().await;
    let other = me.app.sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap();
    let base = format!("/hx/people/{}", encode(&other));
    for card in ["forwarding", "dnd", "call-waiting", "summary", "history"] {
        let r = me.app.get_hx(&me.browser, &format!("{base}/{card}")).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "GET {card}");
    }
    for card in ["forwarding", "dnd", "call-waiting"] {
        let r = me
            .app
            .put_hx(
                &me.browser,
                &format!("{base}/{card}"),
                &[
                    ("fingerprint", "x"),
                    ("enabled", "on"),
                    ("always_enabled", "on"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "PUT {card}");
    }
    assert_eq!(me.app.sim.total_request_count(), 0, "no Webex call at all");
    let denied = me
        .app
        .state
        .store
        .list_audit(&calling_portal::store::AuditFilter {
            target_person_id: Some(other.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(denied.len(), 3);
    assert!(denied.iter().all(|e| e.result == AuditResult::Denied));
}

#[tokio::test]
async fn fragments_need_a_session_and_writes_need_htmx() {
    let me = Signed::employee().await;
    let stranger = me.app.client();
    let r = me.app.get_hx(&stranger, &me.path("forwarding")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().get("hx-redirect").is_some());
    // A PUT without HX-Request (a plain cross-site form cannot add it) is refused before the handler.
    let r = me
        .browser
        .put(me.app.url(&me.path("dnd")))
        .header("Origin", &me.app.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("enabled", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(me.app.sim.total_request_count(), 0);
}

#[tokio::test]
async fn a_card_that_cannot_load_says_why_and_offers_a_retry() {
    let me = Signed::employee().await;
    me.app
        .sim
        .faults()
        .add(calling_portal::simulator::FaultRule {
            error_rate: 1.0,
            error_status: 500,
            ..calling_portal::simulator::FaultRule::for_path(DND)
        });
    let r = me.get("dnd").await;
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    let html = r.text().await.unwrap();
    assert!(html.contains("This setting could not be loaded."), "{html}");
    assert!(html.contains("Webex tracking id"), "{html}");
    assert!(
        html.contains(&format!("hx-get=\"{}\"", me.path("dnd"))),
        "{html}"
    );
}
