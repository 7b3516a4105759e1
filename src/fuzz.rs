//! Property tests over everything the portal parses from outside: nothing may panic, whatever a
//! request (or Webex, or a seed file) sends. `cargo test --lib fuzz` runs a few cases of each;
//! a longer run: `PROPTEST_CASES=20000 cargo test --release --lib fuzz`.
//!
//! Targets: the audit filters and page, every card's form (decoded as the route decodes it, then
//! checked against a current setting), forwarding destinations, voicemail PINs and the org's PIN
//! rules, greeting files, Webex's `Retry-After` and `Link` headers, person ids and seed files.

use std::sync::LazyLock;

use axum::extract::FromRequest as _;
use proptest::prelude::*;
use serde_json::json;
use time::OffsetDateTime;

use crate::{
    auth::{
        Role, Scope, SessionUser,
        authz::{Acting, Target},
    },
    domain::{greeting, passcode::PasscodeRules, phone::Destination},
    views::AuditParams,
    web::{
        audit,
        settings::{
            Card,
            cards::{
                call_waiting::CallWaiting, dnd::Dnd, forwarding::Forwarding, voicemail::Voicemail,
            },
        },
    },
};

/// Cases per property: few in `cargo test`, more by hand through `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
});

/// Text that looks like what people and attackers type: digits, signs, spaces, unicode.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9 +()./-]{0,24}",
        "\\+[0-9]{0,20}",
        "00[0-9]{0,20}",
        "[0-9]{1,40}",
        ".{0,40}",
    ]
}

fn user(role: Role) -> SessionUser {
    SessionUser {
        person_id: crate::simulator::seed::person_id("f5b36187-c8dd-4727-8b2f-f9c447f29046"),
        display_name: "Alice".into(),
        email: "alice@acme.example".into(),
        org_id: "org".into(),
        location_id: "loc".into(),
        extension: Some("1001".into()),
        phone_number: Some("+16175550100".into()),
        country: Some("US".into()),
        role,
        scope: Scope::Org,
        roles_checked_at: None,
        login_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn target(country: Option<String>) -> Target {
    Target {
        person_id: "p".into(),
        display_name: "Alice".into(),
        org_id: "org".into(),
        location_id: Some("loc".into()),
        extension: Some("1001".into()),
        phone_number: Some("+16175550100".into()),
        country,
        acting: Acting::OnSelf,
        forwarding_deny: Default::default(),
    }
}

/// The settings as Webex holds them before anyone changed them (the simulator's defaults).
fn current<C: Card>(feature: &str) -> C::Setting {
    let value = match feature {
        "forwarding" => json!({
            "callForwarding": {
                "always": { "enabled": false, "ringReminderEnabled": false,
                            "destinationVoicemailEnabled": false },
                "busy": { "enabled": true, "destination": "+16175550199",
                          "destinationVoicemailEnabled": false },
                "noAnswer": { "enabled": false, "numberOfRings": 3, "systemMaxNumberOfRings": 15,
                              "destinationVoicemailEnabled": false },
            },
            "businessContinuity": { "enabled": false, "destinationVoicemailEnabled": false },
        }),
        "voicemail" => json!({
            "enabled": true,
            "sendAllCalls": { "enabled": false },
            "sendBusyCalls": { "enabled": true, "greeting": "DEFAULT", "greetingUploaded": false },
            "sendUnansweredCalls": { "enabled": true, "greeting": "DEFAULT", "greetingUploaded": false,
                                     "numberOfRings": 3, "systemMaxNumberOfRings": 15 },
            "notifications": { "enabled": false },
            "transferToNumber": { "enabled": false },
            "emailCopyOfMessage": { "enabled": false },
            "messageStorage": { "mwiEnabled": true, "storageType": "INTERNAL" },
            "faxMessage": { "enabled": false },
            "voiceMessageForwardingEnabled": true,
        }),
        "dnd" => json!({ "enabled": false, "ringSplashEnabled": false }),
        _ => json!({ "enabled": true }),
    };
    serde_json::from_value(value).expect("the defaults decode")
}

/// A form body: known field names (and some that are not) with arbitrary values, as urlencoded.
fn form_body(fields: &'static [&'static str]) -> impl Strategy<Value = String> {
    let name = prop_oneof![
        4 => proptest::sample::select(fields).prop_map(str::to_owned),
        1 => "[a-z_%\\[\\]]{0,12}",
    ];
    let value = prop_oneof![typed(), Just("on".to_owned()), "[A-Z_]{0,12}"];
    proptest::collection::vec((name, value), 0..12).prop_map(|pairs| {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            out.append_pair(k, v);
        }
        out.finish()
    })
}

