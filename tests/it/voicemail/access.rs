//! What the org does not let people change themselves (FACTS §3a) is read-only on the card and
//! refused by the server when a form is forged.

use calling_portal::store::AuditResult;
use serde_json::json;

use super::{Alice, BUSY_GREETING, VOICEMAIL, wav};

fn deny(alice: &Alice, features: &[&str]) {
    let denied: serde_json::Map<String, serde_json::Value> = features
        .iter()
        .map(|f| (f.to_string(), json!("NO_ACCESS")))
        .collect();
    alice.app.sim.set_person_setting(
        &alice.person_id,
        "permissions",
        json!({"userOrgSettingsPermissionEnabled": false, "userSettingsPermissions": denied}),
    );
}

#[tokio::test]
async fn a_locked_section_is_read_only_and_a_forged_change_is_refused() {
    let alice = Alice::new().await;
    deny(&alice, &["voicemailFaxMessaging", "voicemailNotifications"]);
    let html = alice.card().await;
    let form = alice.form().await;
    let sections = form.sections();
    assert!(!sections.contains(&"fax") && !sections.contains(&"notifications"));
    assert_eq!(sections.len(), 7);
    assert!(html.contains("Your organization does not let you change this yourself."));
    assert!(!html.contains("name=\"fax_number\""), "no fax input");
    assert!(
        !html.contains("name=\"notify_email\""),
        "no notification input"
    );

    // A hand-made request that changes the fax anyway.
    let mut forged = form.clone();
    forged.0.push(("section".into(), "fax".into()));
    forged
        .check("fax_enabled")
        .set("fax_number", "+16175550199");
    let res = alice.save(&forged).await;
    assert_eq!(res.status(), 403);
    assert_eq!(alice.count("PUT", VOICEMAIL), 0);
    assert_eq!(alice.voicemail()["faxMessage"]["enabled"], false);
    let entry = &alice.audit().await[0];
    assert_eq!(entry.result, AuditResult::Denied);

    // What Alice may change still saves.
    let mut allowed = form.clone();
    allowed.set("no_answer_rings", "4");
    assert_eq!(alice.save(&allowed).await.status(), 200);
    assert_eq!(alice.voicemail()["sendUnansweredCalls"]["numberOfRings"], 4);
    // A locked section left as it is does not count as a change.
    let mut same = alice.form().await;
    same.0.push(("section".into(), "notifications".into()));
    same.check("notify_enabled").set(
        "notify_email",
        calling_portal::simulator::seed::EMPLOYEE_EMAIL,
    );
    assert_eq!(alice.save(&same).await.status(), 200);
}

#[tokio::test]
async fn without_voicemail_access_the_whole_card_is_read_only() {
    let alice = Alice::new().await;
    deny(&alice, &["voicemail"]);
    let html = alice.card().await;
    assert!(alice.form().await.sections().is_empty());
    assert!(
        !html.contains("name=\"busy_greeting_file\""),
        "no upload while locked"
    );

    let res = alice.upload("busy", wav(2048)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);

    let mut forged = alice.form().await;
    forged.0.push(("section".into(), "enabled".into()));
    let res = alice.save(&forged).await;
    assert_eq!(res.status(), 403, "switching voicemail off is refused");
    assert_eq!(alice.count("PUT", VOICEMAIL), 0);
    assert_eq!(alice.voicemail()["enabled"], true);
}
