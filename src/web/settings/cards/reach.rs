//! The single-number-reach card (FACTS §3: `/telephony/config/people/{id}/singleNumberReach`,
//! `…/numbers`, `…/numbers/{id}`; telephony_config scopes; feature access `singleNumberReach`,
//! FACTS §3a): alert all numbers for click-to-dial calls, and the numbers, each added, edited
//! and removed through its own route. Every one of those routes runs the card's one save flow
//! ([`save`]): the route only says which form was posted ([`ReachOp`]); the fingerprint covers
//! the whole setting, so a number changed elsewhere is a conflict, not a surprise.

use axum::{
    extract::Path,
    response::{IntoResponse, Response},
    routing::{post, put},
};
use axum_extra::extract::{Form, FormRejection};

use crate::web::settings::{
    Card, CardForm, Ctx, FieldErrors, PERSON_BASE, Routed, WriteCtx, respond, save, ticked,
};
use crate::{
    auth::authz::Target,
    domain::{
        call_rules::same_number,
        phone::{Destination, DestinationError},
    },
    features::Feature,
    i18n::Messages,
    views::{
        card::CardCommon,
        reach::{ReachCard, ReachForm, ReachOp, ReachRow},
    },
    webex::{
        Receipt, SingleNumberReach, SingleNumberReachNumber, SingleNumberReachNumberBody,
        WebexClient, WebexError,
    },
};

pub struct Reach;

/// One write of the card; a save sends them in order.
#[derive(Debug, Clone, PartialEq)]
pub enum ReachChange {
    AlertAll(bool),
    Add(SingleNumberReachNumberBody),
    Edit {
        id: String,
        body: SingleNumberReachNumberBody,
    },
    Delete {
        id: String,
    },
}

const POST: &[axum::http::Method] = &[axum::http::Method::POST];
const PUT: &[axum::http::Method] = &[axum::http::Method::PUT];

