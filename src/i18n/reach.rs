//! Messages of the single-number-reach card and of the summary as the helpdesk reads it about
//! someone else (issue 15; [`super::Messages::reach`] holds them).

use super::one_other;
use crate::domain::calls::{Away, Intercepted, Line, Target, Warning};

pub struct ReachMessages {
    // Single number reach.
    pub snr_heading: &'static str,
    pub snr_intro: &'static str,
    pub snr_alert_all: &'static str,
    pub snr_numbers: &'static str,
    pub snr_none: &'static str,
    pub snr_name: &'static str,
    pub snr_phone_number: &'static str,
    pub snr_phone_hint: &'static str,
    pub snr_state: &'static str,
    pub snr_on: &'static str,
    pub snr_off: &'static str,
    pub snr_enabled: &'static str,
    pub snr_do_not_forward: &'static str,
    pub snr_answer_confirmation: &'static str,
    pub snr_add: &'static str,
    /// "Change Mobile"
    pub snr_edit: fn(&str) -> String,
    pub snr_remove: &'static str,
    /// "Remove Mobile"
    pub snr_remove_named: fn(&str) -> String,
    pub snr_remove_confirm: fn(&str) -> String,
    pub snr_phone_missing: &'static str,
    pub snr_not_extension: &'static str,
    pub snr_duplicate: &'static str,
    pub snr_name_missing: &'static str,
    pub snr_name_too_long: fn(usize) -> String,
    pub snr_number_gone: &'static str,
    // The summary about someone else, in the third person with their name (issue 14, defect 8).
    /// "What happens to Alice Anders's calls"
    pub summary_heading_of: fn(&str) -> String,
    pub summary_line_of: fn(&Line, &str) -> String,
    pub warning_of: fn(&Warning, &str) -> String,
    pub away_of: fn(&Away, &str) -> String,
    pub intercepted_of: fn(&Intercepted, &str) -> String,
}

fn en_target(t: &Target) -> String {
    (super::EN.target)(t)
}

pub static EN: ReachMessages = ReachMessages {
    snr_heading: "Single number reach",
    snr_intro: "Calls to your number also ring these numbers, such as your mobile, and you can pick up where you like.",
    snr_alert_all: "Alert all numbers for click-to-dial calls",
    snr_numbers: "Numbers",
    snr_none: "No numbers yet.",
    snr_name: "Name",
    snr_phone_number: "Phone number",
    snr_phone_hint: "A full number, such as +1 408 555 0100.",
    snr_state: "Rings",
    snr_on: "On",
    snr_off: "Off",
    snr_enabled: "Ring this number",
    snr_do_not_forward: "Don't forward calls to this number",
    snr_answer_confirmation: "Ask me to press a key before the call connects",
    snr_add: "Add a number",
    snr_edit: |name| format!("Change {name}"),
    snr_remove: "Remove",
    snr_remove_named: |name| format!("Remove {name}"),
    snr_remove_confirm: |name| format!("Remove {name} from single number reach?"),
    snr_phone_missing: "Enter a phone number.",
    snr_not_extension: "Enter a full phone number: single number reach does not ring extensions.",
    snr_duplicate: "This number is already in the list.",
    snr_name_missing: "Enter a name, such as Mobile.",
    snr_name_too_long: |n| format!("Use at most {n} characters."),
    snr_number_gone: "This number is no longer in the list. Reload the card.",
    summary_heading_of: |name| format!("What happens to {name}'s calls"),
    summary_line_of: |line, name| match line {
        Line::DoNotDisturbOn => format!("Do not disturb is on: {name}'s phones don't ring."),
        Line::RingsYourPhones => format!("Calls ring {name}'s phones."),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "If {name} doesn't answer within {rings} {}, they go to {}.",
            one_other("en", *rings, "ring", "rings"),
            en_target(t)
        ),
        Line::NoAnswerKeepsRinging => format!("If {name} doesn't answer, they keep ringing."),
        Line::BusyGoesTo(t) => format!("When {name} is busy, they go to {}.", en_target(t)),
        Line::BusyTone => format!("When {name} is busy, callers hear a busy tone."),
        Line::OfflineGoesTo(t) => {
            format!(
                "If {name}'s phones are offline, calls go to {}.",
                en_target(t)
            )
        }
        other => (super::EN.summary_line)(other),
    },
    warning_of: |w, name| match w {
        Warning::ForwardAlwaysHidesOtherRules => {
            format!("Forward all calls is on, so {name}'s busy and no-answer settings never apply.")
        }
        Warning::SendAllToVoicemailHidesOtherRules => format!(
            "Send all calls to voicemail is on, so {name}'s busy and no-answer settings never apply."
        ),
        Warning::ForwardsToVoicemailWhileVoicemailOff => {
            format!("A forwarding rule sends calls to voicemail, but {name}'s voicemail is off.")
        }
        Warning::DoNotDisturbIsOn => format!(
            "Do not disturb is on: callers get {name}'s busy treatment until it is turned off."
        ),
        Warning::BusyForwardOverridesVoicemail => {
            format!("Busy calls are forwarded, so {name}'s voicemail busy setting does not apply.")
        }
        Warning::NoAnswerForwardOverridesVoicemail => format!(
            "Unanswered calls are forwarded, so {name}'s voicemail no-answer setting does not apply."
        ),
    },
    away_of: |a, name| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "{name} is away ({}): the personal assistant answers {name}'s calls",
                (super::EN.calling.presence)(p).to_lowercase()
            ),
            _ => format!("{name} is away: the personal assistant answers {name}'s calls"),
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
    intercepted_of: |i, name| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => format!(
                "{name}'s calls are intercepted: callers hear an announcement and go to voicemail."
            ),
            (true, false) => {
                format!("{name}'s calls are intercepted: callers hear an announcement.")
            }
            (false, _) => "Call intercept is on, but incoming calls are let through.".to_owned(),
        };
        let outgoing = if i.outgoing_local_only {
            format!(" {name} can make local calls only.")
        } else {
            format!(" {name}'s outgoing calls are intercepted too.")
        };
        format!("{incoming}{outgoing}")
    },
};

