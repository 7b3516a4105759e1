//! The message catalogue: every user-facing string, one struct per language.
//!
//! Templates and handlers take a `&'static Messages` and never spell out English themselves, so a
//! language is one more `Messages` value: a new file (copy `de.rs`) and its entry in `languages!`,
//! with no template or handler touched. The compiler checks that every language has every message:
//! a message added to [`Messages`] and missing from a catalogue is a compile error naming the field.
//!
//! Plurals follow CLDR's rules (`intl_pluralrules`, see [`plural`]); dates are shown in the
//! viewer's time zone ([`Locale`], `jiff`); phone numbers in the viewer's national format where it
//! is their country ([`Messages::phone`]).

pub mod pseudo;
// Single number reach and the summary about someone else (issue 15).
pub mod reach;
// Timed changes (issue 17).
pub mod rule_cards;
// Personal schedules (issue 15).
pub mod bulk;
pub mod schedules;
pub mod staff;
pub mod timed;
// The call rules in the summary and the "Try a call" tester (issue 15).
pub mod tester;

use crate::auth::Role;
use crate::domain::{
    calls::{Line, Target, Warning},
    forwarding::FieldError as ForwardingFieldError,
    greeting::GreetingError,
    passcode::PasscodeProblem,
    phone::DestinationError,
    voicemail::FieldError as VoicemailFieldError,
};
use crate::error::Failure;
use crate::features::Feature;
use crate::store::{AuditAction, AuditResult};
use crate::webex::WebexError;

pub use intl_pluralrules::PluralCategory;

/// Declares each language's module and lists its catalogue in [`LANGUAGES`].
macro_rules! languages {
    ($($module:ident :: $catalogue:ident),* $(,)?) => {
        $(mod $module; pub use $module::$catalogue;)*
        /// Every language the portal speaks, in the order the picker shows them.
        pub static LANGUAGES: &[&Messages] = &[$(&$catalogue),*];
    };
}

// Adding a language: its file (copy de.rs) and its entry here.
languages![en::EN, de::DE, fr::FR];

/// All user-facing text of one language. Plain strings for fixed text; functions for text with
/// values in it.
pub struct Messages {
    /// BCP 47 tag for `<html lang>` and `Content-Language`; also picks the CLDR plural rules.
    pub lang: &'static str,
    /// The language's own name, for the picker ("Deutsch").
    pub language_name: &'static str,
    /// The picker's label and button.
    pub language_label: &'static str,
    /// The first link of every page, for keyboard users.
    pub skip_to_content: &'static str,
    /// The person page's sections and the navigation between them.
    pub sections_label: &'static str,
    pub section_forwarding: &'static str,
    pub section_availability: &'static str,
    pub section_voicemail: &'static str,
    pub section_caller_id: &'static str,
    pub section_devices: &'static str,
    /// A card header's status pill.
    pub status_on: &'static str,
    pub status_off: &'static str,
    pub status_forwarding_to: fn(&str) -> String,
    pub language_change: &'static str,
    /// Date and time as `jiff` strftime, e.g. `%d.%m.%Y, %H:%M %Z`.
    pub datetime_format: &'static str,
    /// The country whose numbers are shown in national format (ISO 3166 alpha-2); empty: none.
    pub phone_region: &'static str,
    pub app_name: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub start_heading: &'static str,
    pub start_intro: &'static str,
    pub summary_heading: &'static str,
    /// Labels on error pages and toasts.
    pub request_id: &'static str,
    pub back_to_start: &'static str,
    /// The signed-in landing page.
    pub extension: &'static str,
    pub no_extension: &'static str,
    pub location: &'static str,
    pub phone_number: &'static str,

