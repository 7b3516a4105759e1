//! The voicemail card: its settings form, the two greeting uploads and the PIN form. Each is its
//! own swap target, so an upload or a PIN change never throws away unsaved settings.

use askama::Template;

use crate::{
    domain::voicemail::{Section, VoicemailForm},
    views::card::CardCommon,
    webex::{Greeting, StorageType, VoicemailSettings},
};

/// What the settings form's inputs show: Webex's values, or what the person typed when a save
/// did not go through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoicemailValues {
    pub enabled: bool,
    pub send_all: bool,
    pub busy_enabled: bool,
    pub busy_custom: bool,
    pub no_answer_enabled: bool,
    pub no_answer_rings: String,
    pub no_answer_custom: bool,
    pub notify_enabled: bool,
    pub notify_email: String,
    pub notify_sms: String,
    pub transfer_enabled: bool,
    pub transfer_number: String,
    pub email_copy_enabled: bool,
    pub email_copy_address: String,
    pub mwi_enabled: bool,
    pub storage_external: bool,
    pub external_email: String,
    pub fax_enabled: bool,
    pub fax_number: String,
    pub fax_extension: String,
}

impl VoicemailValues {
    pub fn from_settings(v: &VoicemailSettings) -> Self {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        VoicemailValues {
            enabled: v.enabled,
            send_all: v.send_all_calls.enabled,
            busy_enabled: v.send_busy_calls.enabled,
            busy_custom: v.send_busy_calls.greeting == Greeting::Custom,
            no_answer_enabled: v.send_unanswered_calls.enabled,
            no_answer_rings: v
                .send_unanswered_calls
                .number_of_rings
                .map(|n| n.to_string())
                .unwrap_or_default(),
            no_answer_custom: v.send_unanswered_calls.greeting == Greeting::Custom,
            notify_enabled: v.notifications.enabled,
            notify_email: s(&v.notifications.destination),
            notify_sms: s(&v.notifications.sms_destination),
            transfer_enabled: v.transfer_to_number.enabled,
            transfer_number: s(&v.transfer_to_number.destination),
            email_copy_enabled: v.email_copy_of_message.enabled,
            email_copy_address: s(&v.email_copy_of_message.email_id),
            mwi_enabled: v.message_storage.mwi_enabled,
            storage_external: v.message_storage.storage_type == StorageType::External,
            external_email: s(&v.message_storage.external_email),
            fax_enabled: v.fax_message.enabled,
            fax_number: s(&v.fax_message.phone_number),
            fax_extension: s(&v.fax_message.extension),
        }
    }

    /// The submitted input, for sections the form offered; Webex's values for the rest.
    pub fn from_form(form: &VoicemailForm, current: &VoicemailSettings) -> Self {
        let mut v = Self::from_settings(current);
        let offered = |s: Section| form.section.iter().any(|n| n == s.form_name());
        let on = |o: &Option<String>| o.as_deref().is_some_and(|s| !s.is_empty() && s != "off");
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let custom = |o: &Option<String>, was: bool| match o.as_deref() {
            Some("CUSTOM") => true,
            Some("DEFAULT") => false,
            _ => was,
        };
        if offered(Section::Enabled) {
            v.enabled = on(&form.enabled);
        }
        if offered(Section::SendAll) {
            v.send_all = on(&form.send_all);
        }
        if offered(Section::Busy) {
            v.busy_enabled = on(&form.busy_enabled);
            v.busy_custom = custom(&form.busy_greeting, v.busy_custom);
        }
        if offered(Section::NoAnswer) {
            v.no_answer_enabled = on(&form.no_answer_enabled);
            v.no_answer_rings = text(&form.no_answer_rings);
            v.no_answer_custom = custom(&form.no_answer_greeting, v.no_answer_custom);
        }
        if offered(Section::Notifications) {
            v.notify_enabled = on(&form.notify_enabled);
            v.notify_email = text(&form.notify_email);
            v.notify_sms = text(&form.notify_sms);
        }
        if offered(Section::Transfer) {
            v.transfer_enabled = on(&form.transfer_enabled);
            v.transfer_number = text(&form.transfer_number);
        }
        if offered(Section::EmailCopy) {
            v.email_copy_enabled = on(&form.email_copy_enabled);
            v.email_copy_address = text(&form.email_copy_address);
        }
        if offered(Section::Storage) {
            v.mwi_enabled = on(&form.mwi_enabled);
            v.storage_external = match form.storage_type.as_deref() {
                Some("EXTERNAL") => true,
                Some("INTERNAL") => false,
                _ => v.storage_external,
            };
            v.external_email = text(&form.external_email);
        }
        if offered(Section::Fax) {
            v.fax_enabled = on(&form.fax_enabled);
            v.fax_number = text(&form.fax_number);
            v.fax_extension = text(&form.fax_extension);
        }
        v
    }
}