fn de_target(t: &Target) -> String {
    (super::DE.target)(t)
}

fn de_rings(n: u32) -> String {
    if n == 1 {
        "einem Klingelton".to_owned()
    } else {
        format!("{n} Klingeltönen")
    }
}

pub static DE: ReachMessages = ReachMessages {
    snr_heading: "Eine Nummer für alles",
    snr_intro: "Anrufe an Ihre Nummer klingeln auch auf diesen Nummern, etwa Ihrem Mobiltelefon, und Sie nehmen ab, wo Sie wollen.",
    snr_alert_all: "Bei Click-to-Dial-Anrufen alle Nummern klingeln lassen",
    snr_numbers: "Nummern",
    snr_none: "Noch keine Nummern.",
    snr_name: "Name",
    snr_phone_number: "Telefonnummer",
    snr_phone_hint: "Eine vollständige Nummer, etwa +49 30 1234567.",
    snr_state: "Klingelt",
    snr_on: "Ein",
    snr_off: "Aus",
    snr_enabled: "Diese Nummer klingeln lassen",
    snr_do_not_forward: "Keine Anrufe an diese Nummer weiterleiten",
    snr_answer_confirmation: "Vor dem Verbinden um einen Tastendruck bitten",
    snr_add: "Nummer hinzufügen",
    snr_edit: |name| format!("{name} ändern"),
    snr_remove: "Entfernen",
    snr_remove_named: |name| format!("{name} entfernen"),
    snr_remove_confirm: |name| format!("{name} aus „Eine Nummer für alles“ entfernen?"),
    snr_phone_missing: "Geben Sie eine Telefonnummer ein.",
    snr_not_extension: "Geben Sie eine vollständige Telefonnummer ein: Durchwahlen klingeln hier nicht.",
    snr_duplicate: "Diese Nummer steht schon in der Liste.",
    snr_name_missing: "Geben Sie einen Namen ein, etwa Mobil.",
    snr_name_too_long: |n| format!("Höchstens {n} Zeichen."),
    snr_number_gone: "Diese Nummer steht nicht mehr in der Liste. Laden Sie die Karte neu.",
    summary_heading_of: |name| format!("Was mit den Anrufen von {name} geschieht"),
    summary_line_of: |line, name| match line {
        Line::DoNotDisturbOn => {
            format!("„Nicht stören“ ist ein: Die Telefone von {name} klingeln nicht.")
        }
        Line::RingsYourPhones => format!("Anrufe klingeln auf den Telefonen von {name}."),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "Wenn {name} nach {} nicht antwortet, gehen Anrufe an {}.",
            de_rings(*rings),
            de_target(t)
        ),
        Line::NoAnswerKeepsRinging => {
            format!("Wenn {name} nicht antwortet, klingelt es weiter.")
        }
        Line::BusyGoesTo(t) => {
            format!("Wenn {name} besetzt ist, gehen Anrufe an {}.", de_target(t))
        }
        Line::BusyTone => format!("Wenn {name} besetzt ist, hören Anrufer ein Besetztzeichen."),
        Line::OfflineGoesTo(t) => format!(
            "Wenn die Telefone von {name} offline sind, gehen Anrufe an {}.",
            de_target(t)
        ),
        other => (super::DE.summary_line)(other),
    },
    warning_of: |w, name| match w {
        Warning::ForwardAlwaysHidesOtherRules => format!(
            "„Alle Anrufe weiterleiten“ ist ein, daher gelten die Einstellungen von {name} für besetzt und keine Antwort nie."
        ),
        Warning::SendAllToVoicemailHidesOtherRules => format!(
            "„Alle Anrufe an die Voicemail“ ist ein, daher gelten die Einstellungen von {name} für besetzt und keine Antwort nie."
        ),
        Warning::ForwardsToVoicemailWhileVoicemailOff => format!(
            "Eine Weiterleitung schickt Anrufe an die Voicemail, aber die Voicemail von {name} ist aus."
        ),
        Warning::DoNotDisturbIsOn => format!(
            "„Nicht stören“ ist ein: Anrufer erhalten die Besetzt-Behandlung von {name}, bis es ausgeschaltet wird."
        ),
        Warning::BusyForwardOverridesVoicemail => format!(
            "Anrufe bei besetzt werden weitergeleitet, daher gilt die Voicemail-Einstellung von {name} für besetzt nicht."
        ),
        Warning::NoAnswerForwardOverridesVoicemail => format!(
            "Unbeantwortete Anrufe werden weitergeleitet, daher gilt die Voicemail-Einstellung von {name} für keine Antwort nicht."
        ),
    },
    away_of: |a, name| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "{name} ist abwesend ({}): Der persönliche Assistent nimmt die Anrufe von {name} an",
                (super::DE.calling.presence)(p)
            ),
            _ => format!(
                "{name} ist abwesend: Der persönliche Assistent nimmt die Anrufe von {name} an"
            ),
        };
        if let Some(until) = &a.until {
            s.push_str(&format!(" bis {}", crate::views::calling::when(until)));
        }
        if let Some(n) = &a.transfer_to {
            s.push_str(&format!("; Anrufer erreichen mit der 0 {n}"));
        }
        s.push('.');
        s
    },
    intercepted_of: |i, name| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => format!(
                "Die Anrufe von {name} werden abgefangen: Anrufer hören eine Ansage und gehen an die Voicemail."
            ),
            (true, false) => {
                format!("Die Anrufe von {name} werden abgefangen: Anrufer hören eine Ansage.")
            }
            (false, _) => {
                "Anrufe abfangen ist ein, aber eingehende Anrufe werden durchgelassen.".to_owned()
            }
        };
        let outgoing = if i.outgoing_local_only {
            format!(" {name} kann nur Ortsgespräche führen.")
        } else {
            format!(" Auch die abgehenden Anrufe von {name} werden abgefangen.")
        };
        format!("{incoming}{outgoing}")
    },
};

