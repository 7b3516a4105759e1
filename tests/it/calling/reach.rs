//! Single number reach: the numbers added, changed and removed through the card's one save flow
//! against the simulator, the refusals (bad input kept, conflict, feature access), the helpdesk
//! on someone else, and the summary about someone else in the third person.

use calling_portal::{simulator::seed, store::AuditResult};

use super::deny;
use crate::selfservice::Signed;

const CARD: &str = "single-number-reach";

fn fp(html: &str) -> String {
    crate::selfservice::fingerprint(html)
}

async fn post(me: &Signed, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    me.app
        .post_hx(&me.browser, &format!("{}/{path}", me.path(CARD)), form)
        .await
}

async fn put(me: &Signed, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    me.app
        .put_hx(&me.browser, &format!("{}/{path}", me.path(CARD)), form)
        .await
}

fn numbers(me: &Signed) -> Vec<serde_json::Value> {
    me.setting("singleNumberReach")["numbers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn numbers_are_added_changed_and_removed_and_audited() {
    let me = Signed::employee().await;
    let (html, fingerprint) = me.load(CARD).await;
    assert!(html.contains("No numbers yet."), "{html}");

    // Add: a national-looking number with spaces is sent as E.164.
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", &fingerprint),
            ("phone_number", "+1 408 555 0142"),
            ("name", "Mobile"),
            ("number_enabled", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Saved."), "{html}");
    let list = numbers(&me);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["phoneNumber"], "+14085550142");
    assert_eq!(list[0]["name"], "Mobile");
    assert_eq!(list[0]["enabled"], true);
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let segment = crate::selfservice::encode(&id);

    // Change: name and answer confirmation.
    let response = put(
        &me,
        &format!("numbers/{segment}"),
        &[
            ("fingerprint", &fp(&html)),
            ("phone_number", "+14085550142"),
            ("name", "My mobile"),
            ("number_enabled", "on"),
            ("answer_confirmation", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let list = numbers(&me);
    assert_eq!(list[0]["name"], "My mobile");
    assert_eq!(list[0]["answerConfirmationEnabled"], true);

    // Alert all, through the card's own PUT.
    let response = me
        .put(CARD, &[("fingerprint", &fp(&html)), ("alert_all", "on")])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(
        me.setting("singleNumberReach")["alertAllNumbersForClickToDialCallsEnabled"],
        true
    );

    // Remove.
    let id = numbers(&me)[0]["id"].as_str().unwrap().to_owned();
    let response = post(
        &me,
        &format!("numbers/{}/delete", crate::selfservice::encode(&id)),
        &[
            ("fingerprint", &fp(&html)),
            ("phone_number", "+14085550142"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(numbers(&me).is_empty());

    let audit = me.audit().await;
    assert_eq!(audit.len(), 4);
    assert!(audit.iter().all(|e| e.feature == "single_number_reach"
        && e.result == AuditResult::Success
        && e.webex_tracking_id.is_some()));
}

#[tokio::test]
async fn bad_numbers_are_refused_with_the_input_kept() {
    let me = Signed::employee().await;
    let (_, fingerprint) = me.load(CARD).await;
    let writes = crate::roles::webex_writes(&me.app);
    // An extension, and no name.
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", &fingerprint),
            ("phone_number", "2001"),
            ("name", " "),
            ("number_enabled", "on"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Enter a full phone number: single number reach does not ring extensions."),
        "{html}"
    );
    assert!(html.contains("Enter a name, such as Mobile."), "{html}");
    assert!(html.contains("value=\"2001\""), "the input is kept: {html}");
    assert!(
        html.contains("<details open>"),
        "the add form stays open: {html}"
    );
    // Not a number at all.
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", &fingerprint),
            ("phone_number", "call me"),
            ("name", "Mobile"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("value=\"call me\""));
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
    assert!(numbers(&me).is_empty());
}

#[tokio::test]
async fn a_duplicate_and_a_stale_form_are_refused() {
    let me = Signed::as_user(seed::ADMIN_EMAIL).await;
    // Amara has her mobile, +1 312 555 0177.
    let (html, fingerprint) = me.load(CARD).await;
    assert!(html.contains("Mobile"), "{html}");
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", &fingerprint),
            ("phone_number", "+1 312-555-0177"),
            ("name", "Again"),
        ],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("This number is already in the list.")
    );
    // Changed elsewhere since the card was loaded: nothing written, audited as a conflict.
    let before = numbers(&me);
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", "stale"),
            ("phone_number", "+1 312 555 0199"),
            ("name", "Home"),
        ],
    )
    .await;
    assert_eq!(response.status(), 409);
    assert_eq!(numbers(&me), before);
    assert_eq!(me.audit().await[0].result, AuditResult::Conflict);
}

#[tokio::test]
async fn feature_access_refuses_employees_but_not_the_helpdesk() {
    let me = Signed::with(crate::roles::spawn(vec![]).await, seed::EMPLOYEE_EMAIL).await;
    deny(&me, "singleNumberReach");
    let (html, fingerprint) = me.load(CARD).await;
    assert!(
        html.contains("Your organization does not let you change this yourself."),
        "{html}"
    );
    assert!(!html.contains("Add a number"), "{html}");
    let writes = crate::roles::webex_writes(&me.app);
    let response = post(
        &me,
        "numbers",
        &[
            ("fingerprint", &fingerprint),
            ("phone_number", "+14085550142"),
            ("name", "Mobile"),
        ],
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(crate::roles::webex_writes(&me.app), writes);
    assert_eq!(me.audit().await[0].result, AuditResult::Denied);

    // The helpdesk changes Alice's numbers (the admin path is not bound by feature access).
    let alice = me.person_id.clone();
    let helpdesk = Signed::with(me.app, seed::HELPDESK_EMAIL).await;
    let path = format!("/hx/people/{}/{CARD}", crate::selfservice::encode(&alice));
    let html = helpdesk
        .app
        .get_hx(&helpdesk.browser, &path)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Add a number"), "{html}");
    let response = helpdesk
        .app
        .post_hx(
            &helpdesk.browser,
            &format!("{path}/numbers"),
            &[
                ("fingerprint", &fp(&html)),
                ("phone_number", "+14085550142"),
                ("name", "Mobile"),
                ("number_enabled", "on"),
                ("ticket", "INC-15"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let list = helpdesk
        .app
        .sim
        .person_setting(&alice, "singleNumberReach")
        .unwrap();
    assert_eq!(list["numbers"][0]["phoneNumber"], "+14085550142");
}

#[tokio::test]
async fn the_summary_about_someone_else_names_them() {
    let me = Signed::with(crate::roles::spawn(vec![]).await, seed::HELPDESK_EMAIL).await;
    let alice = me.app.sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    let base = format!("/hx/people/{}", crate::selfservice::encode(&alice));
    let summary = me
        .app
        .get_hx(&me.browser, &format!("{base}/summary"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !summary.contains("your") && !summary.contains("you "),
        "{summary}"
    );
    assert!(summary.contains("Alice Anderson"), "{summary}");
    let page = me
        .app
        .get(
            &me.browser,
            &format!("/people/{}", crate::selfservice::encode(&alice)),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("What happens to Alice Anderson&#39;s calls"),
        "{page}"
    );
    assert!(!page.contains("What happens to my calls"), "{page}");
    // On her own page she reads "your".
    let own = me
        .app
        .get_hx(&me.browser, &me.path("summary"))
        .await
        .text()
        .await
        .unwrap();
    assert!(own.contains("your") || own.contains("You"), "{own}");
}
