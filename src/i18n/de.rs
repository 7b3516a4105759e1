//! Deutsch (formell, „Sie“), mit den Begriffen der deutschen Webex-Oberfläche
//! (Anrufweiterleitung, Voicemail, Nicht stören, Anklopfen).

use time::Duration;

use super::staff::{StaffMessages, Unit, units};
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
use crate::webex::scopes::{PortalFeature, ScopeStatus};

const L: &str = "de";

pub static DE: Messages = Messages {
    lang: L,
    language_name: "Deutsch",
    language_label: "Sprache",
    skip_to_content: "Zum Inhalt springen",
    sections_label: "Bereiche der Einstellungen",
    section_forwarding: "Weiterleitung",
    section_availability: "Nicht stören und Anklopfen",
    section_voicemail: "Voicemail",
    section_caller_id: "Rufnummernanzeige und Privatsphäre",
    section_devices: "Telefone, Nummern und Warteschlangen",
    status_on: "Ein",
    status_off: "Aus",
    status_forwarding_to: |to| format!("Weiterleitung an {to}"),
    language_change: "Sprache wechseln",
    datetime_format: "%d.%m.%Y, %H:%M %Z",
    phone_region: "DE",
    app_name: "Telefonie-Portal",
    sign_in: "Mit Webex anmelden",
    sign_out: "Abmelden",
    start_heading: "Ihre Anrufe, wie Sie es möchten",
    start_intro: "Melden Sie sich mit Ihrem Webex-Konto an, um zu sehen, wohin Ihre Anrufe gehen, und um Anrufweiterleitung und Voicemail zu ändern.",
    summary_heading: "Was mit meinen Anrufen passiert",
    request_id: "Anfrage-ID",
    back_to_start: "Zurück zur Startseite",
    extension: "Durchwahl",
    no_extension: "keine",
    location: "Standort",
    phone_number: "Direkte Rufnummer",
    loading: "Wird geladen …",
    retry: "Erneut versuchen",
    save: "Speichern",
    saved: "Gespeichert. Unten sehen Sie, was jetzt in Webex eingestellt ist.",
    nothing_changed: "Nichts zu speichern: Es wurde nichts geändert.",
    fix_fields: "Nichts gespeichert: Bitte korrigieren Sie die markierten Felder.",
    not_saved: "Nicht gespeichert.",
    tracking_id: "Webex-Tracking-ID",
    card_unavailable: "Diese Einstellung konnte nicht geladen werden.",
    read_only: "Ihre Organisation erlaubt Ihnen nicht, dies selbst zu ändern. Ihr Helpdesk kann es für Sie ändern.",
    conflict_heading: "An anderer Stelle geändert, nichts gespeichert",
    conflict_explain: "Diese Einstellung wurde an anderer Stelle geändert (in Webex, an einem Telefon oder in einem anderen Tab), nachdem Sie sie geöffnet haben. Es wurde nichts überschrieben. Unten sehen Sie die aktuellen Werte; speichern Sie erneut, wenn Sie Ihre Änderung weiterhin möchten.",
    conflict_attempted: "Was Sie speichern wollten",
    ticket: "Ticketnummer (optional)",
    yes: "ja",
    no: "nein",
    summary_unavailable: "Die Zusammenfassung konnte nicht geladen werden.",
    warnings_heading: "Bitte prüfen",
    history_heading: "Letzte Änderungen",
    history_empty: "Noch keine Änderungen.",
    history_unavailable: "Die letzten Änderungen konnten nicht geladen werden.",
    history_when: "Wann",
    history_what: "Was",
    history_who: "Wer",
    history_result: "Ergebnis",
    forwarding_heading: "Anrufweiterleitung",
    fwd_always: "Alle Anrufe weiterleiten",
    fwd_busy: "Wenn Sie besetzt sind",
    fwd_no_answer: "Wenn Sie nicht antworten",
    fwd_business_continuity: "Wenn Ihre Telefone offline sind",
    fwd_enabled: "Ein",
    fwd_destination: "Weiterleiten an",
    fwd_destination_hint: "Eine Durchwahl oder eine Rufnummer wie +49 30 1234567.",
    fwd_to_voicemail: "Stattdessen an die Voicemail senden",
    fwd_ring_reminder: "Mein Telefon kurz klingeln lassen, wenn ein Anruf weitergeleitet wird",
    fwd_rings: "Klingeltöne vor der Weiterleitung",
    fwd_rings_hint: |min, max| format!("Wählen Sie zwischen {min} und {max} Klingeltönen."),
    dnd_heading: "Nicht stören",
    dnd_enabled: "Nicht stören",
    dnd_ring_splash: "Mein Telefon kurz klingeln lassen, wenn ein Anruf eingeht",
    call_waiting_heading: "Anklopfen",
    call_waiting_enabled: "Einen zweiten Anruf durchlassen, während ich telefoniere",
    summary_line,
    warning,
    target,
    destination_error,
    forwarding_error,
    greeting_error,
    passcode_problem,
    webex_error,
    feature_name,
    other_setting: "Eine andere Einstellung",
    saving_too_often: |secs| format!("Sie speichern sehr häufig; versuchen Sie es in {secs} s erneut."),
    change_summary: |feature, action, changed| match action {
        AuditAction::SetPin => "Voicemail-PIN geändert".to_owned(),
        AuditAction::ResetPin => "Voicemail-PIN auf den Standard zurückgesetzt".to_owned(),
        AuditAction::UploadGreeting => "Voicemail-Begrüßung hochgeladen".to_owned(),
        AuditAction::SignOutEveryone => "Alle abgemeldet".to_owned(),
        AuditAction::AddRule => format!("{feature}: Regel hinzugefügt"),
        AuditAction::ChangeRule => format!("{feature}: Regel geändert"),
        AuditAction::DeleteRule => format!("{feature}: Regel gelöscht"),
        AuditAction::Schedule => format!("{feature}: eine Änderung geplant"),
        AuditAction::CancelSchedule => format!("{feature}: eine geplante Änderung abgesagt"),
        AuditAction::TimedApply if changed.is_empty() => format!("{feature}: geplante Änderung ausgeführt"),
        AuditAction::TimedApply => format!("{feature}: geplante Änderung ausgeführt: {}", changed.join(", ")),
        AuditAction::TimedRevert => format!("{feature}: wiederhergestellt wie vorher"),
        AuditAction::BulkApply if changed.is_empty() => format!("{feature}: Sammeländerung"),
        AuditAction::BulkApply => format!("{feature}: Sammeländerung: {}", changed.join(", ")),
        AuditAction::Undo => format!("{feature}: eine frühere Änderung rückgängig gemacht"),
        AuditAction::Update if changed.is_empty() => feature.to_owned(),
        AuditAction::Update => format!("{feature}: {}", changed.join(", ")),
    },
    rate_limited_message: |secs| {
        let secs = secs.max(1);
        let wait = if secs < 90 {
            one_other(L, secs, "eine Sekunde".to_owned(), format!("{secs} Sekunden"))
        } else {
            format!("{} Minuten", secs.div_ceil(60))
        };
        format!("Aus Ihrem Netzwerk kamen zu viele Versuche. Warten Sie {wait} und versuchen Sie es dann erneut.")
    },
    too_large_message: |kb| {
        format!("Diese Anfrage ist zu groß (höchstens {kb} KB). Kürzen Sie Ihre Eingaben und versuchen Sie es erneut.")
    },
    audit_result,
    audit_action,
    role_name,
    failure_title,
    failure_message,
    staff: &STAFF,
    voicemail: &VOICEMAIL,
    calling: &CALLING,
    // Single number reach (issue 15).
    reach: &super::reach::DE,
    timed: &super::timed::DE,
    bulk: &super::bulk::DE,
    rule_cards: &super::rule_cards::DE,
    schedules: &super::schedules::DE,
    tester: &super::tester::DE,
};

