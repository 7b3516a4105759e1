//! Out of office (issue 17): one form that, for a chosen period, sets the personal assistant
//! (presence, and its own "until"), forwards all calls (to a colleague or a mobile, or to
//! voicemail) and, if asked, turns on DND and the person's own busy greeting; all put back at
//! the end. It is a timed change of several cards at once: one job, a `timed_apply` step per card
//! carrying the preset (each card takes its part, [`super::Card::preset`]) and a `timed_revert`
//! step per card, run and made safe as every timed change is (`crate::jobs::timed`).

use axum::{
    extract::Form,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    Ctx, FieldErrors, SaveMeta, WriteCtx,
    timed::{self, Timing, payload, schedule, step, when},
};
use crate::{
    domain::phone::Destination,
    error::AppError,
    features::Feature,
    jobs::timed::{APPLY, REVERT, TimedStep},
    views::{OutOfOfficePanel, calling::Choice},
    webex::Presence,
};

/// What an out-of-office sets; each card reads its part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutOfOffice {
    /// The personal assistant's presence (`OUT_OF_OFFICE`, `VACATION`, …).
    pub presence: String,
    /// The end, for the personal assistant's own "until".
    #[serde(with = "time::serde::rfc3339")]
    pub until: OffsetDateTime,
    /// Forward all calls to this number (E.164 or an extension), or to voicemail; neither: calls
    /// are not forwarded.
    pub forward_to: Option<String>,
    pub forward_to_voicemail: bool,
    pub dnd: bool,
    /// Busy calls to voicemail hear the person's own greeting.
    pub busy_greeting: bool,
}

/// The presences the form offers: the ones that say "away".
pub const PRESENCES: [Presence; 5] = [
    Presence::OutOfOffice,
    Presence::Vacation,
    Presence::BusinessTrip,
    Presence::Training,
    Presence::Unavailable,
];

/// The form as posted.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OutOfOfficeForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub presence: String,
    /// `number`, `voicemail` or `none`.
    #[serde(default)]
    pub forward: String,
    #[serde(default)]
    pub number: String,
    pub dnd: Option<String>,
    pub busy_greeting: Option<String>,
    #[serde(default)]
    pub ticket: Option<String>,
}

/// `GET {PERSON_BASE}/out-of-office`: the form.
pub async fn get_form(cx: Ctx) -> Result<Response, AppError> {
    let form = OutOfOfficeForm {
        presence: String::from(Presence::OutOfOffice),
        forward: "voicemail".into(),
        ..OutOfOfficeForm::default()
    };
    render(&cx, StatusCode::OK, &form, FieldErrors::default(), None)
}