    /// Settings cards (src/web/settings): shared texts.
    pub loading: &'static str,
    pub retry: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub nothing_changed: &'static str,
    pub fix_fields: &'static str,
    pub not_saved: &'static str,
    pub tracking_id: &'static str,
    pub card_unavailable: &'static str,
    pub read_only: &'static str,
    pub conflict_heading: &'static str,
    pub conflict_explain: &'static str,
    pub conflict_attempted: &'static str,
    /// "You are saving very often; try again in {n} s." (the per-user write limit)
    pub saving_too_often: fn(u64) -> String,
    pub ticket: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub summary_unavailable: &'static str,
    pub warnings_heading: &'static str,
    pub history_heading: &'static str,
    pub history_empty: &'static str,
    pub history_unavailable: &'static str,
    pub history_when: &'static str,
    pub history_what: &'static str,
    pub history_who: &'static str,
    pub history_result: &'static str,
    /// Call forwarding card.
    pub forwarding_heading: &'static str,
    pub fwd_always: &'static str,
    pub fwd_busy: &'static str,
    pub fwd_no_answer: &'static str,
    pub fwd_business_continuity: &'static str,
    pub fwd_enabled: &'static str,
    pub fwd_destination: &'static str,
    pub fwd_destination_hint: &'static str,
    pub fwd_to_voicemail: &'static str,
    pub fwd_ring_reminder: &'static str,
    pub fwd_rings: &'static str,
    /// The allowed range of rings, e.g. "Choose between 2 and 15 rings."
    pub fwd_rings_hint: fn(u32, u32) -> String,
    /// Do not disturb and call waiting cards.
    pub dnd_heading: &'static str,
    pub dnd_enabled: &'static str,
    pub dnd_ring_splash: &'static str,
    pub call_waiting_heading: &'static str,
    pub call_waiting_enabled: &'static str,

    pub summary_line: fn(&Line) -> String,
    pub warning: fn(&Warning) -> &'static str,
    pub target: fn(&Target) -> String,
    pub destination_error: fn(&DestinationError) -> String,
    pub forwarding_error: fn(&ForwardingFieldError) -> String,
    pub greeting_error: fn(&GreetingError) -> String,
    pub passcode_problem: fn(&PasscodeProblem) -> String,
    /// What went wrong at Webex and when to try again (no internals).
    pub webex_error: fn(&WebexError) -> String,
    /// A calling setting of the registry as people call it.
    pub feature_name: fn(Feature) -> &'static str,
    /// What an audit entry about anything else is called.
    pub other_setting: &'static str,
    /// One line for the person's history: what a change did (`feature` in words, the labels of
    /// the values it changed).
    pub change_summary: fn(&str, AuditAction, &[&str]) -> String,
    pub audit_result: fn(AuditResult) -> &'static str,
    pub audit_action: fn(AuditAction) -> &'static str,
    pub role_name: fn(Role) -> &'static str,
    /// What a failure is called, and what the user can do about it (src/error.rs).
    pub failure_title: fn(Failure) -> &'static str,
    pub failure_message: fn(Failure) -> &'static str,
    /// The 429 page's message, with the wait its `Retry-After` gives (seconds).
    pub rate_limited_message: fn(u64) -> String,
    /// The message for a request body over the limit (KB).
    pub too_large_message: fn(usize) -> String,
    /// The helpdesk, audit and admin pages.
    pub staff: &'static staff::StaffMessages,
    /// The voicemail card, its greetings and the PIN.
    pub voicemail: &'static VoicemailMessages,
    /// Personal assistant, intercept, caller ID, privacy, queues, phones and numbers.
    pub calling: &'static CallingMessages,
    /// Single number reach, and the summary about someone else (issue 15).
    pub reach: &'static reach::ReachMessages,
    /// Selective forward, accept and reject, simultaneous ring, and their criteria editor.
    pub rule_cards: &'static rule_cards::RuleCardMessages,
    /// Timed changes: a card's "when", and the scheduled changes.
    pub timed: &'static timed::TimedMessages,
    pub bulk: &'static bulk::BulkMessages,
    /// The personal schedules card.
    pub schedules: &'static schedules::ScheduleMessages,
    /// The call rules in the summary, and its "Try a call" tester.
    pub tester: &'static tester::TesterMessages,
}

impl Messages {
    /// What an audit entry's `feature` is called: a registry feature's name, the admin's sign-in
    /// sessions, else "another setting".
    pub fn audit_feature(&self, key: &str) -> &'static str {
        match Feature::from_audit_key(key) {
            Some(f) => (self.feature_name)(f),
            None if key == "sessions" => self.staff.sessions_feature,
            None => self.other_setting,
        }
    }

    /// A phone number as this language's readers write it: national format for numbers of
    /// [`Messages::phone_region`], international otherwise (always, without a region); anything
    /// unparsable (an extension) as it is.
    pub fn phone(&self, number: &str) -> String {
        use phonenumber::{Mode, country::Id};
        // No region (English): every number in international format, spaced as libphonenumber's
        // metadata says.
        let Ok(parsed) = phonenumber::parse(None, number) else {
            return number.to_owned();
        };
        let national = parsed
            .country()
            .id()
            .is_some_and(|id: Id| id.as_ref() == self.phone_region);
        let mode = if national {
            Mode::National
        } else {
            Mode::International
        };
        parsed.format().mode(mode).to_string()
    }
}