static VOICEMAIL: VoicemailMessages = VoicemailMessages {
    heading: "Voicemail",
    enabled: "Voicemail verwenden",
    send_all: "Alle Anrufe direkt an die Voicemail senden",
    send_all_hint: "Solange dies eingeschaltet ist, klingeln Ihre Telefone nicht.",
    busy_legend: "Wenn Sie telefonieren",
    busy_enabled: "Anrufe an die Voicemail senden, wenn Sie besetzt sind",
    no_answer_legend: "Wenn Sie nicht antworten",
    no_answer_enabled: "Unbeantwortete Anrufe an die Voicemail senden",
    rings: "Klingeltöne, bevor die Voicemail antwortet",
    rings_hint: |min, max| format!("{min} bis {max} Klingeltöne."),
    greeting_legend: "Begrüßung für Anrufer",
    greeting_default: "Die Standardbegrüßung",
    greeting_custom: "Meine eigene aufgenommene Begrüßung",
    greeting_uploaded: "Ihre eigene Begrüßung ist hochgeladen.",
    greeting_not_uploaded: "Sie haben noch keine eigene Begrüßung hochgeladen.",
    greeting_no_playback: "Webex erlaubt dem Portal nicht, Begrüßungen abzuspielen. Um Ihre Begrüßung anzuhören, rufen Sie Ihre Voicemail an.",
    greeting_file: "Eigene Begrüßung hochladen",
    greeting_file_replace: "Ihre Begrüßung durch eine neue Datei ersetzen",
    greeting_file_on_save: "Sie wird beim Speichern hochgeladen.",
    greeting_file_hint: "Eine WAV-Datei mit höchstens 5000 KB.",
    notifications_legend: "Benachrichtigung bei neuen Nachrichten",
    notifications_enabled: "Mich benachrichtigen, wenn ich eine neue Nachricht habe",
    notify_email: "E-Mail-Adresse für Benachrichtigungen",
    notify_sms: "Mobilnummer für SMS-Benachrichtigungen (optional)",
    email_hint: "Zum Beispiel name@example.com.",
    external_email_hint: "Erforderlich, wenn Nachrichten nur an eine E-Mail-Adresse gesendet werden.",
    fax_number_hint: "Die vollständige Faxnummer, zum Beispiel +49 30 1234567.",
    fax_extension_hint: "2 bis 10 Ziffern.",
    storage_where: "Nachrichten aufbewahren",
    notify_sms_hint: "Nur Rufnummern aus den USA und Kanada, zum Beispiel +1 617 555 0100.",
    transfer_legend: "Anrufer, die 0 drücken",
    transfer_enabled: "Anrufer, die 0 drücken, weiterverbinden",
    transfer_number: "Weiterverbinden an",
    transfer_number_hint: "Eine Durchwahl oder eine vollständige Rufnummer wie +49 30 1234567.",
    email_copy_legend: "Kopien per E-Mail",
    email_copy_enabled: "Mir von jeder Nachricht eine Kopie per E-Mail senden",
    email_copy_address: "E-Mail-Adresse für Kopien",
    storage_legend: "Wo Nachrichten aufbewahrt werden",
    mwi_enabled: "Die Nachrichtenanzeige an meinem Telefon einschalten",
    storage_internal: "In meiner Webex-Voicemail-Box",
    storage_external: "Nur an eine E-Mail-Adresse gesendet",
    external_email: "E-Mail-Adresse für Nachrichten",
    fax_legend: "Faxnachrichten",
    fax_enabled: "Faxe in meiner Voicemail empfangen",
    fax_number: "Faxnummer",
    fax_extension: "Fax-Durchwahl (optional)",
    on: "Ein",
    off: "Aus",
    not_set: "nicht festgelegt",
    field_error: voicemail_field_error,
    pin_legend: "Voicemail-PIN",
    pin_rules_intro: "Ihre neue PIN muss diese Regeln erfüllen:",
    pin_new: "Neue PIN",
    pin_confirm: "Neue PIN wiederholen",
    pin_mismatch: "Die beiden PINs stimmen nicht überein.",
    pin_change: "PIN ändern",
    pin_changed: "Ihre Voicemail-PIN ist geändert.",
    pin_problems: "Diese PIN kann nicht verwendet werden. Es wurde nichts geändert:",
    pin_refused: "Webex hat die neue PIN abgelehnt:",
    pin_rules_unavailable: "Die PIN-Regeln konnten gerade nicht geladen werden; Webex prüft Ihre neue PIN trotzdem.",
};

