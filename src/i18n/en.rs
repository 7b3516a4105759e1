//! English: the complete catalogue every other language follows.

use super::{Messages, VoicemailMessages, one_other};
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

pub static EN: Messages = Messages {
    lang: "en",
    language_name: "English",
    language_label: "Language",
    skip_to_content: "Skip to the content",
    sections_label: "Settings sections",
    section_forwarding: "Forwarding",
    section_availability: "Do not disturb and call waiting",
    section_voicemail: "Voicemail",
    section_caller_id: "Caller ID and privacy",
    section_devices: "Phones, numbers and queues",
    status_on: "On",
    status_off: "Off",
    status_forwarding_to: |to| format!("Forwarding to {to}"),
    language_change: "Change language",
    datetime_format: "%b %-d, %Y, %H:%M %Z",
    // English is read in many countries: numbers stay international, as Webex gives them.
    phone_region: "",
    app_name: "Calling portal",
    sign_in: "Sign in with Webex",
    sign_out: "Sign out",
    start_heading: "Your calls, your way",
    start_intro: "Sign in with your Webex account to see where your calls go and change call forwarding and voicemail.",
    summary_heading: "What happens to my calls",
    request_id: "Request id",
    back_to_start: "Back to the start page",
    extension: "Extension",
    no_extension: "none",
    location: "Location",
    phone_number: "Direct number",
    loading: "Loading…",
    retry: "Try again",
    save: "Save",
    saved: "Saved. Shown below is what Webex now holds.",
    nothing_changed: "Nothing to save: nothing was changed.",
    fix_fields: "Nothing was saved: please correct the marked fields.",
    not_saved: "Not saved.",
    tracking_id: "Webex tracking id",
    card_unavailable: "This setting could not be loaded.",
    read_only: "Your organization does not let you change this yourself. Your helpdesk can change it for you.",
    conflict_heading: "Changed elsewhere, nothing saved",
    conflict_explain: "This setting was changed somewhere else (in Webex, on a phone or in another tab) after you opened it. Nothing was overwritten. The current values are shown below; save again if you still want your change.",
    conflict_attempted: "What you tried to save",
    saving_too_often: |secs| format!("You are saving very often; try again in {secs} s."),
    ticket: "Ticket number (optional)",
    yes: "yes",
    no: "no",
    summary_unavailable: "The summary could not be loaded.",
    warnings_heading: "Worth checking",
    history_heading: "Recent changes",
    history_empty: "No changes yet.",
    history_unavailable: "The recent changes could not be loaded.",
    history_when: "When",
    history_what: "What",
    history_who: "Who",
    history_result: "Result",
    forwarding_heading: "Call forwarding",
    fwd_always: "Forward all calls",
    fwd_busy: "When you're busy",
    fwd_no_answer: "When you don't answer",
    fwd_business_continuity: "When your phones are offline",
    fwd_enabled: "On",
    fwd_destination: "Forward to",
    fwd_destination_hint: "An extension, or a number such as +1 408 555 0100.",
    fwd_to_voicemail: "Send to voicemail instead",
    fwd_ring_reminder: "Ring my phone briefly when a call is forwarded",
    fwd_rings: "Rings before forwarding",
    fwd_rings_hint: |min, max| format!("Choose between {min} and {max} rings."),
    dnd_heading: "Do not disturb",
    dnd_enabled: "Do not disturb",
    dnd_ring_splash: "Ring my phone briefly when a call arrives",
    call_waiting_heading: "Call waiting",
    call_waiting_enabled: "Let a second call through while I'm on a call",
    summary_line,
    warning,
    target,
    destination_error,
    forwarding_error,
    greeting_error,
    passcode_problem,
    webex_error,
    feature_name,
    other_setting: "Another setting",
    change_summary,
    audit_result,
    audit_action,
    role_name,
    failure_title,
    failure_message,
    rate_limited_message,
    too_large_message,
    staff: &super::staff::EN,
    voicemail: &VOICEMAIL,
    calling: &CALLING,
    // Single number reach (issue 15).
    reach: &super::reach::EN,
    timed: &super::timed::EN,
    bulk: &super::bulk::EN,
    rule_cards: &super::rule_cards::EN,
    schedules: &super::schedules::EN,
    tester: &super::tester::EN,
};

