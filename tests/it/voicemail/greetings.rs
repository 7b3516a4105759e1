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
    assert_eq!(alice.count("POST", BUSY_GREETING), 1);
    assert_eq!(alice.voicemail()["sendBusyCalls"]["greetingUploaded"], true);
    let entry = &alice.audit().await[0];
    assert_eq!(entry.action.as_str(), "upload_greeting");
    assert_eq!(entry.result, AuditResult::Success);
    assert_eq!(entry.after.as_ref().unwrap()["greetingUploaded"], true);
    assert!(entry.webex_tracking_id.is_some());

    // Now the custom busy greeting can be chosen.
    let mut form = alice.form().await;
    form.set("busy_greeting", "CUSTOM");
    assert_eq!(alice.save(&form).await.status(), 200);
    assert_eq!(alice.voicemail()["sendBusyCalls"]["greeting"], "CUSTOM");

    let res = alice.upload("no-answer", wav(2048)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(alice.count("POST", NO_ANSWER_GREETING), 1);
    assert_eq!(
        alice.voicemail()["sendUnansweredCalls"]["greetingUploaded"],
        true
    );
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
    let res = alice.upload("no-answer", wav(5000 * 1024 + 1)).await;
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

#[tokio::test]
async fn only_the_two_greetings_exist() {
    let alice = Alice::new().await;
    let res = alice.upload("welcome", wav(2048)).await;
    assert_eq!(res.status(), 404);
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
