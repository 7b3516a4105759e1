//! Person call settings on the admin paths (FACTS §1, §2, §3, §3a, §10): forwarding, voicemail
//! (greetings, PIN reset, passcode and the org's passcode rules), Do Not Disturb, call waiting,
//! feature access, caller ID, call intercept (and its announcement), personal assistant,
//! anonymous call rejection, barge-in.
//! Validation is written from the spec: field types, enums, ranges, required fields and the rules
//! the field descriptions state. PUT answers 204 and changes only what the body carries.

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::{Multipart, Path, Query, State, multipart::MultipartRejection},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

use super::{
    Shared,
    api::{self, ApiError, Caller, TrackingId},
    seed,
    state::{Person, Principal, State as World, deep_merge},
};

/// The features whose state the simulator keeps per person (and `person_setting` reads).
pub(crate) const FEATURES: &[&str] = &[
    "callForwarding",
    "voicemail",
    "doNotDisturb",
    "callWaiting",
    "permissions",
    "callerId",
    "intercept",
    "personalAssistant",
    "anonymousCallReject",
    "bargeIn",
    "selectiveForward",
    "selectiveAccept",
    "selectiveReject",
    "simultaneousRing",
    "singleNumberReach",
    "schedules",
];

/// FACTS §3a feature keys.
const FEATURE_ACCESS_KEYS: &[&str] = &[
    "anonymousCallRejection",
    "bargeIn",
    "blockCallerId",
    "callForwarding",
    "callWaiting",
    "callNotify",
    "connectedLineIdentity",
    "executive",
    "hoteling",
    "priorityAlert",
    "selectivelyAcceptCalls",
    "selectivelyRejectCalls",
    "selectivelyForwardCalls",
    "sequentialRing",
    "simultaneousRing",
    "singleNumberReach",
    "voicemail",
    "sendCallsToVoicemail",
    "voicemailEmailCopy",
    "voicemailFaxMessaging",
    "voicemailMessageStorage",
    "voicemailNotifications",
    "voicemailTransferNumber",
    "generateActivationCode",
    "voicemailDownload",
    "speedDial",
];
const ACCESS_LEVELS: &[&str] = &["FULL_ACCESS", "NO_ACCESS"];

/// Greeting uploads: "WAV format and not exceed 5000 kilobytes" (FACTS §2).
const MAX_GREETING_BYTES: usize = 5000 * 1024;

pub(crate) fn default_feature_access() -> Value {
    Value::Object(
        FEATURE_ACCESS_KEYS
            .iter()
            .map(|k| (k.to_string(), json!("FULL_ACCESS")))
            .collect(),
    )
}

pub(crate) fn default_voicemail_rules() -> Value {
    json!({
        "blockRepeatedPatternsEnabled": true,
        "blockUserNumberEnabled": true,
        "blockReversedUserNumberEnabled": true,
        "blockPreviousPasscodes": { "enabled": true, "numberOfPasscodes": 3 },
        "blockReversedOldPasscodeEnabled": true,
        "blockRepeatedDigits": { "enabled": true, "max": 3 },
        "blockContiguousSequences": {
            "enabled": true, "numberOfAscendingDigits": 3, "numberOfDescendingDigits": 3
        },
        "length": { "min": 6, "max": 30 },
    })
}

/// A feature's state before anyone changed it (wxc_sdk's defaults, FACTS §1, §2).
pub(crate) fn default_setting(world: &World, p: &Person, feature: &str) -> Value {
    let max = world
        .org(&p.org)
        .map_or(seed::DEFAULT_SYSTEM_MAX_RINGS, |o| o.system_max_rings);
    match feature {
        "callForwarding" => json!({
            "callForwarding": {
                "always": { "enabled": false, "ringReminderEnabled": false,
                            "destinationVoicemailEnabled": false },
                "busy": { "enabled": false, "destinationVoicemailEnabled": false },
                "noAnswer": { "enabled": false, "numberOfRings": 3, "systemMaxNumberOfRings": max,
                              "destinationVoicemailEnabled": false },
            },
            "businessContinuity": { "enabled": false, "destinationVoicemailEnabled": false },
        }),
        "voicemail" => json!({
            "enabled": true,
            "sendAllCalls": { "enabled": false },
            "sendBusyCalls": { "enabled": true, "greeting": "DEFAULT", "greetingUploaded": false },
            "sendUnansweredCalls": { "enabled": true, "greeting": "DEFAULT", "greetingUploaded": false,
                                     "numberOfRings": 3, "systemMaxNumberOfRings": max },
            "notifications": { "enabled": false },
            "transferToNumber": { "enabled": false },
            "emailCopyOfMessage": { "enabled": false },
            "messageStorage": { "mwiEnabled": true, "storageType": "INTERNAL" },
            "faxMessage": { "enabled": false },
            "voiceMessageForwardingEnabled": true,
        }),
        "doNotDisturb" => json!({
            "enabled": false, "ringSplashEnabled": false, "webexGoOverrideEnabled": false
        }),
        "callWaiting" => json!({ "enabled": true }),
        // The choices follow the person's numbers: no direct number, no DIRECT_LINE.
        "callerId" => {
            let calling = p.calling.as_ref();
            let direct = calling.and_then(|c| c.phone_number.clone());
            let location_number = calling.and_then(|c| location_main_number(world, &c.location));
            let mut types = Vec::new();
            if direct.is_some() {
                types.push("DIRECT_LINE");
            }
            if location_number.is_some() {
                types.push("LOCATION_NUMBER");
            }
            types.push("CUSTOM");
            let mut v = json!({
                "types": types,
                "selected": types[0],
                "extensionNumber": calling.map(|c| c.extension.clone()).unwrap_or_default(),
                "tollFreeLocationNumber": false,
                "firstName": p.first_name,
                "lastName": p.last_name,
                "blockInForwardCallsEnabled": false,
                "externalCallerIdNamePolicy": "DIRECT_LINE",
                "locationExternalCallerIdName": calling
                    .and_then(|c| world.location(&c.location))
                    .map(|l| l.name.clone())
                    .unwrap_or_default(),
                "additionalExternalCallerIdDirectLineEnabled": false,
                "additionalExternalCallerIdLocationNumberEnabled": false,
                "directLineCallerIdName": { "selection": "FIRSTNAME_LASTNAME" },
                "dialByFirstName": p.first_name,
                "dialByLastName": p.last_name,
            });
            if let Some(d) = direct {
                v["directNumber"] = d.into();
            }
            if let Some(n) = location_number {
                v["locationNumber"] = n.into();
            }
            v
        }
        // wxc_sdk's defaults (intercept off; if switched on, everything intercepted).
        "intercept" => json!({
            "enabled": false,
            "incoming": {
                "type": "INTERCEPT_ALL",
                "voicemailEnabled": false,
                "announcements": {
                    "greeting": "DEFAULT",
                    "filename": "",
                    "newNumber": { "enabled": false },
                    "zeroTransfer": { "enabled": false },
                },
            },
            "outgoing": { "type": "INTERCEPT_ALL", "transferEnabled": false },
        }),
        "personalAssistant" => json!({
            "enabled": false,
            "presence": "NONE",
            "transferEnabled": false,
            "alerting": "ALERT_ME_FIRST",
            "alertMeFirstNumberOfRings": 3,
        }),
        "anonymousCallReject" => json!({ "enabled": false }),
        "bargeIn" => json!({ "enabled": false, "toneEnabled": true }),
        "permissions" => json!({
            "userOrgSettingsPermissionEnabled": true,
            "userSettingsPermissions": {},
        }),
        other => super::rules::default_setting(other).unwrap_or_else(|| json!({})),
    }
}

