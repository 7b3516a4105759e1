//! The call rule cards (issue 15): selective forward, selective accept, selective reject and
//! simultaneous ring (FACTS §3, §10.1, §10.2). Each card saves its own switch and fields through
//! the one save flow ([`Card`]); its criteria are listed on the card and created or deleted with
//! the criteria editor below, which the four cards share (they use the same [`RuleKind`] API).
//!
//! Criteria writes are not card saves, but they take the same steps in the same order:
//! authorization (`WriteCtx`), the write limit, feature access (§3a), then for a change or a
//! delete the criterion read afresh ("gone", or for a change "not as the editor showed it", is a
//! conflict), validation against the person's and the
//! location's schedules as read now, the one write, the card read back, and an audit entry
//! (`add_rule` / `change_rule` / `delete_rule`, with the criterion as before and after). Those entries are not
//! offered for undo (`web::audit::undoable`).

use axum::{
    extract::{Path, Query},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use futures_util::TryStreamExt as _;

use super::super::{
    Card, CardForm, Ctx, FieldErrors, Notice, PERSON_BASE, Routed, SaveMeta, WriteCtx, announce,
    append, ticked, unavailable,
};
use crate::{
    auth::authz::Target,
    domain::phone::Destination,
    error::AppError,
    features::Feature,
    i18n::Messages,
    store::{AuditAction, AuditResult},
    views::{
        calling::{
            Choice, CriterionForm, RuleCardView, RuleEditor, RuleItem, RuleSwitchForm, SimRow,
        },
        card::{CardCommon, CardState},
    },
    webex::{
        CallsFrom, CriteriaSource, Criterion, CriterionPatch, CriterionSummary, Receipt, RuleKind,
        ScheduleLevel, ScheduleSummary, ScheduleType, SelectiveCalls, SelectiveForward,
        SelectiveForwardPatch, SimultaneousRing, SimultaneousRingNumber, SimultaneousRingPatch,
        WebexClient, WebexError,
    },
};

/// Simultaneous ring: "up to 10 phone numbers" (the spec's PUT description, FACTS §3).
pub const MAX_SIM_RING_NUMBERS: usize = 10;
/// Empty rows the simultaneous-ring card offers below the numbers it has.
const EMPTY_ROWS: usize = 2;

/// A card whose feature has criteria.
pub trait RuleCard: Card<Form = RuleSwitchForm> {
    const KIND: RuleKind;
    fn summaries(setting: &Self::Setting) -> &[CriterionSummary];
}

/// `callsFrom` values the admin criteria write takes for `kind` (FACTS §10.2).
pub fn calls_from_for(kind: RuleKind) -> &'static [CallsFrom] {
    match kind {
        RuleKind::SelectiveForward => &[
            CallsFrom::AnyPhoneNumber,
            CallsFrom::SelectPhoneNumbers,
            CallsFrom::AnyInternal,
            CallsFrom::AnyExternal,
        ],
        RuleKind::SelectiveReject => &[
            CallsFrom::AnyPhoneNumber,
            CallsFrom::SelectPhoneNumbers,
            CallsFrom::Forwarded,
        ],
        RuleKind::SelectiveAccept | RuleKind::SimultaneousRing => {
            &[CallsFrom::AnyPhoneNumber, CallsFrom::SelectPhoneNumbers]
        }
    }
}