static VOICEMAIL: VoicemailMessages = VoicemailMessages {
    heading: "Voicemail",
    enabled: "Use voicemail",
    send_all: "Send all calls straight to voicemail",
    send_all_hint: "Your phones won't ring while this is on.",
    busy_legend: "When you're on a call",
    busy_enabled: "Send calls to voicemail when you're busy",
    no_answer_legend: "When you don't answer",
    no_answer_enabled: "Send unanswered calls to voicemail",
    rings: "Rings before voicemail answers",
    rings_hint: |min, max| format!("From {min} to {max} rings."),
    greeting_legend: "Greeting callers hear",
    greeting_default: "The standard greeting",
    greeting_custom: "My own recorded greeting",
    greeting_uploaded: "Your own greeting is uploaded.",
    greeting_not_uploaded: "You have not uploaded your own greeting yet.",
    greeting_no_playback: "Webex does not let the portal play greetings back. To listen to yours, call your voicemail.",
    greeting_file: "Upload a greeting of your own",
    greeting_file_replace: "Replace your greeting with a new file",
    greeting_file_on_save: "It is uploaded when you save.",
    greeting_file_hint: "A WAV file of at most 5000 KB.",
    notifications_legend: "New message alerts",
    notifications_enabled: "Tell me when I have a new message",
    notify_email: "Email address for alerts",
    notify_sms: "Mobile number for text alerts (optional)",
    email_hint: "For example name@example.com.",
    external_email_hint: "Needed when messages are sent to an email address only.",
    fax_number_hint: "The full fax number, for example +1 617 555 0100.",
    fax_extension_hint: "2 to 10 digits.",
    storage_where: "Keep messages",
    notify_sms_hint: "US and Canadian numbers only, for example +1 617 555 0100.",
    transfer_legend: "Callers who press 0",
    transfer_enabled: "Transfer callers who press 0",
    transfer_number: "Transfer to",
    transfer_number_hint: "An extension, or a full number such as +1 617 555 0100.",
    email_copy_legend: "Email copies",
    email_copy_enabled: "Email me a copy of each message",
    email_copy_address: "Email address for copies",
    storage_legend: "Where messages are kept",
    mwi_enabled: "Light the message lamp on my phone",
    storage_internal: "In my Webex voicemail box",
    storage_external: "Sent to an email address only",
    external_email: "Email address for messages",
    fax_legend: "Fax messages",
    fax_enabled: "Receive faxes in my voicemail",
    fax_number: "Fax number",
    fax_extension: "Fax extension (optional)",
    on: "On",
    off: "Off",
    not_set: "not set",
    field_error: voicemail_field_error,
    pin_legend: "Voicemail PIN",
    pin_rules_intro: "Your new PIN must follow these rules:",
    pin_new: "New PIN",
    pin_confirm: "New PIN again",
    pin_mismatch: "The two PINs are not the same.",
    pin_change: "Change PIN",
    pin_changed: "Your voicemail PIN is changed.",
    pin_problems: "That PIN cannot be used. Nothing was changed:",
    pin_refused: "Webex refused the new PIN:",
    pin_rules_unavailable: "The PIN rules could not be loaded just now; Webex will still check your new PIN.",
};

fn voicemail_field_error(e: &VoicemailFieldError) -> String {
    match e {
        VoicemailFieldError::RingsNotANumber => "Enter the number of rings in digits.".to_owned(),
        VoicemailFieldError::RingsOutOfRange { min, max } => {
            format!("Choose from {min} to {max} rings.")
        }
        VoicemailFieldError::NoCustomGreeting => {
            "Upload your own greeting before choosing it.".to_owned()
        }
        VoicemailFieldError::UnknownChoice => "Choose one of the options.".to_owned(),
        VoicemailFieldError::EmailRequired => "Enter an email address.".to_owned(),
        VoicemailFieldError::EmailInvalid(s) => {
            format!("“{s}” is not an email address, like name@example.com.")
        }
        VoicemailFieldError::NotificationTargetRequired => {
            "Enter an email address or a mobile number for the alerts.".to_owned()
        }
        VoicemailFieldError::SmsNotUsOrCanada(s) => format!(
            "“{s}” cannot get text alerts: Webex sends them to US and Canadian mobile numbers only."
        ),
        VoicemailFieldError::Destination(d) => destination_error(d),
        VoicemailFieldError::FaxNotANumber(s) => {
            format!("“{s}” is an extension; enter the full fax number.")
        }
        VoicemailFieldError::FaxExtensionInvalid(s) => {
            format!("“{s}” is not an extension: use 2 to 10 digits.")
        }
    }
}