/// The CLDR plural category of `n` in `lang` ("one", "other", …), for messages with a count.
pub fn plural(lang: &str, n: u64) -> PluralCategory {
    use intl_pluralrules::{PluralRuleType, PluralRules};
    use unic_langid::LanguageIdentifier;
    let id: LanguageIdentifier = lang.parse().unwrap_or_default();
    PluralRules::create(id, PluralRuleType::CARDINAL)
        .ok()
        .and_then(|rules| rules.select(n).ok())
        .unwrap_or(PluralCategory::OTHER)
}

/// One of two forms by CLDR category: `one` for [`PluralCategory::ONE`], else `other`.
pub fn one_other<T>(lang: &str, n: impl TryInto<u64>, one: T, other: T) -> T {
    let n = n.try_into().unwrap_or(u64::MAX);
    if plural(lang, n) == PluralCategory::ONE {
        one
    } else {
        other
    }
}

/// Who is looking: their language and time zone.
#[derive(Clone, Copy)]
pub struct Locale {
    pub t: &'static Messages,
    pub tz: &'static jiff::tz::TimeZone,
}

impl Locale {
    /// `at` in the viewer's time zone and the language's format.
    pub fn datetime(&self, at: time::OffsetDateTime) -> String {
        let Ok(ts) = jiff::Timestamp::from_second(at.unix_timestamp()) else {
            return at.to_string();
        };
        ts.to_zoned(self.tz.clone())
            .strftime(self.t.datetime_format)
            .to_string()
    }
}

/// A time zone by IANA name (from the browser's cookie), interned so a [`Locale`] stays `Copy`;
/// UTC for `None` and for a name the database does not know.
pub fn time_zone(name: Option<&str>) -> &'static jiff::tz::TimeZone {
    static UTC: std::sync::LazyLock<jiff::tz::TimeZone> =
        std::sync::LazyLock::new(|| jiff::tz::TimeZone::UTC);
    name.and_then(known_time_zone).unwrap_or(&UTC)
}

/// The city a time zone is named after ("America/Argentina/Buenos_Aires" → "Buenos Aires"), for
/// people who know their office's city better than its zone's name; none for "UTC" and the like.
pub fn zone_city(name: &str) -> Option<String> {
    let (area, city) = name.rsplit_once('/')?;
    if area.starts_with("Etc") || city.is_empty() {
        return None;
    }
    Some(city.replace('_', " "))
}

/// The time zone `name`, interned, if the database knows it.
pub fn known_time_zone(name: &str) -> Option<&'static jiff::tz::TimeZone> {
    use std::{
        collections::HashMap,
        sync::{LazyLock, Mutex},
    };
    static ZONES: LazyLock<Mutex<HashMap<String, &'static jiff::tz::TimeZone>>> =
        LazyLock::new(Default::default);
    if name.len() > 64 || name.is_empty() {
        return None;
    }
    let mut zones = ZONES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(tz) = zones.get(name) {
        return Some(tz);
    }
    // Only names the database knows are interned, so the map is bounded by the database.
    let tz: &'static jiff::tz::TimeZone = Box::leak(Box::new(jiff::tz::db().get(name).ok()?));
    zones.insert(name.to_owned(), tz);
    Some(tz)
}

