//! The voicemail card's form: what people fill in, checked and turned into the smallest change to
//! send. Each section of the card is one sub-object of the voicemail settings and is governed by
//! one feature-access key (FACTS §3a); only sections whose values differ from what Webex holds
//! end up in the [`VoicemailPatch`] (FACTS §2: a PUT is a partial update).
//!
//! Problems are language-free ([`FieldError`]); the card renders them through the catalogue.

use serde::{Deserialize, Serialize};

use super::phone::{Destination, DestinationError, country_of};
use crate::webex::models::{
    EmailCopyOfMessage, FaxMessage, Greeting, MessageStorage, StorageType, Toggle,
    TransferToNumber, VoicemailBusy, VoicemailNotifications, VoicemailPatch, VoicemailSettings,
    VoicemailUnanswered, feature,
};

/// FACTS §2: `numberOfRings` "must be between 2 and 20, inclusive".
pub const MIN_RINGS: u32 = 2;
pub const MAX_RINGS: u32 = 20;

/// One part of the card: one sub-object of the settings, one feature-access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// Voicemail on or off.
    Enabled,
    SendAll,
    Busy,
    NoAnswer,
    Notifications,
    Transfer,
    EmailCopy,
    Storage,
    Fax,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Enabled,
        Section::SendAll,
        Section::Busy,
        Section::NoAnswer,
        Section::Notifications,
        Section::Transfer,
        Section::EmailCopy,
        Section::Storage,
        Section::Fax,
    ];

    /// The feature-access key that decides whether users may change this section themselves.
    /// On/off and the busy and no-answer rules (greetings included) fall under `voicemail` itself.
    pub fn feature_key(self) -> &'static str {
        match self {
            Section::Enabled | Section::Busy | Section::NoAnswer => feature::VOICEMAIL,
            Section::SendAll => feature::SEND_CALLS_TO_VOICEMAIL,
            Section::Notifications => feature::VOICEMAIL_NOTIFICATIONS,
            Section::Transfer => feature::VOICEMAIL_TRANSFER_NUMBER,
            Section::EmailCopy => feature::VOICEMAIL_EMAIL_COPY,
            Section::Storage => feature::VOICEMAIL_MESSAGE_STORAGE,
            Section::Fax => feature::VOICEMAIL_FAX_MESSAGING,
        }
    }

    /// The value of the form's `section` marker for this section.
    pub fn form_name(self) -> &'static str {
        match self {
            Section::Enabled => "enabled",
            Section::SendAll => "send_all",
            Section::Busy => "busy",
            Section::NoAnswer => "no_answer",
            Section::Notifications => "notifications",
            Section::Transfer => "transfer",
            Section::EmailCopy => "email_copy",
            Section::Storage => "storage",
            Section::Fax => "fax",
        }
    }

    /// The sections a patch changes.
    pub fn touched_by(patch: &VoicemailPatch) -> Vec<Section> {
        let present = [
            patch.enabled.is_some(),
            patch.send_all_calls.is_some(),
            patch.send_busy_calls.is_some(),
            patch.send_unanswered_calls.is_some(),
            patch.notifications.is_some(),
            patch.transfer_to_number.is_some(),
            patch.email_copy_of_message.is_some(),
            patch.message_storage.is_some(),
            patch.fax_message.is_some(),
        ];
        Section::ALL
            .into_iter()
            .zip(present)
            .filter_map(|(s, p)| p.then_some(s))
            .collect()
    }
}

/// The card's form as the browser sends it. A section's fields count only if its `section`
/// marker is present: an unticked checkbox sends nothing, so without the marker a section the
/// page showed read-only would read as "switched off".
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VoicemailForm {
    #[serde(deserialize_with = "one_or_many")]
    pub section: Vec<String>,
    pub enabled: Option<String>,
    pub send_all: Option<String>,
    pub busy_enabled: Option<String>,
    pub busy_greeting: Option<String>,
    pub no_answer_enabled: Option<String>,
    pub no_answer_rings: Option<String>,
    pub no_answer_greeting: Option<String>,
    pub notify_enabled: Option<String>,
    pub notify_email: Option<String>,
    pub notify_sms: Option<String>,
    pub transfer_enabled: Option<String>,
    pub transfer_number: Option<String>,
    pub email_copy_enabled: Option<String>,
    pub email_copy_address: Option<String>,
    pub mwi_enabled: Option<String>,
    pub storage_type: Option<String>,
    pub external_email: Option<String>,
    pub fax_enabled: Option<String>,
    pub fax_number: Option<String>,
    pub fax_extension: Option<String>,
}

