//! The person's call settings as cards: one module per card, and the machinery they share.
//!
//! A card is a [`Card`] impl (how to read, validate, patch and write one Webex setting) plus one
//! askama partial that renders it. Its two handlers are one line each: `GET` → [`load`], `PUT` →
//! [`save`]. The shared flow gives every card the same behaviour:
//!
//! - authorization on the target person first ([`Ctx::authorize`]), then the org's feature access
//!   when the user acts on themselves (FACTS §3a): read-only on `GET`, 403 (audited) on `PUT`;
//! - a fingerprint of the setting as loaded travels in the form; a save re-reads the setting and
//!   refuses with the "changed elsewhere" view if it moved (audited as `conflict`);
//! - invalid input re-renders the card (422) with the messages next to the fields and the input kept;
//! - only the changed sub-object is sent, then the setting is read back and shown with "saved";
//! - a Webex failure keeps the input and says what happened, when to retry and the tracking id;
//! - every write attempt lands in the audit log (before, after, result, tracking id, request id).
//!
//! Routes are person-scoped (`/hx/people/{person_id}/…`) so the helpdesk reuses them unchanged.

pub mod call_waiting;
pub mod dnd;
pub mod forwarding;
pub mod history;
pub mod page;
pub mod summary;
pub mod voicemail;

use std::future::Future;

use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRequestParts, Path, RawPathParams, State},
    http::request::Parts,
    http::{HeaderName, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;

use crate::{
    app::AppState,
    auth::CurrentUser,
    auth::{
        Role, SessionUser,
        authz::{Acting, Target, authorize_target},
    },
    error::AppError,
    i18n::Messages,
    store::{AuditResult, NewAuditEntry},
    web::{Lang, middleware::ReqId},
    webex::{Receipt, WebexClient, WebexError},
};

/// The event a successful save announces (`HX-Trigger`); the summary and history reload on it.
pub const SETTINGS_CHANGED: &str = "settings-changed";

/// The card fragments. The page routes (`/me`, and `/people/{person_id}` for the helpdesk) use
/// [`page::page`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hx/people/{person_id}/summary", get(summary::get))
        .route("/hx/people/{person_id}/history", get(history::get))
        .route(
            "/hx/people/{person_id}/forwarding",
            get(get_card::<forwarding::Forwarding>).put(put_card::<forwarding::Forwarding>),
        )
        .route(
            "/hx/people/{person_id}/dnd",
            get(get_card::<dnd::Dnd>).put(put_card::<dnd::Dnd>),
        )
        .route(
            "/hx/people/{person_id}/call-waiting",
            get(get_card::<call_waiting::CallWaiting>).put(put_card::<call_waiting::CallWaiting>),
        )
        .route(
            "/hx/people/{person_id}/voicemail",
            get(get_card::<voicemail::Voicemail>).put(put_card::<voicemail::Voicemail>),
        )
        .route(
            "/hx/people/{person_id}/voicemail/greeting/{which}",
            post(voicemail::post_greeting)
                .layer(DefaultBodyLimit::max(voicemail::GREETING_BODY_LIMIT)),
        )
        .route(
            "/hx/people/{person_id}/voicemail/pin",
            get(voicemail::get_pin).post(voicemail::post_pin),
        )
}

/// One request acting on one person: who, on whom, in which language, traced how.
pub struct Ctx {
    pub state: AppState,
    pub t: &'static Messages,
    pub user: SessionUser,
    pub target: Target,
    /// The Webex client, its calls tagged with this request's id.
    pub webex: WebexClient,
    pub request_id: String,
    /// Set when this request undoes an audit entry: the writes it audits are `undo`s of it.
    pub undo_of: Option<i64>,
}

