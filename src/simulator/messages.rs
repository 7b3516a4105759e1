//! Messages (`POST /v1/messages`): what a bot posts to a person, kept for tests to read.
//!
//! Only direct messages to a person (`toPersonId` or `toPersonEmail`) with `markdown` or `text`;
//! the caller needs `spark:messages_write` (the seeded bot token, [`super::seed::BOT_TOKEN`], has it).

use std::sync::Arc;

use axum::{Json, body::Bytes, extract::State, http::HeaderMap};
use serde_json::{Value, json};

use super::{
    Shared,
    api::{self, ApiError, TrackingId},
    seed,
    state::{Principal, now_unix},
};

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    caller.require_any(&tid, &["spark:messages_write"])?;
    let body = api::json_body(&headers, &body, &tid)?;
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let markdown = text("markdown");
    let plain = text("text");
    if markdown.is_none() && plain.is_none() {
        return Err(ApiError::bad_request(
            &tid,
            "Either text or markdown must be specified.",
        ));
    }
    let mut world = shared.state.lock().unwrap();
    let recipient = match (text("toPersonId"), text("toPersonEmail")) {
        (Some(id), None) => world.person_index(id).map(|i| &world.people[i]),
        (None, Some(email)) => world.person_by_email(email),
        _ => {
            return Err(ApiError::bad_request(
                &tid,
                "Exactly one of toPersonId or toPersonEmail must be specified.",
            ));
        }
    }
    .ok_or_else(|| ApiError::not_found(&tid, "Recipient not found."))?;
    let (sender_id, sender_email) = match &caller.principal {
        Principal::Bot { uuid, email, .. } => (seed::person_id(uuid), email.clone()),
        Principal::User { person, .. } => (
            seed::person_id(person),
            world
                .person_by_uuid(person)
                .map(|p| p.email.clone())
                .unwrap_or_default(),
        ),
        Principal::App { client, .. } => (client.clone(), format!("{client}@webex.bot")),
    };
    let created = time::OffsetDateTime::from_unix_timestamp(now_unix() as i64)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let message = json!({
        "id": seed::webex_id("MESSAGE", &uuid::Uuid::new_v4().to_string()),
        "roomId": seed::webex_id("ROOM", &uuid::Uuid::new_v4().to_string()),
        "roomType": "direct",
        "toPersonId": recipient.person_id(),
        "toPersonEmail": recipient.email,
        "text": plain.or(markdown),
        "markdown": markdown,
        "personId": sender_id,
        "personEmail": sender_email,
        "created": created,
    });
    world.messages.push(message.clone());
    Ok(Json(message))
}
