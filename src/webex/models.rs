//! Typed Webex resources (tests/contract/openapi-subset.yaml and FACTS §1–§3a, §8–§10).
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
// Locations (FACTS §10.8)

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
    pub const ANONYMOUS_CALL_REJECTION: &str = "anonymousCallRejection";
    pub const BARGE_IN: &str = "bargeIn";
    /// Caller ID: whether users may block their caller ID (FACTS §3a).
    pub const BLOCK_CALLER_ID: &str = "blockCallerId";
    /// Caller ID: connected line identification restriction (FACTS §3a).
    pub const CONNECTED_LINE_IDENTITY: &str = "connectedLineIdentity";
    // Single number reach (issue 15).
    pub const SINGLE_NUMBER_REACH: &str = "singleNumberReach";
    // Call rules (FACTS §3a).
    pub const SELECTIVELY_FORWARD_CALLS: &str = "selectivelyForwardCalls";
    pub const SELECTIVELY_ACCEPT_CALLS: &str = "selectivelyAcceptCalls";
    pub const SELECTIVELY_REJECT_CALLS: &str = "selectivelyRejectCalls";
    pub const SIMULTANEOUS_RING: &str = "simultaneousRing";
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

// ---------------------------------------------------------------------------------------------
// Caller ID, admin schema (FACTS §3, §10.1: the `me` form is a different schema)

open_enum!(
    /// Which number outgoing calls show.
    CallerIdSelected { DirectLine = "DIRECT_LINE", LocationNumber = "LOCATION_NUMBER", Custom = "CUSTOM" }
);

open_enum!(
    /// Which name outgoing calls to the outside show (Webex's default is `DIRECT_LINE`).
    ExternalCallerIdNamePolicy {
        DirectLine = "DIRECT_LINE",
        Location = "LOCATION",
        /// `OTHER`: `customExternalCallerIdName`.
        CustomName = "OTHER",
    }
);

open_enum!(
    /// How the direct line's caller ID name is made (Webex's default is `FIRSTNAME_LASTNAME`).
    CallerIdNameSelection {
        CustomName = "CUSTOM_NAME",
        FirstnameLastname = "FIRSTNAME_LASTNAME",
        LastnameFirstname = "LASTNAME_FIRSTNAME",
        DisplayName = "DISPLAY_NAME",
    }
);

/// Writable fields of the caller ID PUT: the GET minus `types`, `directNumber`,
/// `extensionNumber`, `locationNumber`, `tollFreeLocationNumber`, `locationExternalCallerIdName`.
/// `firstName`/`lastName` are writable but deprecated, so the portal never sends them.
pub(crate) const CALLER_ID_WRITABLE: &[&str] = &[
    "selected",
    "customNumber",
    "blockInForwardCallsEnabled",
    "externalCallerIdNamePolicy",
    "customExternalCallerIdName",
    "additionalExternalCallerIdDirectLineEnabled",
    "additionalExternalCallerIdLocationNumberEnabled",
    "additionalExternalCallerIdCustomNumber",
    "directLineCallerIdName.selection",
    "directLineCallerIdName.customName",
    "dialByFirstName",
    "dialByLastName",
];

/// A person's caller ID (GET `/people/{id}/features/callerId`). `types` lists what `selected`
/// may be; the numbers beside it are what each choice shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallerIdSettings {
    /// Read-only: the values `selected` may take for this person.
    pub types: Vec<CallerIdSelected>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<CallerIdSelected>,
    /// Read-only: shown with `DIRECT_LINE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_number: Option<String>,
    /// Read-only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_number: Option<String>,
    /// Read-only: shown with `LOCATION_NUMBER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_number: Option<String>,
    /// Read-only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toll_free_location_number: Option<bool>,
    /// Shown with `CUSTOM`: a number of the person's location (or one like it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_number: Option<String>,
    /// Deprecated by Webex (use `directLineCallerIdName`, `dialByFirstName`); never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Deprecated by Webex; never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    pub block_in_forward_calls_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_caller_id_name_policy: Option<ExternalCallerIdNamePolicy>,
    /// Shown with the `OTHER` policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_external_caller_id_name: Option<String>,
    /// Read-only: shown with the `LOCATION` policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_external_caller_id_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_direct_line_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_location_number_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_custom_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_line_caller_id_name: Option<DirectLineCallerIdName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_by_first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_by_last_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectLineCallerIdName {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<CallerIdNameSelection>,
    /// Required with `CUSTOM_NAME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The caller ID fields to change. The PUT requires `selected`: the client adds it from the