/// The voicemail card's text.
pub struct VoicemailMessages {
    pub heading: &'static str,
    pub enabled: &'static str,
    pub send_all: &'static str,
    pub send_all_hint: &'static str,
    pub busy_legend: &'static str,
    pub busy_enabled: &'static str,
    pub no_answer_legend: &'static str,
    pub no_answer_enabled: &'static str,
    pub rings: &'static str,
    /// The allowed range of rings, e.g. "From 2 to 15 rings."
    pub rings_hint: fn(u32, u32) -> String,
    pub greeting_legend: &'static str,
    pub greeting_default: &'static str,
    pub greeting_custom: &'static str,
    pub greeting_uploaded: &'static str,
    pub greeting_not_uploaded: &'static str,
    /// Why there is no "play" button: Webex's admin API does not hand out the audio.
    pub greeting_no_playback: &'static str,
    pub greeting_file: &'static str,
    pub greeting_file_replace: &'static str,
    pub greeting_file_on_save: &'static str,
    pub greeting_file_hint: &'static str,
    pub notifications_legend: &'static str,
    pub notifications_enabled: &'static str,
    pub notify_email: &'static str,
    pub notify_sms: &'static str,
    pub notify_sms_hint: &'static str,
    pub email_hint: &'static str,
    pub external_email_hint: &'static str,
    pub fax_number_hint: &'static str,
    pub fax_extension_hint: &'static str,
    pub storage_where: &'static str,
    pub transfer_legend: &'static str,
    pub transfer_enabled: &'static str,
    pub transfer_number: &'static str,
    pub transfer_number_hint: &'static str,
    pub email_copy_legend: &'static str,
    pub email_copy_enabled: &'static str,
    pub email_copy_address: &'static str,
    pub storage_legend: &'static str,
    pub mwi_enabled: &'static str,
    pub storage_internal: &'static str,
    pub storage_external: &'static str,
    pub external_email: &'static str,
    pub fax_legend: &'static str,
    pub fax_enabled: &'static str,
    pub fax_number: &'static str,
    pub fax_extension: &'static str,
    pub on: &'static str,
    pub off: &'static str,
    pub not_set: &'static str,
    pub field_error: fn(&VoicemailFieldError) -> String,
    pub pin_legend: &'static str,
    pub pin_rules_intro: &'static str,
    pub pin_new: &'static str,
    pub pin_confirm: &'static str,
    pub pin_mismatch: &'static str,
    pub pin_change: &'static str,
    pub pin_changed: &'static str,
    pub pin_problems: &'static str,
    /// Webex refused the PIN; its own reason follows.
    pub pin_refused: &'static str,
    /// The org's rules could not be read; Webex still checks them on save.
    pub pin_rules_unavailable: &'static str,
}

/// The cards of personal assistant, call intercept, caller ID, anonymous call rejection,
/// barge-in, call queues, phones and numbers, and their summary lines.
pub struct CallingMessages {
    // Personal assistant ("away").
    pub pa_heading: &'static str,
    pub pa_enabled: &'static str,
    pub pa_presence: &'static str,
    pub presence: fn(&crate::webex::Presence) -> &'static str,
    pub pa_until: &'static str,
    pub pa_until_date: &'static str,
    pub pa_until_time: &'static str,
    pub pa_until_hint: &'static str,
    pub pa_until_invalid: &'static str,
    pub pa_transfer_enabled: &'static str,
    pub pa_transfer_number: &'static str,
    pub pa_alerting: &'static str,
    pub pa_alert_how: &'static str,
    pub alerting: fn(&crate::webex::AssistantAlerting) -> &'static str,
    pub pa_rings: &'static str,
    pub pa_rings_hint: &'static str,
    pub pa_rings_invalid: &'static str,
    // Call intercept.
    pub ic_heading: &'static str,
    pub ic_intro: &'static str,
    pub ic_enabled: &'static str,
    pub ic_incoming: &'static str,
    pub ic_which_calls: &'static str,
    pub ic_incoming_all: &'static str,
    pub ic_incoming_allow: &'static str,
    pub ic_voicemail: &'static str,
    pub ic_greeting: &'static str,
    pub ic_greeting_default: &'static str,
    pub ic_greeting_custom: &'static str,
    pub ic_greeting_missing: &'static str,
    pub ic_new_number_enabled: &'static str,
    pub ic_new_number: &'static str,
    pub ic_zero_enabled: &'static str,
    pub ic_zero: &'static str,
    pub ic_outgoing: &'static str,
    pub ic_outgoing_all: &'static str,
    pub ic_outgoing_local: &'static str,
    pub ic_outgoing_transfer: &'static str,
    pub ic_outgoing_destination: &'static str,
    pub ic_announcement: &'static str,
    pub ic_announcement_uploaded: &'static str,
    pub ic_announcement_none: &'static str,
    pub ic_announcement_file: &'static str,
    pub ic_announcement_upload: &'static str,
    // Caller ID.
    pub cid_heading: &'static str,
    pub cid_number: &'static str,
    pub cid_direct_line: fn(&str) -> String,
    pub cid_location_number: fn(&str) -> String,
    pub cid_custom: &'static str,
    pub cid_custom_number: &'static str,
    pub cid_custom_number_missing: &'static str,
    pub cid_custom_number_hint: &'static str,
    pub cid_custom_name_hint: &'static str,
    pub cid_no_number: &'static str,
    pub cid_name: &'static str,
    pub cid_name_direct: &'static str,
    pub cid_name_location: fn(&str) -> String,
    pub cid_name_custom: &'static str,
    pub cid_custom_name: &'static str,
    pub cid_custom_name_missing: &'static str,
    pub cid_block: &'static str,
    pub cid_block_locked: &'static str,
    pub cid_choice_invalid: &'static str,
    // Anonymous call rejection and barge-in.
    pub anon_heading: &'static str,
    pub anon_enabled: &'static str,
    pub anon_unavailable: &'static str,
    pub barge_heading: &'static str,
    pub barge_enabled: &'static str,
    pub barge_tone: &'static str,
    // Call queues.
    pub queues_heading: &'static str,
    pub queues_none: &'static str,
    pub queues_col_queue: &'static str,
    pub queues_col_number: &'static str,
    pub queues_col_location: &'static str,
    pub queues_col_joined: &'static str,
    pub queue_join: fn(&str) -> String,
    /// A queue that does not let its agents join or leave it themselves.
    pub queue_locked: fn(&str) -> String,
    pub queue_not_yours: &'static str,
    pub queues_hint: &'static str,
    pub queues_needs_admin: &'static str,
    // Phones.
    pub phones_heading: &'static str,
    pub phones_none: &'static str,
    pub phones_col_model: &'static str,
    pub phones_col_mac: &'static str,
    pub phones_col_status: &'static str,
    pub phones_col_last_seen: &'static str,
    pub connection: fn(Option<&crate::webex::ConnectionStatus>) -> &'static str,
    pub never: &'static str,
    // Numbers.
    pub numbers_heading: &'static str,
    pub numbers_none: &'static str,
    pub numbers_col_number: &'static str,
    pub numbers_col_extension: &'static str,
    pub numbers_col_location: &'static str,
    pub numbers_col_primary: &'static str,
    pub numbers_primary: &'static str,
    pub numbers_extension_only: &'static str,
    // The summary's first lines.
    pub summary_away: fn(&crate::domain::calls::Away) -> String,
    pub summary_intercepted: fn(&crate::domain::calls::Intercepted) -> String,
    /// Reading-only cards say so instead of offering a save.
    pub read_only_card: &'static str,
}

