//! The audit log views: who sees which entries, filters, and the CSV export.

use calling_portal::{
    simulator::seed,
    store::{AuditResult, NewAuditEntry},
};
use reqwest::StatusCode;
use serde_json::json;

use super::{IN_B_EMAIL, SCOPED_HELPDESK_EMAIL, person_id, spawn};
use crate::support::TestApp;

pub fn entry(app: &TestApp, target_email: &str, target_name: &str, feature: &str) -> NewAuditEntry {
    let location = if target_email == IN_B_EMAIL {
        seed::LOCATION_CHICAGO_UUID
    } else {
        seed::LOCATION_BOSTON_UUID
    };
    NewAuditEntry {
        actor_person_id: person_id(app, seed::HELPDESK_EMAIL),
        actor_name: "Henry Hughes".into(),
        actor_role: calling_portal::auth::Role::Helpdesk,
        target_person_id: person_id(app, target_email),
        target_name: target_name.into(),
        target_location_id: Some(seed::location_id(location)),
        feature: feature.into(),
        action: calling_portal::store::AuditAction::Update,
        before: Some(json!({"enabled": false})),
        after: Some(json!({"enabled": true})),
        result: AuditResult::Success,
        error: None,
        ticket: Some("INC-1".into()),
        webex_tracking_id: Some("PORTAL_x".into()),
        request_id: "req".into(),
        undo_of: None,
    }
}