/// A read handler's context: the signed-in user authorized on the `{person_id}` of the path.
/// (Writes call [`Ctx::authorize_write`], which also audits a refusal.)
impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Lang(t) = Lang::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        let ReqId(request_id) = ReqId::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let person_id = params
            .iter()
            .find_map(|(name, value)| (name == "person_id").then_some(value))
            .ok_or(AppError::NotFound)?;
        Ctx::authorize(state, t, user, person_id, request_id).await
    }
}

impl Ctx {
    /// The first step of every handler: may `user` act on `person_id`? (`authorize_target`.)
    pub async fn authorize(
        state: &AppState,
        t: &'static Messages,
        user: SessionUser,
        person_id: &str,
        request_id: String,
    ) -> Result<Ctx, AppError> {
        let target = authorize_target(state, &user, person_id).await?;
        Ok(Ctx {
            webex: state
                .webex
                .with_request_id(request_id.as_str())
                .for_actor(&user.person_id),
            state: state.clone(),
            t,
            user,
            target,
            request_id,
            undo_of: None,
        })
    }

    /// [`Ctx::authorize`] for a write: a refusal is audited as `denied` before it is returned.
    pub async fn authorize_write(
        state: &AppState,
        t: &'static Messages,
        user: SessionUser,
        person_id: &str,
        request_id: String,
        feature: &str,
    ) -> Result<Ctx, AppError> {
        match authorize_target(state, &user, person_id).await {
            Ok(target) => Ok(Ctx {
                webex: state
                    .webex
                    .with_request_id(request_id.as_str())
                    .for_actor(&user.person_id),
                state: state.clone(),
                t,
                user,
                target,
                request_id,
                undo_of: None,
            }),
            Err(e @ AppError::Forbidden(_)) => {
                let entry = NewAuditEntry {
                    actor_person_id: user.person_id.clone(),
                    actor_name: user.display_name.clone(),
                    actor_role: role_name(user.role).to_owned(),
                    target_person_id: person_id.to_owned(),
                    // Not someone the user may see: the id is all the portal will record.
                    target_name: person_id.to_owned(),
                    target_location_id: None,
                    feature: feature.to_owned(),
                    action: "update".to_owned(),
                    before: None,
                    after: None,
                    result: AuditResult::Denied,
                    error: Some(e.to_string()),
                    ticket: None,
                    webex_tracking_id: None,
                    request_id,
                    undo_of: None,
                };
                append(state, &entry).await;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    /// The per-user write limit (`crate::web::write_limit`): `None` when this save may go ahead,
    /// else the notice saying when to try again, with `entry` audited as `denied`.
    pub async fn write_limited(&self, entry: &mut NewAuditEntry) -> Option<Notice> {
        let wait = self.state.writes.check(&self.user.person_id).err()?;
        let retry_after_secs = crate::web::write_limit::retry_secs(wait);
        metrics::counter!(crate::telemetry::metrics::WRITES_LIMITED).increment(1);
        entry.result = AuditResult::Denied;
        entry.error = Some(format!(
            "saving too often: the write limit allows another save in {retry_after_secs} s"
        ));
        append(&self.state, entry).await;
        Some(Notice::Busy { retry_after_secs })
    }

    /// An audit entry for this actor and target; the caller fills in the outcome.
    pub fn audit_entry(&self, feature: &str, ticket: Option<&str>) -> NewAuditEntry {
        NewAuditEntry {
            actor_person_id: self.user.person_id.clone(),
            actor_name: self.user.display_name.clone(),
            actor_role: role_name(self.user.role).to_owned(),
            target_person_id: self.target.person_id.clone(),
            target_name: self.target.display_name.clone(),
            target_location_id: self.target.location_id.clone(),
            feature: feature.to_owned(),
            action: if self.undo_of.is_some() {
                "undo"
            } else {
                "update"
            }
            .to_owned(),
            before: None,
            after: None,
            result: AuditResult::Success,
            error: None,
            ticket: ticket
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| t.chars().take(100).collect()),
            webex_tracking_id: None,
            request_id: self.request_id.clone(),
            undo_of: self.undo_of,
        }
    }

    /// The Webex client for showing settings: the cards and the summary of one page load share
    /// their reads of the person's settings, and feature access is reused for a while
    /// ([`WebexClient::sharing_reads`]). Saves use `webex`, which always reads afresh.
    pub fn webex_for_display(&self) -> WebexClient {
        self.webex.sharing_reads()
    }

    /// Whether the org lets the user change `access_key` (FACTS §3a), read through `webex`: the
    /// display client to show a card, `self.webex` (a fresh read) to decide a save. Helpdesk and
    /// admins acting on someone else are not bound by it; no key means Webex has no such switch.
    pub async fn may_change(
        &self,
        webex: &WebexClient,
        access_key: Option<&str>,
    ) -> Result<bool, WebexError> {
        match (self.target.acting, access_key) {
            (Acting::OnBehalf, _) | (_, None) => Ok(true),
            (Acting::OnSelf, Some(key)) => {
                let access = webex.get_feature_access(&self.target.person_id).await?;
                // Not stated: the person follows the org default, which is full access unless an
                // admin restricted it (and then Webex states it per person).
                Ok(access.user_may_change(key).unwrap_or(true))
            }
        }
    }
}

/// Writes `entry`; a failing audit store is logged loudly but does not undo what Webex did.
/// A change made for someone else is then announced to them, if the org wants that.
pub async fn append(state: &AppState, entry: &NewAuditEntry) {
    if let Err(e) = state.store.append_audit(entry).await {
        tracing::error!(error = %e, feature = entry.feature, result = %entry.result, "audit entry not written");
    }
    crate::web::notify::after_change(state, entry);
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Employee => "employee",
        Role::Helpdesk => "helpdesk",
        Role::Admin => "admin",
    }
}

// ---------------------------------------------------------------------------------------------
// Fingerprints

/// Hex SHA-256 of the canonical JSON (keys sorted at every level) of a setting as read: what the
/// form carries, so a save can tell whether the setting moved since it was shown.
///
/// serde_json's `Map` is a `BTreeMap` (the `preserve_order` feature is off; a test checks), so a
/// `Value` writes its keys sorted at every level: the JSON goes straight into the digest, with no
/// sorted copy and no intermediate string (this runs on every card load and save).
pub fn fingerprint(setting: &impl Serialize) -> String {
    struct Digest(aws_lc_rs::digest::Context);
    impl std::io::Write for Digest {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let value = serde_json::to_value(setting).expect("settings serialize to JSON");
    let mut digest = Digest(aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256));
    serde_json::to_writer(&mut digest, &value).expect("JSON values serialize");
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest.0.finish().as_ref() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod fingerprint_tests {
    use serde_json::json;

    #[test]
    fn fingerprints_are_of_json_with_sorted_keys() {
        // Written with keys out of order, nested: the digest is of the sorted form.
        let value = json!({"b": {"z": 1, "a": [ {"y": true, "x": null} ]}, "a": "s"});
        assert_eq!(
            value.to_string(),
            r#"{"a":"s","b":{"a":[{"x":null,"y":true}],"z":1}}"#,
            "serde_json must keep maps sorted (no `preserve_order`)"
        );
        let expected =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, value.to_string().as_bytes());
        let hex: String = expected
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(super::fingerprint(&value), hex);
    }
}

// ---------------------------------------------------------------------------------------------
// Cards

/// Form fields every card carries: the fingerprint of what was loaded, and (helpdesk) a ticket.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SaveMeta {
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub ticket: Option<String>,
}

