//! askama view structs: a page embeds its partial, so one partial serves both load and swap.

mod voicemail;

pub use voicemail::{
    GreetingKind, GreetingPanel, PinPanel, VoicemailCard, VoicemailSettingsForm,
    VoicemailSettingsView, VoicemailValues, WebexProblem,
};

use askama::Template;
use askama_web::WebTemplate;

use crate::{auth::SessionUser, i18n::Messages};

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

/// The signed-in landing page.
#[derive(Template, WebTemplate)]
#[template(path = "pages/me.html")]
pub struct MePage {
    pub t: &'static Messages,
    pub user: SessionUser,
    pub extension: Option<String>,
    pub location: String,
    /// Where the voicemail card loads from.
    pub voicemail_card: String,
}