async fn csv(
    app: &TestApp,
    browser: &crate::support::app::Browser,
    query: &str,
) -> Vec<Vec<String>> {
    let response = app.get(browser, &format!("/audit.csv{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    parse_csv(&response.text().await.unwrap())
}

#[tokio::test]
async fn each_role_sees_its_own_part_of_the_log() {
    let app = spawn(vec![]).await;
    for (email, name, feature) in [
        (seed::EMPLOYEE_EMAIL, "Alice Anderson", "call_forwarding"),
        (IN_B_EMAIL, "Olivia Carter", "call_forwarding"),
        (super::IN_A_EMAIL, "Liam Baker", "voicemail"),
    ] {
        app.state
            .store
            .append_audit(&entry(&app, email, name, feature))
            .await
            .unwrap();
    }
    let names =
        |rows: &[Vec<String>]| -> Vec<String> { rows[1..].iter().map(|r| r[5].clone()).collect() };

    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    assert_eq!(names(&csv(&app, &alice, "").await), ["Alice Anderson"]);
    // Asking for someone else's entries does not widen an employee's view: the filter narrows
    // what she may see, which holds nothing about Olivia.
    let olivia = person_id(&app, IN_B_EMAIL);
    assert!(names(&csv(&app, &alice, &format!("?person={}", urlencode(&olivia))).await).is_empty());

    let ethan = app.login_as(SCOPED_HELPDESK_EMAIL).await;
    assert_eq!(
        names(&csv(&app, &ethan, "").await),
        ["Liam Baker", "Alice Anderson"]
    );

    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    assert_eq!(
        names(&csv(&app, &henry, "").await),
        ["Liam Baker", "Olivia Carter", "Alice Anderson"]
    );
    assert_eq!(
        names(&csv(&app, &henry, "?feature=voicemail").await),
        ["Liam Baker"]
    );
    assert_eq!(
        names(&csv(&app, &henry, &format!("?person={}", urlencode(&olivia))).await),
        ["Olivia Carter"]
    );
    // Dates: today includes all; a range in the past none.
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(
        names(&csv(&app, &henry, &format!("?from={today}&to={today}")).await).len(),
        3
    );
    assert!(names(&csv(&app, &henry, "?from=2020-01-01&to=2020-12-31").await).is_empty());
    assert_eq!(
        app.get(&henry, "/audit.csv?from=yesterday").await.status(),
        StatusCode::BAD_REQUEST
    );

    // The page and the fragment show the same scoping.
    let html = app.get(&ethan, "/audit").await.text().await.unwrap();
    assert!(
        html.contains("Liam Baker") && !html.contains("Olivia Carter"),
        "{html}"
    );
    let html = app.get_hx(&alice, "/hx/audit").await.text().await.unwrap();
    assert!(
        html.contains("Alice Anderson") && !html.contains("Liam Baker"),
        "{html}"
    );
}

#[tokio::test]
async fn a_location_scoped_helpdesk_sees_its_own_history_and_what_it_did_but_no_one_elses_elsewhere()
 {
    let app = spawn(vec![]).await;
    let ethan_id = person_id(&app, SCOPED_HELPDESK_EMAIL);
    let by_ethan = |mut e: NewAuditEntry| {
        e.actor_person_id = ethan_id.clone();
        e.actor_name = "Ethan Foster".into();
        e
    };
    let chicago = Some(seed::location_id(seed::LOCATION_CHICAGO_UUID));
    let append = |e: NewAuditEntry| {
        let store = app.state.store.clone();
        async move { store.append_audit(&e).await.unwrap() }
    };
    // Henry's change to someone in Ethan's location A (Boston).
    let in_a = append(entry(&app, super::IN_A_EMAIL, "Liam Baker", "voicemail")).await;
    // Henry's change to someone in location B (Chicago): not Ethan's business.
    let in_b_by_henry = append(entry(&app, IN_B_EMAIL, "Olivia Carter", "call_waiting")).await;
    // Henry's change to Ethan himself, who sits in Chicago: Ethan's own history.
    let mut about_ethan = entry(&app, SCOPED_HELPDESK_EMAIL, "Ethan Foster", "call_waiting");
    about_ethan.target_location_id = chicago.clone();
    let about_ethan = append(about_ethan).await;
    // Ethan's own change to Olivia, recorded after she had moved to Chicago.
    let in_b_by_ethan = append(by_ethan(entry(
        &app,
        IN_B_EMAIL,
        "Olivia Carter",
        "call_waiting",
    )))
    .await;
    // Ethan's refused attempt (no location recorded): his too.
    let mut refused = by_ethan(entry(&app, IN_B_EMAIL, "Olivia Carter", "voicemail"));
    refused.target_location_id = None;
    refused.result = AuditResult::Denied;
    let refused = append(refused).await;

    let ethan = app.login_as(SCOPED_HELPDESK_EMAIL).await;
    let expected = [refused, in_b_by_ethan, about_ethan, in_a];
    let ids = |rows: &[Vec<String>]| -> Vec<i64> {
        rows[1..].iter().map(|r| r[0].parse().unwrap()).collect()
    };
    assert_eq!(ids(&csv(&app, &ethan, "").await), expected);
    // The list page shows the same entries.
    let html = app.get(&ethan, "/audit").await.text().await.unwrap();
    for id in expected {
        assert!(html.contains(&format!("id=\"audit-{id}\"")), "{id}: {html}");
    }
    assert!(!html.contains(&format!("id=\"audit-{in_b_by_henry}\"")));
    // Narrowing by person or actor stays inside what he may see.
    let olivia = person_id(&app, IN_B_EMAIL);
    assert_eq!(
        ids(&csv(&app, &ethan, &format!("?person={}", urlencode(&olivia))).await),
        [refused, in_b_by_ethan]
    );
    let henry_id = person_id(&app, seed::HELPDESK_EMAIL);
    assert_eq!(
        ids(&csv(&app, &ethan, &format!("?actor={}", urlencode(&henry_id))).await),
        [about_ethan, in_a]
    );

    // Undo goes by the same rule: an entry he cannot see does not exist for him; one he made
    // about someone now out of his scope is seen, not offered for undo, and refused on the target.
    let writes = super::webex_writes(&app);
    let hidden = app
        .post_hx(&ethan, &format!("/hx/audit/{in_b_by_henry}/undo"), &[])
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    assert!(
        !html.contains(&format!("/hx/audit/{in_b_by_ethan}/undo")),
        "{html}"
    );
    assert!(html.contains(&format!("/hx/audit/{in_a}/undo")), "{html}");
    let out_of_scope = app
        .post_hx(&ethan, &format!("/hx/audit/{in_b_by_ethan}/undo"), &[])
        .await;
    assert_eq!(out_of_scope.status(), StatusCode::FORBIDDEN);
    assert_eq!(super::webex_writes(&app), writes, "no Webex write");
}

#[tokio::test]
async fn csv_export_survives_commas_quotes_newlines_and_formulas() {
    let app = spawn(vec![]).await;
    let nasty = [
        "Doe, Jane",
        "Jim \"The Fixer\" O'Neil",
        "two\nlines",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+1 617 555 0100",
        "-2+3",
        "@SUM(A1:A9)",
    ];
    for name in nasty {
        app.state
            .store
            .append_audit(&entry(&app, seed::EMPLOYEE_EMAIL, name, "call_forwarding"))
            .await
            .unwrap();
    }
    let admin = app.login_as(seed::ADMIN_EMAIL).await;
    let rows = csv(&app, &admin, "").await;
    assert_eq!(rows[0][0], "id");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{rows:?}");
    let names: Vec<&str> = rows[1..].iter().rev().map(|r| r[5].as_str()).collect();
    let expected: Vec<String> = nasty
        .iter()
        .map(|n| {
            if n.starts_with(['=', '+', '-', '@']) {
                format!("'{n}")
            } else {
                n.to_string()
            }
        })
        .collect();
    assert_eq!(names, expected);
    // JSON before/after survive as JSON.
    let before: serde_json::Value = serde_json::from_str(&rows[1][16]).unwrap();
    assert_eq!(before, json!({"enabled": false}));
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The log as people read it: the setting and the action in words, each changed value as
/// before → after in the card's own words, the stored JSON only behind a toggle; filters by a
/// person's name or email and by setting.
#[tokio::test]
async fn the_log_speaks_words_and_filters_by_name_email_and_setting() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let mut dnd = entry(
        &app,
        seed::EMPLOYEE_EMAIL,
        "Alice Anderson",
        "do_not_disturb",
    );
    dnd.before = Some(json!({"enabled": false, "ringSplashEnabled": false}));
    dnd.after = Some(json!({"enabled": true, "ringSplashEnabled": false}));
    app.state.store.append_audit(&dnd).await.unwrap();
    let other = entry(&app, IN_B_EMAIL, "Olivia Carter", "call_waiting");
    app.state.store.append_audit(&other).await.unwrap();

    let html = app.get(&henry, "/audit").await.text().await.unwrap();
    let row = html
        .split("<tr id=\"audit-")
        .find(|r| r.contains("Alice Anderson"))
        .unwrap();
    for words in [
        "Do not disturb",
        ">Change</td>",
        "Saved",
        "Do not disturb:</span> no → yes",
    ] {
        assert!(row.contains(words), "{words:?} in {row}");
    }
    assert!(
        !row.contains("Ring my phone briefly"),
        "only what changed: {row}"
    );
    assert!(
        row.contains("<details"),
        "the stored values sit behind a toggle"
    );
    assert!(
        !html.contains("do_not_disturb</td>"),
        "no audit keys as text"
    );

    for query in [
        "?person=anderson",
        "?person=alice.anderson%40acme.example",
        "?feature=do_not_disturb",
    ] {
        let html = app
            .get(&henry, &format!("/audit{query}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Alice Anderson"), "{query}");
        assert!(!html.contains("Olivia Carter"), "{query}");
    }
    // The actor by name too.
    let html = app
        .get(&henry, "/audit?actor=hughes&person=carter")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Olivia Carter") && !html.contains("Alice Anderson"));
}

#[tokio::test]
async fn the_csv_words_failures_as_the_page_does_never_with_their_cause() {
    let app = spawn(vec![]).await;
    let causes = [
        (
            AuditResult::Failure,
            "Webex: HTTP 500 from PUT /v1/people/x/features/doNotDisturb (tracking id ROUTER_1)",
        ),
        (
            AuditResult::Denied,
            "not allowed: the person's location is outside the helpdesk scope",
        ),
        (AuditResult::Conflict, "store: fingerprint 3f2a changed"),
    ];
    for (result, cause) in causes {
        let mut e = entry(
            &app,
            seed::EMPLOYEE_EMAIL,
            "Alice Anderson",
            "do_not_disturb",
        );
        e.result = result;
        e.error = Some(cause.into());
        app.state.store.append_audit(&e).await.unwrap();
    }
    let admin = app.login_as(seed::ADMIN_EMAIL).await;
    let page = app.get(&admin, "/audit").await.text().await.unwrap();
    let csv_text = app.get(&admin, "/audit.csv").await.text().await.unwrap();
    let rows = parse_csv(&csv_text);
    let (result, error) = (
        rows[0].iter().position(|c| c == "result").unwrap(),
        rows[0].iter().position(|c| c == "error").unwrap(),
    );
    for (row, (wording, (_, cause))) in rows[1..].iter().rev().zip(
        ["Failed", "Refused", "Not saved: changed elsewhere"]
            .iter()
            .zip(causes),
    ) {
        assert_eq!(row[result], *wording);
        assert_eq!(row[error], *wording);
        assert!(!csv_text.contains(cause), "{csv_text}");
        assert!(page.contains(&format!(">{wording}</td>")), "{wording}");
    }
}