/// The shape a PUT body may have; fields not listed (including read-only ones) are refused.
#[derive(Clone, Copy)]
pub(crate) enum Spec {
    Bool,
    Str,
    Int(i64, i64),
    Enum(&'static [&'static str]),
    Obj(&'static [(&'static str, Spec)]),
    /// A list whose items all have this shape.
    Arr(&'static Spec),
}

use Spec::*;

const GREETING: Spec = Enum(&["DEFAULT", "CUSTOM"]);
const RINGS: Spec = Int(2, 20);
const FORWARD_TARGET: Spec = Obj(&[
    ("enabled", Bool),
    ("destination", Str),
    ("destinationVoicemailEnabled", Bool),
]);
const FORWARDING_PUT: Spec = Obj(&[
    (
        "callForwarding",
        Obj(&[
            (
                "always",
                Obj(&[
                    ("enabled", Bool),
                    ("destination", Str),
                    ("ringReminderEnabled", Bool),
                    ("destinationVoicemailEnabled", Bool),
                ]),
            ),
            ("busy", FORWARD_TARGET),
            (
                "noAnswer",
                Obj(&[
                    ("enabled", Bool),
                    ("destination", Str),
                    ("numberOfRings", RINGS),
                    ("destinationVoicemailEnabled", Bool),
                ]),
            ),
        ]),
    ),
    ("businessContinuity", FORWARD_TARGET),
]);
const VOICEMAIL_PUT: Spec = Obj(&[
    ("enabled", Bool),
    ("sendAllCalls", Obj(&[("enabled", Bool)])),
    (
        "sendBusyCalls",
        Obj(&[("enabled", Bool), ("greeting", GREETING)]),
    ),
    (
        "sendUnansweredCalls",
        Obj(&[
            ("enabled", Bool),
            ("greeting", GREETING),
            ("numberOfRings", RINGS),
        ]),
    ),
    (
        "notifications",
        Obj(&[
            ("enabled", Bool),
            ("destination", Str),
            ("smsDestination", Str),
        ]),
    ),
    (
        "transferToNumber",
        Obj(&[("enabled", Bool), ("destination", Str)]),
    ),
    (
        "emailCopyOfMessage",
        Obj(&[("enabled", Bool), ("emailId", Str)]),
    ),
    (
        "messageStorage",
        Obj(&[
            ("mwiEnabled", Bool),
            ("storageType", Enum(&["INTERNAL", "EXTERNAL"])),
            ("externalEmail", Str),
        ]),
    ),
    (
        "faxMessage",
        Obj(&[("enabled", Bool), ("phoneNumber", Str), ("extension", Str)]),
    ),
]);
const DND_PUT: Spec = Obj(&[
    ("enabled", Bool),
    ("ringSplashEnabled", Bool),
    ("webexGoOverrideEnabled", Bool),
]);
const CALL_WAITING_PUT: Spec = Obj(&[("enabled", Bool)]);
const CALLER_ID_PUT: Spec = Obj(&[
    (
        "selected",
        Enum(&["DIRECT_LINE", "LOCATION_NUMBER", "CUSTOM"]),
    ),
    ("customNumber", Str),
    ("firstName", Str),
    ("lastName", Str),
    ("blockInForwardCallsEnabled", Bool),
    (
        "externalCallerIdNamePolicy",
        Enum(&["DIRECT_LINE", "LOCATION", "OTHER"]),
    ),
    ("customExternalCallerIdName", Str),
    ("additionalExternalCallerIdDirectLineEnabled", Bool),
    ("additionalExternalCallerIdLocationNumberEnabled", Bool),
    ("additionalExternalCallerIdCustomNumber", Str),
    (
        "directLineCallerIdName",
        Obj(&[
            (
                "selection",
                Enum(&[
                    "CUSTOM_NAME",
                    "FIRSTNAME_LASTNAME",
                    "LASTNAME_FIRSTNAME",
                    "DISPLAY_NAME",
                ]),
            ),
            ("customName", Str),
        ]),
    ),
    ("dialByFirstName", Str),
    ("dialByLastName", Str),
]);
const INTERCEPT_NUMBER: Spec = Obj(&[("enabled", Bool), ("destination", Str)]);
const INTERCEPT_PUT: Spec = Obj(&[
    ("enabled", Bool),
    (
        "incoming",
        Obj(&[
            ("type", Enum(&["INTERCEPT_ALL", "ALLOW_ALL"])),
            ("voicemailEnabled", Bool),
            (
                "announcements",
                Obj(&[
                    ("greeting", GREETING),
                    ("filename", Str),
                    ("newNumber", INTERCEPT_NUMBER),
                    ("zeroTransfer", INTERCEPT_NUMBER),
                ]),
            ),
        ]),
    ),
    (
        "outgoing",
        Obj(&[
            ("type", Enum(&["INTERCEPT_ALL", "ALLOW_LOCAL_ONLY"])),
            ("transferEnabled", Bool),
            ("destination", Str),
        ]),
    ),
]);
const PERSONAL_ASSISTANT_PUT: Spec = Obj(&[
    ("enabled", Bool),
    (
        "presence",
        Enum(&[
            "NONE",
            "BUSINESS_TRIP",
            "GONE_FOR_THE_DAY",
            "LUNCH",
            "MEETING",
            "OUT_OF_OFFICE",
            "TEMPORARILY_OUT",
            "TRAINING",
            "UNAVAILABLE",
            "VACATION",
        ]),
    ),
    ("untilDateTime", Str),
    ("transferEnabled", Bool),
    ("transferNumber", Str),
    (
        "alerting",
        Enum(&["ALERT_ME_FIRST", "PLAY_RING_REMINDER", "NONE"]),
    ),
    // "available range is 2-20" (FACTS §10.4).
    ("alertMeFirstNumberOfRings", RINGS),
]);
const BARGE_IN_PUT: Spec = Obj(&[("enabled", Bool), ("toneEnabled", Bool)]);
const PASSCODE_PUT: Spec = Obj(&[("passcode", Str)]);

