//! Greeting uploads: WAV only, at most 5000 KB, checked before anything goes to Webex.

use calling_portal::store::AuditResult;

use super::{Alice, BUSY_GREETING, NO_ANSWER_GREETING, wav};

#[tokio::test]
async fn a_wav_greeting_is_uploaded_and_shown_as_uploaded() {
    let alice = Alice::new().await;
    let card = alice.card().await;
    assert!(card.contains("You have not uploaded your own greeting yet."));
    assert!(card.contains("Webex does not let the portal play greetings back."));

    let res = alice.upload("busy", wav(64 * 1024)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Saved."), "{html}");
    assert!(html.contains("Your own greeting is uploaded."), "{html}");
    assert!(
        html.contains("Replace your greeting with a new file"),
        "{html}"
    );
    assert_eq!(alice.count("POST", BUSY_GREETING), 1);
    // Nothing else changed: only the upload was sent, and only it is audited.
    assert_eq!(alice.count("PUT", super::VOICEMAIL), 0);
    assert_eq!(alice.voicemail()["sendBusyCalls"]["greetingUploaded"], true);
    let audit = alice.audit().await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].action.as_str(), "upload_greeting");
    assert_eq!(audit[0].result, AuditResult::Success);
    assert!(audit[0].webex_tracking_id.is_some());

    let res = alice.upload("no_answer", wav(2048)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(alice.count("POST", NO_ANSWER_GREETING), 1);
    assert_eq!(
        alice.voicemail()["sendUnansweredCalls"]["greetingUploaded"],
        true
    );
}

/// The task people came for: choose "My own recorded greeting", pick the file, save once. The
/// file goes first, the choice is checked against it, and there is no false "changed elsewhere".
#[tokio::test]
async fn a_greeting_is_uploaded_and_chosen_in_one_save() {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    form.set("busy_greeting", "CUSTOM");
    let res = alice.save_with_greeting(&form, "busy", wav(4096)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Saved."), "{html}");
    assert!(!html.contains("Changed elsewhere"), "{html}");
    let vm = alice.voicemail();
    assert_eq!(vm["sendBusyCalls"]["greeting"], "CUSTOM");
    assert_eq!(vm["sendBusyCalls"]["greetingUploaded"], true);
    assert_eq!(alice.count("POST", BUSY_GREETING), 1);
    assert_eq!(alice.count("PUT", super::VOICEMAIL), 1);
    // Newest first: the setting, after the upload it refers to.
    let audit = alice.audit().await;
    let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "upload_greeting"]);
    assert!(audit.iter().all(|e| e.result == AuditResult::Success));
}

/// A bad file refuses the whole save: nothing is written, and the rest of what was typed is kept.
#[tokio::test]
async fn a_bad_file_refuses_the_whole_save_and_keeps_the_input() {
    let alice = Alice::new().await;
    let mut form = alice.form().await;
    form.set("busy_greeting", "CUSTOM")
        .set("notify_email", "alice.pager@acme.example");
    let res = alice
        .save_with_greeting(&form, "busy", b"ID3\x04\x00\x00mp3 audio frames".to_vec())
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("The greeting must be a WAV file"), "{html}");
    assert!(html.contains("alice.pager@acme.example"), "{html}");
    assert!(
        html.contains(r#"id="vm-busy_greeting_file" name="busy_greeting_file""#),
        "{html}"
    );
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);
    assert_eq!(alice.count("PUT", super::VOICEMAIL), 0);
    assert!(alice.audit().await.is_empty());
}

#[tokio::test]
async fn a_file_that_is_not_wav_is_refused_before_upload() {
    let alice = Alice::new().await;
    let res = alice
        .upload("busy", b"ID3\x04\x00\x00mp3 audio frames".to_vec())
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("The greeting must be a WAV file"), "{html}");
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);
}

#[tokio::test]
async fn a_wav_over_5000_kb_is_refused_before_upload() {
    let alice = Alice::new().await;
    let res = alice.upload("no_answer", wav(5000 * 1024 + 1)).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The greeting is 5001 KB; Webex takes at most 5000 KB."),
        "{html}"
    );
    assert_eq!(alice.count("POST", NO_ANSWER_GREETING), 0);
    assert_eq!(
        alice.voicemail()["sendUnansweredCalls"]["greetingUploaded"],
        false
    );
}

/// A file in a field the form does not have is not sent anywhere.
#[tokio::test]
async fn only_the_two_greetings_are_uploaded() {
    let alice = Alice::new().await;
    let res = alice.upload("welcome", wav(2048)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);
    assert_eq!(alice.count("POST", NO_ANSWER_GREETING), 0);
    assert!(alice.audit().await.is_empty());
}

#[tokio::test]
async fn a_malformed_riff_file_is_refused_before_upload() {
    let alice = Alice::new().await;
    // The first bytes of a WAV file, and nothing a player could use behind them.
    let mut header_only = b"RIFF\x24\x08\0\0WAVE".to_vec();
    header_only.resize(2092, 0);
    // A WAV file cut short: its RIFF and data sizes claim more than it holds.
    let cut_short = wav(64 * 1024)[..4096].to_vec();
    for file in [header_only, cut_short] {
        let res = alice.upload("busy", file).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("The greeting must be a WAV file"), "{html}");
    }
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);
}

#[tokio::test]
async fn a_file_over_the_upload_limit_is_named_by_its_own_size() {
    let alice = Alice::new().await;
    let res = alice.upload("busy", wav(8_000_000)).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The greeting is 7813 KB; Webex takes at most 5000 KB."),
        "{html}"
    );
    assert_eq!(alice.count("POST", BUSY_GREETING), 0);
}
