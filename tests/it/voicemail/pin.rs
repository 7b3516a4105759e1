//! Changing the voicemail PIN: the org's rules shown first, every broken rule listed at once,
//! Webex's own refusals shown, and the PIN never echoed, logged or audited.

use calling_portal::store::AuditResult;
use serde_json::json;

use super::{Alice, PASSCODE, tag_with_id, unescape};

/// The built-in seed's org rules (simulator `default_voicemail_rules`): every rule on, length
/// 6..=30, at most 3 repeated digits, ascending/descending runs of at most 3, the last 3 PINs.
#[tokio::test]
async fn the_rules_are_shown_before_typing() {
    let alice = Alice::new().await;
    let res = alice
        .app
        .get_hx(&alice.browser, &format!("{}/pin", alice.path))
        .await;
    assert_eq!(res.status(), 200);
    let html = unescape(&res.text().await.unwrap());
    for rule in [
        "Use digits only.",
        "Use at least 6 digits.",
        "Use at most 30 digits.",
        "Don't repeat a digit more than 3 times in a row.",
        "Don't repeat a pattern (like 123123).",
        "Don't use more than 3 ascending digits in a row (like 1234).",
        "Don't use more than 3 descending digits in a row (like 4321).",
        "Don't use your own extension or phone number.",
        "Don't use your own extension or phone number backwards.",
        "Don't reuse any of your last 3 PINs.",
        "Don't use your old PIN backwards.",
    ] {
        assert!(html.contains(rule), "{rule}");
    }
    let input = tag_with_id(&html, "pin-new");
    for attr in [
        "type=\"password\"",
        "inputmode=\"numeric\"",
        "autocomplete=\"new-password\"",
        "aria-describedby=\"pin-rules",
    ] {
        assert!(input.contains(attr), "{attr} in {input}");
    }
    assert!(html.contains("for=\"pin-new\"") && html.contains("for=\"pin-confirm\""));
}

/// Posts `pin` twice and expects a 422 naming `rule`, with nothing sent to Webex.
async fn breaks(pin: &str, rule: &str) {
    let alice = Alice::new().await;
    let res = alice.post_pin(pin, pin).await;
    assert_eq!(res.status(), 422, "{pin}");
    let html = unescape(&res.text().await.unwrap());
    assert!(html.contains(rule), "{pin}: {rule} not in {html}");
    assert!(!html.contains(&format!("value=\"{pin}\"")), "PIN echoed");
    assert_eq!(alice.count("PUT", PASSCODE), 0);
}

#[tokio::test]
async fn pin_not_digits() {
    breaks("73a164", "Use digits only.").await;
}

#[tokio::test]
async fn pin_too_short() {
    breaks("73916", "Use at least 6 digits.").await;
}

#[tokio::test]
async fn pin_too_long() {
    breaks(&"739164825".repeat(4), "Use at most 30 digits.").await;
}

#[tokio::test]
async fn pin_repeated_digits() {
    breaks("739999", "Don't repeat a digit more than 3 times in a row.").await;
}

#[tokio::test]
async fn pin_repeated_pattern() {
    breaks("739739", "Don't repeat a pattern (like 123123).").await;
}

#[tokio::test]
async fn pin_ascending() {
    breaks("723456", "ascending digits in a row").await;
}

#[tokio::test]
async fn pin_descending() {
    breaks("796543", "descending digits in a row").await;
}

#[tokio::test]
async fn pin_own_extension() {
    // Alice's extension is 1001.
    breaks("971001", "Don't use your own extension or phone number.").await;
}

#[tokio::test]
async fn pin_own_extension_backwards() {
    // Alice's direct number is +1 617 555 0001.
    breaks(
        "10005557161",
        "Don't use your own extension or phone number backwards.",
    )
    .await;
}

#[tokio::test]
async fn every_broken_rule_is_listed_at_once() {
    let alice = Alice::new().await;
    let res = alice.post_pin("1234", "4321").await;
    assert_eq!(res.status(), 422);
    let html = unescape(&res.text().await.unwrap());
    for rule in [
        "Use at least 6 digits.",
        "ascending digits in a row",
        "The two PINs are not the same.",
    ] {
        assert!(html.contains(rule), "{rule}");
    }
    let input = tag_with_id(&html, "pin-new");
    assert!(input.contains("aria-invalid=\"true\"") && input.contains("autofocus"));
    assert_eq!(alice.count("PUT", PASSCODE), 0);
}

#[tokio::test]
async fn a_pin_webex_refuses_shows_its_reason() {
    let alice = Alice::new().await;
    // The current PIN counts as a previous one: only Webex knows it.
    alice
        .app
        .sim
        .set_person_setting(&alice.person_id, "passcode", json!({"passcode": "739164"}));
    let res = alice.post_pin("739164", "739164").await;
    assert_eq!(res.status(), 422);
    let html = unescape(&res.text().await.unwrap());
    assert!(html.contains("Webex refused the new PIN:"), "{html}");
    assert!(
        html.contains("must differ from the last 3 passcodes"),
        "{html}"
    );
    assert!(html.contains("Webex tracking id"));
    assert!(!html.contains("739164"), "PIN echoed");
    assert_eq!(alice.count("PUT", PASSCODE), 1);
    let entry = &alice.audit().await[0];
    assert_eq!(
        (entry.action.as_str(), entry.result),
        ("set_pin", AuditResult::Failure)
    );
    assert!(!serde_json::to_string(entry).unwrap().contains("739164"));
}

#[tokio::test]
async fn a_good_pin_is_set_and_never_echoed_or_audited() {
    let alice = Alice::new().await;
    let res = alice.post_pin("739164", "739164").await;
    assert_eq!(res.status(), 200);
    let html = unescape(&res.text().await.unwrap());
    assert!(html.contains("Your voicemail PIN is changed."), "{html}");
    assert!(!html.contains("739164"));
    assert_eq!(
        alice
            .app
            .sim
            .person_setting(&alice.person_id, "passcode")
            .unwrap()["passcode"],
        "739164"
    );
    // Rules read once, PIN set once.
    assert_eq!(alice.count("PUT", PASSCODE), 1);
    let entry = &alice.audit().await[0];
    assert_eq!(
        (entry.action.as_str(), entry.result),
        ("set_pin", AuditResult::Success)
    );
    assert_eq!(entry.after, Some(json!({"pin": "changed"})));
    assert!(!serde_json::to_string(entry).unwrap().contains("739164"));
}