/// Messages for fields, keyed by the form field's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// The first field in error (it gets the focus).
    pub fn first(&self) -> Option<&str> {
        self.0.first().map(|(f, _)| *f)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the card says above its fields after a save (or a failed load).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Saved,
    NothingChanged,
    Invalid,
    /// Webex refused or failed: the user's input is still in the form.
    Failed {
        message: String,
        tracking_id: Option<String>,
    },
    /// The setting moved since it was loaded: the form shows the current values.
    Conflict {
        attempted: Vec<(&'static str, String)>,
    },
    /// The user saved more often than the write limit allows: nothing sent, input kept.
    Busy {
        retry_after_secs: u64,
    },
}

/// What every card template gets besides its own values (`c` in the templates).
pub struct CardCommon {
    pub t: &'static Messages,
    pub person_id: String,
    /// The person's fragment path, `/hx/people/{id}` (encoded).
    pub base: String,
    pub fingerprint: String,
    /// `false`: the org does not let the user change this; fields are shown disabled.
    pub editable: bool,
    /// Acting on someone else: the form offers the ticket field.
    pub on_behalf: bool,
    pub ticket: String,
    pub errors: FieldErrors,
    pub notice: Option<Notice>,
}

impl CardCommon {
    /// Whether `field` takes the focus after a swap: the first field in error.
    pub fn autofocus(&self, field: &str) -> bool {
        self.errors.first() == Some(field)
    }

    /// The message for `field`, if it is in error.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    /// The notice as the shared partial (templates/partials/card_notice.html) shows it.
    pub fn notice_view(&self) -> Option<NoticeView> {
        let t = self.t;
        let notice = self.notice.as_ref()?;
        let plain = |class, title: &'static str| NoticeView {
            class,
            alert: false,
            focus: true,
            title,
            message: None,
            tracking_id: None,
            attempted: Vec::new(),
        };
        Some(match notice {
            Notice::Saved => plain("ok", t.saved),
            Notice::NothingChanged => plain("info", t.nothing_changed),
            // The first invalid field takes the focus, not the notice.
            Notice::Invalid => NoticeView {
                alert: true,
                focus: false,
                ..plain("error", t.fix_fields)
            },
            Notice::Failed {
                message,
                tracking_id,
            } => NoticeView {
                alert: true,
                message: Some(message.clone()),
                tracking_id: tracking_id.clone(),
                ..plain("error", t.not_saved)
            },
            Notice::Conflict { attempted } => NoticeView {
                alert: true,
                message: Some(t.conflict_explain.to_owned()),
                attempted: attempted.clone(),
                ..plain("error", t.conflict_heading)
            },
            Notice::Busy { retry_after_secs } => NoticeView {
                alert: true,
                message: Some((t.saving_too_often)(*retry_after_secs)),
                ..plain("error", t.not_saved)
            },
        })
    }
}

