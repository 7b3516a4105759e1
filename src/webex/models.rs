//! Typed Webex resources (tests/contract/openapi-subset.yaml and FACTS §1–§3a, §8, §9).
//!
//! Every object keeps the fields it does not know in `extra`, so reading and re-serializing a
//! resource loses nothing Webex added after this code was written. Reads are lenient (missing
//! fields default). Writes go through the `*Patch` types, which carry only the sub-objects a
//! caller changed, and only their documented writable fields ([`retain_writable`]): read-only
//! fields (FACTS §1/§2) are refused by Webex, and new fields have so far arrived read-only
//! (`voiceMessageForwardingEnabled`, 2023→2026). Webex applies a PUT as a partial update, so what
//! is not sent, unknown fields included, keeps its value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Writable fields of the call-forwarding PUT (FACTS §1: the GET minus
/// `noAnswer.systemMaxNumberOfRings`).
pub(crate) const CALL_FORWARDING_WRITABLE: &[&str] = &[
    "callForwarding.always.enabled",
    "callForwarding.always.destination",
    "callForwarding.always.ringReminderEnabled",
    "callForwarding.always.destinationVoicemailEnabled",
    "callForwarding.busy.enabled",
    "callForwarding.busy.destination",
    "callForwarding.busy.destinationVoicemailEnabled",
    "callForwarding.noAnswer.enabled",
    "callForwarding.noAnswer.destination",
    "callForwarding.noAnswer.numberOfRings",
    "callForwarding.noAnswer.destinationVoicemailEnabled",
    "businessContinuity.enabled",
    "businessContinuity.destination",
    "businessContinuity.destinationVoicemailEnabled",
];

/// Writable fields of the voicemail PUT (FACTS §2: no `greetingUploaded`,
/// `systemMaxNumberOfRings`, `voiceMessageForwardingEnabled`, nor the `me` form's `audioFile`).
pub(crate) const VOICEMAIL_WRITABLE: &[&str] = &[
    "enabled",
    "sendAllCalls.enabled",
    "sendBusyCalls.enabled",
    "sendBusyCalls.greeting",
    "sendUnansweredCalls.enabled",
    "sendUnansweredCalls.greeting",
    "sendUnansweredCalls.numberOfRings",
    "notifications.enabled",
    "notifications.destination",
    "notifications.smsDestination",
    "transferToNumber.enabled",
    "transferToNumber.destination",
    "emailCopyOfMessage.enabled",
    "emailCopyOfMessage.emailId",
    "messageStorage.mwiEnabled",
    "messageStorage.storageType",
    "messageStorage.externalEmail",
    "faxMessage.enabled",
    "faxMessage.phoneNumber",
    "faxMessage.extension",
];

/// Keeps in `body` only the fields on the dotted `writable` paths (and the objects leading to them).
pub(crate) fn retain_writable(body: &mut Value, writable: &[&str]) {
    fn walk(node: &mut Value, prefix: &str, writable: &[&str]) {
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        obj.retain(|key, child| {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let nested = format!("{path}.");
            if writable.iter().any(|w| *w == path) {
                true
            } else if writable.iter().any(|w| w.starts_with(&nested)) {
                walk(child, &path, writable);
                child.is_object()
            } else {
                false
            }
        });
    }
    walk(body, "", writable);
}

type Extra = Map<String, Value>;