fn voicemail_field_error(e: &VoicemailFieldError) -> String {
    match e {
        VoicemailFieldError::RingsNotANumber => {
            "Geben Sie die Anzahl der Klingeltöne in Ziffern ein.".to_owned()
        }
        VoicemailFieldError::RingsOutOfRange { min, max } => {
            format!("Wählen Sie {min} bis {max} Klingeltöne.")
        }
        VoicemailFieldError::NoCustomGreeting => {
            "Laden Sie zuerst Ihre eigene Begrüßung hoch, bevor Sie sie auswählen.".to_owned()
        }
        VoicemailFieldError::UnknownChoice => "Wählen Sie eine der Optionen.".to_owned(),
        VoicemailFieldError::EmailRequired => "Geben Sie eine E-Mail-Adresse ein.".to_owned(),
        VoicemailFieldError::EmailInvalid(s) => {
            format!("„{s}“ ist keine E-Mail-Adresse wie name@example.com.")
        }
        VoicemailFieldError::NotificationTargetRequired => {
            "Geben Sie eine E-Mail-Adresse oder eine Mobilnummer für die Benachrichtigungen ein."
                .to_owned()
        }
        VoicemailFieldError::SmsNotUsOrCanada(s) => format!(
            "„{s}“ kann keine SMS-Benachrichtigungen erhalten: Webex sendet sie nur an Mobilnummern in den USA und Kanada."
        ),
        VoicemailFieldError::Destination(d) => destination_error(d),
        VoicemailFieldError::FaxNotANumber(s) => {
            format!("„{s}“ ist eine Durchwahl; geben Sie die vollständige Faxnummer ein.")
        }
        VoicemailFieldError::FaxExtensionInvalid(s) => {
            format!("„{s}“ ist keine Durchwahl: Verwenden Sie 2 bis 10 Ziffern.")
        }
    }
}

fn target(t: &Target) -> String {
    match t {
        Target::Voicemail => "die Voicemail".to_owned(),
        Target::Number(n) => DE.phone(n),
    }
}

/// "nach einem Klingelton" / "nach 3 Klingeltönen" (dative after "nach").
fn after_rings(n: u32) -> String {
    one_other(
        L,
        n,
        "einem Klingelton".to_owned(),
        format!("{n} Klingeltönen"),
    )
}

fn summary_line(line: &Line) -> String {
    match line {
        Line::DoNotDisturbOff => "„Nicht stören“ ist aus.".to_owned(),
        Line::DoNotDisturbOn => "„Nicht stören“ ist ein: Ihre Telefone klingeln nicht.".to_owned(),
        Line::AllCallsForwarded(t) => {
            format!("Alle Anrufe werden an {} weitergeleitet.", target(t))
        }
        Line::AllCallsToVoicemail => "Alle Anrufe gehen direkt an die Voicemail.".to_owned(),
        Line::RingsYourPhones => "Anrufe klingeln auf Ihren Telefonen.".to_owned(),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "Wenn Sie nach {} nicht antworten, gehen Anrufe an {}.",
            after_rings(*rings),
            target(t)
        ),
        Line::NoAnswerKeepsRinging => "Wenn Sie nicht antworten, klingelt es weiter.".to_owned(),
        Line::BusyGoesTo(t) => format!("Wenn Sie besetzt sind, gehen Anrufe an {}.", target(t)),
        Line::BusyTone => "Wenn Sie besetzt sind, hören Anrufer ein Besetztzeichen.".to_owned(),
        Line::OfflineGoesTo(t) => format!(
            "Wenn Ihre Telefone offline sind, gehen Anrufe an {}.",
            target(t)
        ),
    }
}

fn warning(w: &Warning) -> &'static str {
    match w {
        Warning::ForwardAlwaysHidesOtherRules => {
            "„Alle Anrufe weiterleiten“ ist ein, daher greifen Ihre Einstellungen für besetzt und Nichtannahme nie."
        }
        Warning::SendAllToVoicemailHidesOtherRules => {
            "„Alle Anrufe an die Voicemail“ ist ein, daher greifen Ihre Einstellungen für besetzt und Nichtannahme nie."
        }
        Warning::ForwardsToVoicemailWhileVoicemailOff => {
            "Eine Weiterleitungsregel sendet Anrufe an die Voicemail, aber Ihre Voicemail ist aus."
        }
        Warning::DoNotDisturbIsOn => {
            "„Nicht stören“ ist ein: Anrufer werden wie bei besetzt behandelt, bis Sie es ausschalten."
        }
        Warning::BusyForwardOverridesVoicemail => {
            "Anrufe bei besetzt werden weitergeleitet, daher greift Ihre Voicemail-Einstellung für besetzt nicht."
        }
        Warning::NoAnswerForwardOverridesVoicemail => {
            "Unbeantwortete Anrufe werden weitergeleitet, daher greift Ihre Voicemail-Einstellung für Nichtannahme nicht."
        }
    }
}

fn destination_error(e: &DestinationError) -> String {
    match e {
        DestinationError::Empty => "Geben Sie eine Rufnummer oder eine Durchwahl ein.".to_owned(),
        DestinationError::Unrecognized(s) => format!(
            "„{s}“ ist weder eine Rufnummer noch eine Durchwahl. Verwenden Sie eine Durchwahl oder eine vollständige Rufnummer wie +49 30 1234567."
        ),
        DestinationError::InvalidNumber(s) => format!(
            "„{s}“ ist keine gültige Rufnummer. Prüfen Sie die Ziffern und die Landesvorwahl."
        ),
        DestinationError::HasExtension(s) => format!(
            "„{s}“ endet mit einer Durchwahl; Webex kann nur an die Rufnummer selbst weiterleiten. Entfernen Sie die Durchwahl oder leiten Sie an die interne Nebenstelle allein weiter, falls es eine unserer ist."
        ),
        DestinationError::Denied(s) => format!(
            "Anrufe können nicht an „{s}“ weitergeleitet werden: Notrufnummern, Premium-Nummern und andere von Ihrer Organisation gesperrte Nummern sind nicht erlaubt. Wählen Sie eine andere Nummer."
        ),
    }
}

fn greeting_error(e: &GreetingError) -> String {
    match e {
        GreetingError::Empty => "Wählen Sie eine Begrüßungsdatei zum Hochladen.".to_owned(),
        GreetingError::NotWav => {
            "Die Begrüßung muss eine WAV-Datei sein; diese Datei ist keine oder sie ist beschädigt.".to_owned()
        }
        GreetingError::Encoding => {
            "Die Begrüßung muss eine PCM-WAV-Datei sein (8 oder 16 Bit, Mono oder Stereo, 8 bis 48 kHz). Speichern Sie sie in diesem Format und versuchen Sie es erneut.".to_owned()
        }
        GreetingError::TooLarge { size_kb: Some(size_kb) } => format!(
            "Die Begrüßung ist {size_kb} KB groß; Webex nimmt höchstens 5000 KB an. Nehmen Sie eine kürzere Begrüßung auf oder speichern Sie sie in geringerer Qualität."
        ),
        GreetingError::TooLarge { size_kb: None } => "Die Begrüßung ist größer als 5000 KB, das Höchste, was Webex annimmt. Nehmen Sie eine kürzere Begrüßung auf oder speichern Sie sie in geringerer Qualität.".to_owned(),
    }
}

