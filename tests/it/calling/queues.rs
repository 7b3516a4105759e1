//! My call queues: join and leave where Webex lets the agent; nothing from the browser trusted.

use super::{QUEUE_AGENT_PUT, form_fields, loaded, put, with};
use crate::selfservice::Signed;

const QUEUES: [&str; 3] = ["Sales Queue", "Billing Queue", "Reception Queue"];

fn snapshot(me: &Signed) -> Vec<Vec<(String, bool)>> {
    QUEUES
        .iter()
        .map(|q| me.app.sim.call_queue_agents(q))
        .collect()
}

#[tokio::test]
async fn leaving_a_queue_changes_only_this_agents_state_in_it() {
    let me = Signed::employee().await;
    let (html, _) = me.load("queues").await;
    assert!(
        html.contains("Sales Queue") && html.contains("Billing Queue"),
        "{html}"
    );
    assert!(!html.contains("Reception Queue"), "Alice is not in it");
    let sales = me.app.sim.call_queue_id("Sales Queue").unwrap();
    let before = snapshot(&me);
    let form: Vec<_> = form_fields(&html)
        .into_iter()
        .filter(|(n, v)| !(n == "join" && *v == sales))
        .collect();
    me.app.sim.faults().reset_counts();
    let response = put(&me, "queues", &form).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(me.app.sim.request_count("PUT", QUEUE_AGENT_PUT), 1);
    let after = snapshot(&me);
    // Alice's entry in Sales changed; no other agent, and no other queue.
    assert_eq!(after[1..], before[1..]);
    let alice = &me.person_id;
    for ((who, was), (who2, now)) in before[0].iter().zip(&after[0]) {
        assert_eq!(who, who2);
        assert_eq!(*now, if who == alice { false } else { *was });
    }
    assert_eq!(me.audit().await[0].feature, "call_queues");

    // And back in, undone through the registry.
    let entry = me.audit().await[0].id;
    let response = me
        .app
        .post_hx(&me.browser, &format!("/hx/audit/{entry}/undo"), &[])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(snapshot(&me), before);
}

#[tokio::test]
async fn a_queue_that_forbids_joining_is_shown_locked_and_a_change_to_it_is_refused_before_webex() {
    let me = Signed::employee().await;
    let (html, _) = me.load("queues").await;
    // Billing forbids agents to join or leave (its allowAgentJoinEnabled): read-only, with why.
    assert!(
        html.contains("Billing Queue does not let its agents join or leave it themselves."),
        "{html}"
    );
    let billing = me.app.sim.call_queue_id("Billing Queue").unwrap();
    let form = form_fields(&html);
    assert!(
        form.iter().any(|(n, v)| n == "join" && *v == billing),
        "the locked queue posts its state as it is: {form:?}"
    );
    // Saving the card as shown changes nothing and is no error.
    me.app.sim.faults().reset_counts();
    let response = put(&me, "queues", &form).await;
    assert_eq!(response.status(), 200);
    assert_eq!(me.app.sim.request_count("PUT", QUEUE_AGENT_PUT), 0);
    // A forged form leaving Billing is refused here, not by Webex: nothing is written.
    let forged: Vec<_> = form
        .into_iter()
        .filter(|(n, v)| !(n == "join" && *v == billing))
        .collect();
    let before = snapshot(&me);
    let response = put(&me, "queues", &forged).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Billing Queue does not let its agents join or leave it themselves."),
        "{html}"
    );
    assert_eq!(me.app.sim.request_count("PUT", QUEUE_AGENT_PUT), 0);
    assert_eq!(snapshot(&me), before);
}

#[tokio::test]
async fn a_policy_changed_after_the_card_was_shown_is_still_refused() {
    let me = Signed::employee().await;
    let form = loaded(&me, "queues").await;
    let sales = me.app.sim.call_queue_id("Sales Queue").unwrap();
    // The policy changes after the card was shown: Webex refuses the PUT, the card says so.
    me.app
        .sim
        .set_call_queue_allows_agent_join("Sales Queue", false);
    let form: Vec<_> = form
        .into_iter()
        .filter(|(n, v)| !(n == "join" && *v == sales))
        .collect();
    let before = snapshot(&me);
    let response = put(&me, "queues", &form).await;
    let status = response.status();
    let html = response.text().await.unwrap();
    assert!(status.is_client_error() || status == 502, "{status}");
    // Either the portal saw the new policy on its fresh read (422), or Webex refused (502).
    assert!(
        html.contains("Sales Queue does not let its agents join or leave it themselves.")
            || html.contains("Webex rejected the change"),
        "{html}"
    );
    assert_eq!(snapshot(&me), before);
}

#[tokio::test]
async fn a_forged_queue_id_is_refused_before_webex() {
    let me = Signed::employee().await;
    let form = loaded(&me, "queues").await;
    let reception = me.app.sim.call_queue_id("Reception Queue").unwrap();
    let before = snapshot(&me);
    me.app.sim.faults().reset_counts();
    for forged in [with(form.clone(), "queue", Some(&reception)), {
        let mut f = form.clone();
        f.push(("queue".into(), reception.clone()));
        f.push(("join".into(), reception.clone()));
        f
    }] {
        let response = put(&me, "queues", &forged).await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("That is not one of your call queues")
        );
    }
    assert_eq!(me.app.sim.request_count("PUT", QUEUE_AGENT_PUT), 0);
    assert_eq!(snapshot(&me), before);
}

#[tokio::test]
async fn without_a_full_administrators_authorization_the_card_says_so() {
    let me = Signed::employee().await;
    me.app.sim.set_service_app_full_admin(false);
    let html = me.load("queues").await.0;
    let sales = me.app.sim.call_queue_id("Sales Queue").unwrap();
    let form: Vec<_> = form_fields(&html)
        .into_iter()
        .filter(|(n, v)| !(n == "join" && *v == sales))
        .collect();
    let before = snapshot(&me);
    let response = put(&me, "queues", &form).await;
    assert_eq!(response.status(), 502);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Webex does not allow the portal to do this."),
        "{html}"
    );
    assert!(
        html.contains("authorized in Webex by a full administrator"),
        "{html}"
    );
    assert_eq!(snapshot(&me), before);
}

#[tokio::test]
async fn someone_in_no_queue_is_told_so() {
    let app = crate::support::TestApp::spawn().await;
    let in_a_queue = |email: &str| {
        let id = app.sim.person_id_by_email(email).unwrap();
        QUEUES
            .iter()
            .any(|q| app.sim.call_queue_agents(q).iter().any(|(a, _)| *a == id))
    };
    let users = calling_portal::simulator::SimulatorOptions::default()
        .seed
        .users;
    let email = users
        .iter()
        .filter(|u| u.email.ends_with("@acme.example") && u.calling.is_some())
        .map(|u| u.email.clone())
        .find(|e| !in_a_queue(e))
        .expect("a seeded calling user in no queue");
    let email = email.as_str();
    let me = Signed::with(app, email).await;
    let html = me.get("queues").await.text().await.unwrap();
    assert!(
        html.contains("You are not an agent of any call queue."),
        "{html}"
    );
}