/// A notice ready for the template.
pub struct NoticeView {
    /// CSS modifier: `ok`, `info`, `error`.
    pub class: &'static str,
    /// `role="alert"` rather than `role="status"`.
    pub alert: bool,
    /// Takes the focus after the swap.
    pub focus: bool,
    pub title: &'static str,
    pub message: Option<String>,
    pub tracking_id: Option<String>,
    pub attempted: Vec<(&'static str, String)>,
}

/// One settings card. Implement it, write the partial, and route `GET` to [`load`] and `PUT` to
/// [`save`].
pub trait Card: Sized + Send + Sync + 'static {
    /// The audit log's `feature` (e.g. `call_forwarding`).
    const FEATURE: &'static str;
    /// The feature-access key (FACTS §3a), if Webex has one for this setting.
    const ACCESS_KEY: Option<&'static str>;
    /// The setting as Webex returns it (and as the audit log keeps it, for undo).
    type Setting: Serialize + DeserializeOwned + Clone + Send + Sync;
    /// The card's form as the browser posts it (strings, so a bad input can be shown again).
    type Form: DeserializeOwned + Clone + Send + Sync;
    /// The changed parts, as the Webex client's patch type.
    type Patch: Send + Sync;

    fn read(
        webex: &WebexClient,
        person_id: &str,
    ) -> impl Future<Output = Result<Self::Setting, WebexError>> + Send;

    fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> impl Future<Output = Result<Receipt, WebexError>> + Send;

