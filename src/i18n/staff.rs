//! Messages of the helpdesk, audit and admin pages (one struct, so those pages' text stays
//! together; [`super::Messages::staff`] holds it).

use time::Duration;

use super::one_other;
use crate::features::Feature;
use crate::webex::scopes::{PortalFeature, ScopeStatus};

pub struct StaffMessages {
    /// The name screen readers give the portal's navigation.
    pub nav_label: &'static str,
    pub nav_helpdesk: &'static str,
    pub nav_audit: &'static str,
    pub nav_admin: &'static str,
    pub nav_me: &'static str,
    // Helpdesk search
    pub helpdesk_heading: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_too_short: &'static str,
    pub search_nothing: &'static str,
    pub search_scan_stopped: &'static str,
    pub col_name: &'static str,
    pub col_email: &'static str,
    pub col_extension: &'static str,
    pub col_number: &'static str,
    pub col_location: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub none: &'static str,
    // Audit log
    pub audit_heading: &'static str,
    pub audit_intro_employee: &'static str,
    pub audit_intro_staff: &'static str,
    pub filter_person: &'static str,
    pub filter_actor: &'static str,
    pub filter_feature: &'static str,
    /// The feature drop-down's "no filter" choice.
    pub filter_feature_any: &'static str,
    pub filter_from: &'static str,
    pub filter_to: &'static str,
    pub filter_apply: &'static str,
    pub export_csv: &'static str,
    pub col_when: &'static str,
    pub col_actor: &'static str,
    pub col_target: &'static str,
    pub col_feature: &'static str,
    pub col_action: &'static str,
    pub col_result: &'static str,
    pub col_ticket: &'static str,
    pub col_change: &'static str,
    /// The admin's "sign everyone out" is about the sign-in sessions.
    pub sessions_feature: &'static str,
    /// The toggle that shows the stored before and after states.
    pub audit_stored: &'static str,
    pub audit_before: &'static str,
    pub audit_after: &'static str,
    /// The CSV export's header row, one per column of `web::audit::csv_fields`.
    pub csv_header: [&'static str; 18],
    pub audit_empty: &'static str,
    pub undo: &'static str,
    pub undo_done: &'static str,
    pub undo_conflict: &'static str,
    pub ticket_label: &'static str,
    // Admin
    pub admin_heading: &'static str,
    pub token_heading: &'static str,
    pub token_healthy: &'static str,
    pub token_access_expires: &'static str,
    pub token_refresh_expires: &'static str,
    pub token_last_refresh: &'static str,
    pub token_scopes: &'static str,
    pub token_scopes_unknown: &'static str,
    pub scopes_heading: &'static str,
    pub scopes_intro: &'static str,
    pub col_scopes_needed: &'static str,
    pub col_scope_status: &'static str,
    pub scope_feature: fn(PortalFeature) -> &'static str,
    pub scope_status: fn(ScopeStatus) -> &'static str,
    pub scope_bot_note: &'static str,
    pub unknown: &'static str,
    pub failures_heading: &'static str,
    pub failures_none: &'static str,
    pub roles_heading: &'static str,
    pub roles_recheck: fn(u64) -> String,
    pub roles_none: &'static str,
    pub col_entry: &'static str,
    pub col_grant: &'static str,
    pub col_people: &'static str,
    pub roles_lookup_failed: &'static str,
    pub budget_heading: &'static str,
    /// (used, per minute, interactive, background)
    pub budget_used: fn(u32, u32, u32, u32) -> String,
    pub budget_share: &'static str,
    pub budget_reserve: &'static str,
    pub per_minute: fn(u32) -> String,
    pub budget_people: &'static str,
    /// (people, at their share, most by one person)
    pub budget_people_value: fn(usize, usize, u32) -> String,
    pub budget_held: &'static str,
    /// (waited for room, answered busy)
    pub budget_held_value: fn(u64, u64) -> String,
    pub sessions_heading: &'static str,
    pub sessions_active: fn(Option<u64>) -> String,
    pub sign_out_everyone: &'static str,
    pub sign_out_everyone_hint: &'static str,
    /// The checkbox that must be ticked to sign everyone out.
    pub sign_out_everyone_confirm: &'static str,
    /// Said on the start page to the admin who just signed everyone out.
    pub signed_out_everyone: &'static str,
    pub duration_from_now: fn(Duration) -> String,
    pub duration_ago: fn(Duration) -> String,
    // On someone else's page
    pub acting_banner: fn(&str) -> String,
    /// The banner with the person's location (name, or id when the name is unknown).
    pub acting_banner_at: fn(&str, &str) -> String,
    pub restricted_features: &'static str,
    pub reset_pin: &'static str,
    pub reset_pin_done: &'static str,
    /// The question before a PIN reset, naming the person.
    pub reset_pin_confirm: fn(&str) -> String,
    /// The bot's message to a person whose settings helpdesk changed (Markdown).
    pub notice_changed: fn(actor: &str, what: &str) -> String,
    /// A timed change's end that left the setting alone: it was changed after the portal applied it.
    pub notice_left_as_changed: fn(what: &str) -> String,
    pub voicemail_pin: &'static str,
}

pub static EN: StaffMessages = StaffMessages {
    nav_label: "Portal",
    nav_helpdesk: "Helpdesk",
    nav_audit: "Audit log",
    nav_admin: "Admin",
    nav_me: "My settings",
    helpdesk_heading: "Find a user",
    search_label: "First name or surname, email, extension or phone number",
    search_hint: "Results appear as you type. Only Webex Calling users you may help are listed.",
    search_button: "Search",
    search_too_short: "Type at least two characters.",
    search_nothing: "Nobody found.",
    search_scan_stopped: "The number search stopped after reading 1000 users; type more digits to narrow it.",
    col_name: "Name",
    col_email: "Email",
    col_extension: "Extension",
    col_number: "Number",
    col_location: "Location",
    previous_page: "Previous",
    next_page: "Next",
    none: "—",
    audit_heading: "Audit log",
    audit_intro_employee: "Every change made to your settings, by you or by the helpdesk.",
    audit_intro_staff: "Every change made through the portal to settings you may see.",
    filter_person: "Whose settings (name or email)",
    filter_actor: "Changed by (name or email)",
    filter_feature: "Setting",
    filter_feature_any: "Any setting",
    filter_from: "From",
    filter_to: "To",
    filter_apply: "Filter",
    export_csv: "Download CSV",
    col_when: "When",
    col_actor: "Changed by",
    col_target: "Whose settings",
    col_feature: "Feature",
    col_action: "Action",
    col_result: "Result",
    col_ticket: "Ticket",
    col_change: "Change",
    sessions_feature: "Sign-in sessions",
    audit_stored: "Stored values",
    audit_before: "Before",
    audit_after: "After",
    csv_header: [
        "id",
        "at",
        "actor_name",
        "actor_person_id",
        "actor_role",
        "target_name",
        "target_person_id",
        "target_location_id",
        "feature",
        "action",
        "result",
        "ticket",
        "error",
        "webex_tracking_id",
        "request_id",
        "undo_of",
        "before",
        "after",
    ],
    audit_empty: "No entries.",
    undo: "Undo",
    undo_done: "The change was undone.",
    undo_conflict: "The setting was changed again since; it was left as it is.",
    ticket_label: "Ticket or note",
    admin_heading: "Administration",
    token_heading: "Service app token",
    token_healthy: "Healthy",
    token_access_expires: "Access token expires",
    token_refresh_expires: "Refresh token expires",
    token_last_refresh: "Last refresh",
    token_scopes: "Scopes granted",
    token_scopes_unknown: "unknown (Webex did not report them with the token)",
    scopes_heading: "Scopes per feature",
    scopes_intro: "What each feature needs from Webex, against what the service app was granted.",
    col_scopes_needed: "Scopes needed",
    col_scope_status: "Status",
    scope_feature: |f| match f {
        PortalFeature::PeopleLookup => "People lookup and search",
        PortalFeature::Setting(Feature::CallForwarding) => "Call forwarding",
        PortalFeature::Setting(Feature::DoNotDisturb) => "Do not disturb",
        PortalFeature::Setting(Feature::CallWaiting) => "Call waiting",
        PortalFeature::Setting(Feature::Voicemail) => "Voicemail settings",
        PortalFeature::Setting(Feature::PersonalAssistant) => "Personal assistant",
        PortalFeature::Setting(Feature::CallIntercept) => "Call intercept",
        PortalFeature::Setting(Feature::CallerId) => "Caller ID",
        PortalFeature::Setting(Feature::AnonymousCallRejection) => "Anonymous call rejection",
        PortalFeature::Setting(Feature::BargeIn) => "Barge-in",
        PortalFeature::Setting(Feature::CallQueues) => "Call queues (shown to agents)",
        PortalFeature::Setting(Feature::Phones) => "Phones (read only)",
        PortalFeature::Setting(Feature::Numbers) => "Numbers (read only)",
        // Issue 15.
        PortalFeature::Setting(Feature::SingleNumberReach) => "Single number reach",
        PortalFeature::Setting(Feature::SelectiveForward) => "Selective forward",
        PortalFeature::Setting(Feature::SelectiveAccept) => "Selective accept",
        PortalFeature::Setting(Feature::SelectiveReject) => "Selective reject",
        PortalFeature::Setting(Feature::SimultaneousRing) => "Simultaneous ring",
        PortalFeature::Setting(Feature::Schedules) => "Personal schedules",
        PortalFeature::Greetings => "Voicemail greetings",
        PortalFeature::PinReset => "Voicemail PIN reset",
        PortalFeature::PasscodeRules => "Voicemail passcode and its rules",
        PortalFeature::RoleGroups => "Groups for the role map",
        PortalFeature::FeatureAccess => "Feature access (what users may change)",
        PortalFeature::ChangeNotices => "Change notices (messages)",
        PortalFeature::QueueJoin => "Call queue join and leave (needs a full administrator)",
    },
    scope_status: |s| match s {
        ScopeStatus::Granted => "granted",
        ScopeStatus::Missing => "missing",
        ScopeStatus::Unknown => "unknown",
    },
    scope_bot_note: "sent with the bot token, whose scopes Webex does not report",
    unknown: "unknown",
    failures_heading: "Recent Webex failures",
    failures_none: "No failed changes recently.",
    roles_heading: "Roles",
    roles_recheck: |secs| {
        format!(
            "Group membership is checked again every {secs} {}.",
            one_other("en", secs, "second", "seconds")
        )
    },
    roles_none: "PORTAL_ROLE_MAP is empty: everyone is an employee.",
    col_entry: "Entry",
    col_grant: "Grants",
    col_people: "People",
    roles_lookup_failed: "The group could not be looked up",
    budget_heading: "Webex call budget",
    budget_used: |used, limit, interactive, background| {
        format!(
            "Calls with the service-app token in the last minute: {used} of {limit} ({interactive} for people using the portal, {background} background work)."
        )
    },
    budget_share: "Each person's share",
    budget_reserve: "Kept for people using the portal (background work never uses it)",
    per_minute: |n| format!("{n} calls a minute"),
    budget_people: "People whose requests called Webex in the last minute",
    budget_people_value: |people, at_share, busiest| {
        format!(
            "{people}; {at_share} of them used their whole share; the most by one person: {busiest}"
        )
    },
    budget_held: "Calls held back since the portal started",
    budget_held_value: |held, refused| {
        format!("{held} waited for room; {refused} were answered \"busy\" without asking Webex")
    },
    sessions_heading: "Sessions",
    sessions_active: |n| match n {
        Some(n) => format!("{n} active {}.", one_other("en", n, "session", "sessions")),
        None => "This session store cannot count its sessions.".to_owned(),
    },
    sign_out_everyone: "Sign everyone out",
    sign_out_everyone_hint: "Ends every session, yours included. Everyone signs in again.",
    sign_out_everyone_confirm: "Yes, sign out everyone now, me included",
    signed_out_everyone: "Everyone was signed out, you included. Sign in again to continue.",
    duration_from_now: |d| {
        if d.is_negative() {
            format!("{} ago (expired)", human(-d))
        } else {
            format!("in {}", human(d))
        }
    },
    duration_ago: |d| format!("{} ago", human(d)),
    acting_banner: |name| format!("You are changing {name}'s settings"),
    acting_banner_at: |name, location| format!("You are changing {name}'s settings ({location})"),
    restricted_features: "They may not change these themselves:",
    reset_pin: "Reset voicemail PIN",
    reset_pin_done: "The voicemail PIN was reset to the organization's default.",
    reset_pin_confirm: |name| {
        format!(
            "Reset {name}'s voicemail PIN to the organization's default? Their current PIN stops working."
        )
    },
    notice_changed: |actor, what| {
        format!(
            "**{actor}** from the helpdesk changed your **{what}** settings in the calling portal."
        )
    },
    notice_left_as_changed: |what| {
        format!(
            "The calling portal did not put your **{what}** settings back at the end of the scheduled change: they were changed after the portal applied it, so they stay as they are now."
        )
    },
    voicemail_pin: "voicemail PIN",
};

fn human(d: Duration) -> String {
    let (n, unit) = units(d);
    let [one, other] = match unit {
        Unit::Seconds => ["second", "seconds"],
        Unit::Minutes => ["minute", "minutes"],
        Unit::Hours => ["hour", "hours"],
        Unit::Days => ["day", "days"],
    };
    format!("{n} {}", one_other("en", n, one, other))
}

/// The unit a duration is told in, and how many of it: every language words the same split.
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

pub fn units(d: Duration) -> (u64, Unit) {
    let secs = d.whole_seconds().max(0) as u64;
    match secs {
        s if s < 120 => (s, Unit::Seconds),
        s if s < 2 * 3600 => (s / 60, Unit::Minutes),
        s if s < 2 * 86_400 => (s / 3600, Unit::Hours),
        s => (s / 86_400, Unit::Days),
    }
}