fn target(t: &Target) -> String {
    match t {
        Target::Voicemail => "voicemail".to_owned(),
        Target::Number(n) => EN.phone(n),
    }
}

fn summary_line(line: &Line) -> String {
    match line {
        Line::DoNotDisturbOff => "Do not disturb is off.".to_owned(),
        Line::DoNotDisturbOn => "Do not disturb is on: your phones don't ring.".to_owned(),
        Line::AllCallsForwarded(t) => format!("All calls are forwarded to {}.", target(t)),
        Line::AllCallsToVoicemail => "All calls go straight to voicemail.".to_owned(),
        Line::RingsYourPhones => "Calls ring your phones.".to_owned(),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "If you don't answer within {rings} {}, they go to {}.",
            one_other("en", *rings, "ring", "rings"),
            target(t)
        ),
        Line::NoAnswerKeepsRinging => "If you don't answer, they keep ringing.".to_owned(),
        Line::BusyGoesTo(t) => format!("When you're busy, they go to {}.", target(t)),
        Line::BusyTone => "When you're busy, callers hear a busy tone.".to_owned(),
        Line::OfflineGoesTo(t) => format!("If your phones are offline, calls go to {}.", target(t)),
    }
}

fn warning(w: &Warning) -> &'static str {
    match w {
        Warning::ForwardAlwaysHidesOtherRules => {
            "Forward all calls is on, so your busy and no-answer settings never apply."
        }
        Warning::SendAllToVoicemailHidesOtherRules => {
            "Send all calls to voicemail is on, so your busy and no-answer settings never apply."
        }
        Warning::ForwardsToVoicemailWhileVoicemailOff => {
            "A forwarding rule sends calls to voicemail, but your voicemail is off."
        }
        Warning::DoNotDisturbIsOn => {
            "Do not disturb is on: callers get your busy treatment until you turn it off."
        }
        Warning::BusyForwardOverridesVoicemail => {
            "Busy calls are forwarded, so your voicemail busy setting does not apply."
        }
        Warning::NoAnswerForwardOverridesVoicemail => {
            "Unanswered calls are forwarded, so your voicemail no-answer setting does not apply."
        }
    }
}

fn destination_error(e: &DestinationError) -> String {
    match e {
        DestinationError::Empty => "Enter a number or an extension.".to_owned(),
        DestinationError::Unrecognized(s) => format!(
            "“{s}” is not a phone number or an extension. Use an extension, or a full number such as +1 408 555 0100."
        ),
        DestinationError::InvalidNumber(s) => {
            format!("“{s}” is not a valid phone number. Check the digits and the country code.")
        }
        DestinationError::HasExtension(s) => format!(
            "“{s}” has an extension at the end; Webex can only forward to the number itself. Remove the extension, or forward to the extension alone if it is one of ours."
        ),
        DestinationError::Denied(s) => format!(
            "Calls cannot be forwarded to “{s}”: emergency numbers, premium-rate numbers and others your organization blocks are not allowed. Choose another number."
        ),
    }
}

fn greeting_error(e: &GreetingError) -> String {
    match e {
        GreetingError::Empty => "Choose a greeting file to upload.".to_owned(),
        GreetingError::NotWav => {
            "The greeting must be a WAV file; this file is not one, or it is damaged.".to_owned()
        }
        GreetingError::Encoding => {
            "The greeting must be a PCM WAV file (8- or 16-bit, mono or stereo, 8 to 48 kHz). Save it in that format and try again.".to_owned()
        }
        GreetingError::TooLarge { size_kb: Some(size_kb) } => format!(
            "The greeting is {size_kb} KB; Webex takes at most 5000 KB. Record a shorter greeting or save it at a lower quality."
        ),
        GreetingError::TooLarge { size_kb: None } => "The greeting is larger than 5000 KB, the most Webex takes. Record a shorter greeting or save it at a lower quality.".to_owned(),
    }
}