/// The catalogue for a language tag ("de", "de-CH", "FR"), by its primary subtag.
pub fn by_tag(tag: &str) -> Option<&'static Messages> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    LANGUAGES
        .iter()
        .copied()
        .find(|m| m.lang.eq_ignore_ascii_case(primary))
}

/// Picks the catalogue for an `Accept-Language` header (RFC 9110 §12.5.4): languages by
/// descending quality (`q=0` means "not this one"), the header's order among equals; `*` stands
/// for the default. Nothing acceptable: `default`.
pub fn negotiate(accept_language: Option<&str>, default: &'static Messages) -> &'static Messages {
    let mut ranges: Vec<(u16, usize, &str)> = accept_language
        .into_iter()
        .flat_map(|h| h.split(','))
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let mut q = 1000u16;
            for p in parts {
                let (k, v) = p.split_once('=')?;
                if k.trim().eq_ignore_ascii_case("q") {
                    q = parse_quality(v.trim())?;
                }
            }
            (!tag.is_empty() && q > 0).then_some((q, i, tag))
        })
        .take(32)
        .collect();
    ranges.sort_by_key(|&(q, i, _)| (std::cmp::Reverse(q), i));
    ranges
        .into_iter()
        .find_map(|(_, _, tag)| {
            if tag == "*" {
                Some(default)
            } else {
                by_tag(tag)
            }
        })
        .unwrap_or(default)
}