/// A repeated form key arrives as a list, a lone one as a plain value (when the form is read
/// through `#[serde(flatten)]`, which cannot tell them apart by itself).
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// The inputs a problem can belong to (their `name` and `id` in the card).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    BusyGreeting,
    NoAnswerRings,
    NoAnswerGreeting,
    NotifyEmail,
    NotifySms,
    TransferNumber,
    EmailCopyAddress,
    StorageType,
    ExternalEmail,
    FaxNumber,
    FaxExtension,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::BusyGreeting => "busy_greeting",
            Field::NoAnswerRings => "no_answer_rings",
            Field::NoAnswerGreeting => "no_answer_greeting",
            Field::NotifyEmail => "notify_email",
            Field::NotifySms => "notify_sms",
            Field::TransferNumber => "transfer_number",
            Field::EmailCopyAddress => "email_copy_address",
            Field::StorageType => "storage_type",
            Field::ExternalEmail => "external_email",
            Field::FaxNumber => "fax_number",
            Field::FaxExtension => "fax_extension",
        }
    }
}

/// What is wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// The rings count is not a whole number.
    RingsNotANumber,
    /// The rings count is outside `min..=max` (the person's `systemMaxNumberOfRings`).
    RingsOutOfRange {
        min: u32,
        max: u32,
    },
    /// A custom greeting was chosen, but none is uploaded.
    NoCustomGreeting,
    /// Not a value the form offers (a forged or stale form).
    UnknownChoice,
    /// An email address is needed here.
    EmailRequired,
    EmailInvalid(String),
    /// Notifications are on, but neither an email address nor a text number is given.
    NotificationTargetRequired,
    /// Texts go to US and Canadian numbers only (FACTS §2).
    SmsNotUsOrCanada(String),
    Destination(DestinationError),
    /// A fax number must be a full phone number, not an extension.
    FaxNotANumber(String),
    FaxExtensionInvalid(String),
}

pub type FieldErrors = Vec<(Field, FieldError)>;

/// The person's context the form is read in.
#[derive(Debug, Clone, Default)]
pub struct FormContext {
    /// ISO 3166 country for national numbers (the person's direct number's country).
    pub country: Option<String>,
}