fn digits(n: usize) -> String {
    one_other(L, n, "eine Ziffer".to_owned(), format!("{n} Ziffern"))
}

fn passcode_problem(p: &PasscodeProblem) -> String {
    match p {
        PasscodeProblem::NotDigits => "Verwenden Sie nur Ziffern.".to_owned(),
        PasscodeProblem::TooShort(n) => format!("Verwenden Sie mindestens {}.", digits(*n)),
        PasscodeProblem::TooLong(n) => format!("Verwenden Sie höchstens {}.", digits(*n)),
        PasscodeProblem::RepeatedDigits(n) => format!(
            "Wiederholen Sie eine Ziffer nicht öfter als {} hintereinander.",
            one_other(L, *n, "einmal".to_owned(), format!("{n}-mal"))
        ),
        PasscodeProblem::RepeatedPattern => "Wiederholen Sie kein Muster (wie 123123).".to_owned(),
        PasscodeProblem::Ascending(n) => format!(
            "Verwenden Sie nicht mehr als {} aufsteigende Ziffern hintereinander (wie 1234).",
            n
        ),
        PasscodeProblem::Descending(n) => format!(
            "Verwenden Sie nicht mehr als {} absteigende Ziffern hintereinander (wie 4321).",
            n
        ),
        PasscodeProblem::ContainsOwnNumber => {
            "Verwenden Sie nicht Ihre eigene Durchwahl oder Rufnummer.".to_owned()
        }
        PasscodeProblem::ContainsOwnNumberReversed => {
            "Verwenden Sie nicht Ihre eigene Durchwahl oder Rufnummer rückwärts.".to_owned()
        }
        PasscodeProblem::ReusesPrevious(1) => {
            "Verwenden Sie nicht Ihre aktuelle PIN erneut.".to_owned()
        }
        PasscodeProblem::ReusesPrevious(n) => {
            format!("Verwenden Sie keine Ihrer letzten {n} PINs erneut.")
        }
        PasscodeProblem::ReversedOld => "Verwenden Sie nicht Ihre alte PIN rückwärts.".to_owned(),
    }
}

fn forwarding_error(e: &ForwardingFieldError) -> String {
    match e {
        ForwardingFieldError::DestinationRequired => {
            "Geben Sie eine Rufnummer oder Durchwahl als Ziel ein oder wählen Sie die Voicemail."
                .to_owned()
        }
        ForwardingFieldError::Destination(d) => destination_error(d),
        ForwardingFieldError::RingsNotANumber => {
            "Geben Sie die Anzahl der Klingeltöne in Ziffern ein.".to_owned()
        }
        ForwardingFieldError::RingsOutOfRange { min, max } => (DE.fwd_rings_hint)(*min, *max),
    }
}

fn webex_error(e: &WebexError) -> String {
    match e {
        WebexError::Http {
            status: 400,
            message,
            descriptions,
            ..
        } => {
            // Webex's own reason stays as Webex wrote it.
            let detail = descriptions.first().unwrap_or(message);
            if detail.is_empty() {
                "Webex hat die Änderung abgelehnt.".to_owned()
            } else {
                format!("Webex hat die Änderung abgelehnt: {detail}")
            }
        }
        WebexError::Http { status: 401, .. } | WebexError::TokenUnavailable { .. } => {
            "Die Verbindung des Portals zu Webex muss von einer Administratorin oder einem Administrator geprüft werden. Bitte versuchen Sie es später erneut.".to_owned()
        }
        WebexError::Http { status: 403, .. } => {
            "Webex erlaubt dem Portal diese Aktion nicht.".to_owned()
        }
        WebexError::Http { status: 404, .. } => {
            "Webex konnte diese Person oder Einstellung nicht finden.".to_owned()
        }
        WebexError::Http { status: 409, .. } => {
            "Webex hat die Änderung abgelehnt, weil sie mit einer anderen Einstellung kollidiert."
                .to_owned()
        }
        WebexError::Http { status, .. } if *status >= 500 || *status == 423 => {
            "Bei Webex gibt es gerade Probleme. Bitte versuchen Sie es gleich noch einmal."
                .to_owned()
        }
        WebexError::Http { .. } => "Webex konnte die Anfrage nicht ausführen.".to_owned(),
        WebexError::RateLimited { retry_after, .. } => format!(
            "Webex ist ausgelastet. Bitte versuchen Sie es in {} erneut.",
            in_duration(*retry_after)
        ),
        WebexError::Timeout { .. } => {
            "Webex hat nicht rechtzeitig geantwortet. Bitte versuchen Sie es erneut.".to_owned()
        }
        WebexError::Unreachable { .. } => {
            "Webex ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
                .to_owned()
        }
        WebexError::Decode { .. } => {
            "Webex hat eine Antwort gesendet, die das Portal nicht versteht.".to_owned()
        }
    }
}

/// "in 1 Sekunde", "in 60 Minuten" (dative after "in").
fn in_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs().max(1);
    let (n, one, other) = match secs {
        s if s < 90 => (s, "Sekunde", "Sekunden"),
        s if s < 90 * 60 => (s.div_ceil(60), "Minute", "Minuten"),
        s => (s.div_ceil(3600), "Stunde", "Stunden"),
    };
    format!("{n} {}", one_other(L, n, one, other))
}

fn feature_name(feature: Feature) -> &'static str {
    match feature {
        Feature::CallForwarding => "Anrufweiterleitung",
        Feature::DoNotDisturb => "Nicht stören",
        Feature::CallWaiting => "Anklopfen",
        Feature::Voicemail => "Voicemail",
        Feature::PersonalAssistant => "Persönlicher Assistent (abwesend)",
        Feature::CallIntercept => "Anrufabfang",
        Feature::CallerId => "Anrufer-ID",
        Feature::AnonymousCallRejection => "Anonyme Anrufe ablehnen",
        Feature::BargeIn => "Aufschalten",
        Feature::CallQueues => "Meine Warteschlangen",
        Feature::Phones => "Meine Telefone",
        Feature::Numbers => "Meine Nummern",
        // Issue 15.
        Feature::SingleNumberReach => "Eine Nummer für alles",
        Feature::SelectiveForward => "Selektive Weiterleitung",
        Feature::SelectiveAccept => "Selektive Annahme",
        Feature::SelectiveReject => "Selektive Ablehnung",
        Feature::SimultaneousRing => "Paralleles Klingeln",
        Feature::Schedules => "Meine Zeitpläne",
    }
}