/// The voicemail card (`c` as every card has it): one settings form, each greeting's upload
/// beside its choice.
#[derive(Template)]
#[template(path = "partials/card_voicemail.html")]
pub struct VoicemailCard {
    pub c: CardCommon,
    pub values: VoicemailValues,
    /// Sections shown read-only (the org does not let the person change them, FACTS §3a).
    pub locked: Vec<Section>,
    pub rings_min: u32,
    pub rings_max: u32,
    pub busy_uploaded: bool,
    pub no_answer_uploaded: bool,
}

impl VoicemailCard {
    /// Whether the section with this form name is read-only.
    pub fn locked(&self, section: &str) -> bool {
        !self.c.editable || self.locked.iter().any(|s| s.form_name() == section)
    }
}

/// Which greeting a file of the voicemail form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GreetingKind {
    Busy,
    NoAnswer,
}

impl GreetingKind {
    /// The form's file input, beside the greeting choice.
    pub fn file_field(self) -> &'static str {
        match self {
            GreetingKind::Busy => "busy_greeting_file",
            GreetingKind::NoAnswer => "no_answer_greeting_file",
        }
    }

    /// The card section (and feature-access key) the greeting belongs to.
    pub fn section(self) -> Section {
        match self {
            GreetingKind::Busy => Section::Busy,
            GreetingKind::NoAnswer => Section::NoAnswer,
        }
    }

    pub fn of_file_field(field: &str) -> Option<Self> {
        [GreetingKind::Busy, GreetingKind::NoAnswer]
            .into_iter()
            .find(|k| k.file_field() == field)
    }
}

/// The PIN form: the org's rules first, then the two inputs. A PIN is never put back into it.
#[derive(Template)]
#[template(path = "partials/voicemail_pin.html")]
pub struct PinPanel {
    pub c: CardCommon,
    /// The rules in force, in plain language.
    pub rules: Vec<String>,
    pub rules_unavailable: bool,
    /// Every rule the typed PIN broke (and a mismatch of the two inputs).
    pub problems: Vec<String>,
    /// The PIN was just changed.
    pub changed: bool,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn settings() -> VoicemailSettings {
        serde_json::from_value(json!({
            "enabled": true,
            "sendBusyCalls": {"enabled": true, "greeting": "CUSTOM", "greetingUploaded": true},
            "sendUnansweredCalls": {"enabled": false, "greeting": "DEFAULT", "numberOfRings": 4,
                                    "systemMaxNumberOfRings": 12},
            "notifications": {"enabled": true, "destination": "a@acme.example"},
            "messageStorage": {"mwiEnabled": true, "storageType": "EXTERNAL", "externalEmail": "x@acme.example"}
        }))
        .unwrap()
    }

    #[test]
    fn values_come_from_webex_or_the_typed_input() {
        let s = settings();
        let v = VoicemailValues::from_settings(&s);
        assert!(v.enabled && v.busy_custom && !v.no_answer_custom && v.storage_external);
        assert_eq!(v.no_answer_rings, "4");
        assert_eq!(v.notify_email, "a@acme.example");

        let form = VoicemailForm {
            section: vec!["no_answer".into(), "notifications".into()],
            no_answer_rings: Some("99".into()),
            notify_email: Some("not an email".into()),
            ..Default::default()
        };
        let typed = VoicemailValues::from_form(&form, &s);
        assert_eq!(typed.no_answer_rings, "99");
        assert_eq!(typed.notify_email, "not an email");
        assert!(!typed.notify_enabled);
        // Sections the form did not offer keep Webex's values.
        assert!(typed.enabled && typed.busy_custom);
    }
}
