//! askama view structs: a page embeds its partial, so one partial serves both load and swap.

use askama::Template;
use askama_web::WebTemplate;

use crate::{
    auth::{SessionUser, authz::Target},
    i18n::Messages,
    web::settings::{
        CardCommon, call_waiting::CallWaitingForm, dnd::DndForm, forwarding::ForwardingForm,
    },
};

/// The CSS selector of the page's toast region (templates/base.html); htmx errors land there.
pub const TOAST_TARGET: &str = "#toasts";

#[derive(Template, WebTemplate)]
#[template(path = "pages/start.html")]
pub struct StartPage {
    pub t: &'static Messages,
}

/// A failure as a full page (src/error.rs picks title and message).
#[derive(Template)]
#[template(path = "pages/error.html")]
pub struct ErrorPage<'a> {
    pub t: &'static Messages,
    pub title: &'a str,
    pub message: &'a str,
    pub request_id: &'a str,
    pub offer_sign_in: bool,
}

/// A failure as a toast, for htmx requests.
#[derive(Template)]
#[template(path = "partials/error_toast.html")]
pub struct ErrorToast<'a> {
    pub t: &'static Messages,
    pub title: &'a str,
    pub message: &'a str,
    pub request_id: &'a str,
}

/// A person's settings page: the shell. Cards, summary and history load themselves (`base` is
/// the person's fragment path, `/hx/people/{id}`).
#[derive(Template, WebTemplate)]
#[template(path = "pages/person.html")]
pub struct PersonPage {
    pub t: &'static Messages,
    /// The signed-in user.
    pub user: SessionUser,
    /// Whose settings these are.
    pub target: Target,
    pub base: String,
    pub on_behalf: bool,
}

/// "What happens to my calls", or why it cannot be shown.
#[derive(Template, WebTemplate)]
#[template(path = "partials/summary.html")]
pub struct Summary {
    pub t: &'static Messages,
    pub lines: Vec<String>,
    pub warnings: Vec<&'static str>,
    pub error: Option<String>,
    pub tracking_id: Option<String>,
}

/// The person's recent changes.
#[derive(Template, WebTemplate)]
#[template(path = "partials/history.html")]
pub struct History {
    pub t: &'static Messages,
    pub rows: Vec<HistoryRow>,
}

pub struct HistoryRow {
    /// RFC 3339, for `<time datetime>`.
    pub datetime: String,
    pub when: String,
    pub what: &'static str,
    pub who: String,
    pub result: &'static str,
}

/// A card whose setting could not be read: what happened, and a way to try again.
#[derive(Template)]
#[template(path = "partials/card_unavailable.html")]
pub struct CardUnavailable {
    pub t: &'static Messages,
    pub card_id: String,
    pub feature: &'static str,
    /// The card's fragment URL, for the retry.
    pub url: String,
    pub message: String,
    pub tracking_id: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/card_forwarding.html")]
pub struct ForwardingCard {
    pub c: CardCommon,
    pub form: ForwardingForm,
    pub min_rings: u32,
    pub max_rings: u32,
}

#[derive(Template)]
#[template(path = "partials/card_dnd.html")]
pub struct DndCard {
    pub c: CardCommon,
    pub form: DndForm,
}

#[derive(Template)]
#[template(path = "partials/card_call_waiting.html")]
pub struct CallWaitingCard {
    pub c: CardCommon,
    pub form: CallWaitingForm,
}