/// A string enum that keeps values it does not know, so a new Webex value round-trips intact.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the portal does not know.
            Other(String),
        }
        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $($text => $name::$variant,)+
                    _ => $name::Other(s),
                }
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                match v {
                    $($name::$variant => $text.to_owned(),)+
                    $name::Other(s) => s,
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// People (FACTS §8)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Person {
    pub id: String,
    pub emails: Vec<String>,
    pub display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Calling data: present only with `callingData=true` and a Webex Calling licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// Calling data: the person's Webex Calling location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    pub org_id: String,
    pub phone_numbers: Vec<PhoneNumber>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Person {
    /// The direct number in E.164 (the primary work number, else the first work number that is a
    /// full number), without the spacing Webex may include (`+1 408 526 7209`).
    pub fn direct_number(&self) -> Option<String> {
        let mut work: Vec<&PhoneNumber> = self
            .phone_numbers
            .iter()
            .filter(|n| n.kind == "work")
            .collect();
        work.sort_by_key(|n| n.primary != Some(true));
        work.into_iter()
            .map(|n| {
                n.value
                    .chars()
                    .filter(|c| *c == '+' || c.is_ascii_digit())
                    .collect::<String>()
            })
            .find(|v| v.starts_with('+'))
    }

    /// The first (primary) email address.
    pub fn email(&self) -> Option<&str> {
        self.emails.first().map(String::as_str)
    }

    /// Whether the person is a Webex Calling user (FACTS §8: `locationId` present with callingData).
    pub fn is_calling_user(&self) -> bool {
        self.location_id.is_some()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PhoneNumber {
    /// `work`, `work_extension`, `mobile`, `fax`.
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filters for [`crate::webex::WebexClient::list_people`] (FACTS §8).
#[derive(Debug, Clone, Default)]
pub struct PeopleQuery {
    /// Exact email address.
    pub email: Option<String>,
    /// Display-name prefix ("starts with").
    pub display_name: Option<String>,
    /// Person ids; more than 85 are split into several requests.
    pub ids: Vec<String>,
    /// Ask for `extension` and `locationId`.
    pub calling_data: bool,
    pub location_id: Option<String>,
    /// Page size sent as `max` (Webex caps it: 100 with callingData, 50 with locationId).
    pub max: Option<u32>,
}

// ---------------------------------------------------------------------------------------------
// Locations (tests/contract/locations-supplement.yaml: not in the subset; developer.webex.com)

/// A Webex location; the portal shows its name where a location id would otherwise appear.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Location {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Groups (FACTS §9)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    pub id: String,
    pub display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_size: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<GroupMember>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupMember {
    /// The member's person id.
    pub id: String,
    /// `user` for people.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Call forwarding (FACTS §1)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallForwardingSettings {
    pub call_forwarding: CallForwardingRules,
    pub business_continuity: ForwardTarget,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallForwardingRules {
    pub always: ForwardAlways,
    pub busy: ForwardTarget,
    pub no_answer: ForwardNoAnswer,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForwardAlways {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    pub ring_reminder_enabled: bool,
    pub destination_voicemail_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Busy forwarding and business continuity share this shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForwardTarget {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    pub destination_voicemail_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ForwardNoAnswer {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// 2..=20 on PUT (FACTS §1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_rings: Option<u32>,
    /// Read-only; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_max_number_of_rings: Option<u32>,
    pub destination_voicemail_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The parts of call forwarding a caller wants to change; `None` parts are not sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallForwardingPatch {
    pub always: Option<ForwardAlways>,
    pub busy: Option<ForwardTarget>,
    pub no_answer: Option<ForwardNoAnswer>,
    pub business_continuity: Option<ForwardTarget>,
}

impl CallForwardingPatch {
    /// The PUT body: `{callForwarding: {<changed rules>}, businessContinuity?}`, writable fields only.
    pub fn to_body(&self) -> Value {
        let mut rules = Map::new();
        put(&mut rules, "always", &self.always);
        put(&mut rules, "busy", &self.busy);
        put(&mut rules, "noAnswer", &self.no_answer);
        let mut body = Map::new();
        if !rules.is_empty() {
            body.insert("callForwarding".into(), Value::Object(rules));
        }
        put(&mut body, "businessContinuity", &self.business_continuity);
        let mut body = Value::Object(body);
        retain_writable(&mut body, CALL_FORWARDING_WRITABLE);
        body
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

fn put<T: Serialize>(map: &mut Map<String, Value>, key: &str, value: &Option<T>) {
    if let Some(v) = value {
        map.insert(
            key.to_owned(),
            serde_json::to_value(v).expect("models serialize to JSON"),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Voicemail (FACTS §2)

open_enum!(
    /// Which greeting voicemail plays.
    #[derive(Default)]
    Greeting { #[default] Default = "DEFAULT", Custom = "CUSTOM" }
);

open_enum!(
    /// Where voicemail messages are kept.
    #[derive(Default)]
    StorageType { #[default] Internal = "INTERNAL", External = "EXTERNAL" }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoicemailSettings {
    pub enabled: bool,
    pub send_all_calls: Toggle,
    pub send_busy_calls: VoicemailBusy,
    pub send_unanswered_calls: VoicemailUnanswered,
    pub notifications: VoicemailNotifications,
    pub transfer_to_number: TransferToNumber,
    pub email_copy_of_message: EmailCopyOfMessage,
    pub message_storage: MessageStorage,
    pub fax_message: FaxMessage,
    /// Read-only; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_message_forwarding_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{enabled}`: voicemail's send-all-calls and call waiting share it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Toggle {
    pub enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoicemailBusy {
    pub enabled: bool,
    pub greeting: Greeting,
    /// Read-only; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting_uploaded: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoicemailUnanswered {
    pub enabled: bool,
    pub greeting: Greeting,
    /// Read-only; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting_uploaded: Option<bool>,
    /// 2..=20 on PUT (FACTS §2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_rings: Option<u32>,
    /// Read-only; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_max_number_of_rings: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoicemailNotifications {
    pub enabled: bool,
    /// An email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// E.164, US/Canada only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_destination: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TransferToNumber {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailCopyOfMessage {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MessageStorage {
    pub mwi_enabled: bool,
    pub storage_type: StorageType,
    /// Required when `storageType` is `EXTERNAL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_email: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FaxMessage {
    pub enabled: bool,
    /// Required when `enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The parts of voicemail a caller wants to change. The client adds `notifications` and
/// `transferToNumber` from the current state when they are `None` (FACTS gotcha 5).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoicemailPatch {
    pub enabled: Option<bool>,
    pub send_all_calls: Option<Toggle>,
    pub send_busy_calls: Option<VoicemailBusy>,
    pub send_unanswered_calls: Option<VoicemailUnanswered>,
    pub notifications: Option<VoicemailNotifications>,
    pub transfer_to_number: Option<TransferToNumber>,
    pub email_copy_of_message: Option<EmailCopyOfMessage>,
    pub message_storage: Option<MessageStorage>,
    pub fax_message: Option<FaxMessage>,
}

impl VoicemailPatch {
    /// The PUT body with only the changed parts and their writable fields. Callers normally use
    /// `WebexClient::put_voicemail`, which also fills in the fields Webex requires.
    pub fn to_body(&self) -> Value {
        let mut body = Map::new();
        put(&mut body, "enabled", &self.enabled);
        put(&mut body, "sendAllCalls", &self.send_all_calls);
        put(&mut body, "sendBusyCalls", &self.send_busy_calls);
        put(
            &mut body,
            "sendUnansweredCalls",
            &self.send_unanswered_calls,
        );
        put(&mut body, "notifications", &self.notifications);
        put(&mut body, "transferToNumber", &self.transfer_to_number);
        put(&mut body, "emailCopyOfMessage", &self.email_copy_of_message);
        put(&mut body, "messageStorage", &self.message_storage);
        put(&mut body, "faxMessage", &self.fax_message);
        let mut body = Value::Object(body);
        retain_writable(&mut body, VOICEMAIL_WRITABLE);
        body
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Voicemail passcode rules. The org endpoint (`/telephony/config/voicemail/rules`) nests them in
/// `defaultVoicemailPinRules`; the user form returns them bare (FACTS §2). [`Self::passcode_rules`]
/// reads either.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VoicemailRules {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_voicemail_pin_rules: Option<PasscodeRules>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl VoicemailRules {
    pub fn passcode_rules(&self) -> PasscodeRules {
        match &self.default_voicemail_pin_rules {
            Some(rules) => rules.clone(),
            None => serde_json::from_value(Value::Object(self.extra.clone())).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasscodeRules {
    pub block_repeated_patterns_enabled: bool,
    pub block_user_number_enabled: bool,
    pub block_reversed_user_number_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_previous_passcodes: Option<BlockPreviousPasscodes>,
    pub block_reversed_old_passcode_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_repeated_digits: Option<BlockRepeatedDigits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_contiguous_sequences: Option<BlockContiguousSequences>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<PasscodeLength>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlockPreviousPasscodes {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_passcodes: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlockRepeatedDigits {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlockContiguousSequences {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_ascending_digits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_descending_digits: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasscodeLength {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Do not disturb, call waiting (FACTS §3)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DoNotDisturb {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_splash_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webex_go_override_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The DND fields to change. The client adds `webexGoOverrideEnabled` from the current state when
/// it is `None`, since the admin PUT requires it (FACTS gotcha 5).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoNotDisturbPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_splash_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webex_go_override_enabled: Option<bool>,
}

/// Call waiting is `{enabled}`.
pub type CallWaiting = Toggle;

// ---------------------------------------------------------------------------------------------
// Feature access (FACTS §3a)

open_enum!(
    /// Whether users may change a feature themselves.
    AccessLevel { FullAccess = "FULL_ACCESS", NoAccess = "NO_ACCESS" }
);

/// Feature keys of [`FeatureAccess`] the portal cares about (FACTS §3a lists all).
pub mod feature {
    pub const CALL_FORWARDING: &str = "callForwarding";
    pub const CALL_WAITING: &str = "callWaiting";
    pub const VOICEMAIL: &str = "voicemail";
    pub const SEND_CALLS_TO_VOICEMAIL: &str = "sendCallsToVoicemail";
    pub const VOICEMAIL_NOTIFICATIONS: &str = "voicemailNotifications";
    pub const VOICEMAIL_TRANSFER_NUMBER: &str = "voicemailTransferNumber";
    pub const VOICEMAIL_EMAIL_COPY: &str = "voicemailEmailCopy";
    pub const VOICEMAIL_FAX_MESSAGING: &str = "voicemailFaxMessaging";
    pub const VOICEMAIL_MESSAGE_STORAGE: &str = "voicemailMessageStorage";
}

/// What the org lets this person change themselves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FeatureAccess {
    /// `true`: the person follows the org default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_org_settings_permission_enabled: Option<bool>,
    /// The hand-written SDK calls it `userSettingsPermissions`, the generated model
    /// `userOrgSettingsPermissions` (FACTS §3a): both are read.
    #[serde(alias = "userOrgSettingsPermissions")]
    pub user_settings_permissions: BTreeMap<String, AccessLevel>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl FeatureAccess {
    /// `Some(true)` if users may change `feature` themselves, `None` if Webex did not say.
    pub fn user_may_change(&self, feature: &str) -> Option<bool> {
        self.user_settings_permissions
            .get(feature)
            .map(|level| *level == AccessLevel::FullAccess)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn person_keeps_unknown_fields() {
        let raw = json!({
            "id": "p1", "emails": ["a@example.com"], "displayName": "A B", "orgId": "o1",
            "phoneNumbers": [{"type": "work", "value": "+1 408", "primary": true, "label": "desk"}],
            "extension": "133", "locationId": "l1", "nickName": "Al", "created": "2022-01-01T00:00:00Z"
        });
        let p: Person = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(p.extension.as_deref(), Some("133"));
        assert_eq!(p.extra["nickName"], "Al");
        assert_eq!(p.phone_numbers[0].extra["label"], "desk");
        assert_eq!(serde_json::to_value(&p).unwrap(), raw);
    }

    #[test]
    fn forwarding_round_trips_and_put_omits_read_only() {
        let raw = json!({
            "callForwarding": {
                "always": {"enabled": false, "destination": "", "ringReminderEnabled": false,
                           "destinationVoicemailEnabled": false, "futureFlag": 7},
                "busy": {"enabled": true, "destination": "+14085551234", "destinationVoicemailEnabled": false},
                "noAnswer": {"enabled": true, "destination": "1234", "numberOfRings": 3,
                             "systemMaxNumberOfRings": 20, "destinationVoicemailEnabled": false},
                "selective": {"enabled": false}
            },
            "businessContinuity": {"enabled": false, "destination": "", "destinationVoicemailEnabled": false},
            "newTopLevel": {"x": 1}
        });
        let s: CallForwardingSettings = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(serde_json::to_value(&s).unwrap(), raw);

        let mut no_answer = s.call_forwarding.no_answer.clone();
        no_answer.number_of_rings = Some(5);
        let mut always = s.call_forwarding.always.clone();
        always.enabled = true;
        let patch = CallForwardingPatch {
            always: Some(always),
            no_answer: Some(no_answer),
            ..Default::default()
        };
        assert_eq!(
            patch.to_body(),
            json!({"callForwarding": {
                "always": {"enabled": true, "destination": "", "ringReminderEnabled": false,
                           "destinationVoicemailEnabled": false},
                "noAnswer": {"enabled": true, "destination": "1234", "numberOfRings": 5,
                             "destinationVoicemailEnabled": false}
            }})
        );
    }

    #[test]
    fn voicemail_put_omits_read_only_fields() {
        let raw = json!({
            "enabled": true,
            "sendAllCalls": {"enabled": false},
            "sendBusyCalls": {"enabled": true, "greeting": "CUSTOM", "greetingUploaded": true},
            "sendUnansweredCalls": {"enabled": true, "greeting": "DEFAULT", "greetingUploaded": false,
                                    "numberOfRings": 3, "systemMaxNumberOfRings": 20},
            "notifications": {"enabled": true, "destination": "a@example.com"},
            "transferToNumber": {"enabled": false},
            "emailCopyOfMessage": {"enabled": false},
            "messageStorage": {"mwiEnabled": true, "storageType": "INTERNAL"},
            "faxMessage": {"enabled": false},
            "voiceMessageForwardingEnabled": false
        });
        let v: VoicemailSettings = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(v.send_busy_calls.greeting, Greeting::Custom);
        assert_eq!(serde_json::to_value(&v).unwrap(), raw);

        let patch = VoicemailPatch {
            send_busy_calls: Some(v.send_busy_calls.clone()),
            send_unanswered_calls: Some(v.send_unanswered_calls.clone()),
            ..Default::default()
        };
        let body = patch.to_body();
        assert_eq!(
            body,
            json!({
                "sendBusyCalls": {"enabled": true, "greeting": "CUSTOM"},
                "sendUnansweredCalls": {"enabled": true, "greeting": "DEFAULT", "numberOfRings": 3}
            })
        );
        let text = body.to_string();
        for field in [
            "greetingUploaded",
            "systemMaxNumberOfRings",
            "voiceMessageForwardingEnabled",
        ] {
            assert!(!text.contains(field), "{field} in {text}");
        }
    }

    #[test]
    fn unknown_enum_values_survive() {
        let s: MessageStorage =
            serde_json::from_value(json!({"mwiEnabled": true, "storageType": "HYBRID"})).unwrap();
        assert_eq!(s.storage_type, StorageType::Other("HYBRID".into()));
        assert_eq!(serde_json::to_value(&s).unwrap()["storageType"], "HYBRID");
    }

    #[test]
    fn feature_access_reads_both_names() {
        for key in ["userSettingsPermissions", "userOrgSettingsPermissions"] {
            let f: FeatureAccess = serde_json::from_value(json!({
                "userOrgSettingsPermissionEnabled": false,
                key: {"callForwarding": "FULL_ACCESS", "voicemail": "NO_ACCESS", "newThing": "SOME"}
            }))
            .unwrap();
            assert_eq!(f.user_may_change(feature::CALL_FORWARDING), Some(true));
            assert_eq!(f.user_may_change(feature::VOICEMAIL), Some(false));
            assert_eq!(f.user_may_change(feature::CALL_WAITING), None);
            assert!(f.extra.is_empty(), "{key} was not recognised");
        }
    }

    #[test]
    fn voicemail_rules_nested_or_bare() {
        let nested: VoicemailRules = serde_json::from_value(json!({
            "defaultVoicemailPinRules": {"length": {"min": 6, "max": 30}, "blockRepeatedDigits": {"enabled": true, "max": 3}},
            "expirePasscode": {"enabled": false}
        }))
        .unwrap();
        let bare: VoicemailRules =
            serde_json::from_value(json!({"length": {"min": 6, "max": 30}, "blockRepeatedDigits": {"enabled": true, "max": 3}}))
                .unwrap();
        assert_eq!(nested.passcode_rules(), bare.passcode_rules());
        assert_eq!(nested.passcode_rules().length.unwrap().min, Some(6));
    }

    #[test]
    fn dnd_patch_sends_only_what_changed() {
        let p = DoNotDisturbPatch {
            enabled: Some(true),
            ..Default::default()
        };
        assert_eq!(serde_json::to_value(&p).unwrap(), json!({"enabled": true}));
    }
}
