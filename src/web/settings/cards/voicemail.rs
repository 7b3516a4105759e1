//! The voicemail card (FACTS §2) on the shared card machinery, plus its two greeting uploads and
//! the PIN. Each section has its own feature-access key (FACTS §3a): a locked section is shown
//! read-only and a forged change to it is refused with 403 ([`Card::denied`]). The greeting
//! uploads and the PIN answer with their own fragments, so they never throw away unsaved input.

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
// Repeated keys (the `section` markers) need serde_html_form's reading of forms.
use axum_extra::extract::{Form, FormRejection};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::web::settings::{
    Card, Ctx, FieldErrors, FilePart, GET_POST, Notice, PERSON_BASE, POST, Routed, WriteCtx, append,
};
use crate::{
    auth::authz::{Acting, Target},
    domain::{
        greeting::{self, GreetingError, MAX_GREETING_BYTES},
        passcode::PasscodeRules,
        voicemail::{self, FormContext, Section, VoicemailForm},
    },
    error::AppError,
    features::Feature,
    i18n::Messages,
    store::{AuditAction, AuditResult},
    views::{
        GreetingKind, PinPanel, PinResetResult, VoicemailCard, VoicemailValues,
        card::{CardCommon, CardSlot, CardState},
    },
    web::people::TicketForm,
    webex::{
        FeatureAccess, Receipt, VoicemailPatch, VoicemailSettings, WebexClient, WebexError, feature,
    },
};

/// The settings form with both greetings may be a little over Webex's limit for them, so the
/// person gets the "too large" message rather than a bare 413.
pub const FORM_BODY_LIMIT: usize = 2 * MAX_GREETING_BYTES + 1024 * 1024;

pub struct Voicemail;

/// The setting behind the card: what Webex holds and what the org lets the person change.
/// Only the settings count for the fingerprint and the audit log.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VoicemailState {
    pub settings: VoicemailSettings,
    #[serde(skip)]
    pub access: FeatureAccess,
}

impl VoicemailState {
    /// Sections the person may not change: only when acting on themselves; `voicemail` itself
    /// governs the whole card.
    pub fn locked(&self, acting: Acting) -> Vec<Section> {
        if acting != Acting::OnSelf {
            return Vec::new();
        }
        let denied = |key: &str| self.access.user_may_change(key) == Some(false);
        let all = denied(feature::VOICEMAIL);
        Section::ALL
            .into_iter()
            .filter(|s| all || denied(s.feature_key()))
            .collect()
    }
}

impl Card for Voicemail {
    /// Governed per section (see [`VoicemailState::locked`] and [`Card::denied`]).
    const FEATURE: Feature = Feature::Voicemail;
    type Setting = VoicemailState;
    type Form = VoicemailForm;
    type Patch = VoicemailPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        let (settings, access) = tokio::join!(
            webex.get_voicemail(person_id),
            webex.get_feature_access(person_id)
        );
        Ok(VoicemailState {
            settings: settings?,
            access: access?,
        })
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        // The client adds `notifications` and `transferToNumber` (FACTS gotcha 5).
        webex.put_voicemail(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        let v = &s.settings;
        let on = |b: bool| b.then(|| "on".to_owned());
        let text = |o: &Option<String>| Some(o.clone().unwrap_or_default());
        // Numbers as people write them (what a save parses back to E.164).
        let number = |o: &Option<String>| Some(crate::domain::forwarding::shown(o.as_deref()));
        let greeting = |custom: bool| Some(if custom { "CUSTOM" } else { "DEFAULT" }.to_owned());
        let values = VoicemailValues::from_settings(v);
        VoicemailForm {
            section: Section::ALL
                .iter()
                .map(|s| s.form_name().to_owned())
                .collect(),
            enabled: on(v.enabled),
            send_all: on(v.send_all_calls.enabled),
            busy_enabled: on(v.send_busy_calls.enabled),
            busy_greeting: greeting(values.busy_custom),
            no_answer_enabled: on(v.send_unanswered_calls.enabled),
            no_answer_rings: Some(values.no_answer_rings),
            no_answer_greeting: greeting(values.no_answer_custom),
            notify_enabled: on(v.notifications.enabled),
            notify_email: text(&v.notifications.destination),
            notify_sms: number(&v.notifications.sms_destination),
            transfer_enabled: on(v.transfer_to_number.enabled),
            transfer_number: number(&v.transfer_to_number.destination),
            email_copy_enabled: on(v.email_copy_of_message.enabled),
            email_copy_address: text(&v.email_copy_of_message.email_id),
            mwi_enabled: on(v.message_storage.mwi_enabled),
            storage_type: Some(
                if values.storage_external {
                    "EXTERNAL"
                } else {
                    "INTERNAL"
                }
                .to_owned(),
            ),
            external_email: text(&v.message_storage.external_email),
            fax_enabled: on(v.fax_message.enabled),
            fax_number: number(&v.fax_message.phone_number),
            fax_extension: text(&v.fax_message.extension),
        }
    }