    /// The form showing `setting` (destinations in international format, …).
    fn form_of(setting: &Self::Setting) -> Self::Form;

    fn meta(form: &Self::Form) -> &SaveMeta;

    /// The form's shared fields, to fill in (undo builds a form from an audit entry).
    fn meta_mut(form: &mut Self::Form) -> &mut SaveMeta;

    /// Checks `form` against the current setting: the patch of what changed (`None`: nothing did),
    /// or messages for the fields that are wrong (through `t`).
    fn patch(
        form: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors>;

    /// Why this change is refused, when parts of a card have feature-access keys of their own
    /// (FACTS §3a) and the form changes one the user may not: refused with 403 and audited as
    /// `denied`, like a card-wide [`Card::ACCESS_KEY`]. Checked before anything else is.
    fn denied(_form: &Self::Form, _current: &Self::Setting, _target: &Target) -> Option<String> {
        None
    }

    /// The form's values as label/value pairs, for the "changed elsewhere" view.
    fn describe(form: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)>;

    /// Renders the card's partial. `setting` is the current one when known (limits like the
    /// maximum number of rings come from it).
    fn render(
        common: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error>;
}

/// `GET`: the card with the live setting, read-only if the org says so. Webex reads run in parallel.
/// `GET /hx/people/{person_id}/<card>`: authorize on the target, then load the card.
async fn get_card<C: Card>(cx: Ctx) -> Response {
    load::<C>(&cx).await
}

/// `PUT /hx/people/{person_id}/<card>`: authorize the write on the target, then save the card.
/// (axum-extra's `Form` reads repeated keys, which the voicemail form uses.)
async fn put_card<C: Card>(
    State(state): State<AppState>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    ReqId(request_id): ReqId,
    Path(person_id): Path<String>,
    axum_extra::extract::Form(form): axum_extra::extract::Form<C::Form>,
) -> Result<Response, AppError> {
    let cx = Ctx::authorize_write(&state, t, user, &person_id, request_id, C::FEATURE).await?;
    save::<C>(&cx, form).await
}

pub async fn load<C: Card>(cx: &Ctx) -> Response {
    let webex = cx.webex_for_display();
    let (setting, may_change) = tokio::join!(
        C::read(&webex, &cx.target.person_id),
        cx.may_change(&webex, C::ACCESS_KEY)
    );
    let (setting, editable) = match (setting, may_change) {
        (Ok(s), Ok(m)) => (s, m),
        (Err(e), _) | (_, Err(e)) => return unavailable(cx, C::FEATURE, &e),
    };
    let common = cx.common(
        fingerprint(&setting),
        editable,
        FieldErrors::default(),
        None,
        "",
    );
    card::<C>(StatusCode::OK, common, C::form_of(&setting), Some(&setting))
}

/// `PUT`: the whole save flow (see the module docs). `form` is what the browser posted.
pub async fn save<C: Card>(cx: &Ctx, form: C::Form) -> Result<Response, AppError> {
    let meta = C::meta(&form).clone();
    let ticket = meta.ticket.clone().unwrap_or_default();
    let mut entry = cx.audit_entry(C::FEATURE, meta.ticket.as_deref());
    // The per-user write limit, before any Webex call: the card keeps the input.
    if let Some(notice) = cx.write_limited(&mut entry).await {
        let common = cx.common(
            meta.fingerprint,
            true,
            FieldErrors::default(),
            Some(notice),
            &ticket,
        );
        return Ok(card::<C>(StatusCode::TOO_MANY_REQUESTS, common, form, None));
    }
    // Fresh reads: the fingerprint check and feature access are never decided on kept answers.
    let (current, may_change) = tokio::join!(
        C::read(&cx.webex, &cx.target.person_id),
        cx.may_change(&cx.webex, C::ACCESS_KEY)
    );

    // Feature access first: a refused user learns nothing else, and nothing is written.
    match may_change {
        Ok(true) => {}
        Ok(false) => {
            entry.result = AuditResult::Denied;
            entry.error = Some("the organization does not let users change this".into());
            append(&cx.state, &entry).await;
            return Err(AppError::Forbidden(
                "feature access: users may not change this",
            ));
        }
        Err(e) => {
            return Ok(read_failed::<C>(cx, &e, &mut entry, meta.fingerprint, &ticket, form).await);
        }
    }
    let current = match current {
        Ok(c) => c,
        Err(e) => {
            return Ok(read_failed::<C>(cx, &e, &mut entry, meta.fingerprint, &ticket, form).await);
        }
    };
    if let Some(why) = C::denied(&form, &current, &cx.target) {
        entry.result = AuditResult::Denied;
        entry.error = Some(why);
        append(&cx.state, &entry).await;
        return Err(AppError::Forbidden(
            "feature access: users may not change this part",
        ));
    }
    entry.before = Some(to_json(&current));
    let current_fingerprint = fingerprint(&current);

    if meta.fingerprint != current_fingerprint {
        entry.result = AuditResult::Conflict;
        entry.error = Some("the setting changed since it was loaded".into());
        append(&cx.state, &entry).await;
        let notice = Notice::Conflict {
            attempted: C::describe(&form, cx.t),
        };
        let common = cx.common(
            current_fingerprint,
            true,
            FieldErrors::default(),
            Some(notice),
            &ticket,
        );
        return Ok(card::<C>(
            StatusCode::CONFLICT,
            common,
            C::form_of(&current),
            Some(&current),
        ));
    }

    let patch = match C::patch(&form, &current, &cx.target, cx.t) {
        Ok(Some(patch)) => patch,
        Ok(None) => {
            let common = cx.common(
                current_fingerprint,
                true,
                FieldErrors::default(),
                Some(Notice::NothingChanged),
                &ticket,
            );
            return Ok(card::<C>(
                StatusCode::OK,
                common,
                C::form_of(&current),
                Some(&current),
            ));
        }
        Err(errors) => {
            // Nothing reached Webex: not an audited write.
            let common = cx.common(
                current_fingerprint,
                true,
                errors,
                Some(Notice::Invalid),
                &ticket,
            );
            return Ok(card::<C>(
                StatusCode::UNPROCESSABLE_ENTITY,
                common,
                form,
                Some(&current),
            ));
        }
    };

    let receipt = match C::write(&cx.webex, &cx.target.person_id, &patch).await {
        Ok(r) => r,
        Err(e) => {
            let notice = failed::<C>(cx, &e, &mut entry, Some(&current));
            append(&cx.state, &entry).await;
            let common = cx.common(
                current_fingerprint,
                true,
                FieldErrors::default(),
                Some(notice),
                &ticket,
            );
            return Ok(card::<C>(
                StatusCode::BAD_GATEWAY,
                common,
                form,
                Some(&current),
            ));
        }
    };
    entry.webex_tracking_id = Some(receipt.tracking_id);

    // Show what Webex now holds, not what we think we sent.
    let after = C::read(&cx.webex, &cx.target.person_id).await;
    let (shown, status) = match &after {
        Ok(after) => {
            entry.after = Some(to_json(after));
            (after, StatusCode::OK)
        }
        Err(e) => {
            // Saved, but we cannot show it: say so rather than pretend.
            entry.error = Some(format!("saved; reading it back failed: {e}"));
            (&current, StatusCode::OK)
        }
    };
    entry.result = AuditResult::Success;
    append(&cx.state, &entry).await;
    let common = match &after {
        Ok(a) => cx.common(
            fingerprint(a),
            true,
            FieldErrors::default(),
            Some(Notice::Saved),
            "",
        ),
        Err(e) => cx.common(
            // The old fingerprint would only produce a conflict; make the user reload instead.
            String::new(),
            true,
            FieldErrors::default(),
            Some(Notice::Failed {
                message: (cx.t.webex_error)(e),
                tracking_id: e.tracking_id().map(str::to_owned),
            }),
            "",
        ),
    };
    let form = if after.is_ok() {
        C::form_of(shown)
    } else {
        form
    };
    let mut response = card::<C>(status, common, form, Some(shown));
    response.headers_mut().insert(
        HeaderName::from_static("hx-trigger"),
        HeaderValue::from_static(SETTINGS_CHANGED),
    );
    Ok(response)
}

impl Ctx {
    pub fn common(
        &self,
        fingerprint: String,
        editable: bool,
        errors: FieldErrors,
        notice: Option<Notice>,
        ticket: &str,
    ) -> CardCommon {
        CardCommon {
            t: self.t,
            person_id: self.target.person_id.clone(),
            base: format!("/hx/people/{}", encode(&self.target.person_id)),
            fingerprint,
            editable,
            on_behalf: self.target.acting == Acting::OnBehalf,
            ticket: ticket.to_owned(),
            errors,
            notice,
        }
    }
}

fn to_json(setting: &impl Serialize) -> Value {
    serde_json::to_value(setting).expect("settings serialize to JSON")
}

/// Records a failed Webex call in the audit entry and says so in the card.
fn failed<C: Card>(
    cx: &Ctx,
    e: &WebexError,
    entry: &mut NewAuditEntry,
    before: Option<&C::Setting>,
) -> Notice {
    entry.result = AuditResult::Failure;
    entry.error = Some(e.to_string());
    entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
    entry.before = before.map(to_json);
    Notice::Failed {
        message: (cx.t.webex_error)(e),
        tracking_id: e.tracking_id().map(str::to_owned),
    }
}

/// A Webex read before a save failed: audited as a failure; the card comes back with the input.
async fn read_failed<C: Card>(
    cx: &Ctx,
    e: &WebexError,
    entry: &mut NewAuditEntry,
    fingerprint: String,
    ticket: &str,
    form: C::Form,
) -> Response {
    let notice = failed::<C>(cx, e, entry, None);
    append(&cx.state, entry).await;
    let common = cx.common(
        fingerprint,
        true,
        FieldErrors::default(),
        Some(notice),
        ticket,
    );
    card::<C>(StatusCode::BAD_GATEWAY, common, form, None)
}

fn card<C: Card>(
    status: StatusCode,
    common: CardCommon,
    form: C::Form,
    setting: Option<&C::Setting>,
) -> Response {
    match C::render(common, form, setting) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("card template: {e}")).into_response(),
    }
}