fn passcode_problem(p: &PasscodeProblem) -> String {
    match p {
        PasscodeProblem::NotDigits => "Use digits only.".to_owned(),
        PasscodeProblem::TooShort(n) => format!("Use at least {n} {}.", digits(*n)),
        PasscodeProblem::TooLong(n) => format!("Use at most {n} {}.", digits(*n)),
        PasscodeProblem::RepeatedDigits(n) => format!(
            "Don't repeat a digit more than {n} {} in a row.",
            one_other("en", *n, "time", "times")
        ),
        PasscodeProblem::RepeatedPattern => "Don't repeat a pattern (like 123123).".to_owned(),
        PasscodeProblem::Ascending(n) => {
            format!("Don't use more than {n} ascending digits in a row (like 1234).")
        }
        PasscodeProblem::Descending(n) => {
            format!("Don't use more than {n} descending digits in a row (like 4321).")
        }
        PasscodeProblem::ContainsOwnNumber => {
            "Don't use your own extension or phone number.".to_owned()
        }
        PasscodeProblem::ContainsOwnNumberReversed => {
            "Don't use your own extension or phone number backwards.".to_owned()
        }
        PasscodeProblem::ReusesPrevious(1) => "Don't reuse your current PIN.".to_owned(),
        PasscodeProblem::ReusesPrevious(n) => {
            format!("Don't reuse any of your last {n} PINs.")
        }
        PasscodeProblem::ReversedOld => "Don't use your old PIN backwards.".to_owned(),
    }
}

fn digits(n: usize) -> &'static str {
    one_other("en", n, "digit", "digits")
}

fn forwarding_error(e: &ForwardingFieldError) -> String {
    match e {
        ForwardingFieldError::DestinationRequired => {
            "Enter a number or an extension to forward to, or choose voicemail.".to_owned()
        }
        ForwardingFieldError::Destination(d) => destination_error(d),
        ForwardingFieldError::RingsNotANumber => "Enter the number of rings as digits.".to_owned(),
        ForwardingFieldError::RingsOutOfRange { min, max } => (EN.fwd_rings_hint)(*min, *max),
    }
}

/// What went wrong at Webex, for the person in front of the portal: no internals, no secrets.
fn webex_error(e: &WebexError) -> String {
    match e {
        WebexError::Http {
            status: 400,
            message,
            descriptions,
            ..
        } => {
            // Webex's 400 texts name the field and the rule ("must be between 2 and 20").
            let detail = descriptions.first().unwrap_or(message);
            if detail.is_empty() {
                "Webex rejected the change.".to_owned()
            } else {
                format!("Webex rejected the change: {detail}")
            }
        }
        WebexError::Http { status: 401, .. } | WebexError::TokenUnavailable { .. } => {
            "The portal's connection to Webex needs attention from an administrator. Please try again later.".to_owned()
        }
        WebexError::Http { status: 403, .. } => {
            "Webex does not allow the portal to do this.".to_owned()
        }
        WebexError::Http { status: 404, .. } => {
            "Webex could not find this person or setting.".to_owned()
        }
        WebexError::Http { status: 409, .. } => {
            "Webex refused the change because it conflicts with another setting.".to_owned()
        }
        WebexError::Http { status, .. } if *status >= 500 || *status == 423 => {
            "Webex is having trouble right now. Please try again in a moment.".to_owned()
        }
        WebexError::Http { .. } => "Webex could not complete the request.".to_owned(),
        WebexError::RateLimited { retry_after, .. } => format!(
            "Webex is busy. Please try again in {}.",
            human_duration(*retry_after)
        ),
        WebexError::Timeout { .. } => "Webex did not answer in time. Please try again.".to_owned(),
        WebexError::Unreachable { .. } => {
            "Webex cannot be reached right now. Please try again in a moment.".to_owned()
        }
        WebexError::Decode { .. } => {
            "Webex sent an answer the portal did not understand.".to_owned()
        }
    }
}

fn human_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs().max(1);
    let (n, one, other) = match secs {
        s if s < 90 => (s, "second", "seconds"),
        s if s < 90 * 60 => (s.div_ceil(60), "minute", "minutes"),
        s => (s.div_ceil(3600), "hour", "hours"),
    };
    format!("{n} {}", one_other("en", n, one, other))
}

