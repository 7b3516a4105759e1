//! English: the complete catalogue every other language follows.

use super::Messages;
use crate::domain::{
    calls::{Line, Target, Warning},
    greeting::GreetingError,
    passcode::PasscodeProblem,
    phone::DestinationError,
};
use crate::error::Failure;
use crate::store::AuditResult;
use crate::webex::WebexError;

pub static EN: Messages = Messages {
    lang: "en",
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
    fwd_destination_required: "Enter a number or an extension to forward to, or choose voicemail.",
    rings_not_a_number: "Enter the number of rings as digits.",
    dnd_heading: "Do not disturb",
    dnd_enabled: "Do not disturb",
    dnd_ring_splash: "Ring my phone briefly when a call arrives",
    call_waiting_heading: "Call waiting",
    call_waiting_enabled: "Let a second call through while I'm on a call",
    summary_line,
    warning,
    target,
    destination_error,
    greeting_error,
    passcode_problem,
    rings_out_of_range,
    webex_error,
    feature_name,
    audit_result,
    failure_title,
    failure_message,
    staff: &super::staff::EN,
};

fn target(t: &Target) -> String {
    match t {
        Target::Voicemail => "voicemail".to_owned(),
        Target::Number(n) => n.clone(),
    }
}

fn summary_line(line: &Line) -> String {
    match line {
        Line::DoNotDisturbOff => "Do not disturb is off.".to_owned(),
        Line::DoNotDisturbOn => "Do not disturb is on: your phones don't ring.".to_owned(),
        Line::AllCallsForwarded(t) => format!("All calls are forwarded to {}.", target(t)),
        Line::AllCallsToVoicemail => "All calls go straight to voicemail.".to_owned(),
        Line::RingsYourPhones => "Calls ring your phones.".to_owned(),
        Line::NoAnswerGoesTo(t, rings) => {
            format!(
                "If you don't answer within {rings} rings, they go to {}.",
                target(t)
            )
        }
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
    }
}

fn greeting_error(e: &GreetingError) -> String {
    match e {
        GreetingError::Empty => "Choose a greeting file to upload.".to_owned(),
        GreetingError::NotWav => {
            "The greeting must be a WAV file; this file is not one.".to_owned()
        }
        GreetingError::TooLarge { size_kb } => format!(
            "The greeting is {size_kb} KB; Webex takes at most 5000 KB. Record a shorter greeting or save it at a lower quality."
        ),
    }
}

fn passcode_problem(p: &PasscodeProblem) -> String {
    match p {
        PasscodeProblem::NotDigits => "Use digits only.".to_owned(),
        PasscodeProblem::TooShort(n) => format!("Use at least {n} digits."),
        PasscodeProblem::TooLong(n) => format!("Use at most {n} digits."),
        PasscodeProblem::RepeatedDigits(n) => {
            format!("Don't repeat a digit more than {n} times in a row.")
        }
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
    }
}

fn rings_out_of_range(min: u32, max: u32) -> String {
    format!("Choose between {min} and {max} rings.")
}

fn webex_error(e: &WebexError) -> String {
    // The client's texts are written for people already (src/webex/error.rs).
    e.user_message()
}

fn feature_name(feature: &str) -> &'static str {
    match feature {
        "call_forwarding" => "Call forwarding",
        "do_not_disturb" => "Do not disturb",
        "call_waiting" => "Call waiting",
        "voicemail" => "Voicemail",
        _ => "Another setting",
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

fn failure_title(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Please sign in",
        Failure::Forbidden => "Not allowed",
        Failure::NotFound => "Page not found",
        Failure::RateLimited => "Too many attempts",
        Failure::BadRequest => "That request could not be handled",
        Failure::NotCallingUser => "This portal is for Webex Calling users",
        Failure::OtherOrganization => "This portal serves another organization",
        Failure::SignInFailed => "Sign-in could not be completed",
        Failure::Upstream => "Webex did not answer",
        Failure::Internal => "Something went wrong",
    }
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
        Failure::Internal => {
            "The portal hit an unexpected problem. Try again; if it keeps happening, tell your helpdesk the request id below."
        }
    }
}