fn fr_target(t: &Target) -> String {
    (super::FR.target)(t)
}

/// "de Marc", "d'Alice".
fn fr_de(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÂÉÈÊÎÔÛaeiouyâéèêîôû".contains(c));
    if vowel {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

pub static FR: ReachMessages = ReachMessages {
    snr_heading: "Numéro unique",
    snr_intro: "Les appels vers votre numéro font aussi sonner ces numéros, comme votre mobile, et vous décrochez où vous voulez.",
    snr_alert_all: "Faire sonner tous les numéros pour les appels click-to-dial",
    snr_numbers: "Numéros",
    snr_none: "Aucun numéro pour l'instant.",
    snr_name: "Nom",
    snr_phone_number: "Numéro de téléphone",
    snr_phone_hint: "Un numéro complet, comme +33 1 42 68 53 00.",
    snr_state: "Sonne",
    snr_on: "Activé",
    snr_off: "Désactivé",
    snr_enabled: "Faire sonner ce numéro",
    snr_do_not_forward: "Ne pas renvoyer d'appels vers ce numéro",
    snr_answer_confirmation: "Me demander d'appuyer sur une touche avant la mise en relation",
    snr_add: "Ajouter un numéro",
    snr_edit: |name| format!("Modifier {name}"),
    snr_remove: "Supprimer",
    snr_remove_named: |name| format!("Supprimer {name}"),
    snr_remove_confirm: |name| format!("Supprimer {name} du numéro unique\u{202f}?"),
    snr_phone_missing: "Saisissez un numéro de téléphone.",
    snr_not_extension: "Saisissez un numéro complet\u{202f}: le numéro unique ne fait pas sonner les extensions.",
    snr_duplicate: "Ce numéro est déjà dans la liste.",
    snr_name_missing: "Saisissez un nom, par exemple Mobile.",
    snr_name_too_long: |n| format!("{n} caractères au plus."),
    snr_number_gone: "Ce numéro n'est plus dans la liste. Rechargez la carte.",
    summary_heading_of: |name| format!("Ce qui arrive aux appels {}", fr_de(name)),
    summary_line_of: |line, name| match line {
        Line::DoNotDisturbOn => format!(
            "Ne pas déranger est activé\u{202f}: les téléphones {} ne sonnent pas.",
            fr_de(name)
        ),
        Line::RingsYourPhones => format!("Les appels font sonner les téléphones {}.", fr_de(name)),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "Si {name} ne répond pas après {rings} {}, les appels sont renvoyés vers {}.",
            one_other("fr", *rings, "sonnerie", "sonneries"),
            fr_target(t)
        ),
        Line::NoAnswerKeepsRinging => {
            format!("Si {name} ne répond pas, les appels continuent de sonner.")
        }
        Line::BusyGoesTo(t) => format!(
            "Si {name} est occupé, les appels sont renvoyés vers {}.",
            fr_target(t)
        ),
        Line::BusyTone => {
            format!("Si {name} est occupé, les appelants entendent une tonalité d'occupation.")
        }
        Line::OfflineGoesTo(t) => format!(
            "Si les téléphones {} sont hors ligne, les appels sont renvoyés vers {}.",
            fr_de(name),
            fr_target(t)
        ),
        other => (super::FR.summary_line)(other),
    },
    warning_of: |w, name| match w {
        Warning::ForwardAlwaysHidesOtherRules => format!(
            "Le renvoi de tous les appels est activé\u{202f}: les réglages occupé et sans réponse {} ne s'appliquent jamais.",
            fr_de(name)
        ),
        Warning::SendAllToVoicemailHidesOtherRules => format!(
            "Tous les appels vont à la messagerie vocale\u{202f}: les réglages occupé et sans réponse {} ne s'appliquent jamais.",
            fr_de(name)
        ),
        Warning::ForwardsToVoicemailWhileVoicemailOff => format!(
            "Un renvoi envoie des appels à la messagerie vocale, mais la messagerie vocale {} est désactivée.",
            fr_de(name)
        ),
        Warning::DoNotDisturbIsOn => format!(
            "Ne pas déranger est activé\u{202f}: les appelants reçoivent le traitement « occupé » {} jusqu'à sa désactivation.",
            fr_de(name)
        ),
        Warning::BusyForwardOverridesVoicemail => format!(
            "Les appels en cas d'occupation sont renvoyés\u{202f}: le réglage occupé de la messagerie vocale {} ne s'applique pas.",
            fr_de(name)
        ),
        Warning::NoAnswerForwardOverridesVoicemail => format!(
            "Les appels sans réponse sont renvoyés\u{202f}: le réglage sans réponse de la messagerie vocale {} ne s'applique pas.",
            fr_de(name)
        ),
    },
    away_of: |a, name| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "{name} est absent ({})\u{202f}: l'assistant personnel répond aux appels {}",
                (super::FR.calling.presence)(p).to_lowercase(),
                fr_de(name)
            ),
            _ => format!(
                "{name} est absent\u{202f}: l'assistant personnel répond aux appels {}",
                fr_de(name)
            ),
        };
        if let Some(until) = &a.until {
            s.push_str(&format!(" jusqu'au {}", crate::views::calling::when(until)));
        }
        if let Some(n) = &a.transfer_to {
            s.push_str(&format!(
                "\u{202f}; les appelants peuvent taper 0 pour joindre {n}"
            ));
        }
        s.push('.');
        s
    },
    intercepted_of: |i, name| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => format!(
                "Les appels {} sont interceptés\u{202f}: les appelants entendent une annonce puis la messagerie vocale.",
                fr_de(name)
            ),
            (true, false) => format!(
                "Les appels {} sont interceptés\u{202f}: les appelants entendent une annonce.",
                fr_de(name)
            ),
            (false, _) => {
                "L'interception est activée, mais les appels entrants passent.".to_owned()
            }
        };
        let outgoing = if i.outgoing_local_only {
            format!(" {name} ne peut passer que des appels locaux.")
        } else {
            format!(
                " Les appels sortants {} sont aussi interceptés.",
                fr_de(name)
            )
        };
        format!("{incoming}{outgoing}")
    },
};
