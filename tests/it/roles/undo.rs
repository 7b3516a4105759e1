//! Undo: the before-state comes back through the card's save; a moved setting is left alone.

use std::time::Duration;

use calling_portal::simulator::seed;
use reqwest::StatusCode;
use serde_json::json;

use super::{IN_A_EMAIL, IN_B_EMAIL, SCOPED_HELPDESK_EMAIL, person_id, spawn};
use crate::support::{TestApp, app::Browser};

/// Henry turns Liam's call waiting off through the card, as the browser would.
async fn change_call_waiting(app: &TestApp, henry: &Browser, email: &str) -> i64 {
    let id = person_id(app, email);
    let base = format!(
        "/hx/people/{}",
        url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
    );
    let card = app
        .get_hx(henry, &format!("{base}/call-waiting"))
        .await
        .text()
        .await
        .unwrap();
    let fingerprint = card
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the card carries a fingerprint")
        .to_owned();
    let saved = app
        .put_hx(
            henry,
            &format!("{base}/call-waiting"),
            &[("fingerprint", &fingerprint), ("ticket", "INC-7")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        app.sim.person_setting(&id, "callWaiting").unwrap()["enabled"],
        false
    );
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(log[0].action.as_str(), "update");
    assert_eq!(log[0].ticket.as_deref(), Some("INC-7"));
    log[0].id
}

#[tokio::test]
async fn undo_restores_the_before_state_and_is_audited() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let entry = change_call_waiting(&app, &henry, IN_A_EMAIL).await;

    let undone = app
        .post_hx(
            &henry,
            &format!("/hx/audit/{entry}/undo"),
            &[("ticket", "INC-8")],
        )
        .await;
    assert_eq!(undone.status(), StatusCode::OK);
    assert!(undone.text().await.unwrap().contains("undone"));
    let liam = person_id(&app, IN_A_EMAIL);
    assert_eq!(
        app.sim.person_setting(&liam, "callWaiting").unwrap()["enabled"],
        true
    );
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(log[0].action.as_str(), "undo");
    assert_eq!(log[0].undo_of, Some(entry));
    assert_eq!(log[0].ticket.as_deref(), Some("INC-8"));
    assert_eq!(log[0].before, Some(json!({"enabled": false})));
    assert_eq!(log[0].after, Some(json!({"enabled": true})));
}

#[tokio::test]
async fn undo_refuses_when_the_setting_changed_since() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let entry = change_call_waiting(&app, &henry, IN_A_EMAIL).await;
    let liam = person_id(&app, IN_A_EMAIL);
    // Someone changes it in Control Hub meanwhile (to something else than the entry's after).
    app.sim
        .set_person_setting(&liam, "callWaiting", json!({"enabled": true}));
    app.sim
        .set_person_setting(&liam, "callWaiting", json!({"extra": 1}));
    let puts = app.sim.request_count("PUT", "*");

    let refused = app
        .post_hx(&henry, &format!("/hx/audit/{entry}/undo"), &[])
        .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(refused.text().await.unwrap().contains("changed again"));
    assert_eq!(app.sim.request_count("PUT", "*"), puts, "nothing written");
    let log = app
        .state
        .store
        .list_audit(&Default::default())
        .await
        .unwrap();
    assert_eq!(
        (log[0].action.as_str(), log[0].result.as_str()),
        ("undo", "conflict")
    );
    assert_eq!(log[0].undo_of, Some(entry));
}

#[tokio::test]
async fn undo_is_for_entries_the_user_may_see() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let in_b = change_call_waiting(&app, &henry, IN_B_EMAIL).await;
    // A helpdesk scoped to location A does not see (or undo) a change in location B.
    let ethan = app.login_as(SCOPED_HELPDESK_EMAIL).await;
    let puts = app.sim.request_count("PUT", "*");
    let refused = app
        .post_hx(&ethan, &format!("/hx/audit/{in_b}/undo"), &[])
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    // Nor does an employee undo a change to someone else.
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let refused = app
        .post_hx(&alice, &format!("/hx/audit/{in_b}/undo"), &[])
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.sim.request_count("PUT", "*"), puts);
    // A demoted helpdesk loses undo with the role.
    app.sim
        .remove_group_member(seed::HELPDESK_GROUP, seed::HELPDESK_EMAIL);
    app.clock.advance(Duration::from_secs(301));
    let refused = app
        .post_hx(&henry, &format!("/hx/audit/{in_b}/undo"), &[])
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.sim.request_count("PUT", "*"), puts);
}