fn change_summary(feature: &str, action: AuditAction, changed: &[&str]) -> String {
    match action {
        AuditAction::SetPin => "Voicemail PIN changed".to_owned(),
        AuditAction::ResetPin => "Voicemail PIN reset to the default".to_owned(),
        AuditAction::UploadGreeting => "Voicemail greeting uploaded".to_owned(),
        AuditAction::SignOutEveryone => "Everyone signed out".to_owned(),
        AuditAction::AddRule => format!("{feature}: rule added"),
        AuditAction::ChangeRule => format!("{feature}: rule changed"),
        AuditAction::DeleteRule => format!("{feature}: rule deleted"),
        AuditAction::Schedule => format!("{feature}: a change scheduled"),
        AuditAction::CancelSchedule => format!("{feature}: a scheduled change cancelled"),
        AuditAction::TimedApply if changed.is_empty() => format!("{feature}: scheduled change applied"),
        AuditAction::TimedApply => format!("{feature}: scheduled change applied: {}", changed.join(", ")),
        AuditAction::TimedRevert => format!("{feature}: put back as it was"),
        AuditAction::BulkApply if changed.is_empty() => format!("{feature}: bulk change"),
        AuditAction::BulkApply => format!("{feature}: bulk change: {}", changed.join(", ")),
        AuditAction::Undo => format!("{feature}: an earlier change undone"),
        AuditAction::Update if changed.is_empty() => feature.to_owned(),
        AuditAction::Update => format!("{feature}: {}", changed.join(", ")),
    }
}

fn feature_name(feature: Feature) -> &'static str {
    match feature {
        Feature::CallForwarding => "Call forwarding",
        Feature::DoNotDisturb => "Do not disturb",
        Feature::CallWaiting => "Call waiting",
        Feature::Voicemail => "Voicemail",
        Feature::PersonalAssistant => "Personal assistant (away)",
        Feature::CallIntercept => "Call intercept",
        Feature::CallerId => "Caller ID",
        Feature::AnonymousCallRejection => "Anonymous call rejection",
        Feature::BargeIn => "Barge-in",
        Feature::CallQueues => "My call queues",
        Feature::Phones => "My phones",
        Feature::Numbers => "My numbers",
        // Issue 15.
        Feature::SingleNumberReach => "Single number reach",
        Feature::SelectiveForward => "Selective forward",
        Feature::SelectiveAccept => "Selective accept",
        Feature::SelectiveReject => "Selective reject",
        Feature::SimultaneousRing => "Simultaneous ring",
        Feature::Schedules => "My schedules",
    }
}

fn audit_result(r: AuditResult) -> &'static str {
    match r {
        AuditResult::Success => "Saved",
        AuditResult::Failure => "Failed",
        AuditResult::Conflict => "Not saved: changed elsewhere",
        AuditResult::Denied => "Refused",
    }
}

fn audit_action(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Update => "Change",
        AuditAction::Undo => "Undo",
        AuditAction::ResetPin => "PIN reset",
        AuditAction::SetPin => "PIN changed",
        AuditAction::UploadGreeting => "Greeting uploaded",
        AuditAction::SignOutEveryone => "Everyone signed out",
        AuditAction::AddRule => "Rule added",
        AuditAction::ChangeRule => "Rule changed",
        AuditAction::DeleteRule => "Rule deleted",
        AuditAction::Schedule => "Change scheduled",
        AuditAction::CancelSchedule => "Scheduled change cancelled",
        AuditAction::TimedApply => "Scheduled change applied",
        AuditAction::TimedRevert => "Put back as it was",
        AuditAction::BulkApply => "Bulk change",
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Employee => "employee",
        Role::Helpdesk => "helpdesk",
        Role::Admin => "admin",
    }
}

fn failure_title(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Please sign in",
        Failure::Forbidden => "Not allowed",
        Failure::NotFound => "Page not found",
        Failure::RateLimited => "Too many attempts",
        Failure::TooLarge => "Too much at once",
        Failure::BadRequest => "That request could not be handled",
        Failure::NotCallingUser => "This portal is for Webex Calling users",
        Failure::OtherOrganization => "This portal serves another organization",
        Failure::SignInFailed => "Sign-in could not be completed",
        Failure::Upstream => "Webex did not answer",
        Failure::WebexBusy => "Webex is busy",
        Failure::Internal => "Something went wrong",
    }
}

fn rate_limited_message(retry_after_secs: u64) -> String {
    let wait = match retry_after_secs.max(1) {
        1 => "1 second".to_owned(),
        s if s < 90 => format!("{s} seconds"),
        s => format!("{} minutes", s.div_ceil(60)),
    };
    format!("There were too many attempts from your network. Wait {wait}, then try again.")
}

fn too_large_message(limit_kb: usize) -> String {
    format!(
        "That request is too large (limit {limit_kb} KB). Shorten what you entered and try again."
    )
}

