//! Webex failing on save: the input stays, the tracking id is shown, the audit log records it.

use calling_portal::{
    simulator::{FaultRule, seed},
    store::AuditResult,
};

use super::{Alice, VOICEMAIL, form_fields};
use crate::support::{TestApp, TestOptions};

async fn save_fails_with(alice: &Alice, status: u16, message: &str) {
    let mut form = alice.form().await;
    form.set("no_answer_rings", "6")
        .set("notify_email", "alice.new@acme.example");
    let res = alice.save(&form).await;
    assert_eq!(res.status(), status);
    let html = res.text().await.unwrap();
    assert!(html.contains(message), "{message} not in {html}");
    assert!(html.contains("Webex tracking id"), "{html}");
    // What Alice typed is still there.
    let shown = super::Fields(form_fields(&html));
    assert_eq!(shown.get("no_answer_rings"), Some("6"));
    assert_eq!(shown.get("notify_email"), Some("alice.new@acme.example"));
    assert_eq!(alice.voicemail()["sendUnansweredCalls"]["numberOfRings"], 3);

    let entry = &alice.audit().await[0];
    assert_eq!(entry.result, AuditResult::Failure);
    assert_eq!(entry.action.as_str(), "update");
    let tid = entry.webex_tracking_id.as_deref().expect("tracking id");
    assert!(html.contains(tid), "the page shows {tid}");
    assert!(entry.error.is_some());
}

#[tokio::test]
async fn webex_rate_limiting_the_save() {
    let alice = Alice::new().await;
    alice.app.sim.faults().add(FaultRule {
        method: Some("PUT".into()),
        too_many_requests: u32::MAX,
        retry_after_secs: 3600,
        ..FaultRule::for_path(VOICEMAIL)
    });
    save_fails_with(
        &alice,
        502,
        "Webex is busy. Please try again in 60 minutes.",
    )
    .await;
}

#[tokio::test]
async fn webex_failing_the_save() {
    let alice = Alice::new().await;
    alice.app.sim.faults().add(FaultRule {
        method: Some("PUT".into()),
        error_rate: 1.0,
        error_status: 500,
        ..FaultRule::for_path(VOICEMAIL)
    });
    save_fails_with(&alice, 502, "Webex is having trouble right now.").await;
    // A write is not retried on its own.
    assert_eq!(alice.count("PUT", VOICEMAIL), 1);
}

#[tokio::test]
async fn webex_not_answering_the_save_in_time() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("WEBEX_REQUEST_TIMEOUT_SECS", "1".into())],
        ..Default::default()
    })
    .await;
    let alice = Alice::signed_in(app, seed::EMPLOYEE_EMAIL).await;
    alice.app.sim.faults().add(FaultRule {
        method: Some("PUT".into()),
        latency_ms: 2500,
        ..FaultRule::for_path(VOICEMAIL)
    });
    save_fails_with(&alice, 502, "Webex did not answer in time.").await;
}