    /// A new user's voicemail (FACTS §2, wxc_sdk defaults): on, busy and unanswered calls to
    /// voicemail after 3 rings with the default greetings, messages kept in Webex with the
    /// message light; nothing forwarded, copied or notified. Addresses and numbers stay as they
    /// are (they do nothing while their part is off).
    const OFFERS_RESET: bool = true;
    const TEXT_OPTIONS: &'static [&'static str] = &[
        "busy_greeting",
        "no_answer_rings",
        "no_answer_greeting",
        "notify_email",
        "notify_sms",
        "transfer_number",
        "email_copy_address",
        "storage_type",
        "external_email",
        "fax_number",
        "fax_extension",
    ];

    fn defaults(current: &Self::Setting) -> Option<Self::Form> {
        let on = || Some("on".to_owned());
        Some(VoicemailForm {
            enabled: on(),
            send_all: None,
            busy_enabled: on(),
            busy_greeting: Some("DEFAULT".to_owned()),
            no_answer_enabled: on(),
            no_answer_rings: Some("3".to_owned()),
            no_answer_greeting: Some("DEFAULT".to_owned()),
            notify_enabled: None,
            transfer_enabled: None,
            email_copy_enabled: None,
            mwi_enabled: on(),
            storage_type: Some("INTERNAL".to_owned()),
            fax_enabled: None,
            ..Self::form_of(current)
        })
    }

    /// Without the "greeting uploaded" flags: an upload (on this page or elsewhere) is not a
    /// conflict for the settings form, and choosing a greeting that is not uploaded is refused
    /// by the save's own check against what Webex holds then.
    fn fingerprint(setting: &Self::Setting) -> String {
        let mut settings = setting.settings.clone();
        settings.send_busy_calls.greeting_uploaded = None;
        settings.send_unanswered_calls.greeting_uploaded = None;
        super::super::fingerprint(&settings)
    }

    fn denied(form: &Self::Form, current: &Self::Setting, target: &Target) -> Option<String> {
        let locked = current.locked(target.acting);
        let offered: Vec<String> = form
            .section
            .iter()
            .filter(|name| locked.iter().any(|s| s.form_name() == *name))
            .cloned()
            .collect();
        if offered.is_empty() {
            return None;
        }
        // A locked section sent back unchanged is no change; anything else is refused.
        let only_locked = VoicemailForm {
            section: offered.clone(),
            ..form.clone()
        };
        let ctx = FormContext {
            country: target.country.clone(),
        };
        match voicemail::parse(&only_locked, &current.settings, &ctx) {
            Ok(patch) if patch.is_empty() => None,
            _ => Some(format!(
                "the organization does not let users change: {}",
                offered.join(", ")
            )),
        }
    }

    fn patch(
        form: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let ctx = FormContext {
            country: target.country.clone(),
        };
        match voicemail::parse(form, &current.settings, &ctx) {
            Ok(patch) if patch.is_empty() => Ok(None),
            Ok(patch) => Ok(Some(patch)),
            Err(errors) => Err(FieldErrors(
                errors
                    .iter()
                    .map(|(f, e)| (f.name(), (t.voicemail.field_error)(e)))
                    .collect(),
            )),
        }
    }

    /// Both greetings can come with the form.
    const BODY_LIMIT: usize = FORM_BODY_LIMIT;

    /// The greeting files (`busy_greeting_file`, `no_answer_greeting_file`): WAV, at most
    /// 5000 KB, checked before anything goes to Webex; once checked, the greeting counts as
    /// uploaded, so it can be chosen in the same save.
    fn check_files(
        files: &[FilePart],
        current: &mut Self::Setting,
        t: &'static Messages,
    ) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for file in files {
            let Some(kind) = GreetingKind::of_file_field(&file.field) else {
                continue;
            };
            let checked = match &file.bytes {
                Some(bytes) => greeting::check_wav(bytes),
                // Over the body limit: too large, whatever it is; the upload's size is the file's
                // (a cut-off body tells no more).
                None => Err(GreetingError::TooLarge {
                    size_kb: file
                        .size
                        .filter(|&n| n > FORM_BODY_LIMIT)
                        .map(greeting::size_kb),
                }),
            };
            match checked {
                Ok(()) => match kind {
                    GreetingKind::Busy => {
                        current.settings.send_busy_calls.greeting_uploaded = Some(true)
                    }
                    GreetingKind::NoAnswer => {
                        current.settings.send_unanswered_calls.greeting_uploaded = Some(true)
                    }
                },
                Err(e) => errors.add(kind.file_field(), (t.greeting_error)(&e)),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn files_denied(
        files: &[FilePart],
        current: &Self::Setting,
        target: &Target,
    ) -> Option<String> {
        let locked = current.locked(target.acting);
        let refused: Vec<&str> = files
            .iter()
            .filter_map(|f| GreetingKind::of_file_field(&f.field))
            .filter(|kind| locked.contains(&kind.section()))
            .map(GreetingKind::file_field)
            .collect();
        (!refused.is_empty()).then(|| {
            format!(
                "the organization does not let users change: {}",
                refused.join(", ")
            )
        })
    }

    async fn upload(
        webex: &WebexClient,
        person_id: &str,
        file: &FilePart,
    ) -> Result<Option<Receipt>, WebexError> {
        let (Some(kind), Some(wav)) = (GreetingKind::of_file_field(&file.field), &file.bytes)
        else {
            return Ok(None);
        };
        let wav = wav.to_vec();
        match kind {
            GreetingKind::Busy => webex.upload_busy_greeting(person_id, wav).await,
            GreetingKind::NoAnswer => webex.upload_no_answer_greeting(person_id, wav).await,
        }
        .map(Some)
    }

    /// Out of office, when asked: busy calls to voicemail hear the person's own greeting.
    fn preset(
        current: &Self::Setting,
        preset: &crate::web::settings::out_of_office::OutOfOffice,
    ) -> Option<Self::Form> {
        preset.busy_greeting.then(|| VoicemailForm {
            busy_enabled: Some("on".into()),
            busy_greeting: Some("CUSTOM".into()),
            ..Self::form_of(current)
        })
    }

    fn status(s: &Self::Setting, t: &'static Messages) -> Option<crate::views::card::CardStatus> {
        Some(crate::views::card::CardStatus::on_off(
            t,
            s.settings.enabled,
        ))
    }

    fn describe(form: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let vm = t.voicemail;
        let f = form;
        let offered = |s: Section| f.section.iter().any(|n| n == s.form_name());
        let yes_no = |o: &Option<String>| if o.is_some() { t.yes } else { t.no }.to_owned();
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let mut out = Vec::new();
        if offered(Section::Enabled) {
            out.push((vm.enabled, yes_no(&f.enabled)));
        }
        if offered(Section::SendAll) {
            out.push((vm.send_all, yes_no(&f.send_all)));
        }
        if offered(Section::Busy) {
            out.push((vm.busy_enabled, yes_no(&f.busy_enabled)));
        }
        if offered(Section::NoAnswer) {
            out.push((vm.no_answer_enabled, yes_no(&f.no_answer_enabled)));
            out.push((vm.rings, text(&f.no_answer_rings)));
        }
        if offered(Section::Notifications) {
            out.push((vm.notifications_enabled, yes_no(&f.notify_enabled)));
            out.push((vm.notify_email, text(&f.notify_email)));
            out.push((vm.notify_sms, text(&f.notify_sms)));
        }
        if offered(Section::Transfer) {
            out.push((vm.transfer_enabled, yes_no(&f.transfer_enabled)));
            out.push((vm.transfer_number, text(&f.transfer_number)));
        }
        if offered(Section::EmailCopy) {
            out.push((vm.email_copy_enabled, yes_no(&f.email_copy_enabled)));
            out.push((vm.email_copy_address, text(&f.email_copy_address)));
        }
        if offered(Section::Storage) {
            let external = f.storage_type.as_deref() == Some("EXTERNAL");
            out.push((
                vm.storage_legend,
                if external {
                    vm.storage_external
                } else {
                    vm.storage_internal
                }
                .to_owned(),
            ));
        }
        if offered(Section::Fax) {
            out.push((vm.fax_enabled, yes_no(&f.fax_enabled)));
            out.push((vm.fax_number, text(&f.fax_number)));
        }
        out.retain(|(_, v)| !v.is_empty());
        out
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let acting = if c.on_behalf {
            Acting::OnBehalf
        } else {
            Acting::OnSelf
        };
        let (settings, locked) = match setting {
            Some(s) => (s.settings.clone(), s.locked(acting)),
            // Webex could not be read: keep the sections as the page offered them.
            None => (
                VoicemailSettings::default(),
                Section::ALL
                    .into_iter()
                    .filter(|s| !form.section.iter().any(|n| n == s.form_name()))
                    .collect(),
            ),
        };
        askama::Template::render(&VoicemailCard {
            values: VoicemailValues::from_form(&form, &settings),
            rings_min: voicemail::MIN_RINGS,
            rings_max: voicemail::max_rings(&settings),
            busy_uploaded: settings.send_busy_calls.greeting_uploaded == Some(true),
            no_answer_uploaded: settings.send_unanswered_calls.greeting_uploaded == Some(true),
            locked,
            c,
        })
    }

    fn extra_routes() -> Vec<Routed> {
        vec![
            Routed::new(
                format!("{PERSON_BASE}/voicemail/pin"),
                GET_POST,
                get(get_pin).post(post_pin),
            ),
            Routed::new(
                format!("{PERSON_BASE}/voicemail/pin/reset"),
                POST,
                post(post_reset_pin),
            )
            .staff_only(),
        ]
    }

    fn extra_slots(t: &'static Messages, base: &str) -> Vec<CardSlot> {
        vec![CardSlot {
            id: "card-voicemail-pin".to_owned(),
            url: format!("{base}/voicemail/pin"),
            heading: t.voicemail.pin_legend,
        }]
    }
}

// ---------------------------------------------------------------------------------------------
// PIN

/// `GET /hx/people/{person_id}/voicemail/pin`: the PIN form, with the org's rules.
pub async fn get_pin(cx: Ctx) -> Result<Response, AppError> {
    let rules = pin_rules(&cx.webex_for_display()).await;
    render(
        StatusCode::OK,
        &pin_panel(&cx, &rules, FieldErrors::default(), None, ""),
    )
}

/// The PIN form. `SecretString` keeps the PIN out of every `Debug` and log line.
#[derive(Deserialize)]
pub struct PinForm {
    pin: SecretString,
    pin_confirm: SecretString,
    #[serde(default)]
    ticket: Option<String>,
}

/// `POST /hx/people/{person_id}/voicemail/pin`: checks the new PIN against the org's rules, then
/// sets it. The PIN is never put into a page, a log line or the audit log.
pub async fn post_pin(
    WriteCtx(cx): WriteCtx,
    form: Result<Form<PinForm>, FormRejection>,
) -> Result<Response, AppError> {
    // `WriteCtx` authorized first, so a malformed form tells nobody more than a 403 would.
    let t = cx.t;
    let Form(form) = form.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        _ => AppError::BadRequest("malformed PIN form"),
    })?;
    let ticket = form.ticket.as_deref().unwrap_or("");
    let mut entry = cx.audit_entry(
        Feature::Voicemail,
        AuditAction::SetPin,
        form.ticket.as_deref(),
    );
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        // The rules as the form showed them (a shared read); the PIN itself is never sent back.
        let rules = pin_rules(&cx.webex_for_display()).await;
        let notice = Notice::Busy { retry_after_secs };
        let view = pin_panel(&cx, &rules, FieldErrors::default(), Some(notice), ticket);
        return render(StatusCode::TOO_MANY_REQUESTS, &view);
    }
    let rules = pin_rules(&cx.webex).await;
    let own_numbers: Vec<&str> = [
        cx.target.extension.as_deref(),
        cx.target.phone_number.as_deref(),
    ]
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
        // Nothing reached Webex: not an audited write. The list of problems says it all (no
        // second "correct the marked fields" above it).
        let mut view = pin_panel(&cx, &rules, FieldErrors::default(), None, ticket);
        view.problems = problems;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &view);
    }
    match cx
        .webex
        .set_voicemail_passcode(&cx.target.person_id, &form.pin)
        .await
    {
        Ok(receipt) => {
            entry.webex_tracking_id = Some(receipt.tracking_id);
            entry.after = Some(json!({ "pin": "changed" }));
            append(&cx.state, &entry).await;
            let mut view = pin_panel(&cx, &rules, FieldErrors::default(), None, "");
            view.changed = true;
            render(StatusCode::OK, &view)
        }
        Err(e) => {
            entry.result = AuditResult::Failure;
            entry.error = Some(e.to_string());
            entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
            append(&cx.state, &entry).await;
            let message = match &e {
                // Webex's own reason names the rule it applied (e.g. a previous PIN), which the
                // portal cannot check itself.
                WebexError::Http {
                    status: 400,
                    message,
                    descriptions,
                    ..
                } => format!(
                    "{} {}",
                    t.voicemail.pin_refused,
                    descriptions.first().unwrap_or(message)
                ),
                _ => (t.webex_error)(&e),
            };
            let notice = Notice::Failed {
                message,
                tracking_id: e.tracking_id().map(str::to_owned),
            };
            let view = pin_panel(&cx, &rules, FieldErrors::default(), Some(notice), ticket);
            render(failure_status(&e), &view)
        }
    }
}