fn calls_from_label(t: &'static Messages, c: &CallsFrom) -> &'static str {
    let m = t.rule_cards;
    match c {
        CallsFrom::SelectPhoneNumbers => m.calls_select,
        CallsFrom::AnyInternal => m.calls_internal,
        CallsFrom::AnyExternal => m.calls_external,
        CallsFrom::Forwarded => m.calls_forwarded,
        _ => m.calls_any,
    }
}

fn yes_no(t: &'static Messages, b: &Option<String>) -> String {
    if ticked(b) { t.yes } else { t.no }.to_owned()
}

fn without_criteria<S: serde::Serialize + Clone>(s: &S) -> String {
    let mut v = serde_json::to_value(s).expect("settings serialize");
    if let Some(o) = v.as_object_mut() {
        o.remove("criteria");
    }
    super::super::fingerprint(&v)
}

// ---------------------------------------------------------------------------------------------
// Selective forward

pub struct SelectiveForwardCard;

impl Card for SelectiveForwardCard {
    const FEATURE: Feature = Feature::SelectiveForward;
    type Setting = SelectiveForward;
    type Form = RuleSwitchForm;
    type Patch = SelectiveForwardPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_selective_forward(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        // `patch` always carries `enabled` (the PUT requires it), so `current` is not consulted.
        webex
            .put_selective_forward(person_id, patch, &SelectiveForward::default())
            .await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        RuleSwitchForm {
            enabled: s.enabled.then(String::new),
            default_number: crate::domain::forwarding::shown(
                s.default_phone_number_to_forward.as_deref(),
            ),
            ring_reminder: s.ring_reminder_enabled.then(String::new),
            to_voicemail: s.send_to_voicemail().then(String::new),
            ..RuleSwitchForm::default()
        }
    }

    /// The criteria are edited (and conflict-checked) one by one, not with the switch.
    fn fingerprint(s: &Self::Setting) -> String {
        without_criteria(s)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let enabled = ticked(&f.enabled);
        let to_voicemail = ticked(&f.to_voicemail);
        let ring_reminder = ticked(&f.ring_reminder);
        let typed = f.default_number.trim();
        let now = current.default_phone_number_to_forward.clone();
        // Sent back as shown (a number already stored is kept even if the deny list has since
        // grown).
        let as_shown = crate::domain::forwarding::shown(now.as_deref());
        let number = if typed == now.as_deref().unwrap_or("").trim() || typed == as_shown {
            now.clone()
        } else if typed.is_empty() {
            None
        } else {
            match Destination::parse_allowed(
                typed,
                target.country.as_deref(),
                &target.forwarding_deny,
            ) {
                Ok(d) => Some(d.as_webex().to_owned()),
                Err(e) => {
                    errors.add("default_number", (t.destination_error)(&e));
                    now.clone()
                }
            }
        };
        // "mandatory when `enabled` is true and `sendToVoicemailEnabled` is true" (spec; FACTS §3).
        if enabled && to_voicemail && number.as_deref().unwrap_or("").is_empty() {
            errors.add("default_number", t.rule_cards.sf_default_number_missing);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut patch = SelectiveForwardPatch {
            enabled: None,
            default_phone_number_to_forward: (number != now).then(|| number.clone()).flatten(),
            ring_reminder_enabled: (ring_reminder != current.ring_reminder_enabled)
                .then_some(ring_reminder),
            send_to_voicemail_enabled: (to_voicemail != current.send_to_voicemail())
                .then_some(to_voicemail),
        };
        if enabled == current.enabled && patch.is_empty() {
            return Ok(None);
        }
        patch.enabled = Some(enabled);
        Ok(Some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.rule_cards;
        vec![
            (m.sf_enabled, yes_no(t, &f.enabled)),
            (m.sf_default_number, f.default_number.trim().to_owned()),
            (m.sf_ring_reminder, yes_no(t, &f.ring_reminder)),
            (m.sf_to_voicemail, yes_no(t, &f.to_voicemail)),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        render::<Self>(c, form, setting, None)
    }

    fn extra_routes() -> Vec<Routed> {
        criteria_routes::<Self>()
    }
}

impl RuleCard for SelectiveForwardCard {
    const KIND: RuleKind = RuleKind::SelectiveForward;
    fn summaries(s: &Self::Setting) -> &[CriterionSummary] {
        &s.criteria
    }
}

// ---------------------------------------------------------------------------------------------
// Selective accept and reject: a switch (their PUT is `{enabled*}`) and criteria

pub struct SelectiveCallsCard<const REJECT: bool>;

pub type SelectiveAcceptCard = SelectiveCallsCard<false>;
pub type SelectiveRejectCard = SelectiveCallsCard<true>;

impl<const REJECT: bool> Card for SelectiveCallsCard<REJECT> {
    const FEATURE: Feature = if REJECT {
        Feature::SelectiveReject
    } else {
        Feature::SelectiveAccept
    };
    type Setting = SelectiveCalls;
    type Form = RuleSwitchForm;
    type Patch = bool;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        if REJECT {
            webex.get_selective_reject(person_id).await
        } else {
            webex.get_selective_accept(person_id).await
        }
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        enabled: &bool,
    ) -> Result<Receipt, WebexError> {
        if REJECT {
            webex.put_selective_reject(person_id, *enabled).await
        } else {
            webex.put_selective_accept(person_id, *enabled).await
        }
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        RuleSwitchForm {
            enabled: s.enabled.then(String::new),
            ..RuleSwitchForm::default()
        }
    }

    fn fingerprint(s: &Self::Setting) -> String {
        without_criteria(s)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        _: &Target,
        _: &'static Messages,
    ) -> Result<Option<bool>, FieldErrors> {
        let enabled = ticked(&f.enabled);
        Ok((enabled != current.enabled).then_some(enabled))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let label = if REJECT {
            t.rule_cards.sr_enabled
        } else {
            t.rule_cards.sa_enabled
        };
        vec![(label, yes_no(t, &f.enabled))]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        render::<Self>(c, form, setting, None)
    }

    fn extra_routes() -> Vec<Routed> {
        criteria_routes::<Self>()
    }
}

impl<const REJECT: bool> RuleCard for SelectiveCallsCard<REJECT> {
    const KIND: RuleKind = if REJECT {
        RuleKind::SelectiveReject
    } else {
        RuleKind::SelectiveAccept
    };
    fn summaries(s: &Self::Setting) -> &[CriterionSummary] {
        &s.criteria
    }
}

// ---------------------------------------------------------------------------------------------
// Simultaneous ring

pub struct SimultaneousRingCard;

impl Card for SimultaneousRingCard {
    const FEATURE: Feature = Feature::SimultaneousRing;
    type Setting = SimultaneousRing;
    type Form = RuleSwitchForm;
    type Patch = SimultaneousRingPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_simultaneous_ring(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_simultaneous_ring(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        RuleSwitchForm {
            enabled: s.enabled.then(String::new),
            do_not_ring: s.do_not_ring_if_on_call_enabled.then(String::new),
            criterias_enabled: s.criterias_enabled.then(String::new),
            number: s
                .phone_numbers
                .iter()
                .map(|n| n.phone_number.clone())
                .collect(),
            confirm: s
                .phone_numbers
                .iter()
                .enumerate()
                .filter(|(_, n)| n.answer_confirmation_enabled)
                .map(|(i, _)| (i + 1).to_string())
                .collect(),
            ..RuleSwitchForm::default()
        }
    }

    fn fingerprint(s: &Self::Setting) -> String {
        without_criteria(s)
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.rule_cards;
        let mut errors = FieldErrors::default();
        let mut numbers: Vec<SimultaneousRingNumber> = Vec::new();
        for (i, typed) in f.number.iter().enumerate() {
            let typed = typed.trim();
            if typed.is_empty() {
                continue;
            }
            // A number Webex holds as it is stays as it is (FACTS §10.2: not always E.164).
            let kept = current
                .phone_numbers
                .iter()
                .find(|n| n.phone_number == typed);
            let number = match kept {
                Some(n) => n.phone_number.clone(),
                None => match Destination::parse_allowed(
                    typed,
                    target.country.as_deref(),
                    &target.forwarding_deny,
                ) {
                    Ok(d) => d.as_webex().to_owned(),
                    Err(e) => {
                        errors.add("number", (t.destination_error)(&e));
                        continue;
                    }
                },
            };
            if numbers.iter().any(|n| n.phone_number == number) {
                errors.add("number", (m.duplicate_number)(typed));
                continue;
            }
            let confirm = f.confirm.iter().any(|c| c == &(i + 1).to_string());
            let mut row = kept.cloned().unwrap_or_default();
            row.phone_number = number;
            row.answer_confirmation_enabled = confirm;
            numbers.push(row);
        }
        if numbers.len() > MAX_SIM_RING_NUMBERS {
            errors.add("number", (m.sim_too_many)(MAX_SIM_RING_NUMBERS));
        }
        let enabled = ticked(&f.enabled);
        if enabled && numbers.is_empty() && errors.is_empty() {
            errors.add("number", m.sim_numbers_missing);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (dnr, crit) = (ticked(&f.do_not_ring), ticked(&f.criterias_enabled));
        let patch = SimultaneousRingPatch {
            enabled: (enabled != current.enabled).then_some(enabled),
            do_not_ring_if_on_call_enabled: (dnr != current.do_not_ring_if_on_call_enabled)
                .then_some(dnr),
            criterias_enabled: (crit != current.criterias_enabled).then_some(crit),
            phone_numbers: (numbers != current.phone_numbers).then_some(numbers),
        };
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.rule_cards;
        let numbers: Vec<&str> = f
            .number
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        vec![
            (m.sim_enabled, yes_no(t, &f.enabled)),
            (m.sim_do_not_ring_on_call, yes_no(t, &f.do_not_ring)),
            (m.sim_criteria_enabled, yes_no(t, &f.criterias_enabled)),
            (m.sim_numbers_legend, numbers.join(", ")),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        render::<Self>(c, form, setting, None)
    }

    fn extra_routes() -> Vec<Routed> {
        criteria_routes::<Self>()
    }
}

impl RuleCard for SimultaneousRingCard {
    const KIND: RuleKind = RuleKind::SimultaneousRing;
    fn summaries(s: &Self::Setting) -> &[CriterionSummary] {
        &s.criteria
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn render<C: RuleCard>(
    c: CardCommon,
    form: RuleSwitchForm,
    setting: Option<&C::Setting>,
    editor: Option<RuleEditor>,
) -> Result<String, askama::Error> {
    let t = c.t;
    let m = t.rule_cards;
    let (intro, enabled_label) = match C::KIND {
        RuleKind::SelectiveForward => (m.sf_intro, m.sf_enabled),
        RuleKind::SelectiveAccept => (m.sa_intro, m.sa_enabled),
        RuleKind::SelectiveReject => (m.sr_intro, m.sr_enabled),
        RuleKind::SimultaneousRing => (m.sim_intro, m.sim_enabled),
    };
    let mut rows: Vec<(String, bool)> = form
        .number
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.trim().is_empty())
        .map(|(i, n)| (n.clone(), form.confirm.contains(&(i + 1).to_string())))
        .collect();
    let free = MAX_SIM_RING_NUMBERS
        .saturating_sub(rows.len())
        .min(EMPTY_ROWS);
    rows.extend(std::iter::repeat_n((String::new(), false), free));
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (number, confirm))| SimRow {
            index: i + 1,
            number,
            confirm,
            label: (m.sim_number)(i + 1),
            confirm_label: (m.sim_confirm)(i + 1),
        })
        .collect();
    let items = setting
        .map(C::summaries)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let when = match &s.schedule_name {
                Some(name) if !name.is_empty() => format!("“{name}”"),
                _ => m.when_always.to_owned(),
            };
            let callers = match &s.source {
                Some(CriteriaSource::SpecificNumbers) => m.calls_select,
                Some(CriteriaSource::AnyInternal) => m.calls_internal,
                Some(CriteriaSource::AnyExternal) => m.calls_external,
                Some(CriteriaSource::Forwarded) => m.calls_forwarded,
                _ => m.calls_any,
            }
            .to_owned();
            RuleItem {
                title: (m.rule_number)(i + 1),
                when,
                callers,
                then: (m.action)(C::KIND, s.action_enabled().unwrap_or(true)).to_owned(),
                url: format!("{}/criteria/{}", c.url, super::super::encode(&s.id)),
                edit_label: (m.edit_rule)(i + 1),
                delete_label: format!("{}: {}", (m.rule_number)(i + 1), m.delete_rule),
            }
        })
        .collect();
    let (schedules, calls_from, actions) = editor
        .as_ref()
        .map(|e| (e.schedules.clone(), e.calls_from.clone(), e.actions.clone()))
        .unwrap_or_default();
    let view = RuleCardView {
        schedules,
        calls_from,
        actions,
        heading: (t.feature_name)(C::FEATURE),
        intro,
        enabled_label,
        selective_forward: C::KIND == RuleKind::SelectiveForward,
        simultaneous_ring: C::KIND == RuleKind::SimultaneousRing,
        rows,
        items,
        new_rule_url: format!("{}/criteria", c.url),
        editor,
        c,
        form,
    };
    askama::Template::render(&view)
}

/// The editor's choices for `form`, from the person's schedules (location ones included).
fn editor(
    kind: RuleKind,
    t: &'static Messages,
    url: String,
    editing: Option<(String, String)>,
    form: CriterionForm,
    schedules: &[ScheduleSummary],
) -> RuleEditor {
    let m = t.rule_cards;
    let mut choices: Vec<Choice> = vec![(
        String::new(),
        m.when_always.to_owned(),
        form.schedule.is_empty(),
    )];
    for s in schedules {
        let value = schedule_value(s);
        let holidays = s.schedule_type == Some(ScheduleType::Holidays);
        let location = s.level == Some(ScheduleLevel::Location);
        let chosen = form.schedule == value;
        choices.push((value, (m.schedule)(&s.name, holidays, location), chosen));
    }
    // A rule naming a schedule that is gone shows it chosen and says so, rather than quietly
    // offering "at all times" (a save then asks for another).
    if !choices.iter().any(|(_, _, chosen)| *chosen) {
        let name = form
            .schedule
            .splitn(3, ':')
            .nth(2)
            .unwrap_or(&form.schedule);
        choices.push((form.schedule.clone(), (m.schedule_gone)(name), true));
    }
    let allowed = calls_from_for(kind);
    let calls_from = allowed
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = String::from(c.clone());
            let on = form.calls_from == v
                || (i == 0
                    && !allowed
                        .iter()
                        .any(|a| String::from(a.clone()) == form.calls_from));
            (v, calls_from_label(t, c).to_owned(), on)
        })
        .collect();
    let off = form.action == "off";
    let actions = vec![
        ("on".to_owned(), (m.action)(kind, true).to_owned(), !off),
        ("off".to_owned(), (m.action)(kind, false).to_owned(), off),
    ];
    RuleEditor {
        url,
        editing,
        form,
        schedules: choices,
        calls_from,
        actions,
        forward: kind == RuleKind::SelectiveForward,
    }
}

/// A schedule as the editor's `<select>` names it: `level:type:name` (a name may hold `:`).
fn schedule_value(s: &ScheduleSummary) -> String {
    let level = String::from(s.level.clone().unwrap_or(ScheduleLevel::People));
    let kind = String::from(
        s.schedule_type
            .clone()
            .unwrap_or(ScheduleType::BusinessHours),
    );
    format!("{level}:{kind}:{}", s.name)
}

/// The person's schedules: their own and their location's (FACTS §10.3: the person list
/// includes location schedules, `level: LOCATION`).
async fn schedules(
    webex: &WebexClient,
    person_id: &str,
) -> Result<Vec<ScheduleSummary>, WebexError> {
    webex
        .list_person_schedules(person_id, None, None, None)
        .try_collect()
        .await
}

/// Which criterion the open editor is on.
#[derive(Clone, Copy)]
enum Editing<'a> {
    New,
    /// An existing criterion: its id, its place in the list (1-based) and its fingerprint.
    Existing(&'a str, usize, &'a str),
}

