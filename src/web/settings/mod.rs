//! The person's call settings as cards: one module per card, and the machinery they share.
//!
//! A card is a [`Card`] impl (how to read, validate, patch and write one Webex setting) plus one
//! askama partial that renders it, tied to its [`Feature`] of the registry in [`cards`]. The
//! shared flow gives every card the same behaviour:
//!
//! - authorization on the target person first ([`Ctx`], [`WriteCtx`]), then the org's feature
//!   access when the user acts on themselves (FACTS §3a): read-only on `GET`, 403 (audited) on `PUT`;
//! - a fingerprint of the setting as loaded travels in the form; a save re-reads the setting and
//!   refuses with the "changed elsewhere" view if it moved (audited as `conflict`);
//! - invalid input re-renders the card (422) with the messages next to the fields and the input kept;
//! - only the changed sub-object is sent, then the setting is read back and shown with "saved";
//! - a Webex failure keeps the input and says what happened, when to retry and the tracking id;
//! - every write attempt lands in the audit log (before, after, result, tracking id, request id).
//!
//! [`save`] runs that flow and returns a [`SaveOutcome`]; [`respond`] renders it. Undo (and what
//! else reuses a card's save) calls [`save`] and matches on the outcome.
//!
//! Routes are person-scoped (`/hx/people/{person_id}/…`) so the helpdesk reuses them unchanged;
//! [`person_routes`] lists every one of them, and the router is built from that list.

pub mod cards;
pub mod history;
pub mod out_of_office;
pub mod page;
pub mod summary;
pub mod tester;
pub mod timed;

use std::future::Future;

use axum::{
    Extension, Router,
    extract::{FromRequestParts, RawPathParams},
    http::request::Parts,
    http::{HeaderName, HeaderValue, Method, StatusCode},
    middleware::from_fn_with_state,
    response::{Html, IntoResponse, Response},
    routing::{MethodRouter, get, post},
};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

pub use crate::views::card::{CardForm, FieldErrors, FilePart, Notice, SaveMeta, ticked};
use crate::{
    app::AppState,
    auth::{
        CurrentUser, SessionUser,
        authz::{Acting, Target, authorize_target},
    },
    error::AppError,
    features::Feature,
    i18n::Messages,
    store::{AuditAction, AuditResult, NewAuditEntry},
    views::card::{CardCommon, CardState},
    web::{Lang, middleware::ReqId},
    webex::{Receipt, WebexClient, WebexError},
};

/// The event a successful save announces (`HX-Trigger`); the summary and history reload on it.
pub const SETTINGS_CHANGED: &str = "settings-changed";

// ---------------------------------------------------------------------------------------------
// Routes

/// One person-scoped route: the path (`{person_id}` is the target person; for undo, `{id}` is an
/// audit entry about them), its methods, and whether only helpdesk and admins may call it, even on
/// themselves. The authorization matrix test calls every one of them as every role on everyone.
#[derive(Debug, Clone)]
pub struct PersonRoute {
    pub path: String,
    pub methods: &'static [Method],
    pub staff_only: bool,
    /// An htmx fragment (`/hx/…`), as opposed to a page.
    pub fragment: bool,
}

/// A route and its handler.
pub struct Routed {
    pub route: PersonRoute,
    handler: MethodRouter<AppState>,
}

impl Routed {
    /// A fragment route; `path` is below `/hx` (e.g. [`PERSON_BASE`]`/summary`).
    pub fn new(
        path: impl Into<String>,
        methods: &'static [Method],
        handler: MethodRouter<AppState>,
    ) -> Self {
        Routed {
            route: PersonRoute {
                path: path.into(),
                methods,
                staff_only: false,
                fragment: true,
            },
            handler,
        }
    }

    /// A full page.
    fn page(path: &str, handler: MethodRouter<AppState>) -> Self {
        let mut page = Routed::new(path, GET, handler);
        page.route.fragment = false;
        page
    }

    pub fn staff_only(mut self) -> Self {
        self.route.staff_only = true;
        self
    }
}

const GET: &[Method] = &[Method::GET];
const GET_PUT: &[Method] = &[Method::GET, Method::PUT];
const POST: &[Method] = &[Method::POST];
pub(crate) const GET_POST: &[Method] = &[Method::GET, Method::POST];

/// The fragment path of the person `{person_id}` below `/hx`; every card lives under it.
pub const PERSON_BASE: &str = "/people/{person_id}";