fn audit_result(r: AuditResult) -> &'static str {
    match r {
        AuditResult::Success => "Gespeichert",
        AuditResult::Failure => "Fehlgeschlagen",
        AuditResult::Conflict => "Nicht gespeichert: an anderer Stelle geändert",
        AuditResult::Denied => "Abgelehnt",
    }
}

fn audit_action(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Update => "Änderung",
        AuditAction::Undo => "Rückgängig gemacht",
        AuditAction::ResetPin => "PIN zurückgesetzt",
        AuditAction::SetPin => "PIN geändert",
        AuditAction::UploadGreeting => "Begrüßung hochgeladen",
        AuditAction::SignOutEveryone => "Alle abgemeldet",
        AuditAction::AddRule => "Regel hinzugefügt",
        AuditAction::ChangeRule => "Regel geändert",
        AuditAction::DeleteRule => "Regel gelöscht",
        AuditAction::Schedule => "Änderung geplant",
        AuditAction::CancelSchedule => "Geplante Änderung abgesagt",
        AuditAction::TimedApply => "Geplante Änderung ausgeführt",
        AuditAction::TimedRevert => "Wiederhergestellt wie vorher",
        AuditAction::BulkApply => "Sammeländerung",
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Employee => "Mitarbeitende",
        Role::Helpdesk => "Helpdesk",
        Role::Admin => "Admin",
    }
}

fn failure_title(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Bitte melden Sie sich an",
        Failure::Forbidden => "Nicht erlaubt",
        Failure::NotFound => "Seite nicht gefunden",
        Failure::RateLimited => "Zu viele Versuche",
        Failure::TooLarge => "Zu viel auf einmal",
        Failure::BadRequest => "Diese Anfrage konnte nicht bearbeitet werden",
        Failure::NotCallingUser => "Dieses Portal ist für Webex Calling-Benutzer",
        Failure::OtherOrganization => "Dieses Portal gehört zu einer anderen Organisation",
        Failure::SignInFailed => "Die Anmeldung konnte nicht abgeschlossen werden",
        Failure::Upstream => "Webex hat nicht geantwortet",
        Failure::WebexBusy => "Webex ist ausgelastet",
        Failure::Internal => "Etwas ist schiefgelaufen",
    }
}

fn failure_message(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => {
            "Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren."
        }
        Failure::Forbidden => {
            "Das dürfen Sie nicht. Wenn Sie aus dem Portal hierher gelangt sind, laden Sie die Seite neu und versuchen Sie es erneut."
        }
        Failure::NotFound => "Unter dieser Adresse gibt es nichts.",
        Failure::TooLarge => {
            "Diese Anfrage ist zu groß. Kürzen Sie Ihre Eingaben und versuchen Sie es erneut."
        }
        Failure::RateLimited => {
            "Aus Ihrem Netzwerk kamen zu viele Versuche. Warten Sie eine Minute und versuchen Sie es dann erneut."
        }
        Failure::BadRequest => {
            "Die Anfrage war fehlerhaft. Gehen Sie zurück und versuchen Sie es erneut."
        }
        Failure::NotCallingUser => {
            "Sie haben sich bei Webex angemeldet, aber Ihr Konto hat keine Webex Calling-Leitung; hier gibt es also nichts zu verwalten. Wenden Sie sich an Ihre Administration, wenn Sie das für einen Fehler halten."
        }
        Failure::OtherOrganization => {
            "Sie haben sich mit einem Webex-Konto angemeldet, das zu einer anderen Organisation gehört als der, die dieses Portal verwaltet."
        }
        Failure::SignInFailed => {
            "Die Anmeldung hat zu lange gedauert oder wurde unterbrochen. Beginnen Sie erneut auf der Anmeldeseite."
        }
        Failure::Upstream => {
            "Webex hat nicht wie erwartet geantwortet. Warten Sie einen Moment und versuchen Sie es erneut; wenn es wieder passiert, nennen Sie Ihrem Helpdesk die Anfrage-ID unten."
        }
        Failure::WebexBusy => "Webex ist ausgelastet. Warten Sie eine Minute und versuchen Sie es dann erneut.",
        Failure::Internal => {
            "Im Portal ist ein unerwartetes Problem aufgetreten. Versuchen Sie es erneut; wenn es wieder passiert, nennen Sie Ihrem Helpdesk die Anfrage-ID unten."
        }
    }
}

/// "3 Tagen" (dative: "in 3 Tagen", "vor 3 Tagen").
fn dative(d: Duration) -> String {
    let (n, unit) = units(d);
    let [one, other] = match unit {
        Unit::Seconds => ["Sekunde", "Sekunden"],
        Unit::Minutes => ["Minute", "Minuten"],
        Unit::Hours => ["Stunde", "Stunden"],
        Unit::Days => ["Tag", "Tagen"],
    };
    format!("{n} {}", one_other(L, n, one, other))
}