/// The whole card with the editor open (or not), answered with `status`.
fn card_with<C: RuleCard>(
    cx: &Ctx,
    status: StatusCode,
    state: CardState,
    setting: &C::Setting,
    editor_form: Option<(CriterionForm, &[ScheduleSummary], Editing)>,
) -> Response {
    let common = cx.common(C::FEATURE, state);
    let ed = editor_form.map(|(form, schedules, editing)| {
        let (url, editing) = match editing {
            Editing::New => (format!("{}/criteria", common.url), None),
            Editing::Existing(id, n, fingerprint) => (
                format!("{}/criteria/{}", common.url, super::super::encode(id)),
                Some(((cx.t.rule_cards.edit_rule)(n), fingerprint.to_owned())),
            ),
        };
        editor(C::KIND, cx.t, url, editing, form, schedules)
    });
    match render::<C>(common, C::form_of(setting), Some(setting), ed) {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("card template: {e}")).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// The criteria editor's routes

fn criteria_routes<C: RuleCard>() -> Vec<Routed> {
    let base = format!("{PERSON_BASE}/{}/criteria", C::FEATURE.segment());
    vec![
        Routed::new(
            base.clone(),
            super::super::GET_POST,
            get(get_new_criterion::<C>).post(post_criterion::<C>),
        ),
        Routed::new(
            format!("{base}/{{criterion_id}}"),
            GET_PUT_DELETE,
            get(get_criterion::<C>)
                .put(put_criterion::<C>)
                .delete(delete_criterion::<C>),
        ),
    ]
}

const GET_PUT_DELETE: &[axum::http::Method] = &[
    axum::http::Method::GET,
    axum::http::Method::PUT,
    axum::http::Method::DELETE,
];

/// A criterion id from the path, with the shape Webex ids have, before any Webex call.
fn criterion_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 256
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'=' | b'+' | b'/'))
}