pub(crate) fn invalid_value(tid: &TrackingId, path: &str, why: &str) -> ApiError {
    ApiError::bad_request(tid, format!("Invalid field value: {path}: {why}")).with_code(25009)
}

pub(crate) fn missing(tid: &TrackingId, path: &str) -> ApiError {
    ApiError::bad_request(tid, format!("Missing mandatory field: {path}")).with_code(25008)
}

/// Checks `value` against `spec`; the first problem becomes the 400.
pub(crate) fn check(
    spec: Spec,
    value: &Value,
    path: &str,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    let wrong_type = |expected: &str| invalid_value(tid, path, &format!("expected {expected}"));
    match spec {
        Bool => value
            .as_bool()
            .map(|_| ())
            .ok_or_else(|| wrong_type("a boolean")),
        Str => value
            .as_str()
            .map(|_| ())
            .ok_or_else(|| wrong_type("a string")),
        Int(min, max) => {
            let n = value.as_i64().ok_or_else(|| wrong_type("an integer"))?;
            if (min..=max).contains(&n) {
                Ok(())
            } else {
                Err(invalid_value(
                    tid,
                    path,
                    &format!("must be between {min} and {max}, inclusive"),
                ))
            }
        }
        Enum(allowed) => match value.as_str() {
            Some(s) if allowed.contains(&s) => Ok(()),
            _ => Err(invalid_value(
                tid,
                path,
                &format!("must be one of {}", allowed.join(", ")),
            )),
        },
        Arr(item) => {
            let items = value.as_array().ok_or_else(|| wrong_type("a list"))?;
            for (i, v) in items.iter().enumerate() {
                check(*item, v, &format!("{path}[{i}]"), tid)?;
            }
            Ok(())
        }
        Obj(fields) => {
            let map = value.as_object().ok_or_else(|| wrong_type("an object"))?;
            for (key, v) in map {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match fields.iter().find(|(name, _)| name == key) {
                    Some((_, s)) => check(*s, v, &child, tid)?,
                    None => {
                        return Err(invalid_value(tid, &child, "unknown or read-only field"));
                    }
                }
            }
            Ok(())
        }
    }
}

fn get_path<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    get_path(v, path).and_then(Value::as_str)
}

fn bool_at(v: &Value, path: &[&str]) -> bool {
    get_path(v, path).and_then(Value::as_bool).unwrap_or(false)
}

/// Forwarding destinations: digits with an optional leading `+`, `*` and `#`, up to 30 characters.
fn valid_destination(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    !digits.is_empty()
        && s.len() <= 30
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
}

fn looks_like_email(s: &str) -> bool {
    s.split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !s.contains(char::is_whitespace))
}