fn failure_message(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Your session has ended. Sign in again to continue.",
        Failure::Forbidden => {
            "You are not allowed to do that. If you reached this from the portal, reload the page and try again."
        }
        Failure::NotFound => "There is nothing at this address.",
        Failure::RateLimited => {
            "There were too many attempts from your network. Wait a minute, then try again."
        }
        Failure::BadRequest => "The request was malformed. Go back and try again.",
        Failure::TooLarge => "That request is too large. Shorten what you entered and try again.",
        Failure::NotCallingUser => {
            "You signed in with Webex, but your account has no Webex Calling line, so there is nothing to manage here. Ask your administrator if you think this is wrong."
        }
        Failure::OtherOrganization => {
            "You signed in with a Webex account that belongs to a different organization than the one this portal manages."
        }
        Failure::SignInFailed => {
            "The sign-in took too long or was interrupted. Start again from the sign-in page."
        }
        Failure::Upstream => {
            "Webex did not answer as expected. Wait a moment and try again; if it keeps happening, tell your helpdesk the request id below."
        }
        Failure::WebexBusy => "Webex is busy. Wait a minute, then try again.",
        Failure::Internal => {
            "The portal hit an unexpected problem. Try again; if it keeps happening, tell your helpdesk the request id below."
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Personal assistant, call intercept, caller ID, privacy, queues, phones, numbers

static CALLING: super::CallingMessages = super::CallingMessages {
    pa_heading: "Personal assistant (away)",
    pa_enabled: "I'm away: let the personal assistant answer my calls",
    pa_presence: "Tell callers I'm",
    presence: |p| {
        use crate::webex::Presence as P;
        match p {
            P::Available => "Available",
            P::BusinessTrip => "On a business trip",
            P::GoneForTheDay => "Gone for the day",
            P::Lunch => "At lunch",
            P::Meeting => "In a meeting",
            P::OutOfOffice => "Out of the office",
            P::TemporarilyOut => "Out for a while",
            P::Training => "In training",
            P::Unavailable => "Unavailable",
            P::Vacation => "On vacation",
            P::Other(_) => "Something else",
        }
    },
    pa_until: "Away until",
    pa_until_date: "Date",
    pa_until_time: "Time",
    pa_until_hint: "Date and time in UTC, as Webex keeps them. Leave both empty for no end.",
    pa_until_invalid: "Enter a real date and a time, for example 2026-12-24 and 17:00.",
    pa_transfer_enabled: "Let callers press 0 to reach someone else",
    pa_transfer_number: "Number callers reach",
    pa_alerting: "While I'm away",
    pa_alert_how: "How the assistant alerts me",
    alerting: |a| {
        use crate::webex::AssistantAlerting as A;
        match a {
            A::AlertMeFirst => "Ring my phones first",
            A::PlayRingReminder => "Play a short ring reminder",
            A::NoAlert => "Don't alert me",
            A::Other(_) => "Something else",
        }
    },
    pa_rings: "Rings before the assistant answers",
    pa_rings_hint: "From 2 to 20 rings, when your phones ring first.",
    pa_rings_invalid: "Choose between 2 and 20 rings.",
    ic_heading: "Call intercept",
    ic_intro: "Intercept stops calls from reaching you, for example while you're on leave. Callers hear an announcement.",
    ic_enabled: "Intercept my calls",
    ic_incoming: "Incoming calls",
    ic_which_calls: "Which calls",
    ic_incoming_all: "Intercept all incoming calls",
    ic_incoming_allow: "Let incoming calls through",
    ic_voicemail: "Send intercepted calls to voicemail",
    ic_greeting: "Announcement callers hear",
    ic_greeting_default: "The standard announcement",
    ic_greeting_custom: "My uploaded announcement",
    ic_greeting_missing: "Upload an announcement first, or choose the standard one.",
    ic_new_number_enabled: "Tell callers a new number",
    ic_new_number: "New number",
    ic_zero_enabled: "Let callers press 0 to reach someone else",
    ic_zero: "Number callers reach with 0",
    ic_outgoing: "Outgoing calls",
    ic_outgoing_all: "Intercept all outgoing calls",
    ic_outgoing_local: "Allow local calls only",
    ic_outgoing_transfer: "Transfer outgoing calls to a number",
    ic_outgoing_destination: "Transfer outgoing calls to",
    ic_announcement: "Your intercept announcement",
    ic_announcement_uploaded: "Your own announcement is uploaded.",
    ic_announcement_none: "You have not uploaded an announcement yet.",
    ic_announcement_file: "Announcement file",
    ic_announcement_upload: "Upload announcement",
    cid_heading: "Caller ID",
    cid_number: "Number callers see",
    cid_direct_line: |n| format!("My direct line ({n})"),
    cid_location_number: |n| format!("My location's number ({n})"),
    cid_custom: "Another number of my organization",
    cid_custom_number: "The other number",
    cid_custom_number_missing: "Enter the number callers should see, for example +1 408 555 0100.",
    cid_custom_number_hint: "A full number of your organization, such as +1 408 555 0100.",
    cid_custom_name_hint: "At most 30 characters.",
    cid_no_number: "none",
    cid_name: "Name outside callers see",
    cid_name_direct: "My name",
    cid_name_location: |n| format!("My location's name ({n})"),
    cid_name_custom: "Another name",
    cid_custom_name: "The other name",
    cid_custom_name_missing: "Enter a name of at most 30 characters.",
    cid_block: "Hide my caller ID on calls I forward",
    cid_block_locked: "Your organization does not let you change this.",
    cid_choice_invalid: "Choose one of the options shown.",
    anon_heading: "Anonymous call rejection",
    anon_enabled: "Reject calls from callers who hide their number",
    anon_unavailable: "Anonymous call rejection is not available for you in Webex yet.",
    barge_heading: "Barge-in",
    barge_enabled: "Let colleagues who share my line barge in on my calls",
    barge_tone: "Play a tone when someone barges in",
    queues_heading: "My call queues",
    queues_none: "You are not an agent of any call queue.",
    queues_col_queue: "Queue",
    queues_col_number: "Number",
    queues_col_location: "Location",
    queues_col_joined: "Joined queues",
    queue_join: |name| format!("Take calls from {name}"),
    queue_locked: |name| format!("{name} does not let its agents join or leave it themselves. Ask the queue's supervisor to change this."),
    queue_not_yours: "That is not one of your call queues. Reload the page and try again.",
    queues_hint: "Tick the queues you want to take calls from. A queue that doesn't let its agents join or leave themselves says so below its name.",
    queues_needs_admin: "Joining and leaving queues needs the portal to be authorized in Webex by a full administrator. Ask your helpdesk.",
    phones_heading: "My phones",
    phones_none: "You have no phones. Calls still reach you in the Webex app.",
    phones_col_model: "Model",
    phones_col_mac: "MAC address",
    phones_col_status: "Status",
    phones_col_last_seen: "Last seen",
    connection: |s| {
        use crate::webex::ConnectionStatus as C;
        match s {
            Some(C::Connected) => "Connected",
            Some(C::Disconnected) => "Not connected",
            Some(C::ConnectedWithIssues) => "Connected, with problems",
            Some(C::OfflineExpired) => "Offline for a long time",
            Some(C::Activating) => "Being activated",
            Some(C::Pending) => "Waiting to be set up",
            Some(C::OfflineDeepSleep) => "Asleep (offline)",
            Some(C::Unknown | C::Other(_)) | None => "Unknown",
        }
    },
    never: "Not known",
    numbers_heading: "My numbers",
    numbers_none: "You have no numbers assigned.",
    numbers_col_number: "Number",
    numbers_col_extension: "Extension",
    numbers_col_location: "Location",
    numbers_col_primary: "Primary",
    numbers_primary: "Yes, my main number",
    numbers_extension_only: "Extension only",
    summary_away: |a| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "You're away ({}): the personal assistant answers your calls",
                (CALLING.presence)(p).to_lowercase()
            ),
            _ => "You're away: the personal assistant answers your calls".to_owned(),
        };
        if let Some(until) = &a.until {
            s.push_str(&format!(" until {}", crate::views::calling::when(until)));
        }
        if let Some(n) = &a.transfer_to {
            s.push_str(&format!("; callers can press 0 to reach {n}"));
        }
        s.push('.');
        s
    },
    summary_intercepted: |i| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => {
                "Your calls are intercepted: callers hear an announcement and go to voicemail."
            }
            (true, false) => "Your calls are intercepted: callers hear an announcement.",
            (false, _) => "Call intercept is on, but incoming calls are let through.",
        };
        let outgoing = if i.outgoing_local_only {
            " You can make local calls only."
        } else {
            " Your outgoing calls are intercepted too."
        };
        format!("{incoming}{outgoing}")
    },
    read_only_card: "This is shown as Webex has it; ask your administrator to change it.",
};