/// A card that could not be loaded: what happened, the tracking id, and a retry button.
fn unavailable(cx: &Ctx, feature: &str, e: &WebexError) -> Response {
    tracing::warn!(error = %e, feature, "card could not be loaded");
    let view = crate::views::CardUnavailable {
        t: cx.t,
        card_id: format!("card-{}", segment(feature)),
        feature: (cx.t.feature_name)(feature),
        url: card_url(&cx.target.person_id, feature),
        message: (cx.t.webex_error)(e),
        tracking_id: e.tracking_id().map(str::to_owned),
    };
    match askama::Template::render(&view) {
        Ok(html) => (StatusCode::BAD_GATEWAY, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("card template: {e}")).into_response(),
    }
}

/// The fragment URL of a card, by its audit feature name.
pub fn card_url(person_id: &str, feature: &str) -> String {
    format!("/hx/people/{}/{}", encode(person_id), segment(feature))
}

/// The URL segment (and element id suffix) of a card.
fn segment(feature: &str) -> &str {
    match feature {
        "call_forwarding" => "forwarding",
        "do_not_disturb" => "dnd",
        "call_waiting" => "call-waiting",
        other => other,
    }
}

/// A person id as one URL path segment.
pub fn encode(person_id: &str) -> String {
    url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect()
}

/// A checkbox as browsers post it: present (any value) when ticked.
pub fn ticked(field: &Option<String>) -> bool {
    field.is_some()
}