impl Card for Reach {
    const FEATURE: Feature = Feature::SingleNumberReach;
    type Setting = SingleNumberReach;
    type Form = ReachForm;
    type Patch = Vec<ReachChange>;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_single_number_reach(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        let mut last = None;
        for change in patch {
            last = Some(match change {
                ReachChange::AlertAll(on) => webex.put_single_number_reach(person_id, *on).await?,
                ReachChange::Add(body) => {
                    webex
                        .add_single_number_reach_number(person_id, body)
                        .await?
                        .1
                }
                ReachChange::Edit { id, body } => {
                    webex
                        .put_single_number_reach_number(person_id, id, body)
                        .await?
                        .1
                }
                ReachChange::Delete { id } => {
                    webex
                        .delete_single_number_reach_number(person_id, id)
                        .await?
                }
            });
        }
        Ok(last.expect("a patch has at least one change"))
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        ReachForm {
            alert_all: s
                .alert_all_numbers_for_click_to_dial_calls_enabled
                .then(String::new),
            number_enabled: Some(String::new()),
            op: ReachOp::Restore,
            numbers: s.numbers.clone(),
            ..ReachForm::default()
        }
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.reach;
        let alert = |wanted: bool| {
            (wanted != current.alert_all_numbers_for_click_to_dial_calls_enabled)
                .then_some(ReachChange::AlertAll(wanted))
        };
        let known = |id: &str| current.numbers.iter().find(|n| n.id == id);
        let mut errors = FieldErrors::default();
        let changes: Vec<ReachChange> = match &f.op {
            ReachOp::AlertAll => alert(ticked(&f.alert_all)).into_iter().collect(),
            ReachOp::Add => {
                let body = number_body(f, current, None, target, t)?;
                vec![ReachChange::Add(body)]
            }
            ReachOp::Edit(id) => {
                let Some(was) = known(id) else {
                    errors.add("number", m.snr_number_gone);
                    return Err(errors);
                };
                let body = number_body(f, current, Some(id), target, t)?;
                if body == body_of(was) {
                    Vec::new()
                } else {
                    vec![ReachChange::Edit {
                        id: id.clone(),
                        body,
                    }]
                }
            }
            ReachOp::Delete(id) => {
                if known(id).is_none() {
                    errors.add("number", m.snr_number_gone);
                    return Err(errors);
                }
                vec![ReachChange::Delete { id: id.clone() }]
            }
            // Undo: the numbers as they were, matched by phone number (an added number gets a
            // new id), then alert-all.
            ReachOp::Restore => {
                let mut out = Vec::new();
                for n in &current.numbers {
                    if !f
                        .numbers
                        .iter()
                        .any(|w| same_number(&w.phone_number, &n.phone_number))
                    {
                        out.push(ReachChange::Delete { id: n.id.clone() });
                    }
                }
                for w in &f.numbers {
                    match current
                        .numbers
                        .iter()
                        .find(|n| same_number(&w.phone_number, &n.phone_number))
                    {
                        None => out.push(ReachChange::Add(body_of(w))),
                        Some(n) if body_of(n) != body_of(w) => out.push(ReachChange::Edit {
                            id: n.id.clone(),
                            body: body_of(w),
                        }),
                        Some(_) => {}
                    }
                }
                out.extend(alert(ticked(&f.alert_all)));
                out
            }
        };
        Ok((!changes.is_empty()).then_some(changes))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.reach;
        let on_off = |b: bool| if b { t.yes } else { t.no }.to_owned();
        let number = |n: &str, name: &str| format!("{name} ({})", t.phone(n));
        match &f.op {
            ReachOp::AlertAll => vec![(m.snr_alert_all, on_off(ticked(&f.alert_all)))],
            ReachOp::Add | ReachOp::Edit(_) => vec![
                (m.snr_phone_number, f.phone_number.clone()),
                (m.snr_name, f.name.clone()),
                (m.snr_enabled, on_off(ticked(&f.number_enabled))),
                (m.snr_do_not_forward, on_off(ticked(&f.do_not_forward))),
                (
                    m.snr_answer_confirmation,
                    on_off(ticked(&f.answer_confirmation)),
                ),
            ],
            ReachOp::Delete(_) => vec![(m.snr_remove, f.phone_number.clone())],
            ReachOp::Restore => vec![
                (m.snr_alert_all, on_off(ticked(&f.alert_all))),
                (
                    m.snr_numbers,
                    f.numbers
                        .iter()
                        .map(|n| {
                            let state = if n.enabled { m.snr_on } else { m.snr_off };
                            format!("{}: {state}", number(&n.phone_number, &n.name))
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ],
        }
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        setting: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let setting = setting.cloned().unwrap_or_default();
        let t = c.t;
        let rows = setting
            .numbers
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let posted = form.op == ReachOp::Edit(n.id.clone());
                let number = if posted {
                    SingleNumberReachNumber {
                        phone_number: form.phone_number.clone(),
                        name: form.name.clone(),
                        enabled: ticked(&form.number_enabled),
                        do_not_forward_calls_enabled: ticked(&form.do_not_forward),
                        answer_confirmation_enabled: ticked(&form.answer_confirmation),
                        ..n.clone()
                    }
                } else {
                    n.clone()
                };
                ReachRow {
                    id: n.id.clone(),
                    segment: crate::web::settings::encode(&n.id),
                    prefix: format!("snr-{}", i + 1),
                    shown_number: t.phone(&n.phone_number),
                    number,
                    posted,
                }
            })
            .collect();
        let adding = form.op == ReachOp::Add;
        // Alert-all as posted when its form was the one; else as Webex holds it.
        let mut form = form;
        if !matches!(form.op, ReachOp::AlertAll) {
            form.alert_all = setting
                .alert_all_numbers_for_click_to_dial_calls_enabled
                .then(String::new);
        }
        if !adding {
            form.phone_number.clear();
            form.name.clear();
            form.number_enabled = Some(String::new());
            form.do_not_forward = None;
            form.answer_confirmation = None;
        }
        askama::Template::render(&ReachCard {
            c,
            form,
            setting,
            rows,
            adding,
        })
    }

    fn extra_routes() -> Vec<Routed> {
        let base = format!("{PERSON_BASE}/{}/numbers", Self::FEATURE.segment());
        vec![
            Routed::new(base.clone(), POST, post(post_number)),
            Routed::new(format!("{base}/{{number_id}}"), PUT, put(put_number)),
            Routed::new(
                format!("{base}/{{number_id}}/delete"),
                POST,
                post(post_delete_number),
            ),
        ]
    }
}

/// A number's write body from its posted form, checked: a full phone number (not an extension,
/// not on the deny list), a name, and not a number the list already has.
fn number_body(
    f: &ReachForm,
    current: &SingleNumberReach,
    editing: Option<&str>,
    target: &Target,
    t: &'static Messages,
) -> Result<SingleNumberReachNumberBody, FieldErrors> {
    let m = t.reach;
    let mut errors = FieldErrors::default();
    let phone = match Destination::parse_allowed(
        &f.phone_number,
        target.country.as_deref(),
        &target.forwarding_deny,
    ) {
        Ok(Destination::Number(e164)) => Some(e164),
        Ok(Destination::Extension(_)) => {
            errors.add("phone_number", m.snr_not_extension);
            None
        }
        Err(DestinationError::Empty) => {
            errors.add("phone_number", m.snr_phone_missing);
            None
        }
        Err(e) => {
            errors.add("phone_number", (t.destination_error)(&e));
            None
        }
    };
    if let Some(p) = &phone
        && current
            .numbers
            .iter()
            .any(|n| Some(n.id.as_str()) != editing && same_number(&n.phone_number, p))
    {
        errors.add("phone_number", m.snr_duplicate);
    }
    let name = f.name.trim();
    if name.is_empty() {
        errors.add("name", m.snr_name_missing);
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", (m.snr_name_too_long)(NAME_MAX));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SingleNumberReachNumberBody {
        phone_number: phone.expect("checked"),
        enabled: ticked(&f.number_enabled),
        name: name.to_owned(),
        do_not_forward_calls_enabled: Some(ticked(&f.do_not_forward)),
        answer_confirmation_enabled: Some(ticked(&f.answer_confirmation)),
    })
}