/// `GET …/<card>/criteria`: the card with the editor open for a new rule.
async fn get_new_criterion<C: RuleCard>(cx: Ctx) -> Response {
    let webex = cx.webex_for_display();
    let (setting, may, list) = tokio::join!(
        C::read(&webex, &cx.target.person_id),
        cx.may_change(&webex, C::FEATURE, None),
        schedules(&webex, &cx.target.person_id)
    );
    let (setting, editable, list) = match (setting, may, list) {
        (Ok(s), Ok(m), Ok(l)) => (s, m, l),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            return unavailable(&cx, C::FEATURE, &e);
        }
    };
    let state = CardState {
        editable,
        ..CardState::shown(C::fingerprint(&setting))
    };
    let form = CriterionForm {
        action: "on".into(),
        ..CriterionForm::default()
    };
    card_with::<C>(
        &cx,
        StatusCode::OK,
        state,
        &setting,
        Some((form, &list, Editing::New)),
    )
}

/// `GET …/<card>/criteria/{criterion_id}`: the card with the editor open on that criterion.
async fn get_criterion<C: RuleCard>(
    cx: Ctx,
    Path((_, criterion_id)): Path<(String, String)>,
) -> Response {
    if !criterion_id_ok(&criterion_id) {
        return AppError::NotFound.into_response();
    }
    let webex = cx.webex_for_display();
    let id = cx.target.person_id.as_str();
    let (setting, may, list, criterion) = tokio::join!(
        C::read(&webex, id),
        cx.may_change(&webex, C::FEATURE, None),
        schedules(&webex, id),
        webex.get_criterion(C::KIND, id, &criterion_id)
    );
    let (setting, editable, list) = match (setting, may, list) {
        (Ok(s), Ok(m), Ok(l)) => (s, m, l),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            return unavailable(&cx, C::FEATURE, &e);
        }
    };
    let criterion = match criterion {
        Ok(c) => c,
        // Deleted elsewhere since the card was shown.
        Err(e) if e.status() == Some(404) => return gone::<C>(&cx, &setting, ""),
        Err(e) => return unavailable(&cx, C::FEATURE, &e),
    };
    let state = CardState {
        editable,
        ..CardState::shown(C::fingerprint(&setting))
    };
    let fingerprint = super::super::fingerprint(&criterion);
    let editing = Editing::Existing(
        &criterion_id,
        position::<C>(&setting, &criterion_id),
        &fingerprint,
    );
    let form = form_of_criterion(C::KIND, &criterion);
    card_with::<C>(
        &cx,
        StatusCode::OK,
        state,
        &setting,
        Some((form, &list, editing)),
    )
}