/// Decodes `body` as the schedule routes do and runs the card's checks on it as each of its
/// forms (`op`), on an event that may or may not be there (`index`).
fn schedule_form(body: String, op: usize, index: usize) {
    use crate::views::schedules::{ScheduleKey, ScheduleOp};
    use crate::web::settings::cards::schedules::{PersonSchedules, Schedules};
    let request = axum::http::Request::put("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let decoded = RUNTIME.block_on(axum_extra::extract::Form::<
        crate::views::schedules::ScheduleForm,
    >::from_request(request, &()));
    let Ok(axum_extra::extract::Form(mut form)) = decoded else {
        return;
    };
    let current =
        PersonSchedules {
            own: vec![serde_json::from_value(json!({
            "id": "T2ZmaWNl", "name": "Office", "type": "businessHours",
            "events": [{ "name": "Weekdays", "startDate": "2026-01-05", "endDate": "2026-01-05",
                         "startTime": "09:00", "endTime": "17:00", "allDayEnabled": false,
                         "recurrence": { "recurForEver": true,
                                         "recurWeekly": { "monday": true } } }]
        }))
        .expect("a schedule")],
            ..PersonSchedules::default()
        };
    let key = ScheduleKey {
        kind: crate::webex::ScheduleType::BusinessHours,
        id: if index == 2 {
            "bm9uZQ".into()
        } else {
            "T2ZmaWNl".into()
        },
    };
    form.op = match op {
        0 => ScheduleOp::Create,
        1 => ScheduleOp::Rename(key),
        2 => ScheduleOp::AddEvent(key),
        3 => ScheduleOp::EditEvent(key, index),
        4 => ScheduleOp::DeleteEvent(key, index),
        5 => ScheduleOp::Delete(key),
        _ => ScheduleOp::Restore,
    };
    let t = &crate::i18n::EN;
    let target = target(None);
    let _ = Schedules::patch(&form, &current, &target, t);
    let _ = Schedules::describe(&form, t);
}

/// Decodes `body` as the card's `PUT` route does and runs the card's checks on it.
fn card_form<C: Card>(feature: &str, body: String, country: Option<String>) {
    let request = axum::http::Request::put("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let decoded = RUNTIME.block_on(axum_extra::extract::Form::<C::Form>::from_request(
        request,
        &(),
    ));
    let Ok(axum_extra::extract::Form(form)) = decoded else {
        return;
    };
    let current = current::<C>(feature);
    let target = target(country);
    let t = &crate::i18n::EN;
    let _ = C::denied(&form, &current, &target);
    let _ = C::patch(&form, &current, &target, t);
    let _ = C::describe(&form, t);
}

const FORWARDING_FIELDS: &[&str] = &[
    "always_enabled",
    "always_destination",
    "always_voicemail",
    "always_ring_reminder",
    "busy_enabled",
    "busy_destination",
    "busy_voicemail",
    "no_answer_enabled",
    "no_answer_destination",
    "no_answer_voicemail",
    "no_answer_rings",
    "bc_enabled",
    "bc_destination",
    "bc_voicemail",
    "fingerprint",
    "ticket",
];
const VOICEMAIL_FIELDS: &[&str] = &[
    "section",
    "enabled",
    "send_all",
    "busy_enabled",
    "busy_greeting",
    "no_answer_enabled",
    "no_answer_rings",
    "no_answer_greeting",
    "notify_enabled",
    "notify_email",
    "notify_sms",
    "transfer_enabled",
    "transfer_number",
    "email_copy_enabled",
    "email_copy_address",
    "mwi_enabled",
    "storage_type",
    "external_email",
    "fax_enabled",
    "fax_number",
    "fax_extension",
    "fingerprint",
    "ticket",
];
const DND_FIELDS: &[&str] = &["enabled", "ring_splash", "fingerprint", "ticket"];
const CALL_WAITING_FIELDS: &[&str] = &["enabled", "fingerprint", "ticket"];
const SCHEDULE_FIELDS: &[&str] = &[
    "name",
    "schedule_type",
    "event_name",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "all_day",
    "repeat",
    "days",
    "repeat_until",
    "fingerprint",
];
const AUDIT_FIELDS: &[&str] = &["person", "actor", "feature", "from", "to", "page"];

