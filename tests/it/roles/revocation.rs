//! Roles come from the role map at sign-in and are checked again after the re-check interval.

use std::time::Duration;

use calling_portal::simulator::{FaultRule, seed};
use reqwest::StatusCode;

use super::spawn;

#[tokio::test]
async fn group_members_get_their_role_at_sign_in() {
    let app = spawn(vec![]).await;
    for (email, helpdesk, admin) in [
        (
            seed::EMPLOYEE_EMAIL,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (seed::HELPDESK_EMAIL, StatusCode::OK, StatusCode::FORBIDDEN),
        (
            super::SCOPED_HELPDESK_EMAIL,
            StatusCode::OK,
            StatusCode::FORBIDDEN,
        ),
        (seed::ADMIN_EMAIL, StatusCode::OK, StatusCode::OK),
    ] {
        let browser = app.login_as(email).await;
        assert_eq!(
            app.get(&browser, "/helpdesk").await.status(),
            helpdesk,
            "{email}"
        );
        assert_eq!(app.get(&browser, "/admin").await.status(), admin, "{email}");
    }
}

#[tokio::test]
async fn removal_from_the_group_takes_effect_within_the_recheck_interval() {
    let app = spawn(vec![("PORTAL_ROLE_RECHECK_SECS", "300".into())]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    assert_eq!(app.get(&henry, "/helpdesk").await.status(), StatusCode::OK);
    let lookups = app.sim.request_count("GET", "/v1/groups/{groupId}/members");

    app.sim
        .remove_group_member(seed::HELPDESK_GROUP, seed::HELPDESK_EMAIL);
    // Within the interval the session's role stands, and no group is looked up again.
    app.clock.advance(Duration::from_secs(120));
    assert_eq!(app.get(&henry, "/helpdesk").await.status(), StatusCode::OK);
    assert_eq!(
        app.sim.request_count("GET", "/v1/groups/{groupId}/members"),
        lookups
    );

    app.clock.advance(Duration::from_secs(200));
    assert_eq!(
        app.get(&henry, "/helpdesk").await.status(),
        StatusCode::FORBIDDEN
    );
    // Demoted for good, not just for one request: the session remembers the new role.
    assert_eq!(
        app.get(&henry, "/helpdesk").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&henry, "/me").await.status(), StatusCode::OK);

    // Added back (to the admins this time): promoted at the next check, without a new sign-in.
    app.sim
        .add_group_member(seed::ADMINS_GROUP, seed::HELPDESK_EMAIL);
    app.clock.advance(Duration::from_secs(301));
    assert_eq!(app.get(&henry, "/admin").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn group_members_are_looked_up_once_per_interval_for_all_users() {
    let app = spawn(vec![]).await;
    let before = app.sim.request_count("GET", "/v1/groups/{groupId}/members");
    for email in [
        seed::EMPLOYEE_EMAIL,
        seed::HELPDESK_EMAIL,
        seed::ADMIN_EMAIL,
        super::IN_A_EMAIL,
        super::IN_B_EMAIL,
    ] {
        let browser = app.login_as(email).await;
        app.get(&browser, "/me").await;
    }
    // Two groups in the map: one members listing each, however many people signed in.
    assert_eq!(
        app.sim.request_count("GET", "/v1/groups/{groupId}/members") - before,
        2
    );
}

#[tokio::test]
async fn a_failed_group_lookup_grants_nothing_and_is_retried() {
    let app = spawn(vec![]).await;
    app.sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 403,
        ..FaultRule::for_path("/v1/groups*")
    });
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    assert_eq!(
        app.get(&henry, "/helpdesk").await.status(),
        StatusCode::FORBIDDEN
    );
    app.sim.faults().clear();
    // The incomplete check is not trusted for the interval: the next request looks again.
    assert_eq!(app.get(&henry, "/helpdesk").await.status(), StatusCode::OK);
}