/// The criterion's place in the card's list (1-based), as the list names it ("Rule 2").
fn position<C: RuleCard>(setting: &C::Setting, criterion_id: &str) -> usize {
    C::summaries(setting)
        .iter()
        .position(|s| s.id == criterion_id)
        .map_or(0, |i| i + 1)
}

/// The card saying the criterion is gone (changed elsewhere), with nothing saved.
fn gone<C: RuleCard>(cx: &Ctx, setting: &C::Setting, ticket: &str) -> Response {
    let state = CardState::shown(C::fingerprint(setting))
        .notice(Notice::Conflict {
            attempted: Vec::new(),
        })
        .ticket(ticket);
    card_with::<C>(cx, StatusCode::CONFLICT, state, setting, None)
}

/// The editor's form showing `c`, numbers as people write them.
fn form_of_criterion(kind: RuleKind, c: &Criterion) -> CriterionForm {
    let shown = |n: Option<&str>| crate::domain::forwarding::shown(n);
    let on = |b: bool| b.then(|| "on".to_owned());
    let schedule = match &c.schedule_name {
        Some(name) if !name.is_empty() => format!(
            "{}:{}:{name}",
            String::from(c.schedule_level.clone().unwrap_or(ScheduleLevel::People)),
            String::from(
                c.schedule_type
                    .clone()
                    .unwrap_or(ScheduleType::BusinessHours)
            ),
        ),
        _ => String::new(),
    };
    CriterionForm {
        schedule,
        calls_from: c.calls_from.clone().map(String::from).unwrap_or_default(),
        numbers: c
            .phone_numbers
            .iter()
            .map(|n| shown(Some(n)))
            .collect::<Vec<_>>()
            .join("\n"),
        anonymous: on(c.anonymous_callers_enabled),
        unavailable: on(c.unavailable_callers_enabled),
        action: if c.action_enabled(kind) == Some(false) {
            "off"
        } else {
            "on"
        }
        .to_owned(),
        forward_to: shown(c.forward_to_phone_number.as_deref()),
        rule_voicemail: on(c.send_to_voicemail() == Some(true)),
    }
}