fn routed() -> Vec<Routed> {
    let mut routes = vec![
        Routed::page("/people/{person_id}", get(page::get_person)),
        Routed::new(
            format!("{PERSON_BASE}/summary"),
            GET,
            get(summary::get_summary),
        ),
        // "Try a call": a read (nothing is written), posted because it carries a form.
        Routed::new(
            format!("{PERSON_BASE}/summary/tester"),
            POST,
            post(tester::post_tester),
        ),
        Routed::new(
            format!("{PERSON_BASE}/history"),
            GET,
            get(history::get_history),
        ),
        Routed::new("/audit/{id}/undo", POST, post(crate::web::audit::post_undo)),
        Routed::new(
            format!("{PERSON_BASE}/upcoming"),
            GET,
            get(timed::get_upcoming),
        ),
        Routed::new(
            format!("{PERSON_BASE}/upcoming/{{job_id}}/cancel"),
            POST,
            post(timed::post_cancel),
        ),
        Routed::new(
            format!("{PERSON_BASE}/upcoming/{{job_id}}/until"),
            POST,
            post(timed::post_until),
        ),
    ];
    for feature in Feature::ALL {
        // Writes learn which feature they audit from the route (see [`WriteCtx`]).
        routes.extend(cards::card(feature).routes().into_iter().map(|mut r| {
            r.handler = r.handler.layer(Extension(feature));
            r
        }));
    }
    routes
}

/// Every person-scoped route, fragments with their full path (`/hx/…`): for the authorization
/// matrix; the router is built from the same list.
pub fn person_routes() -> Vec<PersonRoute> {
    routed()
        .into_iter()
        .map(|r| {
            let mut route = r.route;
            if route.fragment {
                route.path = format!("/hx{}", route.path);
            }
            route
        })
        .collect()
}

/// The person-scoped routes: `(pages, fragments)`, the fragments' paths below `/hx`; staff-only
/// ones behind the staff guard.
pub fn routes(state: &AppState) -> (Router<AppState>, Router<AppState>) {
    let (mut pages, mut fragments, mut staff) = (Router::new(), Router::new(), Router::new());
    for Routed { route, handler } in routed() {
        match (route.staff_only, route.fragment) {
            (true, _) => staff = staff.route(&route.path, handler),
            (false, true) => fragments = fragments.route(&route.path, handler),
            (false, false) => pages = pages.route(&route.path, handler),
        }
    }
    let staff = staff.route_layer(from_fn_with_state(
        state.clone(),
        crate::auth::authz::staff_only,
    ));
    (pages, fragments.merge(staff))
}

// ---------------------------------------------------------------------------------------------
// Request contexts

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
    /// Set when a job's step acts (a timed change): its saves are audited as this action, and
    /// the per-user write limit does not apply (the runner spends the background budget).
    pub step_action: Option<AuditAction>,
    /// The person's time zone (their location's; the viewer's browser's where Webex states
    /// none): timed changes are entered and shown in it, so "until Friday 17:00" means 17:00
    /// where the person is, whoever schedules it.
    pub tz: &'static jiff::tz::TimeZone,
}

/// What every person-scoped handler starts from: language, request id, the signed-in user and
/// the path's `{person_id}`.
async fn opening(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(&'static Messages, String, SessionUser, String), AppError> {
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
        .find_map(|(name, value)| (name == "person_id").then(|| value.to_owned()))
        .ok_or(AppError::NotFound)?;
    Ok((t, request_id, user, person_id))
}

/// A read handler's context: the signed-in user authorized on the `{person_id}` of the path.
impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (t, request_id, user, person_id) = opening(parts, state).await?;
        let mut cx = Ctx::authorize(state, t, user, &person_id, request_id).await?;
        cx.tz = cx.person_tz(viewer_tz(parts, state).await).await;
        Ok(cx)
    }
}

/// A write handler's context: as [`Ctx`], and a refusal is audited as `denied` for the feature
/// the route belongs to (set on the route by [`routes`]). Runs before the body is read, so a
/// refused user learns nothing from how their form was parsed.
pub struct WriteCtx(pub Ctx);

impl FromRequestParts<AppState> for WriteCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let feature = *parts
            .extensions
            .get::<Feature>()
            .ok_or_else(|| AppError::Internal("write route without its feature".into()))?;
        let (t, request_id, user, person_id) = opening(parts, state).await?;
        let mut cx = Ctx::authorize_write(state, t, user, &person_id, request_id, feature).await?;
        cx.tz = cx.person_tz(viewer_tz(parts, state).await).await;
        Ok(WriteCtx(cx))
    }
}

