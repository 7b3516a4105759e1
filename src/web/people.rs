//! What the helpdesk's actions on a person post besides the cards' own forms.

use serde::Deserialize;

/// A form that carries only the helpdesk's ticket (PIN reset, undo).
#[derive(Deserialize, Default)]
pub struct TicketForm {
    #[serde(default)]
    pub ticket: Option<String>,
}
