//! The message catalogue: every user-facing string, one struct per language.
//!
//! Templates and handlers take a `&'static Messages` and never spell out English themselves, so a
//! second language is one more `Messages` value (and a line in [`negotiate`]), with no template or
//! handler touched. The compiler checks that every language has every message.

mod en;
pub mod staff;

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
use crate::store::AuditResult;
use crate::webex::WebexError;

pub use en::EN;

/// All user-facing text of one language. Plain strings for fixed text; functions for text with
/// values in it.
pub struct Messages {
    /// BCP 47 tag for `<html lang>`.
    pub lang: &'static str,
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
    pub audit_result: fn(AuditResult) -> &'static str,
    /// What a failure is called, and what the user can do about it (src/error.rs).
    pub failure_title: fn(Failure) -> &'static str,
    pub failure_message: fn(Failure) -> &'static str,
    /// The helpdesk, audit and admin pages.
    pub staff: &'static staff::StaffMessages,
    /// The voicemail card, its greetings and the PIN.
    pub voicemail: &'static VoicemailMessages,
    /// Personal assistant, intercept, caller ID, privacy, queues, phones and numbers.
    pub calling: &'static CallingMessages,
}

impl Messages {
    /// What an audit entry's `feature` is called: a registry feature's name, else "another setting".
    pub fn audit_feature(&self, key: &str) -> &'static str {
        Feature::from_audit_key(key).map_or(self.other_setting, self.feature_name)
    }
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
    pub greeting_file_hint: &'static str,
    pub greeting_upload: &'static str,
    pub greeting_upload_busy_legend: &'static str,
    pub greeting_upload_no_answer_legend: &'static str,
    pub greeting_saved_busy: &'static str,
    pub greeting_saved_no_answer: &'static str,
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

/// Picks the catalogue for an `Accept-Language` header: the first supported language in the
/// header's order, else English. (Quality values are honoured by order only: browsers send them
/// sorted.)
pub fn negotiate(accept_language: Option<&str>) -> &'static Messages {
    let supported: [&'static Messages; 1] = [&EN];
    accept_language
        .into_iter()
        .flat_map(|h| h.split(','))
        .map(|item| {
            item.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find_map(|tag| {
            let primary = tag.split('-').next().unwrap_or("").to_owned();
            supported.into_iter().find(|m| m.lang == primary)
        })
        .unwrap_or(&EN)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn falls_back_to_english() {
        assert_eq!(negotiate(None).lang, "en");
        assert_eq!(negotiate(Some("xx-YY, zz;q=0.5")).lang, "en");
        assert_eq!(negotiate(Some("en-GB,en;q=0.9")).lang, "en");
    }
}
