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
        actor_role: "helpdesk".into(),
        target_person_id: person_id(app, target_email),
        target_name: target_name.into(),
        target_location_id: Some(seed::location_id(location)),
        feature: feature.into(),
        action: "update".into(),
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
    // Asking for someone else's entries does not widen an employee's view.
    let olivia = person_id(&app, IN_B_EMAIL);
    assert_eq!(
        names(&csv(&app, &alice, &format!("?person={}", urlencode(&olivia))).await),
        ["Alice Anderson"]
    );

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