async fn viewer_tz(parts: &mut Parts, state: &AppState) -> &'static jiff::tz::TimeZone {
    let crate::web::ViewerLocale(locale) =
        crate::web::ViewerLocale::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|e| match e {});
    locale.tz
}

impl Ctx {
    /// May `user` act on `person_id`? (`authorize_target`.)
    pub async fn authorize(
        state: &AppState,
        t: &'static Messages,
        user: SessionUser,
        person_id: &str,
        request_id: String,
    ) -> Result<Ctx, AppError> {
        let target = authorize_target(state, &user, person_id).await?;
        Ok(Ctx::new(state, t, user, target, request_id))
    }

    /// The context a job's step acts in: `user` (who asked for the job, as they were) authorized
    /// on `person_id` again now, every Webex call on `webex` (the background budget), audited as
    /// `action`.
    pub async fn for_step(
        state: &AppState,
        webex: WebexClient,
        t: &'static Messages,
        user: SessionUser,
        person_id: &str,
        request_id: String,
        action: AuditAction,
    ) -> Result<Ctx, AppError> {
        let target =
            crate::auth::authz::authorize_target_with(state, &webex, &user, person_id).await?;
        let mut cx = Ctx::new(state, t, user, target, request_id);
        cx.webex = webex.for_actor(&cx.user.person_id);
        cx.step_action = Some(action);
        Ok(cx)
    }

    fn new(
        state: &AppState,
        t: &'static Messages,
        user: SessionUser,
        target: Target,
        request_id: String,
    ) -> Ctx {
        Ctx {
            // Calls made for this user spend their share of the Webex budget (webex::budget).
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
            step_action: None,
            tz: crate::i18n::time_zone(None),
        }
    }