/// Reads the submitted sections against what Webex holds (`current`) and returns the change:
/// only sections that differ, each a copy of the current sub-object with the new values (so
/// fields the portal does not know are kept). Every problem is reported at once.
pub fn parse(
    form: &VoicemailForm,
    current: &VoicemailSettings,
    ctx: &FormContext,
) -> Result<VoicemailPatch, FieldErrors> {
    let offered = |s: Section| form.section.iter().any(|n| n == s.form_name());
    let mut errors = FieldErrors::new();
    let mut patch = VoicemailPatch::default();
    let country = ctx.country.as_deref();

    if offered(Section::Enabled) {
        let want = checked(&form.enabled);
        if want != current.enabled {
            patch.enabled = Some(want);
        }
    }
    if offered(Section::SendAll) {
        let want = Toggle {
            enabled: checked(&form.send_all),
            ..current.send_all_calls.clone()
        };
        patch.send_all_calls = changed(want, &current.send_all_calls);
    }
    if offered(Section::Busy) {
        let cur = &current.send_busy_calls;
        let greeting = greeting(
            &form.busy_greeting,
            &cur.greeting,
            cur.greeting_uploaded,
            Field::BusyGreeting,
            &mut errors,
        );
        let want = VoicemailBusy {
            enabled: checked(&form.busy_enabled),
            greeting,
            ..cur.clone()
        };
        patch.send_busy_calls = changed(want, cur);
    }
    if offered(Section::NoAnswer) {
        let cur = &current.send_unanswered_calls;
        let greeting = greeting(
            &form.no_answer_greeting,
            &cur.greeting,
            cur.greeting_uploaded,
            Field::NoAnswerGreeting,
            &mut errors,
        );
        let max = max_rings(current);
        let rings = match text(&form.no_answer_rings) {
            None => cur.number_of_rings,
            Some(s) => match s.parse::<u32>() {
                Ok(n) if (MIN_RINGS..=max).contains(&n) => Some(n),
                Ok(_) => {
                    errors.push((
                        Field::NoAnswerRings,
                        FieldError::RingsOutOfRange {
                            min: MIN_RINGS,
                            max,
                        },
                    ));
                    cur.number_of_rings
                }
                Err(_) => {
                    errors.push((Field::NoAnswerRings, FieldError::RingsNotANumber));
                    cur.number_of_rings
                }
            },
        };
        let want = VoicemailUnanswered {
            enabled: checked(&form.no_answer_enabled),
            greeting,
            number_of_rings: rings,
            ..cur.clone()
        };
        patch.send_unanswered_calls = changed(want, cur);
    }
    if offered(Section::Notifications) {
        let cur = &current.notifications;
        let enabled = checked(&form.notify_enabled);
        let email = text(&form.notify_email);
        if let Some(e) = email
            && !is_email(e)
        {
            errors.push((Field::NotifyEmail, FieldError::EmailInvalid(e.to_owned())));
        }
        let sms = match text(&form.notify_sms) {
            None => None,
            Some(s) => match sms_number(s) {
                Ok(n) => Some(n),
                Err(e) => {
                    errors.push((Field::NotifySms, e));
                    None
                }
            },
        };
        if enabled && email.is_none() && text(&form.notify_sms).is_none() {
            errors.push((Field::NotifyEmail, FieldError::NotificationTargetRequired));
        }
        let want = VoicemailNotifications {
            enabled,
            destination: update_text(&cur.destination, email.map(str::to_owned)),
            sms_destination: update_text(
                &cur.sms_destination,
                sms.or_else(|| text(&form.notify_sms).map(str::to_owned)),
            ),
            ..cur.clone()
        };
        patch.notifications = changed(want, cur);
    }
    if offered(Section::Transfer) {
        let cur = &current.transfer_to_number;
        let enabled = checked(&form.transfer_enabled);
        let number = match text(&form.transfer_number) {
            None => {
                if enabled {
                    errors.push((
                        Field::TransferNumber,
                        FieldError::Destination(DestinationError::Empty),
                    ));
                }
                None
            }
            Some(s) => match Destination::parse(s, country) {
                Ok(d) => Some(d.as_webex().to_owned()),
                Err(e) => {
                    errors.push((Field::TransferNumber, FieldError::Destination(e)));
                    Some(s.to_owned())
                }
            },
        };
        let want = TransferToNumber {
            enabled,
            destination: update_text(&cur.destination, number),
            ..cur.clone()
        };
        patch.transfer_to_number = changed(want, cur);
    }
    if offered(Section::EmailCopy) {
        let cur = &current.email_copy_of_message;
        let enabled = checked(&form.email_copy_enabled);
        let address = required_email(
            &form.email_copy_address,
            enabled,
            Field::EmailCopyAddress,
            &mut errors,
        );
        let want = EmailCopyOfMessage {
            enabled,
            email_id: update_text(&cur.email_id, address),
            ..cur.clone()
        };
        patch.email_copy_of_message = changed(want, cur);
    }
    if offered(Section::Storage) {
        let cur = &current.message_storage;
        let storage_type = match form.storage_type.as_deref().map(str::trim) {
            None | Some("") => cur.storage_type.clone(),
            Some("INTERNAL") => StorageType::Internal,
            Some("EXTERNAL") => StorageType::External,
            Some(_) => {
                errors.push((Field::StorageType, FieldError::UnknownChoice));
                cur.storage_type.clone()
            }
        };
        // FACTS §2: EXTERNAL needs `externalEmail`.
        let external = required_email(
            &form.external_email,
            storage_type == StorageType::External,
            Field::ExternalEmail,
            &mut errors,
        );
        let want = MessageStorage {
            mwi_enabled: checked(&form.mwi_enabled),
            storage_type,
            external_email: update_text(&cur.external_email, external),
            ..cur.clone()
        };
        patch.message_storage = changed(want, cur);
    }
    if offered(Section::Fax) {
        let cur = &current.fax_message;
        let enabled = checked(&form.fax_enabled);
        // FACTS §2: an enabled fax needs `phoneNumber`.
        let number = match text(&form.fax_number) {
            None => {
                if enabled {
                    errors.push((
                        Field::FaxNumber,
                        FieldError::Destination(DestinationError::Empty),
                    ));
                }
                None
            }
            Some(s) => match Destination::parse(s, country) {
                Ok(Destination::Number(n)) => Some(n),
                Ok(Destination::Extension(_)) => {
                    errors.push((Field::FaxNumber, FieldError::FaxNotANumber(s.to_owned())));
                    Some(s.to_owned())
                }
                Err(e) => {
                    errors.push((Field::FaxNumber, FieldError::Destination(e)));
                    Some(s.to_owned())
                }
            },
        };
        let extension = text(&form.fax_extension).map(str::to_owned);
        if let Some(ext) = &extension
            && !(ext.len() >= 2 && ext.len() <= 10 && ext.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.push((
                Field::FaxExtension,
                FieldError::FaxExtensionInvalid(ext.clone()),
            ));
        }
        let want = FaxMessage {
            enabled,
            phone_number: update_text(&cur.phone_number, number),
            extension: update_text(&cur.extension, extension),
            ..cur.clone()
        };
        patch.fax_message = changed(want, cur);
    }

    if errors.is_empty() {
        Ok(patch)
    } else {
        Err(errors)
    }
}