/// `PUT …/<card>/criteria/{criterion_id}` (204): the criterion read afresh (gone, or changed
/// since the editor opened: a conflict), the form checked as for a new one, the one write, and
/// the card read back.
async fn put_criterion<C: RuleCard>(
    WriteCtx(cx): WriteCtx,
    Path((_, criterion_id)): Path<(String, String)>,
    form: Result<
        axum::extract::Form<CardForm<CriterionForm>>,
        axum::extract::rejection::FormRejection,
    >,
) -> Response {
    if !criterion_id_ok(&criterion_id) {
        return AppError::NotFound.into_response();
    }
    let Ok(axum::extract::Form(CardForm {
        fields: form, meta, ..
    })) = form
    else {
        return AppError::BadRequest("the form could not be read").into_response();
    };
    let ticket = meta.ticket.clone().unwrap_or_default();
    let mut entry = cx.audit_entry(C::FEATURE, AuditAction::ChangeRule, meta.ticket.as_deref());
    let id = cx.target.person_id.as_str();
    let (setting, list, current) = tokio::join!(
        C::read(&cx.webex, id),
        schedules(&cx.webex, id),
        cx.webex.get_criterion(C::KIND, id, &criterion_id)
    );
    let (setting, list) = match (setting, list) {
        (Ok(s), Ok(l)) => (s, l),
        (Err(e), _) | (_, Err(e)) => return unavailable(&cx, C::FEATURE, &e),
    };
    // The editor stays open on the criterion, with the fingerprint it was opened with.
    let editing = Editing::Existing(
        &criterion_id,
        position::<C>(&setting, &criterion_id),
        &meta.fingerprint,
    );
    let shown = |status, notice: Notice, errors: FieldErrors, s: &C::Setting, open: bool| {
        let state = CardState {
            errors,
            ..CardState::shown(C::fingerprint(s))
                .notice(notice)
                .ticket(&ticket)
        };
        card_with::<C>(
            &cx,
            status,
            state,
            s,
            open.then(|| (form.clone(), list.as_slice(), editing)),
        )
    };
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        return shown(
            StatusCode::TOO_MANY_REQUESTS,
            Notice::Busy { retry_after_secs },
            FieldErrors::default(),
            &setting,
            true,
        );
    }
    if let Some(denied) = refused::<C>(&cx, &mut entry).await {
        return denied;
    }
    let current = match current {
        Ok(c) => c,
        Err(e) if e.status() == Some(404) => {
            entry.result = AuditResult::Conflict;
            entry.error = Some("the rule no longer exists".into());
            append(&cx.state, &entry).await;
            return announce(gone::<C>(&cx, &setting, &ticket));
        }
        Err(e) => return unavailable(&cx, C::FEATURE, &e),
    };
    entry.before = Some(serde_json::to_value(&current).expect("criteria serialize"));
    if meta.fingerprint != super::super::fingerprint(&current) {
        entry.result = AuditResult::Conflict;
        entry.error = Some("the rule changed since it was loaded".into());
        append(&cx.state, &entry).await;
        return announce(gone::<C>(&cx, &setting, &ticket));
    }
    let patch = match criterion_of(C::KIND, &form, &list, &cx.target, cx.t) {
        Ok(p) => p,
        // Nothing reached Webex: not an audited write.
        Err(errors) => {
            return shown(
                StatusCode::UNPROCESSABLE_ENTITY,
                Notice::Invalid,
                errors,
                &setting,
                true,
            );
        }
    };
    match cx.webex.put_criterion(C::KIND, id, &current, &patch).await {
        Ok(receipt) => {
            entry.webex_tracking_id = Some(receipt.tracking_id);
            let now = read_back::<C>(&cx, &mut entry, &criterion_id, &setting, "changed").await;
            append(&cx.state, &entry).await;
            announce(shown(
                StatusCode::OK,
                Notice::Saved,
                FieldErrors::default(),
                &now,
                false,
            ))
        }
        Err(e) => {
            webex_failed(&mut entry, &e);
            append(&cx.state, &entry).await;
            shown(
                failure_status(&e),
                Notice::Failed {
                    message: (cx.t.webex_error)(&e),
                    tracking_id: e.tracking_id().map(str::to_owned),
                },
                FieldErrors::default(),
                &setting,
                true,
            )
        }
    }
}