    /// The time zone of the person's location (FACTS §10.8 `timeZone`), else `viewer`'s.
    async fn person_tz(&self, viewer: &'static jiff::tz::TimeZone) -> &'static jiff::tz::TimeZone {
        let Some(location) = self.target.location_id.as_deref() else {
            return viewer;
        };
        self.state
            .locations
            .time_zone(&self.state.webex, location)
            .await
            .unwrap_or(viewer)
    }

    /// [`Ctx::authorize`] for a write: a refusal is audited as `denied` before it is returned.
    pub async fn authorize_write(
        state: &AppState,
        t: &'static Messages,
        user: SessionUser,
        person_id: &str,
        request_id: String,
        feature: Feature,
    ) -> Result<Ctx, AppError> {
        match authorize_target(state, &user, person_id).await {
            Ok(target) => Ok(Ctx::new(state, t, user, target, request_id)),
            Err(e @ AppError::Forbidden(_)) => {
                let entry = NewAuditEntry {
                    actor_person_id: user.person_id.clone(),
                    actor_name: user.display_name.clone(),
                    actor_role: user.role,
                    target_person_id: person_id.to_owned(),
                    // Not someone the user may see: the id is all the portal will record.
                    target_name: person_id.to_owned(),
                    target_location_id: None,
                    feature: feature.audit_key().to_owned(),
                    action: AuditAction::Update,
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

    /// The per-user write limit (`crate::web::write_limit`): `None` when this write may go ahead,
    /// else the seconds until the next one may, with `entry` audited as `denied`.
    pub async fn write_limited(&self, entry: &mut NewAuditEntry) -> Option<u64> {
        if self.step_action.is_some() {
            return None;
        }
        let wait = self.state.writes.check(&self.user.person_id).err()?;
        let retry_after_secs = crate::web::write_limit::retry_secs(wait);
        metrics::counter!(crate::telemetry::metrics::WRITES_LIMITED).increment(1);
        entry.result = AuditResult::Denied;
        entry.error = Some(format!(
            "saving too often: the write limit allows another save in {retry_after_secs} s"
        ));
        append(&self.state, entry).await;
        Some(retry_after_secs)
    }

    /// An audit entry of `action` on `feature` for this actor and target; the caller fills in the
    /// outcome. A card save is an `update`, or an `undo` when this request undoes an entry.
    pub fn audit_entry(
        &self,
        feature: Feature,
        action: AuditAction,
        ticket: Option<&str>,
    ) -> NewAuditEntry {
        let action = match (action, self.undo_of, self.step_action) {
            (AuditAction::Update, _, Some(step)) => step,
            (AuditAction::Update, Some(_), None) => AuditAction::Undo,
            (action, _, _) => action,
        };
        NewAuditEntry {
            actor_person_id: self.user.person_id.clone(),
            actor_name: self.user.display_name.clone(),
            actor_role: self.user.role,
            target_person_id: self.target.person_id.clone(),
            target_name: self.target.display_name.clone(),
            target_location_id: self.target.location_id.clone(),
            feature: feature.audit_key().to_owned(),
            action,
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

    /// Whether the user may change `feature` (or, with `part_key`, a part of it governed by that
    /// feature-access key), read through `webex`: the display client to show a card, `self.webex`
    /// (a fresh read) to decide a save. Helpdesk and admins acting on someone else are not bound by
    /// the org's feature access (FACTS §3a); no key means Webex has no such switch.
    pub async fn may_change(
        &self,
        webex: &WebexClient,
        feature: Feature,
        part_key: Option<&str>,
    ) -> Result<bool, WebexError> {
        let info = feature.info();
        if self.target.acting == Acting::OnBehalf {
            return Ok(true);
        }
        if !info.employee_may_edit {
            return Ok(false);
        }
        match part_key.or(info.access_key) {
            None => Ok(true),
            Some(key) => {
                let access = webex.get_feature_access(&self.target.person_id).await?;
                // Not stated: the person follows the org default, which is full access unless an
                // admin restricted it (and then Webex states it per person).
                Ok(access.user_may_change(key).unwrap_or(true))
            }
        }
    }

    /// The shared part of `feature`'s card, shown as `state` says.
    pub fn common(&self, feature: Feature, mut state: CardState) -> CardCommon {
        state.timing.tz = self.tz.iana_name().unwrap_or("UTC").to_owned();
        CardCommon::new(
            self.t,
            &self.target.person_id,
            &self.base(),
            feature,
            self.target.acting == Acting::OnBehalf,
            state,
        )
    }

    /// The person's fragment path, `/hx/people/{id}` (encoded).
    pub fn base(&self) -> String {
        format!("/hx/people/{}", encode(&self.target.person_id))
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

// ---------------------------------------------------------------------------------------------
// Fingerprints

/// Hex SHA-256 of the canonical JSON (keys sorted at every level) of a setting as read: what the
/// form carries, so a save can tell whether the setting moved since it was shown.
///
/// serde_json's `Map` is a `BTreeMap` (the `preserve_order` feature is off; a test checks), so a
/// `Value` writes its keys sorted at every level, with no sorted copy (this runs on every card
/// load and save). The JSON is hashed in one piece: serde_json writes a key, a quote or a comma at
/// a time, and a digest update per piece cost more than the hashing itself.
pub fn fingerprint(setting: &impl Serialize) -> String {
    let value = serde_json::to_value(setting).expect("settings serialize to JSON");
    let json = serde_json::to_vec(&value).expect("JSON values serialize");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &json);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest.as_ref() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cards

/// One settings card. Implement it, write the partial, and tie it to its feature in [`cards`].
pub trait Card: Sized + Send + Sync + 'static {
    /// The registry's feature this card shows.
    const FEATURE: Feature;
    /// The setting as Webex returns it (and as the audit log keeps it, for undo).
    type Setting: Serialize + DeserializeOwned + Clone + Default + Send + Sync;
    /// The card's own fields as the browser posts them (strings, so a bad input can be shown again).
    type Form: Serialize + DeserializeOwned + Clone + Default + Send + Sync;
    /// The changed parts, as the Webex client's patch type.
    type Patch: Send + Sync;

    fn read(
        webex: &WebexClient,
        person_id: &str,
    ) -> impl Future<Output = Result<Self::Setting, WebexError>> + Send;

    /// [`Card::read`] with what the portal already knows of the person (their location, from the
    /// session or the authorization's lookup), so that a card need not look it up first.
    fn read_for(
        webex: &WebexClient,
        target: &Target,
    ) -> impl Future<Output = Result<Self::Setting, WebexError>> + Send {
        Self::read(webex, &target.person_id)
    }

    fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> impl Future<Output = Result<Receipt, WebexError>> + Send;

    /// The form showing `setting` (destinations in international format, …).
    fn form_of(setting: &Self::Setting) -> Self::Form;

    /// What a form carries to tell, at save time, whether the setting moved since it was shown:
    /// by default all of it; a card leaves out what a save re-checks anyway.
    fn fingerprint(setting: &Self::Setting) -> String {
        fingerprint(setting)
    }

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
    /// `denied`, like a card-wide access key. Checked before anything else is.
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

    /// The pill in the card's header ("On", "Off", "Forwarding to …"); none by default.
    fn status(
        _setting: &Self::Setting,
        _t: &'static Messages,
    ) -> Option<crate::views::card::CardStatus> {
        None
    }

    /// The largest body its `PUT` takes (a card whose form carries files takes more).
    const BODY_LIMIT: usize = crate::error::BODY_LIMIT;

    /// Checks the files the form carries (the voicemail greetings) with the rest of the form,
    /// before anything is written, and sets `current` as Webex will hold it once they are sent,
    /// so the form is checked against that. A card that takes no files ignores them.
    fn check_files(
        _files: &[FilePart],
        _current: &mut Self::Setting,
        _t: &'static Messages,
    ) -> Result<(), FieldErrors> {
        Ok(())
    }

    /// Why these files are refused (the org does not let the person change what they belong
    /// to), like [`Card::denied`] for the form.
    fn files_denied(
        _files: &[FilePart],
        _current: &Self::Setting,
        _target: &Target,
    ) -> Option<String> {
        None
    }

    /// Sends one file [`Card::check_files`] accepted; `Ok(None)`: not one this card takes.
    fn upload(
        _webex: &WebexClient,
        _person_id: &str,
        _file: &FilePart,
    ) -> impl Future<Output = Result<Option<Receipt>, WebexError>> + Send {
        std::future::ready(Ok(None))
    }

    /// This card's part of the out-of-office preset: the form of `current` with the preset's
    /// changes, or `None` when the preset leaves this card alone.
    fn preset(
        _current: &Self::Setting,
        _preset: &out_of_office::OutOfOffice,
    ) -> Option<Self::Form> {
        None
    }

    /// Whether [`Card::defaults`] gives a form: a bulk change may "reset to Webex defaults".
    const OFFERS_RESET: bool = false;

    /// The form's `Option` fields that hold text rather than a switch's "ticked" (a bulk change
    /// offers them as text): the others are switches when they are `Option`s, text when `String`s.
    const TEXT_OPTIONS: &'static [&'static str] = &[];

    /// The setting as Webex gives it to a new user, as this card's form ("reset to Webex
    /// defaults" in a bulk change); `None`: the card offers no reset.
    fn defaults(_current: &Self::Setting) -> Option<Self::Form> {
        None
    }

    /// Routes of the card besides its own `GET`/`PUT` (uploads, the PIN), under [`PERSON_BASE`].
    fn extra_routes() -> Vec<Routed> {
        Vec::new()
    }

    /// Panels of the card besides the card itself on the person page (the PIN form).
    fn extra_slots(_t: &'static Messages, _base: &str) -> Vec<crate::views::card::CardSlot> {
        Vec::new()
    }
}

/// How a save ended. [`respond`] renders it; undo and the other callers of [`save`] match on it.
pub enum SaveOutcome<C: Card> {
    /// Written. `shown` is what Webex holds now, or (when reading it back failed, with that
    /// error and the form as posted) what it held before.
    Saved {
        shown: C::Setting,
        /// What Webex held before the write.
        before: C::Setting,
        readback_failed: Option<(WebexError, C::Form)>,
    },
    /// The form asks for what Webex already holds: nothing was written.
    Unchanged { current: C::Setting },
    /// The form has mistakes: nothing reached Webex.
    Invalid {
        current: C::Setting,
        form: C::Form,
        errors: FieldErrors,
    },
    /// The setting moved since the form was loaded: nothing was written.
    Conflict {
        current: C::Setting,
        attempted: Vec<(&'static str, String)>,
    },
    /// Webex failed: reading the setting (`current` unknown) or writing it.
    Failed {
        error: WebexError,
        current: Option<C::Setting>,
        form: C::Form,
    },
    /// The org's feature access does not let the user change this (FACTS §3a).
    Denied { why: &'static str },
    /// The user saves more often than the write limit allows: nothing was sent.
    Busy {
        retry_after_secs: u64,
        form: C::Form,
    },
}

/// `GET {PERSON_BASE}/<card>`: the card with the live setting, read-only if the org says so.
async fn get_card<C: Card>(cx: Ctx) -> Response {
    load::<C>(&cx).await
}

/// `PUT {PERSON_BASE}/<card>`: the save flow, rendered. The form comes URL-encoded or, when it
/// carries files (the voicemail greetings), as `multipart/form-data`. (axum-extra's `Form` reads
/// repeated keys, which the voicemail form uses.)
async fn put_card<C: Card>(WriteCtx(cx): WriteCtx, request: axum::extract::Request) -> Response {
    let form = match card_form::<C::Form>(request).await {
        Ok(form) => form,
        // Over the body limit: the card says so, showing what Webex holds (nothing was read).
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let notice = Notice::Failed {
                message: (cx.t.too_large_message)(C::BODY_LIMIT / 1024),
                tracking_id: None,
            };
            return load_with::<C>(&cx, StatusCode::PAYLOAD_TOO_LARGE, Some(notice)).await;
        }
        Err(e) => return e.into_response(),
    };
    if matches!(form.meta.timing.as_str(), "until" | "from") {
        return timed::save_timed::<C>(&cx, form).await;
    }
    let meta = form.meta.clone();
    let outcome = save::<C>(&cx, form).await;
    respond::<C>(&cx, &meta, outcome)
}

/// Reads a card's form. A multipart body's text parts are read as the URL-encoded form would
/// be; its files are kept aside, an empty file input (nothing chosen) left out. The text fields
/// are kept as posted too ([`CardForm::pairs`]).
async fn card_form<F: DeserializeOwned + Default>(
    request: axum::extract::Request,
) -> Result<CardForm<F>, axum_extra::extract::FormRejection> {
    use axum::extract::{FromRequest as _, Multipart};
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut text: Vec<(String, String)> = Vec::new();
    let mut files = Vec::new();
    if multipart {
        let size = request
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok());
        if let Ok(mut parts) = Multipart::from_request(request, &()).await {
            // A cut-off body (over the limit) ends the form; what came before counts.
            while let Ok(Some(field)) = parts.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                if field.file_name().is_some() {
                    match field.bytes().await {
                        Ok(bytes) if bytes.is_empty() => {}
                        Ok(bytes) => files.push(FilePart {
                            field: name,
                            bytes: Some(bytes),
                            size: None,
                        }),
                        Err(_) => {
                            files.push(FilePart {
                                field: name,
                                bytes: None,
                                size,
                            });
                            break;
                        }
                    }
                } else if let Ok(value) = field.text().await {
                    text.push((name, value));
                }
            }
        }
    } else {
        // Read as pairs first (the body limit and content type checked as for any form).
        let axum_extra::extract::Form(pairs) =
            axum_extra::extract::Form::<Vec<(String, String)>>::from_request(request, &()).await?;
        text = pairs;
    }
    let mut form = form_of_pairs::<F>(&text).await?;
    form.files = files;
    form.pairs = text;
    Ok(form)
}

/// A card's form from its fields (as posted, or as a timed change stored them).
pub async fn form_of_pairs<F: DeserializeOwned + Default>(
    pairs: &[(String, String)],
) -> Result<CardForm<F>, axum_extra::extract::FormRejection> {
    use axum::extract::FromRequest as _;
    let encoded = axum::extract::Request::builder()
        .method(Method::PUT)
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish(),
        ))
        .unwrap_or_default();
    axum_extra::extract::Form::<CardForm<F>>::from_request(encoded, &())
        .await
        .map(|axum_extra::extract::Form(f)| f)
}

/// Loads the card: Webex reads run in parallel.
pub async fn load<C: Card>(cx: &Ctx) -> Response {
    load_with::<C>(cx, StatusCode::OK, None).await
}

/// [`load`], answered with `status` and showing `notice`.
async fn load_with<C: Card>(cx: &Ctx, status: StatusCode, notice: Option<Notice>) -> Response {
    let webex = cx.webex_for_display();
    let (setting, may_change) = tokio::join!(
        C::read_for(&webex, &cx.target),
        cx.may_change(&webex, C::FEATURE, None)
    );
    let (setting, editable) = match (setting, may_change) {
        (Ok(s), Ok(m)) => (s, m),
        (Err(e), _) | (_, Err(e)) => return unavailable(cx, C::FEATURE, &e),
    };
    let state = CardState {
        editable,
        notice,
        ..CardState::shown(C::fingerprint(&setting))
    };
    card::<C>(cx, status, state, C::form_of(&setting), Some(&setting))
}

/// The whole save flow (see the module docs). `form` is what the browser posted (or what undo
/// built); every write attempt is audited here.
pub async fn save<C: Card>(cx: &Ctx, form: CardForm<C::Form>) -> SaveOutcome<C> {
    let CardForm {
        fields: form,
        meta,
        files,
        ..
    } = form;
    let mut entry = cx.audit_entry(C::FEATURE, AuditAction::Update, meta.ticket.as_deref());
    // The per-user write limit, before any Webex call.
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        return SaveOutcome::Busy {
            retry_after_secs,
            form,
        };
    }
    // Fresh reads: the fingerprint check and feature access are never decided on kept answers.
    let (current, may_change) = tokio::join!(
        C::read_for(&cx.webex, &cx.target),
        cx.may_change(&cx.webex, C::FEATURE, None)
    );

    // Feature access first: a refused user learns nothing else, and nothing is written.
    let current = match (may_change, current) {
        (Ok(false), _) => {
            entry.result = AuditResult::Denied;
            entry.error = Some("the organization does not let users change this".into());
            append(&cx.state, &entry).await;
            return SaveOutcome::Denied {
                why: "feature access: users may not change this",
            };
        }
        (Err(error), _) | (Ok(true), Err(error)) => {
            failed(&mut entry, &error, None::<&C::Setting>);
            append(&cx.state, &entry).await;
            return SaveOutcome::Failed {
                error,
                current: None,
                form,
            };
        }
        (Ok(true), Ok(current)) => current,
    };
    if let Some(why) = C::denied(&form, &current, &cx.target)
        .or_else(|| C::files_denied(&files, &current, &cx.target))
    {
        entry.result = AuditResult::Denied;
        entry.error = Some(why);
        append(&cx.state, &entry).await;
        return SaveOutcome::Denied {
            why: "feature access: users may not change this part",
        };
    }
    entry.before = Some(to_json(&current));

    if meta.fingerprint != C::fingerprint(&current) {
        entry.result = AuditResult::Conflict;
        entry.error = Some("the setting changed since it was loaded".into());
        append(&cx.state, &entry).await;
        return SaveOutcome::Conflict {
            attempted: C::describe(&form, cx.t),
            current,
        };
    }

    // The form and its files are checked together, the form against what Webex will hold once
    // the files are sent (a greeting chosen in the same save as its upload).
    let mut with_files = current.clone();
    let checked = C::check_files(&files, &mut with_files, cx.t)
        .and_then(|()| C::patch(&form, &with_files, &cx.target, cx.t));
    let patch = match checked {
        Ok(None) if files.is_empty() => return SaveOutcome::Unchanged { current },
        Ok(patch) => patch,
        // Nothing reached Webex: not an audited write.
        Err(errors) => {
            return SaveOutcome::Invalid {
                current,
                form,
                errors,
            };
        }
    };

    // Files first, each audited on its own: the setting may refer to them.
    for file in &files {
        let mut upload = cx.audit_entry(
            C::FEATURE,
            AuditAction::UploadGreeting,
            meta.ticket.as_deref(),
        );
        upload.after = Some(serde_json::json!({ "file": file.field }));
        match C::upload(&cx.webex, &cx.target.person_id, file).await {
            Ok(None) => continue,
            Ok(Some(receipt)) => {
                upload.result = AuditResult::Success;
                upload.webex_tracking_id = Some(receipt.tracking_id);
                append(&cx.state, &upload).await;
            }
            Err(error) => {
                failed(&mut upload, &error, None::<&C::Setting>);
                append(&cx.state, &upload).await;
                return SaveOutcome::Failed {
                    error,
                    current: Some(current),
                    form,
                };
            }
        }
    }

    let writes = patch.is_some();
    if let Some(patch) = patch {
        let receipt = match C::write(&cx.webex, &cx.target.person_id, &patch).await {
            Ok(r) => r,
            Err(error) => {
                failed(&mut entry, &error, Some(&current));
                append(&cx.state, &entry).await;
                return SaveOutcome::Failed {
                    error,
                    current: Some(current),
                    form,
                };
            }
        };
        entry.webex_tracking_id = Some(receipt.tracking_id);
    }

    // Show what Webex now holds, not what we think we sent.
    let outcome = match C::read_for(&cx.webex, &cx.target).await {
        Ok(after) => {
            entry.after = Some(to_json(&after));
            SaveOutcome::Saved {
                shown: after,
                before: current,
                readback_failed: None,
            }
        }
        Err(e) => {
            // Saved, but we cannot show it: say so rather than pretend.
            entry.error = Some(format!("saved; reading it back failed: {e}"));
            SaveOutcome::Saved {
                shown: current.clone(),
                before: current,
                readback_failed: Some((e, form)),
            }
        }
    };
    // Only files were sent: their entries say so.
    if writes {
        entry.result = AuditResult::Success;
        append(&cx.state, &entry).await;
    }
    outcome
}

/// The card (or refusal) that says how a save ended. `meta` is what the form carried.
pub fn respond<C: Card>(cx: &Ctx, meta: &SaveMeta, outcome: SaveOutcome<C>) -> Response {
    let ticket = meta.ticket.as_deref().unwrap_or("");
    let failed_notice = |e: &WebexError| Notice::Failed {
        message: (cx.t.webex_error)(e),
        tracking_id: e.tracking_id().map(str::to_owned),
    };
    match outcome {
        SaveOutcome::Saved {
            shown,
            readback_failed,
            ..
        } => announce(match readback_failed {
            None => card::<C>(
                cx,
                StatusCode::OK,
                CardState::shown(C::fingerprint(&shown)).notice(Notice::Saved),
                C::form_of(&shown),
                Some(&shown),
            ),
            // The old fingerprint would only produce a conflict; make the user reload instead.
            Some((e, form)) => card::<C>(
                cx,
                StatusCode::OK,
                CardState::shown(String::new()).notice(failed_notice(&e)),
                form,
                Some(&shown),
            ),
        }),
        SaveOutcome::Unchanged { current } => card::<C>(
            cx,
            StatusCode::OK,
            CardState::shown(C::fingerprint(&current))
                .notice(Notice::NothingChanged)
                .ticket(ticket),
            C::form_of(&current),
            Some(&current),
        ),
        SaveOutcome::Invalid {
            current,
            form,
            errors,
        } => card::<C>(
            cx,
            StatusCode::UNPROCESSABLE_ENTITY,
            CardState {
                errors,
                ..CardState::shown(C::fingerprint(&current))
                    .notice(Notice::Invalid)
                    .ticket(ticket)
            },
            form,
            Some(&current),
        ),
        // The setting moved: what the page says elsewhere (the summary) is stale too.
        SaveOutcome::Conflict { current, attempted } => announce(card::<C>(
            cx,
            StatusCode::CONFLICT,
            CardState::shown(C::fingerprint(&current))
                .notice(Notice::Conflict { attempted })
                .ticket(ticket),
            C::form_of(&current),
            Some(&current),
        )),
        SaveOutcome::Failed {
            error,
            current,
            form,
        } => {
            // The form keeps the fingerprint it came with when the setting could not be read.
            let fp = current
                .as_ref()
                .map_or_else(|| meta.fingerprint.clone(), C::fingerprint);
            card::<C>(
                cx,
                StatusCode::BAD_GATEWAY,
                CardState::shown(fp)
                    .notice(failed_notice(&error))
                    .ticket(ticket),
                form,
                current.as_ref(),
            )
        }
        SaveOutcome::Denied { why } => AppError::Forbidden(why).into_response(),
        // The form keeps the input and the fingerprint it came with.
        SaveOutcome::Busy {
            retry_after_secs,
            form,
        } => card::<C>(
            cx,
            StatusCode::TOO_MANY_REQUESTS,
            CardState::shown(meta.fingerprint.clone())
                .notice(Notice::Busy { retry_after_secs })
                .ticket(ticket),
            form,
            None,
        ),
    }
}

/// Tells the page that the person's settings are not what it showed (`HX-Trigger`): the summary
/// and history reload.
fn announce(mut response: Response) -> Response {
    response.headers_mut().insert(
        HeaderName::from_static("hx-trigger"),
        HeaderValue::from_static(SETTINGS_CHANGED),
    );
    response
}

fn to_json(setting: &impl Serialize) -> Value {
    serde_json::to_value(setting).expect("settings serialize to JSON")
}

/// Records a failed Webex call in the audit entry.
fn failed(entry: &mut NewAuditEntry, e: &WebexError, before: Option<&impl Serialize>) {
    entry.result = AuditResult::Failure;
    entry.error = Some(e.to_string());
    entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
    entry.before = before.map(to_json);
}

fn card<C: Card>(
    cx: &Ctx,
    status: StatusCode,
    state: CardState,
    form: C::Form,
    setting: Option<&C::Setting>,
) -> Response {
    let mut common = cx.common(C::FEATURE, state);
    common.status = setting.and_then(|s| C::status(s, cx.t));
    match C::render(common, form, setting) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("card template: {e}")).into_response(),
    }
}

/// A card that could not be loaded: what happened, the tracking id, and a retry button.
fn unavailable(cx: &Ctx, feature: Feature, e: &WebexError) -> Response {
    tracing::warn!(error = %e, feature = feature.audit_key(), "card could not be loaded");
    let view = crate::views::CardUnavailable {
        t: cx.t,
        card_id: feature.card_id(),
        feature: (cx.t.feature_name)(feature),
        url: format!("{}/{}", cx.base(), feature.segment()),
        message: (cx.t.webex_error)(e),
        tracking_id: e.tracking_id().map(str::to_owned),
    };
    match askama::Template::render(&view) {
        Ok(html) => (StatusCode::BAD_GATEWAY, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("card template: {e}")).into_response(),
    }
}

/// A person id as one URL path segment.
pub fn encode(person_id: &str) -> String {
    url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect()
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
