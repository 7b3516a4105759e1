//! Do not disturb and call waiting: each field, feature access, and what a save costs.

use calling_portal::store::AuditResult;
use serde_json::json;

use super::{CALL_WAITING, DND, PERMISSIONS, Signed, input};

#[tokio::test]
async fn do_not_disturb_and_ring_splash_save_and_read_back() {
    let me = Signed::employee().await;
    let (html, fp) = me.load("dnd").await;
    assert!(!input(&html, "dnd-enabled").contains("checked"));
    me.app.sim.faults().reset_counts();

    let response = me
        .put(
            "dnd",
            &[
                ("fingerprint", &fp),
                ("enabled", "on"),
                ("ring_splash", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["hx-trigger"], "settings-changed");
    let html = response.text().await.unwrap();
    assert!(input(&html, "dnd-enabled").contains("checked"), "{html}");
    assert!(
        input(&html, "dnd-ring-splash").contains("checked"),
        "{html}"
    );
    let state = me.setting("doNotDisturb");
    assert_eq!(state["enabled"], true);
    assert_eq!(state["ringSplashEnabled"], true);
    // The current state, the PUT (webexGoOverrideEnabled from that read), the read-back; DND has
    // no feature-access switch, so no permissions read.
    assert_eq!(me.app.sim.request_count("GET", DND), 2);
    assert_eq!(me.app.sim.request_count("PUT", DND), 1);
    assert_eq!(me.app.sim.total_request_count(), 3);

    // And off again, one field at a time.
    let fp = super::fingerprint(&html);
    let response = me
        .put("dnd", &[("fingerprint", &fp), ("ring_splash", "on")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(me.setting("doNotDisturb")["enabled"], false);
    assert_eq!(me.setting("doNotDisturb")["ringSplashEnabled"], true);
    let entries = me.audit().await;
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .all(|e| e.result == AuditResult::Success && e.feature == "do_not_disturb")
    );
    assert_eq!(
        entries[0].before.as_ref().unwrap()["enabled"],
        true,
        "newest first"
    );
}

#[tokio::test]
async fn call_waiting_saves_and_reads_back() {
    let me = Signed::employee().await;
    let (html, fp) = me.load("call-waiting").await;
    assert!(
        input(&html, "cw-enabled").contains("checked"),
        "on by default"
    );
    me.app.sim.faults().reset_counts();

    let response = me.put("call-waiting", &[("fingerprint", &fp)]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(!input(&html, "cw-enabled").contains("checked"), "{html}");
    assert_eq!(me.setting("callWaiting")["enabled"], false);
    assert_eq!(me.app.sim.request_count("GET", PERMISSIONS), 1);
    assert_eq!(me.app.sim.request_count("GET", CALL_WAITING), 2);
    assert_eq!(me.app.sim.request_count("PUT", CALL_WAITING), 1);
    assert_eq!(me.app.sim.total_request_count(), 4);

    let fp = super::fingerprint(&html);
    let response = me
        .put("call-waiting", &[("fingerprint", &fp), ("enabled", "on")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(me.setting("callWaiting")["enabled"], true);
}

#[tokio::test]
async fn call_waiting_follows_feature_access() {
    let me = Signed::employee().await;
    me.app.sim.set_person_setting(
        &me.person_id,
        "permissions",
        json!({"userOrgSettingsPermissionEnabled": false,
               "userSettingsPermissions": {"callWaiting": "NO_ACCESS"}}),
    );
    let (html, fp) = me.load("call-waiting").await;
    assert!(input(&html, "cw-enabled").contains("disabled"));
    assert!(html.contains("does not let you change this yourself"));
    let response = me.put("call-waiting", &[("fingerprint", &fp)]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(me.app.sim.request_count("PUT", CALL_WAITING), 0);
    assert_eq!(me.audit().await[0].result, AuditResult::Denied);
}

#[tokio::test]
async fn a_dnd_change_made_elsewhere_is_not_overwritten() {
    let me = Signed::employee().await;
    let (_, fp) = me.load("dnd").await;
    me.app.sim.set_person_setting(
        &me.person_id,
        "doNotDisturb",
        json!({"ringSplashEnabled": true}),
    );
    let response = me
        .put("dnd", &[("fingerprint", &fp), ("enabled", "on")])
        .await;
    assert_eq!(response.status(), 409);
    // The rest of the page (the summary) showed the old state too: it is told to reload.
    assert_eq!(response.headers()["hx-trigger"], "settings-changed");
    assert_eq!(me.app.sim.request_count("PUT", DND), 0);
    assert_eq!(me.setting("doNotDisturb")["enabled"], false);
    assert_eq!(me.audit().await[0].result, AuditResult::Conflict);
}

#[tokio::test]
async fn a_save_checks_feature_access_afresh_though_the_cards_keep_it_for_a_minute() {
    let me = Signed::employee().await;
    let (html, _) = me.load("call-waiting").await;
    assert!(!input(&html, "cw-enabled").contains("disabled"));
    // An admin takes call waiting away in Control Hub.
    me.app.sim.set_person_setting(
        &me.person_id,
        "permissions",
        json!({"userOrgSettingsPermissionEnabled": false,
               "userSettingsPermissions": {"callWaiting": "NO_ACCESS"}}),
    );
    // The card still shows what it read (PORTAL_FEATURE_ACCESS_CACHE_SECS, 60 s) …
    me.app.clock.advance(std::time::Duration::from_secs(3));
    let (html, fp) = me.load("call-waiting").await;
    assert!(!input(&html, "cw-enabled").contains("disabled"), "{html}");
    assert_eq!(me.app.sim.request_count("GET", PERMISSIONS), 1, "kept");
    // … but the save asks Webex and is refused.
    let response = me.put("call-waiting", &[("fingerprint", &fp)]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(me.app.sim.request_count("GET", PERMISSIONS), 2);
    assert_eq!(me.app.sim.request_count("PUT", CALL_WAITING), 0);
    assert_eq!(me.audit().await[0].result, AuditResult::Denied);
    assert_eq!(me.setting("callWaiting")["enabled"], true);
    // And that fresh answer is what the card shows from now on.
    let (html, _) = me.load("call-waiting").await;
    assert!(input(&html, "cw-enabled").contains("disabled"), "{html}");
    assert_eq!(me.app.sim.request_count("GET", PERMISSIONS), 2);
}

#[tokio::test]
async fn after_a_save_the_summary_shows_the_new_value_at_once() {
    let me = Signed::employee().await;
    let ((_, fp), summary) = tokio::join!(me.load("dnd"), me.get("summary"));
    let html = summary.text().await.unwrap();
    assert!(html.contains("Do not disturb is off."), "{html}");
    let reads = me.app.sim.total_request_count();

    // Within the 2 s the page shares its reads, the save and the summary it triggers.
    let response = me
        .put("dnd", &[("fingerprint", &fp), ("enabled", "on")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        me.app.sim.total_request_count(),
        reads + 3,
        "the current state, the PUT, the read-back"
    );
    let html = me.get("summary").await.text().await.unwrap();
    assert!(html.contains("Do not disturb is on:"), "{html}");
    assert_eq!(
        me.app.sim.total_request_count(),
        reads + 3,
        "the summary reuses the read-back and the page's other reads"
    );
}