/// Rules beyond field shapes, stated in the spec's field descriptions. `body` is the request,
/// `merged` the state it would produce, `max_rings` the org's `systemMaxNumberOfRings`.
fn check_rules(
    feature: &str,
    body: &Value,
    merged: &Value,
    max_rings: u32,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    let rings_cap = |path: &[&str], name: &str| -> Result<(), ApiError> {
        match get_path(body, path).and_then(Value::as_i64) {
            Some(n) if n > max_rings as i64 => Err(invalid_value(
                tid,
                name,
                &format!("must not exceed systemMaxNumberOfRings ({max_rings})"),
            )),
            _ => Ok(()),
        }
    };
    match feature {
        "callForwarding" => {
            rings_cap(
                &["callForwarding", "noAnswer", "numberOfRings"],
                "callForwarding.noAnswer.numberOfRings",
            )?;
            for (path, name) in [
                (&["callForwarding", "always"][..], "callForwarding.always"),
                (&["callForwarding", "busy"][..], "callForwarding.busy"),
                (
                    &["callForwarding", "noAnswer"][..],
                    "callForwarding.noAnswer",
                ),
                (&["businessContinuity"][..], "businessContinuity"),
            ] {
                let Some(rule) = get_path(merged, path) else {
                    continue;
                };
                let destination = str_at(rule, &["destination"]).unwrap_or("");
                if get_path(body, path)
                    .and_then(|r| r.get("destination"))
                    .is_some()
                    && !destination.is_empty()
                    && !valid_destination(destination)
                {
                    return Err(invalid_value(
                        tid,
                        &format!("{name}.destination"),
                        "not a valid phone number or extension",
                    ));
                }
                if bool_at(rule, &["enabled"]) && destination.is_empty() {
                    return Err(missing(tid, &format!("{name}.destination")));
                }
            }
        }
        "voicemail" => {
            // FACTS §2: notifications and transferToNumber are required, even for a partial update.
            for field in ["notifications", "transferToNumber"] {
                if body.get(field).is_none() {
                    return Err(missing(tid, field));
                }
            }
            rings_cap(
                &["sendUnansweredCalls", "numberOfRings"],
                "sendUnansweredCalls.numberOfRings",
            )?;
            if str_at(body, &["messageStorage", "storageType"]) == Some("EXTERNAL")
                && str_at(body, &["messageStorage", "externalEmail"]).is_none_or(str::is_empty)
            {
                return Err(missing(tid, "messageStorage.externalEmail"));
            }
            if let Some(e) = str_at(body, &["messageStorage", "externalEmail"])
                && !e.is_empty()
                && !looks_like_email(e)
            {
                return Err(invalid_value(
                    tid,
                    "messageStorage.externalEmail",
                    "not an email address",
                ));
            }
            if bool_at(body, &["faxMessage", "enabled"])
                && str_at(body, &["faxMessage", "phoneNumber"]).is_none_or(str::is_empty)
            {
                return Err(missing(tid, "faxMessage.phoneNumber"));
            }
            if let Some(sms) = str_at(body, &["notifications", "smsDestination"])
                && !sms.is_empty()
                && !(sms.len() == 12
                    && sms.starts_with("+1")
                    && sms[1..].chars().all(|c| c.is_ascii_digit()))
            {
                return Err(invalid_value(
                    tid,
                    "notifications.smsDestination",
                    "must be a US or Canada number in E.164 format",
                ));
            }
            if let Some(d) = str_at(body, &["notifications", "destination"])
                && !d.is_empty()
                && !looks_like_email(d)
            {
                return Err(invalid_value(
                    tid,
                    "notifications.destination",
                    "not an email address",
                ));
            }
            if bool_at(merged, &["transferToNumber", "enabled"])
                && str_at(merged, &["transferToNumber", "destination"]).is_none_or(str::is_empty)
            {
                return Err(missing(tid, "transferToNumber.destination"));
            }
        }
        // FACTS §3: the admin DND PUT requires webexGoOverrideEnabled.
        "doNotDisturb" if body.get("webexGoOverrideEnabled").is_none() => {
            return Err(missing(tid, "webexGoOverrideEnabled"));
        }
        "callWaiting" | "anonymousCallReject" if body.get("enabled").is_none() => {
            return Err(missing(tid, "enabled"));
        }
        "callerId" if body.get("selected").is_none() => {
            return Err(missing(tid, "selected"));
        }
        "intercept" => {
            for (path, name) in [
                (
                    &["incoming", "announcements", "newNumber"][..],
                    "incoming.announcements.newNumber",
                ),
                (
                    &["incoming", "announcements", "zeroTransfer"][..],
                    "incoming.announcements.zeroTransfer",
                ),
                (&["outgoing"][..], "outgoing"),
            ] {
                let flag = if name == "outgoing" {
                    "transferEnabled"
                } else {
                    "enabled"
                };
                check_destination(body, merged, path, name, flag, tid)?;
            }
        }
        "personalAssistant" => {
            if let Some(until) = str_at(body, &["untilDateTime"])
                && !until.is_empty()
                && time::OffsetDateTime::parse(
                    until,
                    &time::format_description::well_known::Rfc3339,
                )
                .is_err()
            {
                return Err(invalid_value(
                    tid,
                    "untilDateTime",
                    "must be an ISO 8601 date and time, e.g. 2026-03-28T14:30:00Z",
                ));
            }
            if let Some(n) = str_at(body, &["transferNumber"])
                && !n.is_empty()
                && !valid_destination(n)
            {
                return Err(invalid_value(
                    tid,
                    "transferNumber",
                    "not a valid phone number or extension",
                ));
            }
            if bool_at(merged, &["transferEnabled"])
                && str_at(merged, &["transferNumber"]).is_none_or(str::is_empty)
            {
                return Err(missing(tid, "transferNumber"));
            }
        }
        _ => {}
    }
    Ok(())
}

/// `flag` at `path` of the merged state needs a destination there; a destination that was sent
/// must be a phone number or extension. `name` names the object in the error.
fn check_destination(
    body: &Value,
    merged: &Value,
    path: &[&str],
    name: &str,
    flag: &str,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    let field = |f: &str| format!("{name}.{f}");
    let Some(rule) = get_path(merged, path) else {
        return Ok(());
    };
    let destination = str_at(rule, &["destination"]).unwrap_or("");
    let sent = get_path(body, path).is_some_and(|r| r.get("destination").is_some());
    if sent && !destination.is_empty() && !valid_destination(destination) {
        return Err(invalid_value(
            tid,
            &field("destination"),
            "not a valid phone number or extension",
        ));
    }
    if bool_at(rule, &[flag]) && destination.is_empty() {
        return Err(missing(tid, &field("destination")));
    }
    Ok(())
}

/// A location's main number: here the first direct number of someone there, ending in `0000`
/// (the seed gives locations no numbers of their own).
pub(crate) fn location_main_number(world: &World, location: &str) -> Option<String> {
    let direct = world
        .people
        .iter()
        .filter_map(|p| p.calling.as_ref())
        .filter(|c| c.location == location)
        .find_map(|c| c.phone_number.clone())?;
    let keep = direct.len().checked_sub(4)?;
    Some(format!("{}0000", &direct[..keep]))
}