pub static STAFF: StaffMessages = StaffMessages {
    nav_label: "Portal",
    nav_helpdesk: "Helpdesk",
    nav_audit: "Änderungsprotokoll",
    nav_admin: "Verwaltung",
    nav_me: "Meine Einstellungen",
    helpdesk_heading: "Benutzer suchen",
    search_label: "Vor- oder Nachname, E-Mail, Durchwahl oder Rufnummer",
    search_hint: "Ergebnisse erscheinen während der Eingabe. Es werden nur Webex Calling-Benutzer angezeigt, denen Sie helfen dürfen.",
    search_button: "Suchen",
    search_too_short: "Geben Sie mindestens zwei Zeichen ein.",
    search_nothing: "Niemand gefunden.",
    search_scan_stopped: "Die Rufnummernsuche wurde nach 1000 Benutzern beendet; geben Sie mehr Ziffern ein, um sie einzugrenzen.",
    col_name: "Name",
    col_email: "E-Mail",
    col_extension: "Durchwahl",
    col_number: "Rufnummer",
    col_location: "Standort",
    previous_page: "Zurück",
    next_page: "Weiter",
    none: "—",
    audit_heading: "Änderungsprotokoll",
    audit_intro_employee: "Jede Änderung an Ihren Einstellungen, durch Sie oder durch den Helpdesk.",
    audit_intro_staff: "Jede über das Portal vorgenommene Änderung an Einstellungen, die Sie sehen dürfen.",
    filter_person: "Personen-ID",
    filter_actor: "Geändert von (Personen-ID)",
    filter_feature: "Einstellung",
    filter_feature_any: "Alle Einstellungen",
    filter_from: "Von",
    filter_to: "Bis",
    filter_apply: "Filtern",
    export_csv: "CSV herunterladen",
    col_when: "Wann",
    col_actor: "Geändert von",
    col_target: "Wessen Einstellungen",
    col_feature: "Funktion",
    col_action: "Aktion",
    col_result: "Ergebnis",
    col_ticket: "Ticket",
    col_change: "Änderung",
    sessions_feature: "Anmeldesitzungen",
    audit_stored: "Gespeicherte Werte",
    audit_before: "Vorher",
    audit_after: "Nachher",
    csv_header: [
        "ID",
        "Zeitpunkt",
        "Geändert von",
        "Geändert von (Personen-ID)",
        "Rolle",
        "Wessen Einstellungen",
        "Personen-ID",
        "Standort-ID",
        "Funktion",
        "Aktion",
        "Ergebnis",
        "Ticket",
        "Fehler",
        "Webex-Tracking-ID",
        "Anfrage-ID",
        "Rückgängig gemacht von Eintrag",
        "Vorher",
        "Nachher",
    ],
    audit_empty: "Keine Einträge.",
    undo: "Rückgängig machen",
    undo_done: "Die Änderung wurde rückgängig gemacht.",
    undo_conflict: "Die Einstellung wurde seitdem erneut geändert; sie wurde so belassen.",
    ticket_label: "Ticket oder Notiz",
    admin_heading: "Verwaltung",
    token_heading: "Token der Service-App",
    token_healthy: "In Ordnung",
    token_access_expires: "Zugriffstoken läuft ab",
    token_refresh_expires: "Aktualisierungstoken läuft ab",
    token_last_refresh: "Letzte Aktualisierung",
    token_scopes: "Erteilte Berechtigungen",
    token_scopes_unknown: "unbekannt (Webex hat sie mit dem Token nicht gemeldet)",
    scopes_heading: "Berechtigungen je Funktion",
    scopes_intro: "Was jede Funktion von Webex braucht, verglichen mit dem, was der Service-App erteilt wurde.",
    col_scopes_needed: "Benötigte Berechtigungen",
    col_scope_status: "Status",
    scope_feature: |f| match f {
        PortalFeature::PeopleLookup => "Personen nachschlagen und suchen",
        PortalFeature::Setting(Feature::CallForwarding) => "Anrufweiterleitung",
        PortalFeature::Setting(Feature::DoNotDisturb) => "Nicht stören",
        PortalFeature::Setting(Feature::CallWaiting) => "Anklopfen",
        PortalFeature::Setting(Feature::Voicemail) => "Voicemail-Einstellungen",
        PortalFeature::Setting(Feature::PersonalAssistant) => "Persönlicher Assistent",
        PortalFeature::Setting(Feature::CallIntercept) => "Anrufabfang",
        PortalFeature::Setting(Feature::CallerId) => "Anrufer-ID",
        PortalFeature::Setting(Feature::AnonymousCallRejection) => "Anonyme Anrufe ablehnen",
        PortalFeature::Setting(Feature::BargeIn) => "Aufschalten",
        PortalFeature::Setting(Feature::CallQueues) => "Warteschlangen (für Agenten angezeigt)",
        PortalFeature::Setting(Feature::Phones) => "Telefone (nur lesen)",
        PortalFeature::Setting(Feature::Numbers) => "Nummern (nur lesen)",
        // Issue 15.
        PortalFeature::Setting(Feature::SingleNumberReach) => "Eine Nummer für alles",
        PortalFeature::Setting(Feature::SelectiveForward) => "Selektive Weiterleitung",
        PortalFeature::Setting(Feature::SelectiveAccept) => "Selektive Annahme",
        PortalFeature::Setting(Feature::SelectiveReject) => "Selektive Ablehnung",
        PortalFeature::Setting(Feature::SimultaneousRing) => "Paralleles Klingeln",
        PortalFeature::Setting(Feature::Schedules) => "Persönliche Zeitpläne",
        PortalFeature::Greetings => "Voicemail-Begrüßungen",
        PortalFeature::PinReset => "Voicemail-PIN zurücksetzen",
        PortalFeature::PasscodeRules => "Voicemail-PIN und ihre Regeln",
        PortalFeature::RoleGroups => "Gruppen für die Rollenzuordnung",
        PortalFeature::FeatureAccess => "Funktionszugriff (was Benutzer ändern dürfen)",
        PortalFeature::ChangeNotices => "Änderungshinweise (Nachrichten)",
        PortalFeature::QueueJoin => {
            "Warteschlangen beitreten und verlassen (braucht einen Vollzugriffs-Administrator)"
        }
    },
    scope_status: |s| match s {
        ScopeStatus::Granted => "erteilt",
        ScopeStatus::Missing => "fehlt",
        ScopeStatus::Unknown => "unbekannt",
    },
    scope_bot_note: "mit dem Bot-Token gesendet, dessen Berechtigungen Webex nicht meldet",
    unknown: "unbekannt",
    failures_heading: "Letzte Webex-Fehler",
    failures_none: "In letzter Zeit keine fehlgeschlagenen Änderungen.",
    roles_heading: "Rollen",
    roles_recheck: |secs| {
        format!(
            "Die Gruppenmitgliedschaft wird alle {} erneut geprüft.",
            one_other(L, secs, "Sekunde".to_owned(), format!("{secs} Sekunden"))
        )
    },
    roles_none: "PORTAL_ROLE_MAP ist leer: Alle sind Mitarbeitende ohne besondere Rolle.",
    col_entry: "Eintrag",
    col_grant: "Gewährt",
    col_people: "Personen",
    roles_lookup_failed: "Die Gruppe konnte nicht abgefragt werden",
    budget_heading: "Webex-Aufrufbudget",
    budget_used: |used, limit, interactive, background| {
        format!(
            "Aufrufe mit dem Token der Service-App in der letzten Minute: {used} von {limit} ({interactive} für Personen, die das Portal nutzen, {background} für Hintergrundarbeit)."
        )
    },
    budget_share: "Anteil jeder Person",
    budget_reserve: "Reserviert für Personen, die das Portal nutzen (Hintergrundarbeit nutzt ihn nie)",
    per_minute: |n| one_other(L, n, "ein Aufruf pro Minute".to_owned(), format!("{n} Aufrufe pro Minute")),
    budget_people: "Personen, deren Anfragen in der letzten Minute Webex aufgerufen haben",
    budget_people_value: |people, at_share, busiest| {
        format!(
            "{people}; davon haben {at_share} ihren ganzen Anteil genutzt; am meisten durch eine Person: {busiest}"
        )
    },
    budget_held: "Seit dem Start des Portals zurückgehaltene Aufrufe",
    budget_held_value: |held, refused| {
        format!("{held} haben auf freie Kapazität gewartet; {refused} wurden ohne Anfrage an Webex mit „ausgelastet“ beantwortet")
    },
    sessions_heading: "Sitzungen",
    sessions_active: |n| match n {
        Some(n) => format!(
            "{n} {}.",
            one_other(L, n, "aktive Sitzung", "aktive Sitzungen")
        ),
        None => "Dieser Sitzungsspeicher kann seine Sitzungen nicht zählen.".to_owned(),
    },
    sign_out_everyone: "Alle abmelden",
    sign_out_everyone_hint: "Beendet jede Sitzung, auch Ihre. Alle melden sich erneut an.",
    sign_out_everyone_confirm: "Ja, jetzt alle abmelden, auch mich",
    signed_out_everyone: "Alle wurden abgemeldet, auch Sie. Melden Sie sich erneut an, um fortzufahren.",
    duration_from_now: |d| {
        if d.is_negative() {
            format!("vor {} (abgelaufen)", dative(-d))
        } else {
            format!("in {}", dative(d))
        }
    },
    duration_ago: |d| format!("vor {}", dative(d)),
    acting_banner: |name| format!("Sie ändern die Einstellungen von {name}"),
    acting_banner_at: |name, location| {
        format!("Sie ändern die Einstellungen von {name} ({location})")
    },
    restricted_features: "Diese Einstellungen darf die Person nicht selbst ändern:",
    reset_pin: "Voicemail-PIN zurücksetzen",
    reset_pin_done: "Die Voicemail-PIN wurde auf den Standard der Organisation zurückgesetzt.",
    reset_pin_confirm: |name| {
        format!("Die Voicemail-PIN von {name} auf den Standard der Organisation zurücksetzen? Die bisherige PIN funktioniert dann nicht mehr.")
    },
    notice_changed: |actor, what| {
        format!(
            "**{actor}** vom Helpdesk hat Ihre Einstellungen für **{what}** im Telefonie-Portal geändert."
        )
    },
    notice_left_as_changed: |what| {
        format!(
            "Das Telefonie-Portal hat Ihre Einstellungen für **{what}** am Ende der geplanten Änderung nicht zurückgesetzt: Sie wurden geändert, nachdem das Portal die Änderung ausgeführt hatte, und bleiben daher, wie sie jetzt sind."
        )
    },
    voicemail_pin: "Voicemail-PIN",
};