/// The most rings the person may choose: their `systemMaxNumberOfRings`, within Webex's 2..=20.
pub fn max_rings(current: &VoicemailSettings) -> u32 {
    current
        .send_unanswered_calls
        .system_max_number_of_rings
        .unwrap_or(MAX_RINGS)
        .clamp(MIN_RINGS, MAX_RINGS)
}

/// A sensible check of an email address: one `@`, a local part, a dotted domain of letters,
/// digits and hyphens, no spaces, within the lengths mail systems accept.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2);
    s.len() <= 254 && local_ok && domain_ok
}

/// A number for voicemail texts: E.164, in the US or Canada only (FACTS §2 `smsDestination`).
/// National US/Canadian spellings are accepted too.
pub fn sms_number(input: &str) -> Result<String, FieldError> {
    match Destination::parse(input, Some("US")) {
        Ok(Destination::Number(n)) if matches!(country_of(&n).as_deref(), Some("US" | "CA")) => {
            Ok(n)
        }
        _ => Err(FieldError::SmsNotUsOrCanada(input.trim().to_owned())),
    }
}

fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty() && s != "off")
}

/// The trimmed value, `None` when blank.
fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `Some(want)` when it differs from `current`.
fn changed<T: PartialEq>(want: T, current: &T) -> Option<T> {
    (want != *current).then_some(want)
}

/// A text field's new value: a blank input clears a stored value (`""`), and leaves an absent one
/// absent, so an untouched empty field is not a change.
fn update_text(current: &Option<String>, new: Option<String>) -> Option<String> {
    match new {
        Some(v) => Some(v),
        None if current.as_deref().is_some_and(|c| !c.is_empty()) => Some(String::new()),
        None => current.clone(),
    }
}

fn required_email(
    value: &Option<String>,
    required: bool,
    field: Field,
    errors: &mut FieldErrors,
) -> Option<String> {
    match text(value) {
        None => {
            if required {
                errors.push((field, FieldError::EmailRequired));
            }
            None
        }
        Some(e) => {
            if !is_email(e) {
                errors.push((field, FieldError::EmailInvalid(e.to_owned())));
            }
            Some(e.to_owned())
        }
    }
}