/// Caller ID rules that need the person's numbers (FACTS §3): `selected` must be one of the
/// person's `types`; `CUSTOM` needs `customNumber`; custom numbers must be numbers of the
/// person's location; the `OTHER` name policy needs a name; a custom direct-line name needs
/// `customName`; the deprecated names refuse `%`, `+`, `"` and non-ASCII characters.
fn check_caller_id(
    world: &World,
    p: &Person,
    body: &Value,
    merged: &Value,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    let types: Vec<&str> = merged["types"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let selected = str_at(merged, &["selected"]).unwrap_or("");
    if !types.contains(&selected) {
        return Err(invalid_value(
            tid,
            "selected",
            &format!("must be one of this person's types: {}", types.join(", ")),
        ));
    }
    let location = p.calling.as_ref().map(|c| c.location.clone());
    let location_numbers: Vec<String> = world
        .people
        .iter()
        .filter_map(|q| q.calling.as_ref())
        .filter(|c| Some(&c.location) == location.as_ref())
        .filter_map(|c| c.phone_number.clone())
        .chain(
            location
                .as_deref()
                .and_then(|l| location_main_number(world, l)),
        )
        .collect();
    for field in ["customNumber", "additionalExternalCallerIdCustomNumber"] {
        if let Some(n) = str_at(body, &[field])
            && !n.is_empty()
            && !location_numbers.iter().any(|l| l == n)
        {
            return Err(invalid_value(
                tid,
                field,
                "must be a number of the person's location",
            ));
        }
    }
    if selected == "CUSTOM" && str_at(merged, &["customNumber"]).is_none_or(str::is_empty) {
        return Err(missing(tid, "customNumber"));
    }
    if str_at(merged, &["externalCallerIdNamePolicy"]) == Some("OTHER")
        && str_at(merged, &["customExternalCallerIdName"]).is_none_or(str::is_empty)
    {
        return Err(missing(tid, "customExternalCallerIdName"));
    }
    if str_at(merged, &["directLineCallerIdName", "selection"]) == Some("CUSTOM_NAME")
        && str_at(merged, &["directLineCallerIdName", "customName"]).is_none_or(str::is_empty)
    {
        return Err(missing(tid, "directLineCallerIdName.customName"));
    }
    for field in ["firstName", "lastName"] {
        if let Some(name) = str_at(body, &[field])
            && name
                .chars()
                .any(|c| matches!(c, '%' | '+' | '"') || !c.is_ascii())
        {
            return Err(invalid_value(
                tid,
                field,
                "the characters %, +, \" and Unicode characters are not allowed",
            ));
        }
    }
    Ok(())
}

/// The intercept announcement's `filename` is set by the upload; a PUT may only keep it (or
/// clear it), and `CUSTOM` needs one.
fn check_intercept_file(
    before: &Value,
    body: &Value,
    merged: &Value,
    tid: &TrackingId,
) -> Result<(), ApiError> {
    let path = ["incoming", "announcements", "filename"];
    if let Some(sent) = str_at(body, &path)
        && !sent.is_empty()
        && Some(sent) != str_at(before, &path)
    {
        return Err(invalid_value(
            tid,
            "incoming.announcements.filename",
            "no announcement of that name was uploaded",
        ));
    }
    if str_at(merged, &["incoming", "announcements", "greeting"]) == Some("CUSTOM")
        && str_at(merged, &path).is_none_or(str::is_empty)
    {
        return Err(invalid_value(
            tid,
            "incoming.announcements.greeting",
            "CUSTOM needs an uploaded announcement",
        ));
    }
    Ok(())
}

/// Who may read or write a person's settings: an admin token with `admin_scope` for a person of its
/// org, or (where the spec allows) a user token with `user_scope` for the user themself.
pub(crate) fn authorize(
    shared: &Shared,
    headers: &HeaderMap,
    tid: &TrackingId,
    params: &std::collections::HashMap<String, String>,
    person_id: &str,
    admin_scope: &str,
    user_scope: Option<&str>,
) -> Result<(Caller, usize), ApiError> {
    let caller = api::authenticate(shared, headers, tid)?;
    let admin_ok = caller.is_admin() && caller.has(admin_scope);
    let user_ok = matches!(caller.principal, Principal::User { .. })
        && user_scope.is_some_and(|s| caller.has(s));
    if !admin_ok && !user_ok {
        return Err(api::forbidden(tid));
    }
    if let Some(org) = params.get("orgId")
        && *org != seed::webex_id("ORGANIZATION", caller.principal.org())
    {
        return Err(api::forbidden(tid));
    }
    let world = shared.state.lock().unwrap();
    let not_found = || ApiError::not_found(tid, "Person not found.").with_code(4008);
    let index = seed::decode_webex_id(person_id)
        .filter(|(kind, _)| kind == "PEOPLE")
        .and_then(|_| world.person_index(person_id))
        .ok_or_else(not_found)?;
    let person = &world.people[index];
    if person.org != caller.principal.org() {
        return Err(not_found());
    }
    if let Principal::User { person: me, .. } = &caller.principal
        && !admin_ok
        && *me != person.uuid
    {
        return Err(api::forbidden(tid));
    }
    if person.calling.is_none() {
        return Err(ApiError::not_found(tid, "User is not a Webex Calling user.").with_code(4008));
    }
    Ok((caller, index))
}

type Params = Query<std::collections::HashMap<String, String>>;

/// Scopes per feature: (read admin, read user, write admin, write user) per FACTS §1–§4.
fn scopes(
    feature: &str,
) -> (
    &'static str,
    Option<&'static str>,
    &'static str,
    Option<&'static str>,
) {
    match feature {
        // FACTS §10.1: barge-in also takes a user token for the user's own settings.
        "callForwarding" | "voicemail" | "doNotDisturb" | "bargeIn" => (
            "spark-admin:people_read",
            Some("spark:people_read"),
            "spark-admin:people_write",
            Some("spark:people_write"),
        ),
        // FACTS §3, §10.1: admin only; anonymous call rejection is under /telephony/config but
        // uses the people scopes.
        "callWaiting" | "callerId" | "intercept" | "anonymousCallReject" => (
            "spark-admin:people_read",
            None,
            "spark-admin:people_write",
            None,
        ),
        _ => (
            "spark-admin:telephony_config_read",
            None,
            "spark-admin:telephony_config_write",
            None,
        ),
    }
}

/// The GET body of a feature as the simulator holds it now.
pub(crate) fn current(world: &World, index: usize, feature: &str) -> Option<Value> {
    let p = &world.people[index];
    if feature == "passcode" {
        return Some(json!({ "passcode": p.passcode }));
    }
    let mut v = p.settings.get(feature)?.clone();
    if feature == "permissions" {
        let org_default = world
            .org(&p.org)
            .map_or_else(default_feature_access, |o| o.feature_access.clone());
        let follows_org = bool_at(&v, &["userOrgSettingsPermissionEnabled"]);
        let mut effective = org_default;
        if !follows_org && let Some(own) = v.get("userSettingsPermissions") {
            deep_merge(&mut effective, own);
        }
        v["userSettingsPermissions"] = effective;
    }
    Some(v)
}

/// 404 "The URI requested is invalid" for an operation this Webex does not have yet.
fn undeployed(shared: &Shared, feature: &str, tid: &TrackingId) -> Result<(), ApiError> {
    let available = feature != "anonymousCallReject"
        || shared.state.lock().unwrap().anonymous_call_reject_available;
    if available {
        Ok(())
    } else {
        Err(ApiError::not_found(tid, "The URI requested is invalid."))
    }
}

pub(crate) async fn read(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
    feature: &'static str,
) -> Result<Json<Value>, ApiError> {
    undeployed(&shared, feature, &tid)?;
    let (read_admin, read_user, _, _) = scopes(feature);
    let (_, index) = authorize(
        &shared, &headers, &tid, &params, &person_id, read_admin, read_user,
    )?;
    let world = shared.state.lock().unwrap();
    Ok(Json(current(&world, index, feature).unwrap_or_default()))
}

pub(crate) async fn write(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
    body: Bytes,
    feature: &'static str,
) -> Result<Response, ApiError> {
    undeployed(&shared, feature, &tid)?;
    let (_, _, write_admin, write_user) = scopes(feature);
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        write_admin,
        write_user,
    )?;
    let body = api::json_body(&headers, &body, &tid)?;
    let mut world = shared.state.lock().unwrap();
    if feature == "permissions" {
        let update = permissions_update(&body, &tid)?;
        let slot = world.people[index]
            .settings
            .get_mut("permissions")
            .expect("seeded");
        deep_merge(slot, &update);
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let spec = match feature {
        "callForwarding" => FORWARDING_PUT,
        "voicemail" => VOICEMAIL_PUT,
        "doNotDisturb" => DND_PUT,
        "callerId" => CALLER_ID_PUT,
        "intercept" => INTERCEPT_PUT,
        "personalAssistant" => PERSONAL_ASSISTANT_PUT,
        "bargeIn" => BARGE_IN_PUT,
        _ => CALL_WAITING_PUT,
    };
    check(spec, &body, "", &tid)?;
    let max_rings = world
        .org(&world.people[index].org)
        .map_or(seed::DEFAULT_SYSTEM_MAX_RINGS, |o| o.system_max_rings);
    let mut merged = world.people[index].settings[feature].clone();
    deep_merge(&mut merged, &body);
    check_rules(feature, &body, &merged, max_rings, &tid)?;
    match feature {
        "callerId" => check_caller_id(&world, &world.people[index], &body, &merged, &tid)?,
        "intercept" => {
            check_intercept_file(&world.people[index].settings[feature], &body, &merged, &tid)?
        }
        _ => {}
    }
    world.people[index]
        .settings
        .insert(feature.to_string(), merged);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Feature access PUT: `{userOrgSettingsPermissionEnabled?, userSettingsPermissions?}` (the
/// generated model's `userOrgSettingsPermissions` is accepted too), or the bare feature keys.
fn permissions_update(body: &Value, tid: &TrackingId) -> Result<Value, ApiError> {
    let map = body
        .as_object()
        .ok_or_else(|| invalid_value(tid, "body", "expected an object"))?;
    let check_levels = |m: &Map<String, Value>, prefix: &str| -> Result<(), ApiError> {
        for (k, v) in m {
            let path = format!("{prefix}{k}");
            if !FEATURE_ACCESS_KEYS.contains(&k.as_str()) {
                return Err(invalid_value(tid, &path, "unknown feature"));
            }
            check(Enum(ACCESS_LEVELS), v, &path, tid)?;
        }
        Ok(())
    };
    let mut update = json!({});
    let wrapped = map.contains_key("userSettingsPermissions")
        || map.contains_key("userOrgSettingsPermissions")
        || map.contains_key("userOrgSettingsPermissionEnabled");
    if wrapped {
        for (k, v) in map {
            match k.as_str() {
                "userOrgSettingsPermissionEnabled" => {
                    check(Bool, v, k, tid)?;
                    update[k] = v.clone();
                }
                "userSettingsPermissions" | "userOrgSettingsPermissions" => {
                    let m = v
                        .as_object()
                        .ok_or_else(|| invalid_value(tid, k, "expected an object"))?;
                    check_levels(m, &format!("{k}."))?;
                    update["userSettingsPermissions"] = v.clone();
                }
                _ => return Err(invalid_value(tid, k, "unknown field")),
            }
        }
    } else {
        check_levels(map, "")?;
        update["userSettingsPermissions"] = body.clone();
        update["userOrgSettingsPermissionEnabled"] = false.into();
    }
    Ok(update)
}

pub(crate) async fn voicemail_rules(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let caller = api::authenticate(&shared, &headers, &tid)?;
    if !caller.is_admin() {
        return Err(api::forbidden(&tid));
    }
    caller.require_any(&tid, &["spark-admin:telephony_config_read"])?;
    if let Some(org) = params.get("orgId")
        && *org != seed::webex_id("ORGANIZATION", caller.principal.org())
    {
        return Err(api::forbidden(&tid));
    }
    let world = shared.state.lock().unwrap();
    let rules = world
        .org(caller.principal.org())
        .map_or_else(default_voicemail_rules, |o| o.voicemail_rules.clone());
    Ok(Json(rules))
}

/// Why `passcode` breaks the org's rules, if it does (FACTS §2 `VoicemailRules`).
pub(crate) fn passcode_problem(rules: &Value, p: &Person, passcode: &str) -> Option<String> {
    let num = |path: &[&str], default: i64| {
        get_path(rules, path)
            .and_then(Value::as_i64)
            .unwrap_or(default)
    };
    if passcode.is_empty() || !passcode.chars().all(|c| c.is_ascii_digit()) {
        return Some("The passcode must contain digits only.".into());
    }
    let (min, max) = (num(&["length", "min"], 6), num(&["length", "max"], 30));
    let len = passcode.len() as i64;
    if len < min || len > max {
        return Some(format!(
            "The passcode must be between {min} and {max} digits long."
        ));
    }
    let digits: Vec<i32> = passcode.bytes().map(|b| (b - b'0') as i32).collect();
    if bool_at(rules, &["blockRepeatedDigits", "enabled"]) {
        let allowed = num(&["blockRepeatedDigits", "max"], 3);
        if longest_run(&digits, 0) > allowed {
            return Some(format!(
                "The passcode must not repeat a digit more than {allowed} times in a row."
            ));
        }
    }
    if bool_at(rules, &["blockContiguousSequences", "enabled"]) {
        let up = num(&["blockContiguousSequences", "numberOfAscendingDigits"], 3);
        let down = num(&["blockContiguousSequences", "numberOfDescendingDigits"], 3);
        if longest_run(&digits, 1) > up || longest_run(&digits, -1) > down {
            return Some(
                "The passcode must not contain a long ascending or descending sequence.".into(),
            );
        }
    }
    if bool_at(rules, &["blockRepeatedPatternsEnabled"]) {
        let n = passcode.len();
        let repeated = (2..=n / 2).filter(|k| n.is_multiple_of(*k)).any(|k| {
            passcode
                .as_bytes()
                .chunks(k)
                .all(|c| c == &passcode.as_bytes()[..k])
        });
        if repeated {
            return Some("The passcode must not be a repeated pattern.".into());
        }
    }
    let own_numbers: Vec<String> = p
        .calling
        .iter()
        .flat_map(|c| {
            let mut v = vec![c.extension.clone()];
            if let Some(n) = &c.phone_number {
                v.push(n.trim_start_matches('+').to_string());
            }
            v
        })
        .collect();
    let reversed = |s: &str| s.chars().rev().collect::<String>();
    if bool_at(rules, &["blockUserNumberEnabled"])
        && own_numbers
            .iter()
            .any(|n| n == passcode || n.ends_with(passcode) && passcode.len() >= 6)
    {
        return Some("The passcode must not match the user's phone number or extension.".into());
    }
    if bool_at(rules, &["blockReversedUserNumberEnabled"])
        && own_numbers.iter().any(|n| reversed(n) == passcode)
    {
        return Some(
            "The passcode must not be the user's phone number or extension reversed.".into(),
        );
    }
    // The current passcode counts as the most recent previous one.
    let history: Vec<&String> = p.previous_passcodes.iter().chain(&p.passcode).collect();
    if bool_at(rules, &["blockPreviousPasscodes", "enabled"]) {
        let n = num(&["blockPreviousPasscodes", "numberOfPasscodes"], 3).max(0) as usize;
        if history.iter().rev().take(n).any(|old| *old == passcode) {
            return Some(format!(
                "The passcode must differ from the last {n} passcodes."
            ));
        }
    }
    if bool_at(rules, &["blockReversedOldPasscodeEnabled"])
        && history.last().is_some_and(|old| reversed(old) == passcode)
    {
        return Some("The passcode must not be the old passcode reversed.".into());
    }
    None
}

/// Longest run where each digit differs from the previous by `step` (0: repeated digit).
fn longest_run(digits: &[i32], step: i32) -> i64 {
    let mut best = 1;
    let mut run = 1;
    for w in digits.windows(2) {
        if w[1] - w[0] == step {
            run += 1;
            best = best.max(run);
        } else {
            run = 1;
        }
    }
    if digits.is_empty() { 0 } else { best }
}

pub(crate) async fn set_passcode(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        "spark-admin:telephony_config_write",
        None,
    )?;
    let body = api::json_body(&headers, &body, &tid)?;
    check(PASSCODE_PUT, &body, "", &tid)?;
    let Some(passcode) = body.get("passcode").and_then(Value::as_str) else {
        return Err(missing(&tid, "passcode"));
    };
    let mut world = shared.state.lock().unwrap();
    let rules = world
        .org(&world.people[index].org)
        .map_or_else(default_voicemail_rules, |o| o.voicemail_rules.clone());
    if let Some(problem) = passcode_problem(&rules, &world.people[index], passcode) {
        return Err(ApiError::bad_request(&tid, problem).with_code(4201));
    }
    let p = &mut world.people[index];
    if let Some(old) = p.passcode.replace(passcode.to_string()) {
        p.previous_passcodes.push(old);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(crate) async fn reset_pin(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    // FACTS §2: admin token with spark-admin:people_write only.
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        "spark-admin:people_write",
        None,
    )?;
    let mut world = shared.state.lock().unwrap();
    let p = &mut world.people[index];
    if let Some(old) = p.passcode.take() {
        p.previous_passcodes.push(old);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `uploadBusyGreeting` / `uploadNoAnswerGreeting`: multipart with a part named `file`, a RIFF/WAVE
/// file of at most 5000 KB (FACTS §2).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn upload_greeting(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
    multipart: Result<Multipart, MultipartRejection>,
    which: &'static str,
) -> Result<Response, ApiError> {
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        "spark-admin:people_write",
        Some("spark:people_write"),
    )?;
    read_wav(multipart, &tid).await?;
    let mut world = shared.state.lock().unwrap();
    let vm = world.people[index]
        .settings
        .get_mut("voicemail")
        .expect("seeded");
    vm[which]["greetingUploaded"] = true.into();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The WAV file in multipart part `file` (`audio/wav`, RIFF/WAVE, at most 5000 KB; FACTS §2), and
/// the part's file name.
async fn read_wav(
    multipart: Result<Multipart, MultipartRejection>,
    tid: &TrackingId,
) -> Result<(Bytes, Option<String>), ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            tid,
            "The request must be multipart/form-data with a WAV file in the part 'file'.",
        )
    })?;
    let bad = |msg: &str| ApiError::bad_request(tid, msg.to_string()).with_code(25009);
    let mut file = None;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|_| bad("The multipart body is malformed or too large."))?;
        let Some(field) = field else { break };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().map(str::to_string);
        let content_type = field.content_type().unwrap_or("").to_ascii_lowercase();
        if content_type != "audio/wav"
            && content_type != "audio/x-wav"
            && content_type != "audio/wave"
        {
            return Err(bad(
                "The greeting must be sent with Content-Type audio/wav.",
            ));
        }
        let data = field
            .bytes()
            .await
            .map_err(|_| bad("The multipart body is malformed or too large."))?;
        file = Some((data, name));
    }
    let (data, name) = file.ok_or_else(|| missing(tid, "file"))?;
    if data.len() > MAX_GREETING_BYTES {
        return Err(bad("The greeting must not exceed 5000 KB."));
    }
    if data.len() < 12 || &data[..4] != b"RIFF" || &data[8..12] != b"WAVE" {
        return Err(bad("The greeting is not a WAV file."));
    }
    Ok((data, name))
}