/// current state when it is `None` (like DND's `webexGoOverrideEnabled`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerIdPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<CallerIdSelected>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_in_forward_calls_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_caller_id_name_policy: Option<ExternalCallerIdNamePolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_external_caller_id_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_direct_line_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_location_number_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_external_caller_id_custom_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_line_caller_id_name: Option<DirectLineCallerIdName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_by_first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial_by_last_name: Option<String>,
}

impl CallerIdPatch {
    /// The PUT body: the changed fields, writable ones only.
    pub fn to_body(&self) -> Value {
        let mut body = serde_json::to_value(self).expect("models serialize to JSON");
        retain_writable(&mut body, CALLER_ID_WRITABLE);
        body
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Call intercept (FACTS §3, §10.1: admin path only)

open_enum!(
    /// Which incoming calls are intercepted (wxc_sdk's default: all).
    #[derive(Default)]
    InterceptIncomingType { #[default] InterceptAll = "INTERCEPT_ALL", AllowAll = "ALLOW_ALL" }
);

open_enum!(
    /// Which outgoing calls are intercepted (wxc_sdk's default: all).
    #[derive(Default)]
    InterceptOutgoingType { #[default] InterceptAll = "INTERCEPT_ALL", AllowLocalOnly = "ALLOW_LOCAL_ONLY" }
);

/// Writable fields of the intercept PUT (the subset's PUT schema is the GET's).
pub(crate) const INTERCEPT_WRITABLE: &[&str] = &[
    "enabled",
    "incoming.type",
    "incoming.voicemailEnabled",
    "incoming.announcements.greeting",
    "incoming.announcements.filename",
    "incoming.announcements.newNumber.enabled",
    "incoming.announcements.newNumber.destination",
    "incoming.announcements.zeroTransfer.enabled",
    "incoming.announcements.zeroTransfer.destination",
    "outgoing.type",
    "outgoing.transferEnabled",
    "outgoing.destination",
];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallIntercept {
    pub enabled: bool,
    pub incoming: InterceptIncoming,
    pub outgoing: InterceptOutgoing,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InterceptIncoming {
    #[serde(rename = "type")]
    pub kind: InterceptIncomingType,
    /// Intercepted calls go to the person's voicemail.
    pub voicemail_enabled: bool,
    pub announcements: InterceptAnnouncements,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InterceptAnnouncements {
    /// `CUSTOM` plays the uploaded announcement (`filename`).
    pub greeting: Greeting,
    /// The uploaded announcement's file name; empty when none was uploaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Announce a new number to callers.
    pub new_number: InterceptNumber,
    /// Where pressing 0 transfers the caller.
    pub zero_transfer: InterceptNumber,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InterceptNumber {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InterceptOutgoing {
    #[serde(rename = "type")]
    pub kind: InterceptOutgoingType,
    /// Outgoing calls may be transferred to `destination`.
    pub transfer_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The parts of call intercept a caller wants to change; `None` parts are not sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallInterceptPatch {
    pub enabled: Option<bool>,
    pub incoming: Option<InterceptIncoming>,
    pub outgoing: Option<InterceptOutgoing>,
}

impl CallInterceptPatch {
    pub fn to_body(&self) -> Value {
        let mut body = Map::new();
        put(&mut body, "enabled", &self.enabled);
        put(&mut body, "incoming", &self.incoming);
        put(&mut body, "outgoing", &self.outgoing);
        let mut body = Value::Object(body);
        retain_writable(&mut body, INTERCEPT_WRITABLE);
        body
    }

    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Personal assistant (FACTS §10.4)

open_enum!(
    /// The person's availability (admin enum; the `me` enum lacks `NONE`).
    Presence {
        /// `NONE`: "User is available".
        Available = "NONE",
        BusinessTrip = "BUSINESS_TRIP",
        GoneForTheDay = "GONE_FOR_THE_DAY",
        Lunch = "LUNCH",
        Meeting = "MEETING",
        OutOfOffice = "OUT_OF_OFFICE",
        TemporarilyOut = "TEMPORARILY_OUT",
        Training = "TRAINING",
        Unavailable = "UNAVAILABLE",
        Vacation = "VACATION",
    }
);

open_enum!(
    /// How the personal assistant alerts the person.
    AssistantAlerting {
        AlertMeFirst = "ALERT_ME_FIRST",
        PlayRingReminder = "PLAY_RING_REMINDER",
        /// `NONE`.
        NoAlert = "NONE",
    }
);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonalAssistant {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
    /// "The date until which personal assistant is active", e.g. `2022-08-24T06:18:31.092Z`.
    /// Kept as Webex sent it: which zone Webex applies to a value without an offset, and whether
    /// it switches the assistant off when the time passes, are unknown (FACTS §10.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_date_time: Option<String>,
    pub transfer_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerting: Option<AssistantAlerting>,
    /// With `ALERT_ME_FIRST`: 2..=20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_me_first_number_of_rings: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The personal-assistant fields to change; the PUT requires none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalAssistantPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Presence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerting: Option<AssistantAlerting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_me_first_number_of_rings: Option<u32>,
}

impl PersonalAssistantPatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Anonymous call rejection, barge-in (FACTS §10.1)

/// Anonymous call rejection is `{enabled}` (its PUT requires `enabled`).
pub type AnonymousCallReject = Toggle;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BargeIn {
    pub enabled: bool,
    /// A stutter tone plays while someone barges in.
    pub tone_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The barge-in fields to change; the PUT requires none of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BargeInPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone_enabled: Option<bool>,
}

impl BargeInPatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Devices (FACTS §10.6: read only)

open_enum!(
    /// A device's connection status (DEV, plus `pending` from wxc_sdk).
    ConnectionStatus {
        Connected = "connected",
        Disconnected = "disconnected",
        ConnectedWithIssues = "connected_with_issues",
        OfflineExpired = "offline_expired",
        Activating = "activating",
        Pending = "pending",
        Unknown = "unknown",
        OfflineDeepSleep = "offline_deep_sleep",
    }
);

/// A device of `GET /devices`: what "My phones" shows. `plannedMaintenance` (a string in the
/// examples, an object in the schema) and the rest stay in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Device {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// The model, e.g. `Cisco 8865`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// A free string (`phone`, `roomdesk`, …).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_status: Option<ConnectionStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// ISO 8601, as Webex sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// The only field the schema requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Numbers (FACTS §10.7: read only)

open_enum!(
    /// What a number is to its owner.
    PhoneNumberType { Primary = "PRIMARY", Alternate = "ALTERNATE", Fax = "FAX", Dnis = "DNIS" }
);

/// A row of `GET /telephony/config/numbers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NumberEntry {
    /// Empty (`""`) on extension-only rows; see [`NumberEntry::is_extension_only`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_type: Option<PhoneNumberType>,
    /// The location's caller ID number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_number: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toll_free_number: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<IdName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<NumberOwner>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl NumberEntry {
    /// An extension without a phone number (FACTS §10.7: `phoneNumber` is `""`).
    pub fn is_extension_only(&self) -> bool {
        self.phone_number.as_deref().is_none_or(str::is_empty)
    }
}

/// `{id, name}`, as numbers and queue agents name a location.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdName {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NumberOwner {
    pub id: String,
    /// `PEOPLE`, `PLACE`, `CALL_QUEUE`, … (kept as a string: the list is long and grows).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Call queue agent (FACTS §10.5)

/// `GET /telephony/config/queues/agents/{id}`: the agent and the queues they are in. The client
/// reads every page (`max`/`start` are required) into one value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueueAgent {
    pub agent: QueueAgentInfo,
    pub queues: Vec<AgentQueue>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueueAgentInfo {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub esn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<IdName>,
    /// "Always of type `PEOPLE`, even if the agent is a workspace or virtual line".
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One queue the agent is in, and whether they have joined it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgentQueue {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    pub join_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A call queue's details (`GET /telephony/config/locations/{locationId}/queues/{queueId}`),
/// as far as the portal reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallQueueDetails {
    pub id: String,
    pub name: String,
    /// "Whether or not to allow agents to join or unjoin a queue" (FACTS §10.5); optional in the
    /// schema, so `None` means Webex did not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_agent_join_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which of one agent's queues to join (`true`) or leave: one entry per queue, only the queues
/// that change. The PUT names this agent in its path and carries nothing about other agents, so
/// no queue's membership is rewritten.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueJoinPatch {
    pub join: BTreeMap<String, bool>,
}

impl QueueJoinPatch {
    /// `{settings: [{queueId, joinEnabled}]}`.
    pub fn to_body(&self) -> Value {
        let settings: Vec<Value> = self
            .join
            .iter()
            .map(|(queue_id, join)| serde_json::json!({ "queueId": queue_id, "joinEnabled": join }))
            .collect();
        serde_json::json!({ "settings": settings })
    }

    pub fn is_empty(&self) -> bool {
        self.join.is_empty()
    }
}

// ---------------------------------------------------------------------------------------------
// Call handling rules: selective forward / accept / reject, simultaneous ring (FACTS §3, §10.1,
// §10.2)

open_enum!(
    /// Which callers a criterion covers (`callsFrom`). Forward: the first four; reject: ANY,
    /// SELECT and `FORWARDED`; accept and simultaneous ring: ANY and SELECT (FACTS §10.2).
    CallsFrom {
        AnyPhoneNumber = "ANY_PHONE_NUMBER",
        SelectPhoneNumbers = "SELECT_PHONE_NUMBERS",
        AnyInternal = "ANY_INTERNAL",
        AnyExternal = "ANY_EXTERNAL",
        Forwarded = "FORWARDED",
    }
);

open_enum!(
    /// The parent GET's summary of `callsFrom` (`source`, FACTS §10.2).
    CriteriaSource {
        AllNumbers = "ALL_NUMBERS",
        SpecificNumbers = "SPECIFIC_NUMBERS",
        AnyInternal = "ANY_INTERNAL",
        AnyExternal = "ANY_EXTERNAL",
        Forwarded = "FORWARDED",
    }
);

open_enum!(
    /// A schedule's type (FACTS §10.3).
    ScheduleType { BusinessHours = "businessHours", Holidays = "holidays" }
);

open_enum!(
    /// Whose schedule a criterion names, or a schedule list row's `level` (FACTS §10.2: send
    /// `PEOPLE` for a person schedule, `LOCATION` for a location schedule).
    ScheduleLevel { People = "PEOPLE", Location = "LOCATION", Group = "GROUP" }
);

/// The four features whose rules are lists of criteria on the admin path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    SelectiveForward,
    SelectiveAccept,
    SelectiveReject,
    SimultaneousRing,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::SelectiveForward,
        RuleKind::SelectiveAccept,
        RuleKind::SelectiveReject,
        RuleKind::SimultaneousRing,
    ];

    /// The path segment under `/telephony/config/people/{personId}/`.
    pub fn segment(self) -> &'static str {
        match self {
            RuleKind::SelectiveForward => "selectiveForward",
            RuleKind::SelectiveAccept => "selectiveAccept",
            RuleKind::SelectiveReject => "selectiveReject",
            RuleKind::SimultaneousRing => "simultaneousRing",
        }
    }

    /// The criterion's action flag as the admin POST/PUT name it (FACTS §10.2).
    pub fn action_key(self) -> &'static str {
        match self {
            RuleKind::SelectiveForward => "forwardEnabled",
            RuleKind::SelectiveAccept => "acceptEnabled",
            RuleKind::SelectiveReject => "rejectEnabled",
            RuleKind::SimultaneousRing => "ringEnabled",
        }
    }

    /// The fields the admin criteria POST and PUT require (FACTS §10.2; simultaneous ring's PUT
    /// requires none, its POST `callsFrom` and `ringEnabled`).
    pub fn required_on_write(self) -> &'static [&'static str] {
        match self {
            RuleKind::SelectiveForward => &[
                "forwardToPhoneNumber",
                "sendToVoicemailEnabled",
                "callsFrom",
            ],
            RuleKind::SelectiveAccept => &["callsFrom", "acceptEnabled"],
            RuleKind::SelectiveReject => &["callsFrom", "rejectEnabled"],
            RuleKind::SimultaneousRing => &["callsFrom", "ringEnabled"],
        }
    }
}

/// `*Enabled` keys that are not a criterion's action flag.
const NOT_ACTION_KEYS: &[&str] = &[
    "anonymousCallersEnabled",
    "unavailableCallersEnabled",
    "sendToVoicemailEnabled",
    "destinationVoicemailEnabled",
];

/// The action flag among unknown fields: the documented one for `kind` first, else any other
/// `*Enabled` key (FACTS §10.2: selective forward's summaries come as `forwardEnabled` or
/// `ringEnabled` depending on the source).
fn action_flag(extra: &Extra, kind: Option<RuleKind>) -> Option<bool> {
    if let Some(kind) = kind
        && let Some(v) = extra.get(kind.action_key()).and_then(Value::as_bool)
    {
        return Some(v);
    }
    extra
        .iter()
        .filter(|(k, _)| k.ends_with("Enabled") && !NOT_ACTION_KEYS.contains(&k.as_str()))
        .find_map(|(_, v)| v.as_bool())
}

/// Either voicemail name (FACTS §10.2: admin `sendToVoicemailEnabled`, `me` and the official
/// admin parent GET `destinationVoicemailEnabled`).
fn voicemail_flag(extra: &Extra) -> Option<bool> {
    ["sendToVoicemailEnabled", "destinationVoicemailEnabled"]
        .iter()
        .find_map(|k| extra.get(*k).and_then(Value::as_bool))
}

/// A row of a parent GET's `criteria` list. The action flag stays in `extra` under whatever name
/// Webex sent; read it with [`CriterionSummary::action_enabled`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CriterionSummary {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<CriteriaSource>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl CriterionSummary {
    /// `false` makes a "don't forward / accept / reject / ring" rule; `None` if Webex sent none.
    pub fn action_enabled(&self) -> Option<bool> {
        action_flag(&self.extra, None)
    }
}

/// One criterion (`GET …/criteria/{id}`), the same shape for the four features; `forwardToPhoneNumber`
/// is selective forward's. The action and voicemail flags stay in `extra` (see the accessors).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Criterion {
    pub id: String,
    /// With neither name nor type the criterion covers all hours of all days (FACTS §10.2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_type: Option<ScheduleType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_level: Option<ScheduleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_from: Option<CallsFrom>,
    pub anonymous_callers_enabled: bool,
    pub unavailable_callers_enabled: bool,
    /// Not necessarily E.164 (FACTS §10.2): compare after normalising.
    pub phone_numbers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward_to_phone_number: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Criterion {
    /// The action flag (`forwardEnabled`, `acceptEnabled`, … or any `*Enabled` key).
    pub fn action_enabled(&self, kind: RuleKind) -> Option<bool> {
        action_flag(&self.extra, Some(kind))
    }

    /// Selective forward: the call goes to voicemail instead of the number.
    pub fn send_to_voicemail(&self) -> Option<bool> {
        voicemail_flag(&self.extra)
    }
}

/// The criterion fields to send on POST or PUT; `None` is not sent. The client adds the fields
/// the admin write requires from the current criterion ([`RuleKind::required_on_write`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_type: Option<ScheduleType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_level: Option<ScheduleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calls_from: Option<CallsFrom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anonymous_callers_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable_callers_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward_to_phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_to_voicemail_enabled: Option<bool>,
    /// Sent under the feature's own key ([`RuleKind::action_key`]).
    #[serde(skip)]
    pub action_enabled: Option<bool>,
}

impl CriterionPatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// The body for `kind`, with the missing required fields taken from `current` (a PUT) when
    /// given.
    pub fn to_body(&self, kind: RuleKind, current: Option<&Criterion>) -> Value {
        let mut body = serde_json::to_value(self).expect("patch serializes");
        if let Some(v) = self.action_enabled {
            body[kind.action_key()] = v.into();
        }
        if let Some(c) = current {
            let fill = |key: &str| -> Option<Value> {
                match key {
                    "callsFrom" => c.calls_from.clone().map(|v| Value::String(v.into())),
                    "forwardToPhoneNumber" => c.forward_to_phone_number.clone().map(Value::String),
                    "sendToVoicemailEnabled" => Some(c.send_to_voicemail().unwrap_or(false).into()),
                    k if k == kind.action_key() => {
                        Some(c.action_enabled(kind).unwrap_or(true).into())
                    }
                    _ => None,
                }
            };
            for key in kind.required_on_write() {
                if body.get(*key).is_none()
                    && let Some(v) = fill(key)
                {
                    body[*key] = v;
                }
            }
        }
        body
    }

    /// The patch that turns `before` into `after`: only the fields that differ.
    pub fn between(kind: RuleKind, before: &Criterion, after: &Criterion) -> CriterionPatch {
        fn diff<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        CriterionPatch {
            schedule_name: diff(&before.schedule_name, &after.schedule_name).flatten(),
            schedule_type: diff(&before.schedule_type, &after.schedule_type).flatten(),
            schedule_level: diff(&before.schedule_level, &after.schedule_level).flatten(),
            calls_from: diff(&before.calls_from, &after.calls_from).flatten(),
            anonymous_callers_enabled: diff(
                &before.anonymous_callers_enabled,
                &after.anonymous_callers_enabled,
            ),
            unavailable_callers_enabled: diff(
                &before.unavailable_callers_enabled,
                &after.unavailable_callers_enabled,
            ),
            phone_numbers: diff(&before.phone_numbers, &after.phone_numbers),
            forward_to_phone_number: diff(
                &before.forward_to_phone_number,
                &after.forward_to_phone_number,
            )
            .flatten(),
            send_to_voicemail_enabled: diff(
                &before.send_to_voicemail(),
                &after.send_to_voicemail(),
            )
            .flatten(),
            action_enabled: diff(&before.action_enabled(kind), &after.action_enabled(kind))
                .flatten(),
        }
    }
}

/// Selective forward (`GET /telephony/config/people/{id}/selectiveForward`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SelectiveForward {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_phone_number_to_forward: Option<String>,
    pub ring_reminder_enabled: bool,
    pub criteria: Vec<CriterionSummary>,
    /// `sendToVoicemailEnabled` / `destinationVoicemailEnabled` stay here: see
    /// [`SelectiveForward::send_to_voicemail`].
    #[serde(flatten)]
    pub extra: Extra,
}

impl SelectiveForward {
    pub fn send_to_voicemail(&self) -> bool {
        voicemail_flag(&self.extra).unwrap_or(false)
    }
}

/// The selective-forward fields to change. The PUT requires `enabled`: the client adds the
/// current value when it is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectiveForwardPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_phone_number_to_forward: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ring_reminder_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_to_voicemail_enabled: Option<bool>,
}