/// The org's PIN rules as the portal checks them, and whether they could be read (if not,
/// Webex's bare length limits stand in; Webex checks the real rules anyway).
async fn pin_rules(webex: &WebexClient) -> (PasscodeRules, bool) {
    match webex.get_voicemail_rules().await {
        Ok(r) => (PasscodeRules::from(&r.passcode_rules()), true),
        Err(e) => {
            tracing::warn!(error = %e, "voicemail PIN rules unavailable");
            (PasscodeRules::default(), false)
        }
    }
}

fn pin_panel(
    cx: &Ctx,
    (rules, known): &(PasscodeRules, bool),
    errors: FieldErrors,
    notice: Option<Notice>,
    ticket: &str,
) -> PinPanel {
    let t = cx.t;
    PinPanel {
        c: cx.common(
            Feature::Voicemail,
            CardState {
                errors,
                notice,
                ..CardState::shown(String::new()).ticket(ticket)
            },
        ),
        rules: rules
            .requirements()
            .iter()
            .map(|p| (t.passcode_problem)(p))
            .collect(),
        rules_unavailable: !known,
        problems: Vec::new(),
        changed: false,
    }
}

/// `POST {PERSON_BASE}/voicemail/pin/reset` (helpdesk and admins): resets the person's voicemail
/// PIN to the org default, audited.
pub async fn post_reset_pin(
    WriteCtx(cx): WriteCtx,
    axum::Form(form): axum::Form<TicketForm>,
) -> Result<Response, AppError> {
    let mut entry = cx.audit_entry(
        Feature::Voicemail,
        AuditAction::ResetPin,
        form.ticket.as_deref(),
    );
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        let view = PinResetResult {
            t: cx.t,
            busy_secs: Some(retry_after_secs),
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, view).into_response());
    }
    let outcome = cx.webex.reset_voicemail_pin(&cx.target.person_id).await;
    match &outcome {
        Ok(receipt) => entry.webex_tracking_id = Some(receipt.tracking_id.clone()),
        Err(e) => {
            entry.result = AuditResult::Failure;
            entry.error = Some(e.to_string());
            entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
        }
    }
    append(&cx.state, &entry).await;
    outcome?;
    Ok(PinResetResult {
        t: cx.t,
        busy_secs: None,
    }
    .into_response())
}