/// `POST …/intercept/actions/announcementUpload/invoke`: the same multipart WAV as the greetings;
/// the file name becomes `incoming.announcements.filename` (the greeting choice is left alone).
pub(crate) async fn upload_announcement(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        "spark-admin:people_write",
        Some("spark:people_write"),
    )?;
    let (_, name) = read_wav(multipart, &tid).await?;
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "announcement.wav".to_string());
    let mut world = shared.state.lock().unwrap();
    let intercept = world.people[index]
        .settings
        .get_mut("intercept")
        .expect("seeded");
    intercept["incoming"]["announcements"]["filename"] = name.into();
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /telephony/config/people/{personId}/callForwarding/availableNumbers`: the PSTN numbers of
/// the person's location (here: the direct numbers of the people there), filtered by
/// `phoneNumber` (comma-separated), `ownerName` (contains) and `extension`.
pub(crate) async fn available_numbers(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    Query(params): Params,
) -> Result<Json<Value>, ApiError> {
    let (_, index) = authorize(
        &shared,
        &headers,
        &tid,
        &params,
        &person_id,
        "spark-admin:telephony_config_read",
        None,
    )?;
    let world = shared.state.lock().unwrap();
    let me = &world.people[index];
    let location = me.calling.as_ref().map(|c| c.location.clone());
    let numbers: Vec<&str> = params
        .get("phoneNumber")
        .map(|s| s.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let owner = params.get("ownerName").map(|s| s.to_lowercase());
    let list: Vec<Value> = world
        .people
        .iter()
        .filter(|p| p.org == me.org)
        .filter_map(|p| {
            let c = p.calling.as_ref()?;
            let number = c.phone_number.as_ref()?;
            (Some(&c.location) == location.as_ref()).then_some((p, c, number))
        })
        .filter(|(_, _, n)| numbers.is_empty() || numbers.contains(&n.as_str()))
        .filter(|(p, _, _)| {
            owner
                .as_ref()
                .is_none_or(|o| p.display_name.to_lowercase().contains(o))
        })
        .filter(|(_, c, _)| params.get("extension").is_none_or(|e| *e == c.extension))
        .map(|(p, c, n)| {
            json!({
                "phoneNumber": n,
                "extension": c.extension,
                "state": "ACTIVE",
                "isMainNumber": false,
                "tollFreeNumber": false,
                "telephonyType": "PSTN_NUMBER",
                "isServiceNumber": false,
                "owner": {
                    "id": p.person_id(),
                    "type": "PEOPLE",
                    "firstName": p.first_name,
                    "lastName": p.last_name,
                    "displayName": p.display_name,
                },
            })
        })
        .collect();
    Ok(Json(json!({ "phoneNumbers": list })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Person {
        Person {
            uuid: "u".into(),
            org: "o".into(),
            email: "a@b.example".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            display_name: "A B".into(),
            department: None,
            title: None,
            password: String::new(),
            calling: Some(super::super::state::Calling {
                location: "l".into(),
                extension: "1001".into(),
                phone_number: Some("+16175550101".into()),
            }),
            created: String::new(),
            settings: Default::default(),
            passcode: None,
            previous_passcodes: vec!["739154".into()],
        }
    }

    #[test]
    fn passcode_rules() {
        let rules = default_voicemail_rules();
        let p = person();
        assert_eq!(passcode_problem(&rules, &p, "582914"), None);
        for bad in [
            "12a456",
            "12345",
            "111145",
            "123456",
            "987654",
            "121212",
            "6175550101",
            "10105557161",
            "739154",
            "451937",
        ] {
            assert!(passcode_problem(&rules, &p, bad).is_some(), "{bad}");
        }
    }
}