impl SelectiveForwardPatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// Selective accept and selective reject: `{enabled, criteria}` (their PUT is `{enabled*}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SelectiveCalls {
    pub enabled: bool,
    pub criteria: Vec<CriterionSummary>,
    #[serde(flatten)]
    pub extra: Extra,
}

pub type SelectiveAccept = SelectiveCalls;
pub type SelectiveReject = SelectiveCalls;

/// A number simultaneous ring rings too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimultaneousRingNumber {
    pub phone_number: String,
    pub answer_confirmation_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Simultaneous ring (`GET /telephony/config/people/{id}/simultaneousRing`; people scopes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SimultaneousRing {
    pub enabled: bool,
    pub do_not_ring_if_on_call_enabled: bool,
    /// The criteria apply (else the numbers ring for every call).
    pub criterias_enabled: bool,
    /// Up to 10 (the spec's PUT description).
    pub phone_numbers: Vec<SimultaneousRingNumber>,
    pub criteria: Vec<CriterionSummary>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The simultaneous-ring fields to change; the PUT requires none. `phone_numbers` replaces the
/// whole list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimultaneousRingPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_ring_if_on_call_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterias_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Vec<SimultaneousRingNumber>>,
}

impl SimultaneousRingPatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Single number reach (FACTS §3: telephony_config scopes)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SingleNumberReachNumber {
    pub id: String,
    pub phone_number: String,
    pub enabled: bool,
    pub name: String,
    pub do_not_forward_calls_enabled: bool,
    pub answer_confirmation_enabled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SingleNumberReach {
    /// Read only: the PUT takes only `alertAllNumbersForClickToDialCallsEnabled`.
    pub enabled: bool,
    pub alert_all_numbers_for_click_to_dial_calls_enabled: bool,
    pub numbers: Vec<SingleNumberReachNumber>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A number to add or edit; POST and PUT both require `phoneNumber`, `enabled` and `name`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SingleNumberReachNumberBody {
    pub phone_number: String,
    pub enabled: bool,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_forward_calls_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_confirmation_enabled: Option<bool>,
}

// ---------------------------------------------------------------------------------------------
// Schedules (FACTS §10.3)

/// A row of a schedule list (person: `level`; location: `locationName`, `locationId`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleSummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub schedule_type: Option<ScheduleType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<ScheduleLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecurDaily {
    pub recur_interval: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecurWeekly {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_interval: Option<u32>,
    pub sunday: bool,
    pub monday: bool,
    pub tuesday: bool,
    pub wednesday: bool,
    pub thursday: bool,
    pub friday: bool,
    pub saturday: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl RecurWeekly {
    /// Whether the day (0 = Monday … 6 = Sunday) is on.
    pub fn on(&self, monday_based: u8) -> bool {
        match monday_based {
            0 => self.monday,
            1 => self.tuesday,
            2 => self.wednesday,
            3 => self.thursday,
            4 => self.friday,
            5 => self.saturday,
            _ => self.sunday,
        }
    }
}

/// An event's recurrence; location schedules add `recurYearlyByDate` / `recurYearlyByDay`
/// (kept in `extra`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Recurrence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_for_ever: Option<bool>,
    /// YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_end_occurrence: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_daily: Option<RecurDaily>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur_weekly: Option<RecurWeekly>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A schedule event: dates YYYY-MM-DD, times HH:MM (24 h).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleEvent {
    /// Absent from events nested in a person schedule GET (the spec's `EventLongDetails`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    pub all_day_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schedule {
    pub id: String,
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub schedule_type: Option<ScheduleType>,
    pub events: Vec<ScheduleEvent>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An event as POST and PUT send it (no id; the person event POST/PUT require the times even for
/// an all-day event, FACTS §10.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleEventBody {
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    pub start_time: String,
    pub end_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_day_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
}

impl From<&ScheduleEvent> for ScheduleEventBody {
    fn from(e: &ScheduleEvent) -> Self {
        ScheduleEventBody {
            name: e.name.clone(),
            start_date: e.start_date.clone(),
            end_date: e.end_date.clone(),
            start_time: e.start_time.clone().unwrap_or_else(|| "00:00".into()),
            end_time: e.end_time.clone().unwrap_or_else(|| "23:59".into()),
            all_day_enabled: Some(e.all_day_enabled),
            recurrence: e.recurrence.clone(),
        }
    }
}

/// A new person schedule (POST requires `name`, `type`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSchedule {
    pub name: String,
    #[serde(rename = "type")]
    pub schedule_type: ScheduleType,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<ScheduleEventBody>,
}

/// A change to a person schedule. The PUT requires `newName`, `name` and `type`: the client adds
/// the current name and type; `new_name` `None` keeps the name. `events`, when given, replaces
/// the events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchedulePatch {
    pub new_name: Option<String>,
    pub events: Option<Vec<ScheduleEventBody>>,
}

impl SchedulePatch {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
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

    #[test]
    fn caller_id_round_trips_and_put_sends_only_writable_fields() {
        let raw = json!({
            "types": ["DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM"], "selected": "DIRECT_LINE",
            "directNumber": "+16175550001", "extensionNumber": "1001", "locationNumber": "+16175550000",
            "tollFreeLocationNumber": false, "firstName": "Alice", "lastName": "Anderson",
            "blockInForwardCallsEnabled": false, "externalCallerIdNamePolicy": "DIRECT_LINE",
            "locationExternalCallerIdName": "Boston HQ",
            "directLineCallerIdName": {"selection": "FIRSTNAME_LASTNAME", "future": 1},
            "dialByFirstName": "Alice", "dialByLastName": "Anderson", "newThing": true
        });
        let c: CallerIdSettings = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(c.types.len(), 3);
        assert_eq!(serde_json::to_value(&c).unwrap(), raw);

        let patch = CallerIdPatch {
            selected: Some(CallerIdSelected::Custom),
            custom_number: Some("+16175550002".into()),
            direct_line_caller_id_name: c.direct_line_caller_id_name.clone(),
            ..Default::default()
        };
        assert_eq!(
            patch.to_body(),
            json!({"selected": "CUSTOM", "customNumber": "+16175550002",
                   "directLineCallerIdName": {"selection": "FIRSTNAME_LASTNAME"}})
        );
        assert!(CallerIdPatch::default().is_empty());
    }

    #[test]
    fn intercept_round_trips_and_patch_keeps_only_its_parts() {
        let raw = json!({
            "enabled": true,
            "incoming": {"type": "INTERCEPT_ALL", "voicemailEnabled": false,
                         "announcements": {"greeting": "CUSTOM", "filename": "moved.wav",
                                           "newNumber": {"enabled": true, "destination": "+13125550009"},
                                           "zeroTransfer": {"enabled": false, "later": 2}}},
            "outgoing": {"type": "ALLOW_LOCAL_ONLY", "transferEnabled": false}
        });
        let i: CallIntercept = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(i.outgoing.kind, InterceptOutgoingType::AllowLocalOnly);
        assert_eq!(i.incoming.announcements.greeting, Greeting::Custom);
        assert_eq!(serde_json::to_value(&i).unwrap(), raw);
        let patch = CallInterceptPatch {
            incoming: Some(i.incoming.clone()),
            ..Default::default()
        };
        let body = patch.to_body();
        assert_eq!(
            body["incoming"]["announcements"]["newNumber"]["destination"],
            "+13125550009"
        );
        assert!(body.get("outgoing").is_none() && body.get("enabled").is_none());
        assert!(!body.to_string().contains("later"), "{body}");
    }

    #[test]
    fn personal_assistant_names_none_and_sends_only_what_changed() {
        let pa: PersonalAssistant = serde_json::from_value(json!({
            "enabled": true, "presence": "NONE", "alerting": "NONE", "untilDateTime": "2026-03-28T14:30:00Z"
        }))
        .unwrap();
        assert_eq!(pa.presence, Some(Presence::Available));
        assert_eq!(pa.alerting, Some(AssistantAlerting::NoAlert));
        let patch = PersonalAssistantPatch {
            presence: Some(Presence::Vacation),
            alert_me_first_number_of_rings: Some(4),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!({"presence": "VACATION", "alertMeFirstNumberOfRings": 4})
        );
        assert_eq!(
            serde_json::to_value(BargeInPatch {
                tone_enabled: Some(false),
                ..Default::default()
            })
            .unwrap(),
            json!({"toneEnabled": false})
        );
    }

    #[test]
    fn devices_numbers_and_queues_read_leniently() {
        let d: Device = serde_json::from_value(json!({
            "id": "d1", "created": "2016-04-21T17:00:00.000Z", "connectionStatus": "napping",
            "plannedMaintenance": "off", "type": "phone"
        }))
        .unwrap();
        assert_eq!(
            d.connection_status,
            Some(ConnectionStatus::Other("napping".into()))
        );
        assert_eq!(d.extra["plannedMaintenance"], "off");
        let d: Device =
            serde_json::from_value(json!({"id": "d2", "plannedMaintenance": {"mode": "on"}}))
                .unwrap();
        assert_eq!(d.extra["plannedMaintenance"]["mode"], "on");

        let n: NumberEntry = serde_json::from_value(
            json!({"phoneNumber": "", "extension": "1003", "phoneNumberType": "PRIMARY"}),
        )
        .unwrap();
        assert!(n.is_extension_only());
        let n: NumberEntry = serde_json::from_value(
            json!({"phoneNumber": "+16175559000", "phoneNumberType": "ALTERNATE"}),
        )
        .unwrap();
        assert!(!n.is_extension_only());
        assert_eq!(n.phone_number_type, Some(PhoneNumberType::Alternate));

        let a: QueueAgent = serde_json::from_value(json!({
            "agent": {"id": "p1", "type": "PEOPLE", "location": {"id": "l1", "name": "Boston"}},
            "queues": [{"id": "q1", "name": "Sales", "joinEnabled": true, "locationName": "Boston"}]
        }))
        .unwrap();
        assert!(a.queues[0].join_enabled);
    }

    #[test]
    fn queue_join_patch_carries_one_entry_per_changed_queue() {
        let mut patch = QueueJoinPatch::default();
        assert!(patch.is_empty());
        patch.join.insert("q2".into(), false);
        patch.join.insert("q1".into(), true);
        patch.join.insert("q2".into(), true);
        assert_eq!(
            patch.to_body(),
            json!({"settings": [{"queueId": "q1", "joinEnabled": true},
                                {"queueId": "q2", "joinEnabled": true}]})
        );
    }

    #[test]
    fn criteria_read_any_action_key_and_either_voicemail_name() {
        // FACTS §10.2: the official parent GET says `ringEnabled` and
        // `destinationVoicemailEnabled`, wxc_sdk `forwardEnabled` and `sendToVoicemailEnabled`.
        let official: SelectiveForward = serde_json::from_value(json!({
            "enabled": true, "destinationVoicemailEnabled": true,
            "criteria": [{"id": "c1", "source": "SPECIFIC_NUMBERS", "ringEnabled": false}]
        }))
        .unwrap();
        assert!(official.send_to_voicemail());
        assert_eq!(official.criteria[0].action_enabled(), Some(false));
        assert_eq!(
            official.criteria[0].source,
            Some(CriteriaSource::SpecificNumbers)
        );
        let sdk: SelectiveForward = serde_json::from_value(json!({
            "enabled": true, "sendToVoicemailEnabled": false, "destinationVoicemailEnabled": false,
            "criteria": [{"id": "c1", "source": "ANY_FUTURE", "forwardEnabled": true}]
        }))
        .unwrap();
        assert!(!sdk.send_to_voicemail());
        assert_eq!(sdk.criteria[0].action_enabled(), Some(true));
        assert_eq!(
            sdk.criteria[0].source,
            Some(CriteriaSource::Other("ANY_FUTURE".into()))
        );
        // Unknown fields survive a round trip.
        let back = serde_json::to_value(&sdk).unwrap();
        assert_eq!(back["criteria"][0]["forwardEnabled"], true);
        assert_eq!(back["destinationVoicemailEnabled"], false);
        let c: Criterion = serde_json::from_value(json!({
            "id": "c1", "callsFrom": "ANY_PHONE_NUMBER", "anonymousCallersEnabled": true,
            "acceptEnabled": false
        }))
        .unwrap();
        assert_eq!(c.action_enabled(RuleKind::SelectiveAccept), Some(false));
        assert_eq!(c.send_to_voicemail(), None);
    }

    #[test]
    fn criterion_patches_send_the_change_and_fill_what_the_put_requires() {
        let current: Criterion = serde_json::from_value(json!({
            "id": "c1", "forwardToPhoneNumber": "+16175550199", "sendToVoicemailEnabled": false,
            "callsFrom": "SELECT_PHONE_NUMBERS", "phoneNumbers": ["+14085550100"],
            "anonymousCallersEnabled": false, "unavailableCallersEnabled": false,
            "forwardEnabled": true
        }))
        .unwrap();
        let mut after = current.clone();
        after.phone_numbers.push("+14085550101".into());
        let patch = CriterionPatch::between(RuleKind::SelectiveForward, &current, &after);
        assert_eq!(
            patch.to_body(RuleKind::SelectiveForward, Some(&current)),
            json!({"phoneNumbers": ["+14085550100", "+14085550101"],
                   "forwardToPhoneNumber": "+16175550199", "sendToVoicemailEnabled": false,
                   "callsFrom": "SELECT_PHONE_NUMBERS"})
        );
        let flip = CriterionPatch {
            action_enabled: Some(false),
            ..Default::default()
        };
        assert_eq!(
            flip.to_body(RuleKind::SelectiveReject, None),
            json!({"rejectEnabled": false})
        );
        assert!(CriterionPatch::between(RuleKind::SelectiveForward, &current, &current).is_empty());
    }
}