/// `POST {PERSON_BASE}/out-of-office`: checked (times, presence, the number, the greeting), then
/// scheduled; nothing is written to Webex here.
pub async fn post_form(
    WriteCtx(cx): WriteCtx,
    form: Result<Form<OutOfOfficeForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, AppError> {
    let Ok(Form(form)) = form else {
        return Err(AppError::BadRequest("the form could not be read"));
    };
    let t = cx.t;
    let m = t.timed;
    let now = cx.state.clock.now();
    // Without a start, it starts now: the runner applies it within its poll period.
    let meta = SaveMeta {
        timing: if form.from.trim().is_empty() {
            "until"
        } else {
            "from"
        }
        .into(),
        from: form.from.clone(),
        until: form.until.clone(),
        ..SaveMeta::default()
    };
    let mut errors = FieldErrors::default();
    let period = match timed::timing(&meta, cx.tz, now, m) {
        Ok(Timing::Until(until)) => Some((now, until)),
        Ok(Timing::Between(from, until)) => Some((from, until)),
        Ok(Timing::Now) => None,
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    if !PRESENCES
        .iter()
        .any(|p| String::from(p.clone()) == form.presence)
    {
        errors.add("presence", t.rule_cards.choice_invalid);
    }
    let forward_to = match form.forward.as_str() {
        "number" => match Destination::parse_allowed(
            &form.number,
            cx.target.country.as_deref(),
            &cx.target.forwarding_deny,
        ) {
            Ok(d) => Some(d.as_webex().to_owned()),
            Err(crate::domain::phone::DestinationError::Empty) => {
                errors.add("number", m.ooo_number_missing);
                None
            }
            Err(e) => {
                errors.add("number", (t.destination_error)(&e));
                None
            }
        },
        "voicemail" | "none" => None,
        _ => {
            errors.add("forward", t.rule_cards.choice_invalid);
            None
        }
    };
    let busy_greeting = form.busy_greeting.is_some();
    if busy_greeting {
        // The own greeting must be there to be chosen (FACTS §2: `greetingUploaded`).
        let uploaded = cx
            .webex
            .get_voicemail(&cx.target.person_id)
            .await
            .map(|v| v.send_busy_calls.greeting_uploaded == Some(true))?;
        if !uploaded {
            errors.add("busy_greeting", m.ooo_greeting_missing);
        }
    }
    let (from, until) = match period {
        Some(p) if errors.is_empty() => p,
        _ => return render(&cx, StatusCode::UNPROCESSABLE_ENTITY, &form, errors, None),
    };
    let preset = OutOfOffice {
        presence: form.presence.clone(),
        until,
        forward_to,
        forward_to_voicemail: form.forward == "voicemail",
        dnd: form.dnd.is_some(),
        busy_greeting,
    };
    let mut features = vec![Feature::PersonalAssistant];
    if preset.forward_to.is_some() || preset.forward_to_voicemail {
        features.push(Feature::CallForwarding);
    }
    if preset.dnd {
        features.push(Feature::DoNotDisturb);
    }
    if preset.busy_greeting {
        features.push(Feature::Voicemail);
    }
    let apply = |feature| {
        step(
            &cx,
            feature,
            APPLY,
            from,
            TimedStep {
                preset: Some(preset.clone()),
                ..payload(&cx)
            },
        )
    };
    let steps = features
        .iter()
        .map(|&f| apply(f))
        .chain(
            features
                .iter()
                .map(|&f| step(&cx, f, REVERT, until, payload(&cx))),
        )
        .collect();
    let meta = SaveMeta {
        ticket: form.ticket.clone(),
        ..SaveMeta::default()
    };
    let starts = (from > now).then_some(from);
    if let Err(response) =
        schedule(&cx, Feature::PersonalAssistant, &meta, starts, until, steps).await
    {
        return Ok(response);
    }
    let notice = match starts {
        Some(from) => (m.ooo_scheduled)(&when(&cx, from), &when(&cx, until)),
        None => (m.ooo_starts_now)(&when(&cx, until)),
    };
    let mut response = render(
        &cx,
        StatusCode::OK,
        &OutOfOfficeForm {
            presence: form.presence,
            forward: "voicemail".into(),
            ..OutOfOfficeForm::default()
        },
        FieldErrors::default(),
        Some(notice),
    )?;
    response.headers_mut().insert(
        axum::http::HeaderName::from_static("hx-trigger"),
        axum::http::HeaderValue::from_static(timed::UPCOMING_CHANGED),
    );
    Ok(response)
}

fn render(
    cx: &Ctx,
    status: StatusCode,
    form: &OutOfOfficeForm,
    errors: FieldErrors,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = cx.t;
    let presences: Vec<Choice> = PRESENCES
        .iter()
        .map(|p| {
            let v = String::from(p.clone());
            let chosen = v == form.presence;
            (v, (t.calling.presence)(p).to_owned(), chosen)
        })
        .collect();
    let view = OutOfOfficePanel {
        t,
        url: format!("{}/out-of-office", cx.base()),
        on_behalf: cx.target.acting == crate::auth::authz::Acting::OnBehalf,
        tz: cx.tz.iana_name().unwrap_or("UTC").to_owned(),
        form: form.clone(),
        presences,
        errors,
        notice,
    };
    let html = askama::Template::render(&view)
        .map_err(|e| AppError::Internal(format!("out-of-office template: {e}")))?;
    Ok((status, Html(html)).into_response())
}
