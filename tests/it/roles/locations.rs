//! Location names instead of Webex location ids: in search results, on the person page (banner
//! and facts), on /me, in the admin page's role mapping and in the audit table; and the id
//! instead when Webex cannot say the name.

use calling_portal::simulator::{FaultRule, seed};
use reqwest::StatusCode;

use super::{IN_A_EMAIL, person_id, spawn};
use crate::support::{TestApp, app::Browser};

fn encoded(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

async fn html(app: &TestApp, browser: &Browser, path: &str) -> String {
    let response = app.get(browser, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn pages_show_location_names() {
    let app = spawn(vec![]).await;
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    // Search results.
    let response = app.get_hx(&henry, "/hx/search?q=Liam").await;
    let results = response.text().await.unwrap();
    assert!(results.contains(">Boston HQ</td>"), "{results}");
    assert!(!results.contains(&boston), "{results}");
    // The person page's banner and facts.
    let liam = person_id(&app, IN_A_EMAIL);
    let page = html(&app, &henry, &format!("/people/{}", encoded(&liam))).await;
    assert!(
        page.contains("You are changing Liam Baker&#39;s settings (Boston HQ)"),
        "{page}"
    );
    assert!(page.contains("<dd>Boston HQ</dd>"), "{page}");
    // /me, once the names are known (its shell makes no Webex call of its own).
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let me = html(&app, &alice, "/me").await;
    assert!(me.contains("<dd>Boston HQ</dd>"), "{me}");
    // The audit table, after a change to Liam.
    let reset = app
        .post_hx(
            &henry,
            &format!("/hx/people/{}/voicemail/pin/reset", encoded(&liam)),
            &[("ticket", "INC-7")],
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    let audit = html(&app, &henry, "/audit").await;
    assert!(
        audit.contains("Liam Baker <span class=\"muted\">(Boston HQ)</span>"),
        "{audit}"
    );
    // The admin page: the scoped helpdesk's locations as "name (id)".
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let admin = html(&app, &amara, "/admin").await;
    assert!(
        admin.contains(&format!("helpdesk@Boston HQ ({boston})")),
        "{admin}"
    );
    // Names are listed once for all of that (locations change rarely).
    assert_eq!(app.sim.request_count("GET", "/v1/locations"), 1);
}

#[tokio::test]
async fn the_users_own_page_names_the_location_from_sign_in() {
    let app = spawn(vec![]).await;
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let listed = app.sim.request_count("GET", "/v1/locations");
    let me = html(&app, &alice, "/me").await;
    assert!(me.contains("<dd>Boston HQ</dd>"), "{me}");
    assert_eq!(app.sim.request_count("GET", "/v1/locations"), listed);
}

#[tokio::test]
async fn pages_show_the_id_when_location_names_are_unavailable() {
    let app = spawn(vec![]).await;
    app.sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 500,
        ..FaultRule::for_path("/v1/locations")
    });
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);
    // Sign-in asks once (and the failure does not stop it); the user's own page never asks:
    // without known names it shows no location at all.
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    assert_eq!(app.sim.request_count("GET", "/v1/locations"), 1);
    let me = html(&app, &alice, "/me").await;
    assert!(
        !me.contains(&boston) && !me.contains("<dt>Location</dt>"),
        "{me}"
    );
    assert_eq!(app.sim.request_count("GET", "/v1/locations"), 1);
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let liam = person_id(&app, IN_A_EMAIL);
    let page = html(&app, &henry, &format!("/people/{}", encoded(&liam))).await;
    assert!(
        page.contains(&format!(
            "You are changing Liam Baker&#39;s settings ({boston})"
        )),
        "{page}"
    );
    let response = app.get_hx(&henry, "/hx/search?q=Liam").await;
    assert_eq!(response.status(), StatusCode::OK);
    let results = response.text().await.unwrap();
    assert!(
        results.contains(&format!("class=\"id\">{boston}</td>")),
        "{results}"
    );
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    let admin = html(&app, &amara, "/admin").await;
    assert!(admin.contains(&format!("helpdesk@{boston}")), "{admin}");
    assert!(app.sim.request_count("GET", "/v1/locations") >= 1);
}