/// Checks the editor's form into the criterion to create (FACTS §10.2: the schedule by name,
/// type and level; `callsFrom` per feature; what `SELECT_PHONE_NUMBERS` requires; the fields
/// the POST requires, [`RuleKind::required_on_write`]).
pub fn criterion_of(
    kind: RuleKind,
    f: &CriterionForm,
    schedules: &[ScheduleSummary],
    target: &Target,
    t: &'static Messages,
) -> Result<CriterionPatch, FieldErrors> {
    let m = t.rule_cards;
    let mut errors = FieldErrors::default();
    let mut patch = CriterionPatch::default();
    if !f.schedule.is_empty() {
        match schedules.iter().find(|s| schedule_value(s) == f.schedule) {
            Some(s) => {
                patch.schedule_name = Some(s.name.clone());
                patch.schedule_type = Some(
                    s.schedule_type
                        .clone()
                        .unwrap_or(ScheduleType::BusinessHours),
                );
                patch.schedule_level = Some(s.level.clone().unwrap_or(ScheduleLevel::People));
            }
            None => errors.add("schedule", m.schedule_unknown),
        }
    }
    let calls_from = calls_from_for(kind)
        .iter()
        .find(|c| String::from((*c).clone()) == f.calls_from)
        .cloned();
    match &calls_from {
        None => errors.add("calls_from", m.choice_invalid),
        Some(CallsFrom::SelectPhoneNumbers) => {
            let mut numbers = Vec::new();
            // Every bad number is named, in one message for the field.
            let mut problems: Vec<String> = Vec::new();
            for typed in f
                .numbers
                .split(['\n', ',', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                match Destination::parse(typed, target.country.as_deref()) {
                    Ok(Destination::Number(n)) if !numbers.contains(&n) => numbers.push(n),
                    Ok(Destination::Number(_)) => problems.push((m.duplicate_number)(typed)),
                    Ok(Destination::Extension(_)) => {
                        problems.push((m.number_is_extension)(typed));
                    }
                    Err(e) => problems.push((t.destination_error)(&e)),
                }
            }
            if !problems.is_empty() {
                errors.add("numbers", problems.join(" "));
            }
            let (anonymous, unavailable) = (ticked(&f.anonymous), ticked(&f.unavailable));
            if numbers.is_empty() && !anonymous && !unavailable && errors.get("numbers").is_none() {
                errors.add("numbers", m.numbers_missing);
            }
            // "Required if `callsFrom` is `SELECT_PHONE_NUMBERS`" (FACTS §10.2).
            patch.phone_numbers = Some(numbers);
            patch.anonymous_callers_enabled = Some(anonymous);
            patch.unavailable_callers_enabled = Some(unavailable);
        }
        Some(_) => {}
    }
    patch.calls_from = calls_from;
    patch.action_enabled = match f.action.as_str() {
        "on" => Some(true),
        "off" => Some(false),
        _ => {
            errors.add("action", m.choice_invalid);
            None
        }
    };
    if kind == RuleKind::SelectiveForward {
        // Required on the POST even when calls go to voicemail (FACTS §10.2).
        match Destination::parse_allowed(
            &f.forward_to,
            target.country.as_deref(),
            &target.forwarding_deny,
        ) {
            Ok(d) => patch.forward_to_phone_number = Some(d.as_webex().to_owned()),
            Err(crate::domain::phone::DestinationError::Empty) => {
                errors.add("forward_to", m.forward_to_missing);
            }
            Err(e) => errors.add("forward_to", (t.destination_error)(&e)),
        }
        patch.send_to_voicemail_enabled = Some(ticked(&f.rule_voicemail));
    }
    if errors.is_empty() {
        Ok(patch)
    } else {
        Err(errors)
    }
}

/// `POST …/<card>/criteria`: creates a criterion (201 `{id}`), then shows the card read back.
async fn post_criterion<C: RuleCard>(
    WriteCtx(cx): WriteCtx,
    form: Result<
        axum::extract::Form<CardForm<CriterionForm>>,
        axum::extract::rejection::FormRejection,
    >,
) -> Response {
    let Ok(axum::extract::Form(CardForm {
        fields: form, meta, ..
    })) = form
    else {
        return AppError::BadRequest("the form could not be read").into_response();
    };
    let ticket = meta.ticket.clone().unwrap_or_default();
    let mut entry = cx.audit_entry(C::FEATURE, AuditAction::AddRule, meta.ticket.as_deref());
    let (setting, list) = tokio::join!(
        C::read(&cx.webex, &cx.target.person_id),
        schedules(&cx.webex, &cx.target.person_id)
    );
    let (setting, list) = match (setting, list) {
        (Ok(s), Ok(l)) => (s, l),
        (Err(e), _) | (_, Err(e)) => return unavailable(&cx, C::FEATURE, &e),
    };
    let shown = |status, notice: Notice, errors: FieldErrors, s: &C::Setting, open: bool| {
        let state = CardState {
            errors,
            ..CardState::shown(C::fingerprint(s))
                .notice(notice)
                .ticket(&ticket)
        };
        card_with::<C>(
            &cx,
            status,
            state,
            s,
            open.then(|| (form.clone(), list.as_slice(), Editing::New)),
        )
    };
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        return shown(
            StatusCode::TOO_MANY_REQUESTS,
            Notice::Busy { retry_after_secs },
            FieldErrors::default(),
            &setting,
            true,
        );
    }
    if let Some(denied) = refused::<C>(&cx, &mut entry).await {
        return denied;
    }
    let criterion = match criterion_of(C::KIND, &form, &list, &cx.target, cx.t) {
        Ok(c) => c,
        // Nothing reached Webex: not an audited write.
        Err(errors) => {
            return shown(
                StatusCode::UNPROCESSABLE_ENTITY,
                Notice::Invalid,
                errors,
                &setting,
                true,
            );
        }
    };
    match cx
        .webex
        .create_criterion(C::KIND, &cx.target.person_id, &criterion)
        .await
    {
        Ok((id, receipt)) => {
            entry.webex_tracking_id = Some(receipt.tracking_id);
            let now = read_back::<C>(&cx, &mut entry, &id, &setting, "created").await;
            append(&cx.state, &entry).await;
            announce(shown(
                StatusCode::OK,
                Notice::Saved,
                FieldErrors::default(),
                &now,
                false,
            ))
        }
        Err(e) => {
            webex_failed(&mut entry, &e);
            append(&cx.state, &entry).await;
            shown(
                failure_status(&e),
                Notice::Failed {
                    message: (cx.t.webex_error)(&e),
                    tracking_id: e.tracking_id().map(str::to_owned),
                },
                FieldErrors::default(),
                &setting,
                true,
            )
        }
    }
}