fn country() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("US".to_owned())),
        Just(Some("GB".to_owned())),
        Just(Some("DE".to_owned())),
        "[A-Za-z]{0,3}".prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn audit_filters_never_panic(
        body in form_body(AUDIT_FIELDS),
        page in any::<i64>(),
        from in "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
        to in "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
    ) {
        let query: Result<AuditParams, _> = serde_urlencoded_free::from_query(&body);
        let params = [
            query.unwrap_or_default(),
            AuditParams { from, to, page, ..AuditParams::default() },
        ];
        for params in params {
            for role in [Role::Employee, Role::Helpdesk, Role::Admin] {
                let _ = audit::filter_for(&user(role), &params);
            }
            let _ = params.query();
        }
    }

    #[test]
    fn csv_fields_never_panic_and_stay_one_field(value in ".{0,40}") {
        let field = audit::csv_field(&value);
        prop_assert!(!field.starts_with(['=', '+', '-', '@', '\t', '\r']));
    }

    #[test]
    fn forwarding_forms_never_panic(body in form_body(FORWARDING_FIELDS), country in country()) {
        card_form::<Forwarding>("forwarding", body, country);
    }

    #[test]
    fn voicemail_forms_never_panic(body in form_body(VOICEMAIL_FIELDS), country in country()) {
        card_form::<Voicemail>("voicemail", body, country);
    }

    #[test]
    fn schedule_forms_never_panic(
        body in form_body(SCHEDULE_FIELDS),
        op in 0usize..7,
        index in 0usize..3,
    ) {
        schedule_form(body, op, index);
    }

    #[test]
    fn dnd_and_call_waiting_forms_never_panic(
        dnd in form_body(DND_FIELDS),
        cw in form_body(CALL_WAITING_FIELDS),
    ) {
        card_form::<Dnd>("dnd", dnd, None);
        card_form::<CallWaiting>("call_waiting", cw, None);
    }

    #[test]
    fn destinations_never_panic(input in typed(), country in country()) {
        if let Ok(d) = Destination::parse(&input, country.as_deref()) {
            let _ = d.to_string();
            let _ = crate::domain::phone::country_of(d.as_webex());
        }
    }

    #[test]
    fn pins_never_panic(
        pin in prop_oneof!["[0-9]{0,40}", ".{0,12}"],
        own in proptest::collection::vec("[0-9+ ]{0,14}", 0..3),
        lengths in (any::<u8>(), any::<u8>()),
        runs in (any::<Option<u8>>(), any::<Option<u8>>(), any::<Option<u8>>()),
        flags in any::<(bool, bool, bool)>(),
    ) {
        let rules = PasscodeRules {
            min_length: lengths.0.into(),
            max_length: lengths.1.into(),
            max_repeated_digits: runs.0.map(usize::from),
            block_repeated_patterns: flags.0,
            max_ascending: runs.1.map(usize::from),
            max_descending: runs.2.map(usize::from),
            block_user_number: flags.1,
            block_reversed_user_number: flags.2,
            block_previous: runs.0.map(usize::from),
            block_reversed_old: flags.0,
        };
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        let _ = rules.check(&pin, &own);
        let _ = rules.requirements();
    }

    #[test]
    fn greeting_files_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = greeting::check_wav(&bytes);
    }

    #[test]
    fn damaged_wav_headers_never_panic(
        len in 46usize..4096,
        edits in proptest::collection::vec((0usize..64, any::<u8>()), 1..6),
        cut in any::<Option<usize>>(),
    ) {
        let mut bytes = greeting::test_wav(len);
        for (at, byte) in edits {
            if let Some(b) = bytes.get_mut(at) {
                *b = byte;
            }
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (len + 1));
        }
        let _ = greeting::check_wav(&bytes);
    }

    #[test]
    fn retry_after_never_overflows_what_uses_it(
        value in prop_oneof!["[0-9]{1,30}", "[0-9]{1,20}\\.[0-9]{1,20}", "[0-9eE.+-]{1,12}", ".{0,40}",
            "(Mon|Fri), [0-9]{2} (Jan|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"],
    ) {
        let now = OffsetDateTime::now_utc();
        let wait = crate::webex::parse_retry_after(Some(&value), now);
        // What the client does with it: add it to what it waited and to the clock.
        prop_assert!(std::time::Duration::from_secs(30).checked_add(wait).is_some());
        prop_assert!(now.checked_add(time::Duration::try_from(wait).unwrap()).is_some());
        prop_assert!(wait <= crate::webex::wire::MAX_RETRY_AFTER);
    }

    #[test]
    fn link_headers_never_panic(
        header in prop_oneof![
            ".{0,60}",
            "(<[ -~]{0,24}>?;? ?(rel=\"?[a-z ]{0,10}\"?)?,? ?){0,4}",
        ],
    ) {
        let base = url::Url::parse("https://webexapis.com/v1/people?max=10").unwrap();
        let _ = crate::webex::wire::next_link(&header, &base);
    }

    #[test]
    fn person_ids_never_panic(id in prop_oneof![".{0,80}", "[A-Za-z0-9+/=_-]{0,120}"]) {
        let _ = crate::webex::is_person_id(&id);
        let _ = crate::webex::person_uuid(&id);
    }

    #[test]
    fn seed_files_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), ".{0,3}"), 1..4),
        cut in any::<Option<prop::sample::Index>>(),
    ) {
        let mut text = SEED_JSON.clone();
        for (at, insert) in edits {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        if let Some(cut) = cut {
            let mut at = cut.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        let _ = crate::simulator::seed::Seed::from_json(&text);
    }
}

static SEED_JSON: LazyLock<String> = LazyLock::new(|| {
    serde_json::to_string(&crate::simulator::seed::Seed::builtin()).expect("the seed encodes")
});

/// The audit routes read their query with axum's `Query`; this is the same decoding.
mod serde_urlencoded_free {
    pub fn from_query<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, ()> {
        let uri: axum::http::Uri = format!("/?{query}").parse().map_err(|_| ())?;
        axum::extract::Query::<T>::try_from_uri(&uri)
            .map(|q| q.0)
            .map_err(|_| ())
    }
}
