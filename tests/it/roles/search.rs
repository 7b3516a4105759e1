//! The helpdesk search: by name, email, extension or number; never outside the searcher's scope.

use calling_portal::simulator::{
    SimulatorOptions,
    seed::{self, Seed},
};
use reqwest::StatusCode;

use crate::support::{TestApp, TestOptions};

use super::{IN_A_EMAIL, IN_B_EMAIL, SCOPED_HELPDESK_EMAIL, person_id, spawn};

async fn search(
    app: &crate::support::TestApp,
    browser: &crate::support::app::Browser,
    q: &str,
) -> String {
    let path = format!(
        "/hx/search?q={}",
        url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    );
    let response = app.get_hx(browser, &path).await;
    assert_eq!(response.status(), StatusCode::OK, "{q}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn finds_people_by_name_email_extension_and_number() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let liam = person_id(&app, IN_A_EMAIL);
    let href = format!(
        "/people/{}",
        url::form_urlencoded::byte_serialize(liam.as_bytes()).collect::<String>()
    );
    // Liam Baker: Boston, extension 1010, +16175550010.
    for q in [
        "Liam",
        "liam b",
        IN_A_EMAIL,
        "1010",
        "617 555 0010",
        "+1 (617) 555-0010",
    ] {
        let html = search(&app, &henry, q).await;
        assert!(
            html.contains("Liam Baker") && html.contains(&href),
            "{q}: {html}"
        );
        assert!(
            html.contains("1010") && html.contains("+1 617-555-0010"),
            "{q}"
        );
    }
    // People without Webex Calling are never listed.
    let html = search(&app, &henry, "Nina").await;
    assert!(!html.contains("Nina Novak"), "{html}");
    // One character searches nothing.
    let html = search(&app, &henry, "L").await;
    assert!(!html.contains("Liam"), "{html}");
}

#[tokio::test]
async fn a_scoped_helpdesk_never_sees_anyone_outside_its_locations() {
    let app = spawn(vec![]).await;
    let ethan = app.login_as(SCOPED_HELPDESK_EMAIL).await;
    // Olivia Carter is in Chicago (extension 2011), outside the Boston scope.
    for q in ["Olivia", IN_B_EMAIL, "2011", "312555"] {
        let html = search(&app, &ethan, q).await;
        assert!(!html.contains("Olivia Carter"), "{q}: {html}");
    }
    // Numbers: every Boston extension starts with 1; nothing from Chicago (2…) or London (3…).
    let html = search(&app, &ethan, "10").await;
    assert!(html.contains("Liam Baker"), "{html}");
    // (Locations show by name.)
    for loc in [">Chicago</td>", ">London</td>"] {
        assert!(!html.contains(loc), "{html}");
    }
    assert!(html.contains(">Boston HQ</td>"), "{html}");
    // The other org is invisible to everyone, org-wide helpdesk included.
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    for q in ["Oscar", seed::OTHER_ORG_EMAIL] {
        let html = search(&app, &henry, q).await;
        assert!(!html.contains("Oscar"), "{q}: {html}");
    }
    // And employees cannot search at all.
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    assert_eq!(
        app.get_hx(&alice, "/hx/search?q=Liam").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn results_are_paginated() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_ROLE_MAP", super::role_map())],
        simulator: SimulatorOptions {
            seed: Seed::builtin_with_extra_users(50),
            ..SimulatorOptions::default()
        },
        ..TestOptions::default()
    })
    .await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    // 50 calling users named "Test User00nn": three pages of at most 20.
    let mut seen = std::collections::HashSet::new();
    let mut page = 0;
    loop {
        let html = app
            .get_hx(&amara, &format!("/hx/search?q=Test&page={page}"))
            .await
            .text()
            .await
            .unwrap();
        let ids: Vec<String> = html
            .split("href=\"/people/")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().to_owned())
            .collect();
        assert!(ids.len() <= 20, "a page holds at most 20");
        for id in &ids {
            assert!(seen.insert(id.clone()), "{id} on two pages");
        }
        if !html.contains(&format!("page={}", page + 1)) {
            break;
        }
        page += 1;
        assert!(page < 10);
    }
    assert_eq!(page, 2);
    assert_eq!(seen.len(), 50);
}

#[tokio::test]
async fn the_page_works_without_javascript() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let response = app.get(&henry, "/helpdesk?q=Liam").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(html.contains("hx-get=\"/hx/search\""));
    assert!(html.contains("aria-live=\"polite\""));
    assert!(html.contains("Liam Baker"), "{html}");
}

/// "anderson" or "baker" found nobody although the field asks for a name: a surname (any word of
/// the name, any case) finds the person, listed once.
#[tokio::test]
async fn a_surname_finds_the_person() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    for (q, who) in [
        ("anderson", "Alice Anderson"),
        ("Baker", "Liam Baker"),
        ("ali", "Alice Anderson"),
    ] {
        let html = app
            .get_hx(&henry, &format!("/hx/search?q={q}"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(html.matches(who).count(), 1, "{q}: {html}");
    }
}