fn greeting(
    value: &Option<String>,
    current: &Greeting,
    uploaded: Option<bool>,
    field: Field,
    errors: &mut FieldErrors,
) -> Greeting {
    match value.as_deref().map(str::trim) {
        None | Some("") => current.clone(),
        Some("DEFAULT") => Greeting::Default,
        Some("CUSTOM") => {
            // Keeping a custom greeting Webex already plays is fine; switching to one needs a file.
            if *current != Greeting::Custom && uploaded != Some(true) {
                errors.push((field, FieldError::NoCustomGreeting));
            }
            Greeting::Custom
        }
        Some(_) => {
            errors.push((field, FieldError::UnknownChoice));
            current.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn current() -> VoicemailSettings {
        serde_json::from_value(json!({
            "enabled": true,
            "sendAllCalls": {"enabled": false},
            "sendBusyCalls": {"enabled": true, "greeting": "DEFAULT", "greetingUploaded": false},
            "sendUnansweredCalls": {"enabled": true, "greeting": "DEFAULT", "greetingUploaded": true,
                                    "numberOfRings": 3, "systemMaxNumberOfRings": 15},
            "notifications": {"enabled": true, "destination": "alice@acme.example"},
            "transferToNumber": {"enabled": false},
            "emailCopyOfMessage": {"enabled": false},
            "messageStorage": {"mwiEnabled": true, "storageType": "INTERNAL"},
            "faxMessage": {"enabled": false},
            "voiceMessageForwardingEnabled": true
        }))
        .unwrap()
    }

    /// The form exactly as the card renders it for `current()`, every section offered.
    fn unchanged_form() -> VoicemailForm {
        VoicemailForm {
            section: Section::ALL
                .iter()
                .map(|s| s.form_name().to_owned())
                .collect(),
            enabled: Some("on".into()),
            busy_enabled: Some("on".into()),
            busy_greeting: Some("DEFAULT".into()),
            no_answer_enabled: Some("on".into()),
            no_answer_rings: Some("3".into()),
            no_answer_greeting: Some("DEFAULT".into()),
            notify_enabled: Some("on".into()),
            notify_email: Some("alice@acme.example".into()),
            notify_sms: Some(String::new()),
            transfer_number: Some(String::new()),
            email_copy_address: Some(String::new()),
            mwi_enabled: Some("on".into()),
            storage_type: Some("INTERNAL".into()),
            external_email: Some(String::new()),
            fax_number: Some(String::new()),
            fax_extension: Some(String::new()),
            ..Default::default()
        }
    }

    fn us() -> FormContext {
        FormContext {
            country: Some("US".into()),
        }
    }

    #[test]
    fn an_untouched_form_changes_nothing() {
        let patch = parse(&unchanged_form(), &current(), &us()).unwrap();
        assert!(patch.is_empty(), "{patch:?}");
    }

    #[test]
    fn only_changed_sections_are_sent() {
        let mut form = unchanged_form();
        form.no_answer_rings = Some("5".into());
        form.send_all = Some("on".into());
        let patch = parse(&form, &current(), &us()).unwrap();
        assert_eq!(
            Section::touched_by(&patch),
            vec![Section::SendAll, Section::NoAnswer]
        );
        assert_eq!(
            patch.to_body(),
            json!({
                "sendAllCalls": {"enabled": true},
                "sendUnansweredCalls": {"enabled": true, "greeting": "DEFAULT", "numberOfRings": 5}
            })
        );
    }

    #[test]
    fn sections_not_offered_are_left_alone() {
        // A read-only section sends no marker and no inputs: that is not "switched off".
        let form = VoicemailForm {
            section: vec!["transfer".into()],
            transfer_number: Some(String::new()),
            ..Default::default()
        };
        assert!(parse(&form, &current(), &us()).unwrap().is_empty());
    }

    #[test]
    fn rings_within_the_persons_maximum() {
        for (input, want) in [
            ("1", FieldError::RingsOutOfRange { min: 2, max: 15 }),
            ("16", FieldError::RingsOutOfRange { min: 2, max: 15 }),
            ("three", FieldError::RingsNotANumber),
        ] {
            let mut form = unchanged_form();
            form.no_answer_rings = Some(input.into());
            assert_eq!(
                parse(&form, &current(), &us()).unwrap_err(),
                vec![(Field::NoAnswerRings, want)],
                "{input}"
            );
        }
        let mut form = unchanged_form();
        form.no_answer_rings = Some("15".into());
        assert!(parse(&form, &current(), &us()).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut form = unchanged_form();
        form.notify_email = Some("alice@".into());
        form.notify_sms = Some("+44 20 7946 0018".into());
        form.transfer_enabled = Some("on".into());
        form.transfer_number = Some("call me".into());
        form.storage_type = Some("EXTERNAL".into());
        form.fax_enabled = Some("on".into());
        let errors = parse(&form, &current(), &us()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                Field::NotifyEmail,
                Field::NotifySms,
                Field::TransferNumber,
                Field::ExternalEmail,
                Field::FaxNumber
            ]
        );
        assert_eq!(errors[3].1, FieldError::EmailRequired);
    }

    #[test]
    fn numbers_are_normalized() {
        let mut form = unchanged_form();
        form.notify_sms = Some("(617) 555-0100".into());
        form.transfer_enabled = Some("on".into());
        form.transfer_number = Some("1002".into());
        form.fax_enabled = Some("on".into());
        form.fax_number = Some("+1 617 555 0199".into());
        form.fax_extension = Some("4321".into());
        let patch = parse(&form, &current(), &us()).unwrap();
        let n = patch.notifications.unwrap();
        assert_eq!(n.sms_destination.as_deref(), Some("+16175550100"));
        assert_eq!(n.destination.as_deref(), Some("alice@acme.example"));
        assert_eq!(
            patch.transfer_to_number.unwrap().destination.as_deref(),
            Some("1002")
        );
        let fax = patch.fax_message.unwrap();
        assert_eq!(fax.phone_number.as_deref(), Some("+16175550199"));
        assert_eq!(fax.extension.as_deref(), Some("4321"));
    }

    #[test]
    fn fax_needs_a_full_number() {
        let mut form = unchanged_form();
        form.fax_enabled = Some("on".into());
        form.fax_number = Some("1234".into());
        form.fax_extension = Some("x".into());
        assert_eq!(
            parse(&form, &current(), &us()).unwrap_err(),
            vec![
                (Field::FaxNumber, FieldError::FaxNotANumber("1234".into())),
                (
                    Field::FaxExtension,
                    FieldError::FaxExtensionInvalid("x".into())
                )
            ]
        );
    }

    #[test]
    fn clearing_a_stored_value_sends_empty() {
        let mut form = unchanged_form();
        form.notify_enabled = None;
        form.notify_email = Some("  ".into());
        let patch = parse(&form, &current(), &us()).unwrap();
        let n = patch.notifications.unwrap();
        assert!(!n.enabled);
        assert_eq!(n.destination.as_deref(), Some(""));
        assert_eq!(n.sms_destination, None);
    }

    #[test]
    fn notifications_need_somewhere_to_go() {
        let mut form = unchanged_form();
        form.notify_email = Some(String::new());
        assert_eq!(
            parse(&form, &current(), &us()).unwrap_err(),
            vec![(Field::NotifyEmail, FieldError::NotificationTargetRequired)]
        );
        form.notify_sms = Some("+1 416 555 0123".into());
        assert!(parse(&form, &current(), &us()).is_ok());
    }

    #[test]
    fn a_custom_greeting_needs_an_upload() {
        let mut form = unchanged_form();
        form.busy_greeting = Some("CUSTOM".into());
        form.no_answer_greeting = Some("CUSTOM".into());
        assert_eq!(
            parse(&form, &current(), &us()).unwrap_err(),
            vec![(Field::BusyGreeting, FieldError::NoCustomGreeting)]
        );
        form.busy_greeting = Some("LOUD".into());
        assert_eq!(
            parse(&form, &current(), &us()).unwrap_err(),
            vec![(Field::BusyGreeting, FieldError::UnknownChoice)]
        );
    }

    #[test]
    fn external_storage_keeps_its_email() {
        let mut form = unchanged_form();
        form.storage_type = Some("EXTERNAL".into());
        form.external_email = Some("vm@acme.example".into());
        form.mwi_enabled = None;
        let patch = parse(&form, &current(), &us()).unwrap();
        assert_eq!(
            patch.to_body()["messageStorage"],
            json!({"mwiEnabled": false, "storageType": "EXTERNAL", "externalEmail": "vm@acme.example"})
        );
    }

    #[test]
    fn email_addresses() {
        for good in [
            "a@b.co",
            "first.last+vm@mail.acme.example",
            "o'brien@acme-corp.example",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "alice",
            "alice@",
            "@acme.example",
            "alice@acme",
            "alice@@acme.example",
            "al ice@acme.example",
            "alice@acme..example",
            "alice@-acme.example",
            ".alice@acme.example",
            "alice@acme.c",
            "alice<x>@acme.example",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn sms_is_us_or_canada_only() {
        assert_eq!(sms_number("+1 202 555 1212"), Ok("+12025551212".into()));
        assert_eq!(sms_number("416-555-0123"), Ok("+14165550123".into()));
        for bad in ["+44 20 7946 0018", "+1 876 555 0100", "1234", "text me"] {
            assert!(sms_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn feature_keys_cover_the_voicemail_keys() {
        let keys: std::collections::BTreeSet<&str> =
            Section::ALL.iter().map(|s| s.feature_key()).collect();
        assert_eq!(keys.len(), 7);
    }
}