// ---------------------------------------------------------------------------------------------

fn render(status: StatusCode, view: &impl askama::Template) -> Result<Response, AppError> {
    let html = view
        .render()
        .map_err(|e| AppError::Internal(format!("voicemail template: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// Webex refused the input (4xx): the person can fix it; anything else is Webex's trouble.
fn failure_status(e: &WebexError) -> StatusCode {
    match e.status() {
        Some(400 | 409) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_GATEWAY,
    }
}

#[cfg(test)]
mod tests {
    use axum::extract::FromRequest as _;

    use super::*;
    use crate::web::settings::CardForm;

    async fn submission(body: &'static str) -> CardForm<VoicemailForm> {
        let req = axum::http::Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let Form(form) = Form::<CardForm<VoicemailForm>>::from_request(req, &())
            .await
            .unwrap();
        form
    }

    #[tokio::test]
    async fn the_submission_reads_one_or_many_section_markers() {
        let s = submission(
            "fingerprint=abc&section=busy&section=fax&busy_enabled=on&fax_number=%2B1617",
        )
        .await;
        assert_eq!(s.meta.fingerprint, "abc");
        assert_eq!(s.fields.section, vec!["busy", "fax"]);
        assert_eq!(s.fields.busy_enabled.as_deref(), Some("on"));
        assert_eq!(s.fields.fax_number.as_deref(), Some("+1617"));
        let s = submission("fingerprint=abc&section=enabled&ticket=T-1").await;
        assert_eq!(s.fields.section, vec!["enabled"]);
        assert_eq!(s.meta.ticket.as_deref(), Some("T-1"));
    }
}
