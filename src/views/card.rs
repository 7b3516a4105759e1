//! What every settings card shows besides its own values: the shared form fields, the notice above
//! the fields, the messages next to them, and the two small cards' forms.

use serde::{Deserialize, Serialize};

use crate::{features::Feature, i18n::Messages};

/// Form fields every card carries: the fingerprint of what was loaded, and (helpdesk) a ticket.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SaveMeta {
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub ticket: Option<String>,
    /// When the change applies: `""`/`now` (a plain save), `until` (now, and back at `until`)
    /// or `from` (at `from`, and back at `until`); the times as a `datetime-local` input sends them.
    #[serde(default)]
    pub timing: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
}

/// Fields of [`SaveMeta`]: not the card's own (a timed change stores the card's fields without them).
pub const META_FIELDS: [&str; 5] = ["fingerprint", "ticket", "timing", "from", "until"];

/// A card's form as the browser posts it: the card's own fields and the shared ones.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CardForm<F> {
    #[serde(flatten)]
    pub fields: F,
    #[serde(flatten)]
    pub meta: SaveMeta,
    /// Files the form carries (the voicemail greetings), when it came as `multipart/form-data`.
    #[serde(skip)]
    pub files: Vec<FilePart>,
    /// The form's text fields as posted, in order (a timed change stores the card's part).
    #[serde(skip)]
    pub pairs: Vec<(String, String)>,
}

/// One file of a card's form: the field it came in and its bytes, or `None` when the body was
/// over the card's limit (then `size` is the upload's, as the browser announced it).
#[derive(Debug, Clone)]
pub struct FilePart {
    pub field: String,
    pub bytes: Option<axum::body::Bytes>,
    pub size: Option<usize>,
}

/// Messages for fields, keyed by the form field's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    /// Every message after its field's name, as one line (a bulk change's report, a job's step).
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

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
    /// A timed change: saved now and put back later, or scheduled.
    Timed {
        title: &'static str,
        message: String,
    },
}

/// How a card is shown this time: the values besides its fields that change from one response to
/// the next. `CardState::shown(fingerprint)` is a plain load; the rest are set by name.
#[derive(Debug, Clone, Default)]
pub struct CardState {
    pub fingerprint: String,
    /// `false`: the org does not let the user change this; fields are shown disabled.
    pub editable: bool,
    pub errors: FieldErrors,
    pub notice: Option<Notice>,
    /// The ticket the helpdesk typed, kept when the save did not go through.
    pub ticket: String,
    /// The "when" of the form as typed (kept when the save did not go through).
    pub timing: TimingInput,
}

/// The "when" part of a card's form (templates/partials/card_actions.html): `mode` is `now`,
/// `until` or `from`; the times as the `datetime-local` inputs hold them; `tz` names the time
/// zone they are read in.
#[derive(Debug, Clone, Default)]
pub struct TimingInput {
    pub mode: String,
    pub from: String,
    pub until: String,
    pub tz: String,
}

impl TimingInput {
    pub fn is(&self, mode: &str) -> bool {
        self.mode == mode || (mode == "now" && !matches!(self.mode.as_str(), "until" | "from"))
    }

    /// Open when a timed change was asked for (it is kept after a refusal).
    pub fn open(&self) -> bool {
        !self.is("now")
    }
}

impl CardState {
    /// An editable card showing a setting with this fingerprint, no notice.
    pub fn shown(fingerprint: String) -> Self {
        CardState {
            fingerprint,
            editable: true,
            ..CardState::default()
        }
    }

    pub fn notice(mut self, notice: Notice) -> Self {
        self.notice = Some(notice);
        self
    }

    pub fn ticket(mut self, ticket: &str) -> Self {
        ticket.clone_into(&mut self.ticket);
        self
    }
}

/// What a card's header says about its setting at a glance: a pill beside the heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardStatus {
    /// `on`, `off` or `active` (forwarding somewhere): the pill's class, `pill-<kind>`.
    pub kind: &'static str,
    pub text: String,
}

impl CardStatus {
    /// "On" or "Off".
    pub fn on_off(t: &'static Messages, on: bool) -> Self {
        if on {
            CardStatus {
                kind: "on",
                text: t.status_on.to_owned(),
            }
        } else {
            CardStatus {
                kind: "off",
                text: t.status_off.to_owned(),
            }
        }
    }
}

/// What every card template gets besides its own values (`c` in the templates).
pub struct CardCommon {
    pub t: &'static Messages,
    pub person_id: String,
    /// The person's fragment path, `/hx/people/{id}` (encoded).
    pub base: String,
    /// The card's element id (`card-<segment>`) and its fragment URL, from the registry.
    pub card_id: String,
    pub url: String,
    pub fingerprint: String,
    /// `false`: the org does not let the user change this; fields are shown disabled.
    pub editable: bool,
    /// Acting on someone else: the form offers the ticket field.
    pub on_behalf: bool,
    pub ticket: String,
    pub errors: FieldErrors,
    pub notice: Option<Notice>,
    /// The pill in the card's header (templates/partials/card_notice.html), when the card says one.
    pub status: Option<CardStatus>,
    pub timing: TimingInput,
    /// The card offers a timed change (the registry's `timed`).
    pub timed: bool,
}

impl CardCommon {
    /// The shared part of `feature`'s card for the person at `base`.
    pub fn new(
        t: &'static Messages,
        person_id: &str,
        base: &str,
        feature: Feature,
        on_behalf: bool,
        state: CardState,
    ) -> Self {
        CardCommon {
            t,
            person_id: person_id.to_owned(),
            base: base.to_owned(),
            card_id: feature.card_id(),
            url: format!("{base}/{}", feature.segment()),
            fingerprint: state.fingerprint,
            editable: state.editable,
            on_behalf,
            ticket: state.ticket,
            errors: state.errors,
            notice: state.notice,
            status: None,
            timing: state.timing,
            timed: feature.info().timed,
        }
    }

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
            Notice::Timed { title, message } => NoticeView {
                message: Some(message.clone()),
                ..plain("ok", title)
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

/// A checkbox as browsers post it: present (any value) when ticked.
pub fn ticked(field: &Option<String>) -> bool {
    field.is_some()
}

/// The do-not-disturb card's fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DndForm {
    pub enabled: Option<String>,
    pub ring_splash: Option<String>,
}

/// The call waiting card's field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CallWaitingForm {
    pub enabled: Option<String>,
}

/// One card's place on the person page: a placeholder that loads the card.
pub struct PageSection {
    /// The element id (`section-<slug>`), the target of the page's section links.
    pub id: &'static str,
    pub heading: &'static str,
    pub cards: Vec<CardSlot>,
}

/// One card's placeholder on the person page.
pub struct CardSlot {
    pub id: String,
    pub url: String,
    pub heading: &'static str,
}
