//! Messages from the notification bot: the simulator's `POST /v1/messages` and the client.

use calling_portal::{simulator::seed, webex::MessageTo};
use secrecy::SecretString;

use super::{IN_A_EMAIL, person_id, spawn};

#[tokio::test]
async fn the_bot_messages_a_person_by_id_or_email() {
    let app = spawn(vec![]).await;
    let bot = SecretString::from(seed::BOT_TOKEN);
    let liam = person_id(&app, IN_A_EMAIL);
    app.state
        .webex
        .send_message(
            &bot,
            MessageTo::PersonId(&liam),
            "**Henry** changed your settings",
        )
        .await
        .unwrap();
    app.state
        .webex
        .send_message(&bot, MessageTo::Email(IN_A_EMAIL), "again")
        .await
        .unwrap();
    let sent = app.sim.messages();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["toPersonId"], liam.as_str());
    assert_eq!(sent[0]["markdown"], "**Henry** changed your settings");
    assert_eq!(sent[1]["toPersonEmail"], IN_A_EMAIL);
    // From the bot, not from the service app.
    assert_eq!(sent[0]["personEmail"], seed::BOT_EMAIL);
}

#[tokio::test]
async fn messages_need_a_token_with_the_messages_scope_and_a_known_recipient() {
    let app = spawn(vec![]).await;
    let service_app = SecretString::from(app.sim.issue_admin_token(&["spark-admin:people_read"]));
    let e = app
        .state
        .webex
        .send_message(&service_app, MessageTo::Email(IN_A_EMAIL), "hi")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    let e = app
        .state
        .webex
        .send_message(
            &SecretString::from(seed::BOT_TOKEN),
            MessageTo::Email("nobody@acme.example"),
            "hi",
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
    assert!(app.sim.messages().is_empty());
}
