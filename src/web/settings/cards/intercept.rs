//! The call intercept card (FACTS §3, §10.1): on/off; incoming calls (intercept all or let them
//! through, to voicemail, the announcement, a new number, transfer on 0); outgoing calls
//! (intercept all or local only, transfer to a number); and the announcement's WAV upload, checked
//! like voicemail greetings (`domain::greeting`). Webex has no feature-access key for it (§3a).

use axum::{
    extract::{DefaultBodyLimit, Multipart, multipart::MultipartRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::json;

use super::super::{
    Card, FieldErrors, Notice, PERSON_BASE, POST, Routed, WriteCtx, announce, append, card, ticked,
    unavailable,
};
use crate::{
    auth::authz::Target,
    domain::{
        greeting::{self, GreetingError, MAX_GREETING_BYTES},
        phone::{Destination, DestinationError},
    },
    features::Feature,
    i18n::Messages,
    store::{AuditAction, AuditResult},
    views::{
        calling::{Choice, InterceptCard, InterceptForm},
        card::{CardCommon, CardState},
    },
    webex::{
        CallIntercept, CallInterceptPatch, Greeting, InterceptIncomingType, InterceptOutgoingType,
        Receipt, WebexClient, WebexError,
    },
};

pub struct Intercept;

/// The announcement upload's path below the card's own URL: the route and the form both use it.
const ANNOUNCEMENT: &str = "announcement";

/// Uploads may be a little over Webex's limit, so the person gets the "too large" message.
const UPLOAD_BODY_LIMIT: usize = MAX_GREETING_BYTES + 1024 * 1024;

impl Card for Intercept {
    const FEATURE: Feature = Feature::CallIntercept;
    type Setting = CallIntercept;
    type Form = InterceptForm;
    type Patch = CallInterceptPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_call_intercept(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_call_intercept(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        let a = &s.incoming.announcements;
        InterceptForm {
            enabled: s.enabled.then(String::new),
            incoming_type: s.incoming.kind.clone().into(),
            incoming_voicemail: s.incoming.voicemail_enabled.then(String::new),
            greeting: a.greeting.clone().into(),
            new_number_enabled: a.new_number.enabled.then(String::new),
            new_number: a.new_number.destination.clone().unwrap_or_default(),
            zero_transfer_enabled: a.zero_transfer.enabled.then(String::new),
            zero_transfer: a.zero_transfer.destination.clone().unwrap_or_default(),
            outgoing_type: s.outgoing.kind.clone().into(),
            outgoing_transfer_enabled: s.outgoing.transfer_enabled.then(String::new),
            outgoing_destination: s.outgoing.destination.clone().unwrap_or_default(),
        }
    }

    /// Without the announcement's file name: an upload is not a conflict for the form.
    fn fingerprint(setting: &Self::Setting) -> String {
        let mut s = setting.clone();
        s.incoming.announcements.filename = None;
        super::super::fingerprint(&s)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.calling;
        let mut errors = FieldErrors::default();
        let country = target.country.as_deref();
        // A number: kept when unchanged, checked when changed, required when its switch is on.
        let mut number = |field: &'static str, on: bool, text: &str, now: &Option<String>| {
            let text = text.trim();
            if text == now.as_deref().unwrap_or("").trim() && !(on && text.is_empty()) {
                return now.clone();
            }
            if text.is_empty() {
                if on {
                    errors.add(field, (t.destination_error)(&DestinationError::Empty));
                }
                return now.clone();
            }
            match Destination::parse(text, country) {
                Ok(d) => Some(d.as_webex().to_owned()),
                Err(e) => {
                    errors.add(field, (t.destination_error)(&e));
                    now.clone()
                }
            }
        };

        let mut incoming = current.incoming.clone();
        incoming.kind = match f.incoming_type.as_str() {
            "ALLOW_ALL" => InterceptIncomingType::AllowAll,
            _ => InterceptIncomingType::InterceptAll,
        };
        incoming.voicemail_enabled = ticked(&f.incoming_voicemail);
        let a = &mut incoming.announcements;
        a.new_number.enabled = ticked(&f.new_number_enabled);
        a.new_number.destination = number(
            "new_number",
            a.new_number.enabled,
            &f.new_number,
            &current.incoming.announcements.new_number.destination,
        );
        a.zero_transfer.enabled = ticked(&f.zero_transfer_enabled);
        a.zero_transfer.destination = number(
            "zero_transfer",
            a.zero_transfer.enabled,
            &f.zero_transfer,
            &current.incoming.announcements.zero_transfer.destination,
        );

        let mut outgoing = current.outgoing.clone();
        outgoing.kind = match f.outgoing_type.as_str() {
            "ALLOW_LOCAL_ONLY" => InterceptOutgoingType::AllowLocalOnly,
            _ => InterceptOutgoingType::InterceptAll,
        };
        outgoing.transfer_enabled = ticked(&f.outgoing_transfer_enabled);
        outgoing.destination = number(
            "outgoing_destination",
            outgoing.transfer_enabled,
            &f.outgoing_destination,
            &current.outgoing.destination,
        );

        a.greeting = match f.greeting.as_str() {
            "CUSTOM" => Greeting::Custom,
            _ => Greeting::Default,
        };
        let uploaded = a.filename.as_deref().is_some_and(|n| !n.is_empty());
        if a.greeting == Greeting::Custom && !uploaded {
            errors.add("greeting", m.ic_greeting_missing);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let enabled = ticked(&f.enabled);
        let patch = CallInterceptPatch {
            enabled: (enabled != current.enabled).then_some(enabled),
            incoming: (incoming != current.incoming).then_some(incoming),
            outgoing: (outgoing != current.outgoing).then_some(outgoing),
        };
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.calling;
        let yes_no = |b: &Option<String>| if ticked(b) { t.yes } else { t.no }.to_owned();
        let incoming = if f.incoming_type == "ALLOW_ALL" {
            m.ic_incoming_allow
        } else {
            m.ic_incoming_all
        };
        let outgoing = if f.outgoing_type == "ALLOW_LOCAL_ONLY" {
            m.ic_outgoing_local
        } else {
            m.ic_outgoing_all
        };
        vec![
            (m.ic_enabled, yes_no(&f.enabled)),
            (m.ic_incoming, incoming.to_owned()),
            (m.ic_voicemail, yes_no(&f.incoming_voicemail)),
            (m.ic_new_number, f.new_number.trim().to_owned()),
            (m.ic_zero, f.zero_transfer.trim().to_owned()),
            (m.ic_outgoing, outgoing.to_owned()),
            (
                m.ic_outgoing_destination,
                f.outgoing_destination.trim().to_owned(),
            ),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let m = c.t.calling;
        let choices = |pairs: &[(&str, &'static str)], chosen: &str| -> Vec<Choice> {
            pairs
                .iter()
                .enumerate()
                .map(|(i, (v, label))| {
                    let on = *v == chosen || (i == 0 && !pairs.iter().any(|(v, _)| *v == chosen));
                    ((*v).to_owned(), (*label).to_owned(), on)
                })
                .collect()
        };
        let view = InterceptCard {
            incoming_types: choices(
                &[
                    ("INTERCEPT_ALL", m.ic_incoming_all),
                    ("ALLOW_ALL", m.ic_incoming_allow),
                ],
                &form.incoming_type,
            ),
            outgoing_types: choices(
                &[
                    ("INTERCEPT_ALL", m.ic_outgoing_all),
                    ("ALLOW_LOCAL_ONLY", m.ic_outgoing_local),
                ],
                &form.outgoing_type,
            ),
            greetings: choices(
                &[
                    ("DEFAULT", m.ic_greeting_default),
                    ("CUSTOM", m.ic_greeting_custom),
                ],
                &form.greeting,
            ),
            upload_url: format!("{}/{ANNOUNCEMENT}", c.url),
            announcement: setting
                .and_then(|s| s.incoming.announcements.filename.clone())
                .filter(|n| !n.is_empty()),
            c,
            form,
        };
        askama::Template::render(&view)
    }

    fn extra_routes() -> Vec<Routed> {
        vec![Routed::new(
            format!("{PERSON_BASE}/{}/{ANNOUNCEMENT}", Self::FEATURE.segment()),
            POST,
            post(post_announcement).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )]
    }
}

/// `POST /hx/people/{person_id}/intercept/announcement`: a WAV file in part `file` (and, for the
/// helpdesk, a `ticket`), checked before anything goes to Webex; answers with the whole card.
pub async fn post_announcement(
    WriteCtx(cx): WriteCtx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (file, ticket) = read_upload(multipart).await;
    let ticket_text = ticket.clone().unwrap_or_default();
    let mut entry = cx.audit_entry(
        Feature::CallIntercept,
        AuditAction::UploadGreeting,
        ticket.as_deref(),
    );
    let t = cx.t;
    let current = match Intercept::read(&cx.webex, &cx.target.person_id).await {
        Ok(c) => c,
        Err(e) => return unavailable(&cx, Feature::CallIntercept, &e),
    };
    let shown = |status, notice: Notice, errors: FieldErrors, s: &CallIntercept| {
        let state = CardState {
            errors,
            ..CardState::shown(Intercept::fingerprint(s))
                .notice(notice)
                .ticket(&ticket_text)
        };
        card::<Intercept>(&cx, status, state, Intercept::form_of(s), Some(s))
    };
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        return shown(
            StatusCode::TOO_MANY_REQUESTS,
            Notice::Busy { retry_after_secs },
            FieldErrors::default(),
            &current,
        );
    }
    match cx.may_change(&cx.webex, Feature::CallIntercept, None).await {
        Ok(true) => {}
        Ok(false) => {
            entry.result = AuditResult::Denied;
            entry.error = Some("the organization does not let users change this".into());
            append(&cx.state, &entry).await;
            return crate::error::AppError::Forbidden("feature access: users may not change this")
                .into_response();
        }
        Err(e) => return unavailable(&cx, Feature::CallIntercept, &e),
    }
    let wav = match file {
        Ok(wav) => wav,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("file", (t.greeting_error)(&e));
            return shown(
                StatusCode::UNPROCESSABLE_ENTITY,
                Notice::Invalid,
                errors,
                &current,
            );
        }
    };
    match cx
        .webex
        .upload_intercept_announcement(&cx.target.person_id, wav)
        .await
    {
        Ok(receipt) => {
            entry.webex_tracking_id = Some(receipt.tracking_id);
            let now = match Intercept::read(&cx.webex, &cx.target.person_id).await {
                Ok(now) => now,
                Err(e) => {
                    entry.error = Some(format!("uploaded; reading it back failed: {e}"));
                    current.clone()
                }
            };
            // No before-state: an upload is not offered for undo (Webex cannot hand it back).
            entry.after = Some(json!({
                "announcement": now.incoming.announcements.filename,
            }));
            append(&cx.state, &entry).await;
            announce(shown(
                StatusCode::OK,
                Notice::Saved,
                FieldErrors::default(),
                &now,
            ))
        }
        Err(e) => {
            entry.result = AuditResult::Failure;
            entry.error = Some(e.to_string());
            entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
            append(&cx.state, &entry).await;
            let status = match e.status() {
                Some(400 | 409) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_GATEWAY,
            };
            shown(
                status,
                Notice::Failed {
                    message: (t.webex_error)(&e),
                    tracking_id: e.tracking_id().map(str::to_owned),
                },
                FieldErrors::default(),
                &current,
            )
        }
    }
}

/// The `file` part, checked (`domain::greeting::check_wav`), and the `ticket` part.
async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
) -> (Result<Vec<u8>, GreetingError>, Option<String>) {
    let (mut file, mut ticket) = (Err(GreetingError::Empty), None);
    let Ok(mut multipart) = multipart else {
        return (file, ticket);
    };
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("file") => {
                file = match field.bytes().await {
                    Ok(bytes) => greeting::check_wav(&bytes).map(|()| bytes.to_vec()),
                    Err(_) => Err(GreetingError::TooLarge {
                        size_kb: Some(UPLOAD_BODY_LIMIT / 1024),
                    }),
                };
            }
            Some("ticket") => ticket = field.text().await.ok(),
            _ => {}
        }
    }
    (file, ticket)
}