// ---------------------------------------------------------------------------------------------
// Personal assistant, call intercept, caller ID, privacy, queues, phones, numbers

static CALLING: super::CallingMessages = super::CallingMessages {
    pa_heading: "Persönlicher Assistent (abwesend)",
    pa_enabled: "Ich bin abwesend: Der persönliche Assistent nimmt meine Anrufe an",
    pa_presence: "Anrufern mitteilen",
    presence: |p| {
        use crate::webex::Presence as P;
        match p {
            P::Available => "Erreichbar",
            P::BusinessTrip => "Auf Geschäftsreise",
            P::GoneForTheDay => "Für heute weg",
            P::Lunch => "In der Mittagspause",
            P::Meeting => "In einer Besprechung",
            P::OutOfOffice => "Nicht im Büro",
            P::TemporarilyOut => "Kurz weg",
            P::Training => "In einer Schulung",
            P::Unavailable => "Nicht erreichbar",
            P::Vacation => "Im Urlaub",
            P::Other(_) => "Etwas anderes",
        }
    },
    pa_until: "Abwesend bis",
    pa_until_date: "Datum",
    pa_until_time: "Uhrzeit",
    pa_until_hint: "Datum und Uhrzeit in UTC, wie Webex sie speichert. Lassen Sie beides leer für kein Ende.",
    pa_until_invalid: "Geben Sie ein gültiges Datum und eine Uhrzeit ein, zum Beispiel 2026-12-24 und 17:00.",
    pa_transfer_enabled: "Anrufer können mit 0 jemand anderen erreichen",
    pa_transfer_number: "Nummer, die Anrufer erreichen",
    pa_alerting: "Während ich abwesend bin",
    pa_alert_how: "Wie der Assistent mich benachrichtigt",
    alerting: |a| {
        use crate::webex::AssistantAlerting as A;
        match a {
            A::AlertMeFirst => "Zuerst meine Telefone klingeln lassen",
            A::PlayRingReminder => "Kurz als Erinnerung klingeln",
            A::NoAlert => "Mich nicht benachrichtigen",
            A::Other(_) => "Etwas anderes",
        }
    },
    pa_rings: "Klingeltöne, bevor der Assistent annimmt",
    pa_rings_hint: "2 bis 20 Klingeltöne, wenn Ihre Telefone zuerst klingeln.",
    pa_rings_invalid: "Wählen Sie zwischen 2 und 20 Klingeltönen.",
    ic_heading: "Anrufabfang",
    ic_intro: "Der Anrufabfang hält Anrufe von Ihnen fern, zum Beispiel während Ihrer Abwesenheit. Anrufer hören eine Ansage.",
    ic_enabled: "Meine Anrufe abfangen",
    ic_incoming: "Eingehende Anrufe",
    ic_which_calls: "Welche Anrufe",
    ic_incoming_all: "Alle eingehenden Anrufe abfangen",
    ic_incoming_allow: "Eingehende Anrufe durchlassen",
    ic_voicemail: "Abgefangene Anrufe an die Voicemail senden",
    ic_greeting: "Ansage, die Anrufer hören",
    ic_greeting_default: "Die Standardansage",
    ic_greeting_custom: "Meine hochgeladene Ansage",
    ic_greeting_missing: "Laden Sie zuerst eine Ansage hoch oder wählen Sie die Standardansage.",
    ic_new_number_enabled: "Anrufern eine neue Nummer nennen",
    ic_new_number: "Neue Nummer",
    ic_zero_enabled: "Anrufer können mit 0 jemand anderen erreichen",
    ic_zero: "Nummer, die Anrufer mit 0 erreichen",
    ic_outgoing: "Ausgehende Anrufe",
    ic_outgoing_all: "Alle ausgehenden Anrufe abfangen",
    ic_outgoing_local: "Nur Ortsgespräche erlauben",
    ic_outgoing_transfer: "Ausgehende Anrufe an eine Nummer weiterleiten",
    ic_outgoing_destination: "Ausgehende Anrufe weiterleiten an",
    ic_announcement: "Ihre Ansage für den Anrufabfang",
    ic_announcement_uploaded: "Ihre eigene Ansage ist hochgeladen.",
    ic_announcement_none: "Sie haben noch keine Ansage hochgeladen.",
    ic_announcement_file: "Ansagedatei",
    ic_announcement_upload: "Ansage hochladen",
    cid_heading: "Anrufer-ID",
    cid_number: "Nummer, die Angerufene sehen",
    cid_direct_line: |n| format!("Meine Direktwahl ({n})"),
    cid_location_number: |n| format!("Die Nummer meines Standorts ({n})"),
    cid_custom: "Eine andere Nummer meiner Organisation",
    cid_custom_number: "Die andere Nummer",
    cid_custom_number_missing: "Geben Sie die Nummer ein, die Angerufene sehen sollen, zum Beispiel +49 30 1234567.",
    cid_custom_number_hint: "Eine vollständige Nummer Ihrer Organisation, etwa +49 30 1234567.",
    cid_custom_name_hint: "Höchstens 30 Zeichen.",
    cid_no_number: "keine",
    cid_name: "Name, den externe Angerufene sehen",
    cid_name_direct: "Mein Name",
    cid_name_location: |n| format!("Der Name meines Standorts ({n})"),
    cid_name_custom: "Ein anderer Name",
    cid_custom_name: "Der andere Name",
    cid_custom_name_missing: "Geben Sie einen Namen mit höchstens 30 Zeichen ein.",
    cid_block: "Meine Anrufer-ID bei weitergeleiteten Anrufen unterdrücken",
    cid_block_locked: "Ihre Organisation lässt Sie dies nicht ändern.",
    cid_choice_invalid: "Wählen Sie eine der angezeigten Möglichkeiten.",
    anon_heading: "Anonyme Anrufe ablehnen",
    anon_enabled: "Anrufe von Anrufern ablehnen, die ihre Nummer unterdrücken",
    anon_unavailable: "Das Ablehnen anonymer Anrufe ist in Webex für Sie noch nicht verfügbar.",
    barge_heading: "Aufschalten",
    barge_enabled: "Kollegen, die meine Leitung teilen, dürfen sich auf meine Anrufe aufschalten",
    barge_tone: "Einen Ton abspielen, wenn sich jemand aufschaltet",
    queues_heading: "Meine Warteschlangen",
    queues_none: "Sie sind in keiner Warteschlange Agent.",
    queues_col_queue: "Warteschlange",
    queues_col_number: "Nummer",
    queues_col_location: "Standort",
    queues_col_joined: "Beigetretene Warteschlangen",
    queue_join: |name| format!("Anrufe aus {name} annehmen"),
    queue_locked: |name| format!("{name} lässt Agenten nicht selbst beitreten oder austreten. Bitten Sie die Leitung der Warteschlange, das zu ändern."),
    queue_not_yours: "Das ist keine Ihrer Warteschlangen. Laden Sie die Seite neu und versuchen Sie es erneut.",
    queues_hint: "Wählen Sie die Warteschlangen, aus denen Sie Anrufe annehmen möchten. Eine Warteschlange, die Agenten nicht selbst beitreten oder austreten lässt, sagt es unter ihrem Namen.",
    queues_needs_admin: "Zum Beitreten und Verlassen von Warteschlangen muss ein Vollzugriffs-Administrator das Portal in Webex berechtigen. Wenden Sie sich an Ihren Helpdesk.",
    phones_heading: "Meine Telefone",
    phones_none: "Sie haben keine Telefone. Anrufe erreichen Sie trotzdem in der Webex-App.",
    phones_col_model: "Modell",
    phones_col_mac: "MAC-Adresse",
    phones_col_status: "Status",
    phones_col_last_seen: "Zuletzt gesehen",
    connection: |s| {
        use crate::webex::ConnectionStatus as C;
        match s {
            Some(C::Connected) => "Verbunden",
            Some(C::Disconnected) => "Nicht verbunden",
            Some(C::ConnectedWithIssues) => "Verbunden, mit Problemen",
            Some(C::OfflineExpired) => "Seit Langem offline",
            Some(C::Activating) => "Wird aktiviert",
            Some(C::Pending) => "Wartet auf Einrichtung",
            Some(C::OfflineDeepSleep) => "Im Ruhezustand (offline)",
            Some(C::Unknown | C::Other(_)) | None => "Unbekannt",
        }
    },
    never: "Nicht bekannt",
    numbers_heading: "Meine Nummern",
    numbers_none: "Ihnen sind keine Nummern zugewiesen.",
    numbers_col_number: "Nummer",
    numbers_col_extension: "Durchwahl",
    numbers_col_location: "Standort",
    numbers_col_primary: "Hauptnummer",
    numbers_primary: "Ja, meine Hauptnummer",
    numbers_extension_only: "Nur Durchwahl",
    summary_away: |a| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "Sie sind abwesend ({}): Der persönliche Assistent nimmt Ihre Anrufe an",
                (CALLING.presence)(p).to_lowercase()
            ),
            _ => "Sie sind abwesend: Der persönliche Assistent nimmt Ihre Anrufe an".to_owned(),
        };
        if let Some(until) = &a.until {
            s.push_str(&format!(" bis {}", crate::views::calling::when(until)));
        }
        if let Some(n) = &a.transfer_to {
            s.push_str(&format!("; Anrufer erreichen mit 0 {n}"));
        }
        s.push('.');
        s
    },
    summary_intercepted: |i| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => {
                "Ihre Anrufe werden abgefangen: Anrufer hören eine Ansage und landen in der Voicemail."
            }
            (true, false) => "Ihre Anrufe werden abgefangen: Anrufer hören eine Ansage.",
            (false, _) => "Der Anrufabfang ist an, aber eingehende Anrufe werden durchgelassen.",
        };
        let outgoing = if i.outgoing_local_only {
            " Sie können nur Ortsgespräche führen."
        } else {
            " Auch Ihre ausgehenden Anrufe werden abgefangen."
        };
        format!("{incoming}{outgoing}")
    },
    read_only_card: "So ist es in Webex eingestellt; wenden Sie sich für Änderungen an Ihren Administrator.",
};