/// The portal's own bound on a number's name (Webex documents none): the list stays readable.
const NAME_MAX: usize = 50;

fn body_of(n: &SingleNumberReachNumber) -> SingleNumberReachNumberBody {
    SingleNumberReachNumberBody {
        phone_number: n.phone_number.clone(),
        enabled: n.enabled,
        name: n.name.clone(),
        do_not_forward_calls_enabled: Some(n.do_not_forward_calls_enabled),
        answer_confirmation_enabled: Some(n.answer_confirmation_enabled),
    }
}

/// A card's save, for a route that names which of its forms was posted: `set` marks the form,
/// then the one save flow runs and its outcome is rendered as the card's own `PUT` would.
pub(super) async fn save_as<C: Card>(
    cx: Ctx,
    form: Result<Form<CardForm<C::Form>>, FormRejection>,
    set: impl FnOnce(&mut C::Form),
) -> Response {
    let mut form = match form {
        Ok(Form(form)) => form,
        Err(e) => return e.into_response(),
    };
    set(&mut form.fields);
    let meta = form.meta.clone();
    let outcome = save::<C>(&cx, form).await;
    respond::<C>(&cx, &meta, outcome)
}

type Posted = Result<Form<CardForm<ReachForm>>, FormRejection>;

/// `POST {PERSON_BASE}/single-number-reach/numbers`: adds a number.
async fn post_number(WriteCtx(cx): WriteCtx, form: Posted) -> Response {
    save_as::<Reach>(cx, form, |f| f.op = ReachOp::Add).await
}

/// `PUT {PERSON_BASE}/single-number-reach/numbers/{number_id}`: changes a number.
async fn put_number(
    WriteCtx(cx): WriteCtx,
    Path((_, id)): Path<(String, String)>,
    form: Posted,
) -> Response {
    save_as::<Reach>(cx, form, |f| f.op = ReachOp::Edit(id)).await
}

/// `POST {PERSON_BASE}/single-number-reach/numbers/{number_id}/delete`: removes a number.
async fn post_delete_number(
    WriteCtx(cx): WriteCtx,
    Path((_, id)): Path<(String, String)>,
    form: Posted,
) -> Response {
    save_as::<Reach>(cx, form, |f| f.op = ReachOp::Delete(id)).await
}