/// `DELETE …/<card>/criteria/{criterion_id}` (204): the criterion read first (gone: a
/// conflict), deleted, and the card shown read back.
async fn delete_criterion<C: RuleCard>(
    WriteCtx(cx): WriteCtx,
    Path((_, criterion_id)): Path<(String, String)>,
    Query(meta): Query<SaveMeta>,
) -> Response {
    if !criterion_id_ok(&criterion_id) {
        return AppError::NotFound.into_response();
    }
    let ticket = meta.ticket.clone().unwrap_or_default();
    let mut entry = cx.audit_entry(C::FEATURE, AuditAction::DeleteRule, meta.ticket.as_deref());
    let shown = |status, notice: Notice, s: &C::Setting| {
        let state = CardState::shown(C::fingerprint(s))
            .notice(notice)
            .ticket(&ticket);
        card_with::<C>(&cx, status, state, s, None)
    };
    let (setting, current) = tokio::join!(
        C::read(&cx.webex, &cx.target.person_id),
        cx.webex
            .get_criterion(C::KIND, &cx.target.person_id, &criterion_id)
    );
    let setting = match setting {
        Ok(s) => s,
        Err(e) => return unavailable(&cx, C::FEATURE, &e),
    };
    if let Some(retry_after_secs) = cx.write_limited(&mut entry).await {
        return shown(
            StatusCode::TOO_MANY_REQUESTS,
            Notice::Busy { retry_after_secs },
            &setting,
        );
    }
    if let Some(denied) = refused::<C>(&cx, &mut entry).await {
        return denied;
    }
    let current = match current {
        Ok(c) => c,
        // Deleted elsewhere since the card was shown: nothing to do, say so.
        Err(e) if e.status() == Some(404) => {
            entry.result = AuditResult::Conflict;
            entry.error = Some("the rule no longer exists".into());
            append(&cx.state, &entry).await;
            return announce(gone::<C>(&cx, &setting, &ticket));
        }
        Err(e) => return unavailable(&cx, C::FEATURE, &e),
    };
    entry.before = Some(serde_json::to_value(&current).expect("criteria serialize"));
    match cx
        .webex
        .delete_criterion(C::KIND, &cx.target.person_id, &criterion_id)
        .await
    {
        Ok(receipt) => {
            entry.webex_tracking_id = Some(receipt.tracking_id);
            let now = match C::read(&cx.webex, &cx.target.person_id).await {
                Ok(now) => now,
                Err(e) => {
                    entry.error = Some(format!("deleted; reading it back failed: {e}"));
                    setting.clone()
                }
            };
            append(&cx.state, &entry).await;
            announce(shown(StatusCode::OK, Notice::Saved, &now))
        }
        Err(e) => {
            webex_failed(&mut entry, &e);
            append(&cx.state, &entry).await;
            shown(
                failure_status(&e),
                Notice::Failed {
                    message: (cx.t.webex_error)(&e),
                    tracking_id: e.tracking_id().map(str::to_owned),
                },
                &setting,
            )
        }
    }
}

/// After a criterion was written (`done`: created, changed): the criterion (the entry's after)
/// and the card read back together; a failed read is noted in the entry, and the card then shows
/// `setting` as it was.
async fn read_back<C: RuleCard>(
    cx: &Ctx,
    entry: &mut crate::store::NewAuditEntry,
    criterion_id: &str,
    setting: &C::Setting,
    done: &str,
) -> C::Setting {
    let id = cx.target.person_id.as_str();
    let (after, now) = tokio::join!(
        cx.webex.get_criterion(C::KIND, id, criterion_id),
        C::read(&cx.webex, id)
    );
    entry.after = Some(match after {
        Ok(c) => serde_json::to_value(&c).expect("criteria serialize"),
        Err(e) => {
            entry.error = Some(format!("{done}; reading it back failed: {e}"));
            serde_json::json!({ "id": criterion_id })
        }
    });
    match now {
        Ok(now) => now,
        Err(e) => {
            entry.error = Some(format!("{done}; reading it back failed: {e}"));
            setting.clone()
        }
    }
}

/// Feature access for a criteria write, read afresh (FACTS §3a): a refusal is audited, 403.
async fn refused<C: RuleCard>(
    cx: &Ctx,
    entry: &mut crate::store::NewAuditEntry,
) -> Option<Response> {
    match cx.may_change(&cx.webex, C::FEATURE, None).await {
        Ok(true) => None,
        Ok(false) => {
            entry.result = AuditResult::Denied;
            entry.error = Some("the organization does not let users change this".into());
            append(&cx.state, entry).await;
            Some(AppError::Forbidden("feature access: users may not change this").into_response())
        }
        Err(e) => Some(unavailable(cx, C::FEATURE, &e)),
    }
}

fn webex_failed(entry: &mut crate::store::NewAuditEntry, e: &WebexError) {
    entry.result = AuditResult::Failure;
    entry.error = Some(e.to_string());
    entry.webex_tracking_id = e.tracking_id().map(str::to_owned);
}

/// Webex refused the input (400, 409): the form is at fault, else Webex failed.
fn failure_status(e: &WebexError) -> StatusCode {
    match e.status() {
        Some(400 | 409) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_GATEWAY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_naming_a_schedule_that_is_gone_shows_it_chosen_and_says_so() {
        let form = CriterionForm {
            schedule: "PEOPLE:businessHours:Night: shift".into(),
            ..CriterionForm::default()
        };
        let ed = editor(
            RuleKind::SelectiveForward,
            &crate::i18n::EN,
            String::new(),
            None,
            form,
            &[],
        );
        let chosen: Vec<_> = ed.schedules.iter().filter(|(_, _, on)| *on).collect();
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].0, "PEOPLE:businessHours:Night: shift");
        assert_eq!(chosen[0].1, "“Night: shift” (no longer exists)");
    }
}
