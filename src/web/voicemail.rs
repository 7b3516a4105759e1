//! The voicemail card (`/hx/people/{person_id}/voicemail…`): the settings, the two greeting
//! uploads and the PIN. Each part answers with its own fragment, so one part's result never
//! throws away what the person typed in another.

use axum::{
    Extension,
    extract::{Multipart, Path, State, multipart::MultipartRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use axum_extra::extract::Form;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use serde_json::json;
use tower_http::request_id::RequestId;

use super::Lang;
use crate::{
    app::AppState,
    auth::{
        CurrentUser, SessionUser,
        authz::{Acting, Target, authorize_target},
    },
    domain::{
        greeting::{self, GreetingError, MAX_GREETING_BYTES},
        passcode,
        voicemail::{self, FormContext, Section, VoicemailForm},
    },
    error::AppError,
    i18n::Messages,
    store::{AuditResult, NewAuditEntry},
    views::{
        GreetingKind, GreetingPanel, PinPanel, VoicemailCard, VoicemailSettingsForm,
        VoicemailSettingsView, VoicemailValues, WebexProblem,
    },
    webex::{FeatureAccess, VoicemailSettings, WebexClient, WebexError},
};

/// Greeting uploads may be a little over Webex's limit, so the person gets the "too large"
/// message rather than a bare 413.
pub const GREETING_BODY_LIMIT: usize = MAX_GREETING_BYTES + 1024 * 1024;

const FEATURE: &str = "voicemail";

/// `GET /hx/people/{person_id}/voicemail`: the whole card.
pub async fn get_card(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Extension(request_id): Extension<RequestId>,
    Path(person_id): Path<String>,
) -> Result<Response, AppError> {
    let target = authorize_target(&state, &user, &person_id).await?;
    let webex = state.webex.with_request_id(request_id_of(&request_id));
    let (current, locked, rules) = tokio::join!(
        webex.get_voicemail(&target.person_id),
        locked_sections(&webex, &target),
        pin_rules(&webex),
    );
    let current = current?;
    let locked = locked?;
    let pin = pin_panel(t, &target, &rules);
    let form = settings_form(
        t,
        &target,
        &current,
        VoicemailValues::from_settings(&current),
        locked.clone(),
    );
    let greetings = [GreetingKind::Busy, GreetingKind::NoAnswer]
        .into_iter()
        .map(|kind| greeting_panel(t, &target, &current, kind, &locked))
        .collect();
    Ok(VoicemailCard {
        t,
        form,
        greetings,
        pin,
    }
    .into_response())
}

/// `PUT /hx/people/{person_id}/voicemail`: saves the sections that changed.
pub async fn put_card(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Extension(request_id): Extension<RequestId>,
    Path(person_id): Path<String>,
    Form(form): Form<SettingsSubmission>,
) -> Result<Response, AppError> {
    let target = authorize_target(&state, &user, &person_id).await?;
    let rid = request_id_of(&request_id);
    let webex = state.webex.with_request_id(rid.clone());
    let (current, locked) = tokio::join!(
        webex.get_voicemail(&target.person_id),
        locked_sections(&webex, &target),
    );
    let current = current?;
    let locked = locked?;
    let audit = Audit {
        state: &state,
        user: &user,
        target: &target,
        request_id: &rid,
    };

    let ctx = FormContext {
        country: target.country.clone(),
    };
    let patch = match voicemail::parse(&form.fields, &current, &ctx) {
        Ok(patch) => patch,
        Err(errors) => {
            let mut view = settings_form(
                t,
                &target,
                &current,
                VoicemailValues::from_form(&form.fields, &current),
                locked,
            );
            view.settings.errors = errors
                .iter()
                .map(|(f, e)| (*f, (t.voicemail.field_error)(e)))
                .collect();
            view.fingerprint = form.fingerprint.clone();
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
        }
    };
    let touched = Section::touched_by(&patch);
    if touched.iter().any(|s| locked.contains(s)) {
        audit
            .record(
                "update",
                None,
                Some(json!({ "sections": touched.iter().map(|s| s.form_name()).collect::<Vec<_>>() })),
                AuditResult::Denied,
                Some("the organization does not let users change this".into()),
                None,
            )
            .await;
        return Err(AppError::Forbidden(
            "voicemail section locked by feature access",
        ));
    }
    if form.fingerprint != fingerprint(&current) {
        // Changed elsewhere since the form was loaded: show what Webex holds now, write nothing.
        audit
            .record("update", None, None, AuditResult::Conflict, None, None)
            .await;
        let mut view = settings_form(
            t,
            &target,
            &current,
            VoicemailValues::from_settings(&current),
            locked,
        );
        view.problem = Some(WebexProblem {
            message: t.voicemail.conflict.to_owned(),
            tracking_id: None,
        });
        return Ok((StatusCode::CONFLICT, view).into_response());
    }
    if patch.is_empty() {
        let mut view = settings_form(
            t,
            &target,
            &current,
            VoicemailValues::from_settings(&current),
            locked,
        );
        view.saved = true;
        return Ok(view.into_response());
    }
    let before = patch_view(&current, &touched);
    match webex.put_voicemail(&target.person_id, &patch).await {
        Ok(receipt) => {
            // Read back: show (and audit) what Webex holds now, not what was sent.
            let now = webex.get_voicemail(&target.person_id).await?;
            audit
                .record(
                    "update",
                    Some(before),
                    Some(patch_view(&now, &touched)),
                    AuditResult::Success,
                    None,
                    Some(receipt.tracking_id),
                )
                .await;
            let mut view = settings_form(
                t,
                &target,
                &now,
                VoicemailValues::from_settings(&now),
                locked,
            );
            view.saved = true;
            Ok(([("HX-Trigger", "settings-changed")], view).into_response())
        }
        Err(e) => {
            audit
                .record(
                    "update",
                    Some(before),
                    Some(patch.to_body()),
                    AuditResult::Failure,
                    Some(e.to_string()),
                    e.tracking_id().map(str::to_owned),
                )
                .await;
            let mut view = settings_form(
                t,
                &target,
                &current,
                VoicemailValues::from_form(&form.fields, &current),
                locked,
            );
            view.fingerprint = form.fingerprint.clone();
            view.problem = Some(problem(&e));
            Ok((failure_status(&e), view).into_response())
        }
    }
}

/// The settings form as submitted: the sections' fields and the fingerprint it was loaded with.
#[derive(Debug, Deserialize)]
pub struct SettingsSubmission {
    #[serde(default)]
    pub fingerprint: String,
    #[serde(flatten)]
    pub fields: VoicemailForm,
}

/// `POST /hx/people/{person_id}/voicemail/greeting/{busy|no-answer}`: a WAV file in part `file`.
pub async fn post_greeting(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Extension(request_id): Extension<RequestId>,
    Path((person_id, which)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let kind = match which.as_str() {
        "busy" => GreetingKind::Busy,
        "no-answer" => GreetingKind::NoAnswer,
        _ => return Err(AppError::NotFound),
    };
    let target = authorize_target(&state, &user, &person_id).await?;
    let rid = request_id_of(&request_id);
    let webex = state.webex.with_request_id(rid.clone());
    let locked = locked_sections(&webex, &target).await?;
    let audit = Audit {
        state: &state,
        user: &user,
        target: &target,
        request_id: &rid,
    };
    let section = match kind {
        GreetingKind::Busy => Section::Busy,
        GreetingKind::NoAnswer => Section::NoAnswer,
    };
    if locked.contains(&section) {
        audit
            .record(
                "upload_greeting",
                None,
                Some(json!({ "greeting": kind.slug() })),
                AuditResult::Denied,
                Some("the organization does not let users change this".into()),
                None,
            )
            .await;
        return Err(AppError::Forbidden("greeting locked by feature access"));
    }
    let panel = |uploaded: bool| GreetingPanel {
        t,
        kind,
        action: greeting_path(&target.person_id, kind),
        uploaded,
        locked: false,
        error: None,
        problem: None,
        saved: false,
    };
    let wav = match read_wav(multipart).await {
        Ok(wav) => wav,
        Err(e) => {
            let mut view = panel(false);
            view.error = Some((t.greeting_error)(&e));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
        }
    };
    let sent = match kind {
        GreetingKind::Busy => webex.upload_busy_greeting(&target.person_id, wav).await,
        GreetingKind::NoAnswer => {
            webex
                .upload_no_answer_greeting(&target.person_id, wav)
                .await
        }
    };
    match sent {
        Ok(receipt) => {
            let now = webex.get_voicemail(&target.person_id).await?;
            let uploaded = match kind {
                GreetingKind::Busy => now.send_busy_calls.greeting_uploaded,
                GreetingKind::NoAnswer => now.send_unanswered_calls.greeting_uploaded,
            } == Some(true);
            audit
                .record(
                    "upload_greeting",
                    None,
                    Some(json!({ "greeting": kind.slug(), "greetingUploaded": uploaded })),
                    AuditResult::Success,
                    None,
                    Some(receipt.tracking_id),
                )
                .await;
            let mut view = panel(uploaded);
            view.saved = true;
            Ok(([("HX-Trigger", "settings-changed")], view).into_response())
        }
        Err(e) => {
            audit
                .record(
                    "upload_greeting",
                    None,
                    Some(json!({ "greeting": kind.slug() })),
                    AuditResult::Failure,
                    Some(e.to_string()),
                    e.tracking_id().map(str::to_owned),
                )
                .await;
            let mut view = panel(false);
            view.problem = Some(problem(&e));
            Ok((failure_status(&e), view).into_response())
        }
    }
}

/// The `file` part, checked before anything goes to Webex.
async fn read_wav(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Vec<u8>, GreetingError> {
    let Ok(mut multipart) = multipart else {
        return Err(GreetingError::Empty);
    };
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|_| GreetingError::TooLarge {
            size_kb: GREETING_BODY_LIMIT / 1024,
        })?;
        greeting::check_wav(&bytes)?;
        return Ok(bytes.to_vec());
    }
    Err(GreetingError::Empty)
}

/// The PIN form. `SecretString` keeps the PIN out of every `Debug` and log line.
#[derive(Deserialize)]
pub struct PinForm {
    pin: SecretString,
    pin_confirm: SecretString,
}

/// `POST /hx/people/{person_id}/voicemail/pin`: checks the new PIN against the org's rules, then
/// sets it. The PIN is never put into a page, a log line or the audit log.
pub async fn post_pin(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Extension(request_id): Extension<RequestId>,
    Path(person_id): Path<String>,
    Form(form): Form<PinForm>,
) -> Result<Response, AppError> {
    let target = authorize_target(&state, &user, &person_id).await?;
    let rid = request_id_of(&request_id);
    let webex = state.webex.with_request_id(rid.clone());
    let rules = pin_rules(&webex).await;
    let mut panel = pin_panel(t, &target, &rules);
    let own_numbers: Vec<&str> = [target.extension.as_deref(), target.phone_number.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let pin = form.pin.expose_secret();
    let mut problems: Vec<String> = rules
        .0
        .check(pin, &own_numbers)
        .iter()
        .map(|p| (t.passcode_problem)(p))
        .collect();
    if pin != form.pin_confirm.expose_secret() {
        problems.push(t.voicemail.pin_mismatch.to_owned());
    }
    if !problems.is_empty() {
        panel.problems = problems;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, panel).into_response());
    }
    let audit = Audit {
        state: &state,
        user: &user,
        target: &target,
        request_id: &rid,
    };
    match webex
        .set_voicemail_passcode(&target.person_id, &form.pin)
        .await
    {
        Ok(receipt) => {
            audit
                .record(
                    "set_pin",
                    None,
                    Some(json!({ "pin": "changed" })),
                    AuditResult::Success,
                    None,
                    Some(receipt.tracking_id),
                )
                .await;
            panel.changed = true;
            Ok(panel.into_response())
        }
        Err(e) => {
            audit
                .record(
                    "set_pin",
                    None,
                    None,
                    AuditResult::Failure,
                    Some(e.to_string()),
                    e.tracking_id().map(str::to_owned),
                )
                .await;
            panel.problem = Some(match &e {
                // Webex's own reason names the rule (e.g. a previous PIN), which the portal
                // cannot check itself.
                WebexError::Http {
                    status: 400,
                    message,
                    descriptions,
                    tracking_id,
                } => WebexProblem {
                    message: descriptions.first().unwrap_or(message).clone(),
                    tracking_id: tracking_id.clone(),
                },
                _ => problem(&e),
            });
            Ok((failure_status(&e), panel).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------

fn request_id_of(id: &RequestId) -> String {
    id.header_value().to_str().unwrap_or("-").to_owned()
}

/// The card's URL for `person_id` (ids are base64 and may hold `/` or `+`).
pub fn card_path(person_id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect();
    format!("/hx/people/{id}/voicemail")
}

fn greeting_path(person_id: &str, kind: GreetingKind) -> String {
    format!("{}/greeting/{}", card_path(person_id), kind.slug())
}

/// Sections the person may not change: only when acting on themselves (FACTS §3a; helpdesk
/// changes are the admin's and not bound by it). `voicemail` itself governs the whole card.
async fn locked_sections(webex: &WebexClient, target: &Target) -> Result<Vec<Section>, AppError> {
    if target.acting != Acting::OnSelf {
        return Ok(Vec::new());
    }
    let access: FeatureAccess = webex.get_feature_access(&target.person_id).await?;
    let denied = |key: &str| access.user_may_change(key) == Some(false);
    let all_locked = denied(crate::webex::feature::VOICEMAIL);
    Ok(Section::ALL
        .into_iter()
        .filter(|s| all_locked || denied(s.feature_key()))
        .collect())
}

fn settings_form(
    t: &'static Messages,
    target: &Target,
    current: &VoicemailSettings,
    values: VoicemailValues,
    locked: Vec<Section>,
) -> VoicemailSettingsForm {
    VoicemailSettingsForm {
        t,
        action: card_path(&target.person_id),
        settings: VoicemailSettingsView::new(current, values, locked),
        fingerprint: fingerprint(current),
        saved: false,
        problem: None,
    }
}

fn greeting_panel(
    t: &'static Messages,
    target: &Target,
    current: &VoicemailSettings,
    kind: GreetingKind,
    locked: &[Section],
) -> GreetingPanel {
    let (uploaded, section) = match kind {
        GreetingKind::Busy => (current.send_busy_calls.greeting_uploaded, Section::Busy),
        GreetingKind::NoAnswer => (
            current.send_unanswered_calls.greeting_uploaded,
            Section::NoAnswer,
        ),
    };
    GreetingPanel {
        t,
        kind,
        action: greeting_path(&target.person_id, kind),
        uploaded: uploaded == Some(true),
        locked: locked.contains(&section),
        error: None,
        problem: None,
        saved: false,
    }
}

/// The org's PIN rules as the portal checks them, and whether they could be read (if not,
/// Webex's bare length limits stand in; Webex checks the real rules anyway).
async fn pin_rules(webex: &WebexClient) -> (passcode::PasscodeRules, bool) {
    match webex.get_voicemail_rules().await {
        Ok(r) => (passcode::PasscodeRules::from(&r.passcode_rules()), true),
        Err(e) => {
            tracing::warn!(error = %e, "voicemail PIN rules unavailable");
            (passcode::PasscodeRules::default(), false)
        }
    }
}

fn pin_panel(
    t: &'static Messages,
    target: &Target,
    (rules, known): &(passcode::PasscodeRules, bool),
) -> PinPanel {
    PinPanel {
        t,
        action: format!("{}/pin", card_path(&target.person_id)),
        rules: rules
            .requirements()
            .iter()
            .map(|p| (t.passcode_problem)(p))
            .collect(),
        rules_unavailable: !known,
        problems: Vec::new(),
        problem: None,
        changed: false,
    }
}

/// The parts of the settings a change touched, for the audit log.
fn patch_view(settings: &VoicemailSettings, sections: &[Section]) -> serde_json::Value {
    let all = serde_json::to_value(settings).unwrap_or_default();
    let key = |s: &Section| match s {
        Section::Enabled => "enabled",
        Section::SendAll => "sendAllCalls",
        Section::Busy => "sendBusyCalls",
        Section::NoAnswer => "sendUnansweredCalls",
        Section::Notifications => "notifications",
        Section::Transfer => "transferToNumber",
        Section::EmailCopy => "emailCopyOfMessage",
        Section::Storage => "messageStorage",
        Section::Fax => "faxMessage",
    };
    serde_json::Value::Object(
        sections
            .iter()
            .map(|s| (key(s).to_owned(), all[key(s)].clone()))
            .collect(),
    )
}

/// A digest of the settings as loaded; a save whose digest differs was made on stale data.
fn fingerprint(settings: &VoicemailSettings) -> String {
    use base64::Engine as _;
    let bytes = serde_json::to_vec(settings).unwrap_or_default();
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16])
}

fn problem(e: &WebexError) -> WebexProblem {
    WebexProblem {
        message: e.user_message(),
        tracking_id: e.tracking_id().map(str::to_owned),
    }
}

/// Webex refused the input (4xx): the person can fix it; anything else is Webex's trouble.
fn failure_status(e: &WebexError) -> StatusCode {
    match e.status() {
        Some(400 | 409) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_GATEWAY,
    }
}

struct Audit<'a> {
    state: &'a AppState,
    user: &'a SessionUser,
    target: &'a Target,
    request_id: &'a str,
}

impl Audit<'_> {
    async fn record(
        &self,
        action: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
        result: AuditResult,
        error: Option<String>,
        webex_tracking_id: Option<String>,
    ) {
        let entry = NewAuditEntry {
            actor_person_id: self.user.person_id.clone(),
            actor_name: self.user.display_name.clone(),
            actor_role: serde_json::to_value(self.user.role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            target_person_id: self.target.person_id.clone(),
            target_name: self.target.display_name.clone(),
            target_location_id: self.target.location_id.clone(),
            feature: FEATURE.to_owned(),
            action: action.to_owned(),
            before,
            after,
            result,
            error,
            ticket: None,
            webex_tracking_id,
            request_id: self.request_id.to_owned(),
            undo_of: None,
        };
        if let Err(e) = self.state.store.append_audit(&entry).await {
            tracing::error!(error = %e, "audit entry not written");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_submission_reads_repeated_section_markers() {
        use axum::extract::FromRequest as _;
        let body = "fingerprint=abc&section=busy&section=fax&busy_enabled=on&fax_number=%2B1617";
        let req = axum::http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let Form(s) = Form::<SettingsSubmission>::from_request(req, &())
            .await
            .unwrap();
        assert_eq!(s.fingerprint, "abc");
        assert_eq!(s.fields.section, vec!["busy", "fax"]);
        assert_eq!(s.fields.busy_enabled.as_deref(), Some("on"));
        assert_eq!(s.fields.fax_number.as_deref(), Some("+1617"));

        let req = axum::http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from("fingerprint=abc&section=enabled"))
            .unwrap();
        let Form(s) = Form::<SettingsSubmission>::from_request(req, &())
            .await
            .unwrap();
        assert_eq!(s.fields.section, vec!["enabled"]);
    }
}