/// A quality value ("0.8", "1", "0.125") in thousandths; malformed ones drop the range.
fn parse_quality(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_named_by_their_city() {
        assert_eq!(zone_city("America/New_York").as_deref(), Some("New York"));
        assert_eq!(
            zone_city("America/Argentina/Buenos_Aires").as_deref(),
            Some("Buenos Aires")
        );
        assert_eq!(zone_city("UTC"), None);
        assert_eq!(zone_city("Etc/GMT+5"), None);
        assert_eq!(
            (EN.timed.times_in)("Europe/Berlin"),
            "Times are Berlin time (Europe/Berlin)."
        );
        assert_eq!((EN.timed.times_in)("UTC"), "Times are in UTC.");
    }

    #[test]
    fn webex_failures_are_worded_for_people() {
        let e = WebexError::Http {
            status: 400,
            message: "Invalid field value".into(),
            descriptions: vec!["numberOfRings must be between 2 and 20".into()],
            tracking_id: Some("ROUTER_1".into()),
        };
        assert!((EN.webex_error)(&e).contains("between 2 and 20"));
        let e = WebexError::RateLimited {
            retry_after: std::time::Duration::from_secs(3600),
            tracking_id: None,
        };
        assert_eq!(
            (EN.webex_error)(&e),
            "Webex is busy. Please try again in 60 minutes."
        );
    }

    #[test]
    fn falls_back_to_the_default() {
        assert_eq!(negotiate(None, &EN).lang, "en");
        assert_eq!(negotiate(None, &DE).lang, "de");
        assert_eq!(negotiate(Some("xx-YY, zz;q=0.5"), &FR).lang, "fr");
        assert_eq!(negotiate(Some("en-GB,en;q=0.9"), &DE).lang, "en");
    }

    #[test]
    fn negotiation_honours_quality_values() {
        assert_eq!(negotiate(Some("de-CH"), &EN).lang, "de");
        // Not sorted by the browser: the highest q wins, not the first.
        assert_eq!(
            negotiate(Some("en;q=0.3, fr;q=0.9, de;q=0.5"), &EN).lang,
            "fr"
        );
        // Equal q: the header's order.
        assert_eq!(negotiate(Some("fr;q=0.5, de;q=0.5"), &EN).lang, "fr");
        // q=0 refuses a language; `*` is the default.
        assert_eq!(negotiate(Some("de;q=0, fr;q=0.1"), &EN).lang, "fr");
        assert_eq!(negotiate(Some("xx, *;q=0.5"), &DE).lang, "de");
        // Malformed quality drops that range only.
        assert_eq!(negotiate(Some("de;q=2, fr;q=0.7"), &EN).lang, "fr");
        assert_eq!(negotiate(Some("de;q=abc"), &FR).lang, "fr");
        assert_eq!(negotiate(Some(";;;,,,=;q"), &EN).lang, "en");
    }

    #[test]
    fn plurals_follow_cldr() {
        assert_eq!(plural("en", 1), PluralCategory::ONE);
        assert_eq!(plural("en", 0), PluralCategory::OTHER);
        assert_eq!(plural("de", 1), PluralCategory::ONE);
        assert_eq!(plural("de", 0), PluralCategory::OTHER);
        // French: 0 and 1 are both "one".
        assert_eq!(plural("fr", 0), PluralCategory::ONE);
        assert_eq!(plural("fr", 2), PluralCategory::OTHER);
    }

    #[test]
    fn summary_sentences_agree_with_their_numbers() {
        let one = Line::NoAnswerGoesTo(Target::Voicemail, 1);
        let three = Line::NoAnswerGoesTo(Target::Voicemail, 3);
        assert!((DE.summary_line)(&one).contains("nach einem Klingelton"));
        assert!((DE.summary_line)(&three).contains("nach 3 Klingeltönen"));
        assert!((EN.summary_line)(&one).contains("within 1 ring,"));
        assert!((EN.summary_line)(&three).contains("within 3 rings"));
        assert!((FR.summary_line)(&one).contains("1 sonnerie"));
        assert!((FR.summary_line)(&three).contains("3 sonneries"));
    }

    #[test]
    fn dates_are_local() {
        let at = time::macros::datetime!(2026-12-02 04:19 UTC);
        let berlin = Locale {
            t: &DE,
            tz: time_zone(Some("Europe/Berlin")),
        };
        assert_eq!(berlin.datetime(at), "02.12.2026, 05:19 CET");
        let paris = Locale {
            t: &FR,
            tz: time_zone(Some("Europe/Paris")),
        };
        assert_eq!(paris.datetime(at), "02/12/2026 05:19 CET");
        let utc = Locale {
            t: &EN,
            tz: time_zone(Some("Not/AZone")),
        };
        assert_eq!(utc.datetime(at), "Dec 2, 2026, 04:19 UTC");
    }

    #[test]
    fn phone_numbers_are_national_at_home() {
        assert_eq!(DE.phone("+49 30 1234567"), "030 1234567");
        assert_eq!(EN.phone("+49 30 1234567"), "+49 30 1234567");
        assert_eq!(EN.phone("+14085550100"), "+1 408-555-0100");
        assert_eq!(DE.phone("+14085550100"), "+1 408-555-0100");
        assert_eq!(FR.phone("+33142685300"), "01 42 68 53 00");
        assert_eq!(FR.phone("1234"), "1234");
        // In sentences too.
        let berlin = Line::AllCallsForwarded(Target::Number("+49 30 1234567".into()));
        assert_eq!(
            (DE.summary_line)(&berlin),
            "Alle Anrufe werden an 030 1234567 weitergeleitet."
        );
    }
}
