//! Français (vouvoiement), avec les termes de l'interface française de Webex
//! (Renvoi d'appel, Messagerie vocale, Ne pas déranger, Appel en attente).
//! Typographie : espace fine insécable (U+202F) avant « ; : ! ? » et dans les guillemets.

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

const L: &str = "fr";

pub static FR: Messages = Messages {
    lang: L,
    language_name: "Français",
    language_label: "Langue",
    skip_to_content: "Aller au contenu",
    sections_label: "Sections des réglages",
    section_forwarding: "Renvoi d'appel",
    section_availability: "Ne pas déranger et appel en attente",
    section_voicemail: "Messagerie vocale",
    section_caller_id: "Présentation du numéro et confidentialité",
    section_devices: "Téléphones, numéros et files d'attente",
    status_on: "Activé",
    status_off: "Désactivé",
    status_forwarding_to: |to| format!("Renvoi vers {to}"),
    language_change: "Changer de langue",
    datetime_format: "%d/%m/%Y %H:%M %Z",
    phone_region: "FR",
    app_name: "Portail de téléphonie",
    sign_in: "Se connecter avec Webex",
    sign_out: "Se déconnecter",
    start_heading: "Vos appels, à votre façon",
    start_intro: "Connectez-vous avec votre compte Webex pour voir où vont vos appels et modifier le renvoi d'appel et la messagerie vocale.",
    summary_heading: "Ce que deviennent mes appels",
    request_id: "Identifiant de requête",
    back_to_start: "Retour à la page d'accueil",
    extension: "Poste",
    no_extension: "aucun",
    location: "Site",
    phone_number: "Numéro direct",
    loading: "Chargement…",
    retry: "Réessayer",
    save: "Enregistrer",
    saved: "Enregistré. Ci-dessous, ce que Webex contient désormais.",
    nothing_changed: "Rien à enregistrer\u{202f}: rien n'a été modifié.",
    fix_fields: "Rien n'a été enregistré\u{202f}: veuillez corriger les champs signalés.",
    not_saved: "Non enregistré.",
    tracking_id: "Identifiant de suivi Webex",
    card_unavailable: "Ce paramètre n'a pas pu être chargé.",
    read_only: "Votre organisation ne vous permet pas de modifier ce paramètre vous-même. Votre support peut le faire pour vous.",
    conflict_heading: "Modifié ailleurs, rien n'a été enregistré",
    conflict_explain: "Ce paramètre a été modifié ailleurs (dans Webex, sur un téléphone ou dans un autre onglet) après son ouverture. Rien n'a été écrasé. Les valeurs actuelles sont affichées ci-dessous\u{202f}; enregistrez de nouveau si vous souhaitez toujours appliquer votre modification.",
    conflict_attempted: "Ce que vous avez essayé d'enregistrer",
    ticket: "Numéro de ticket (facultatif)",
    yes: "oui",
    no: "non",
    summary_unavailable: "Le résumé n'a pas pu être chargé.",
    warnings_heading: "À vérifier",
    history_heading: "Modifications récentes",
    history_empty: "Aucune modification pour l'instant.",
    history_unavailable: "Les modifications récentes n'ont pas pu être chargées.",
    history_when: "Quand",
    history_what: "Quoi",
    history_who: "Qui",
    history_result: "Résultat",
    forwarding_heading: "Renvoi d'appel",
    fwd_always: "Renvoyer tous les appels",
    fwd_busy: "Lorsque vous êtes occupé",
    fwd_no_answer: "Lorsque vous ne répondez pas",
    fwd_business_continuity: "Lorsque vos téléphones sont hors ligne",
    fwd_enabled: "Activé",
    fwd_destination: "Renvoyer vers",
    fwd_destination_hint: "Un poste, ou un numéro comme +33 1 42 68 53 00.",
    fwd_to_voicemail: "Envoyer plutôt vers la messagerie vocale",
    fwd_ring_reminder: "Faire sonner brièvement mon téléphone lorsqu'un appel est renvoyé",
    fwd_rings: "Sonneries avant le renvoi",
    fwd_rings_hint: |min, max| format!("Choisissez entre {min} et {max} sonneries."),
    dnd_heading: "Ne pas déranger",
    dnd_enabled: "Ne pas déranger",
    dnd_ring_splash: "Faire sonner brièvement mon téléphone à l'arrivée d'un appel",
    call_waiting_heading: "Appel en attente",
    call_waiting_enabled: "Laisser passer un deuxième appel pendant que je suis en ligne",
    summary_line,
    warning,
    target,
    destination_error,
    forwarding_error,
    greeting_error,
    passcode_problem,
    webex_error,
    feature_name,
    other_setting: "Un autre paramètre",
    saving_too_often: |secs| format!("Vous enregistrez très souvent\u{202f}; réessayez dans {secs} s."),
    change_summary: |feature, action, changed| match action {
        AuditAction::SetPin => "Code PIN de messagerie vocale modifié".to_owned(),
        AuditAction::ResetPin => "Code PIN de messagerie vocale réinitialisé par défaut".to_owned(),
        AuditAction::UploadGreeting => "Message d'accueil de la messagerie vocale importé".to_owned(),
        AuditAction::SignOutEveryone => "Tout le monde a été déconnecté".to_owned(),
        AuditAction::AddRule => format!("{feature}\u{202f}: règle ajoutée"),
        AuditAction::ChangeRule => format!("{feature}\u{202f}: règle modifiée"),
        AuditAction::DeleteRule => format!("{feature}\u{202f}: règle supprimée"),
        AuditAction::Schedule => format!("{feature}\u{202f}: modification programmée"),
        AuditAction::CancelSchedule => format!("{feature}\u{202f}: modification programmée annulée"),
        AuditAction::TimedApply if changed.is_empty() => format!("{feature}\u{202f}: modification programmée appliquée"),
        AuditAction::TimedApply => format!("{feature}\u{202f}: modification programmée appliquée\u{202f}: {}", changed.join(", ")),
        AuditAction::TimedRevert => format!("{feature}\u{202f}: rétabli comme avant"),
        AuditAction::BulkApply if changed.is_empty() => format!("{feature}\u{202f}: modification groupée"),
        AuditAction::BulkApply => format!("{feature}\u{202f}: modification groupée\u{202f}: {}", changed.join(", ")),
        AuditAction::Undo => format!("{feature}\u{202f}: une modification antérieure annulée"),
        AuditAction::Update if changed.is_empty() => feature.to_owned(),
        AuditAction::Update => format!("{feature}\u{202f}: {}", changed.join(", ")),
    },
    rate_limited_message: |secs| {
        let secs = secs.max(1);
        let wait = if secs < 90 {
            one_other(L, secs, format!("{secs} seconde"), format!("{secs} secondes"))
        } else {
            format!("{} minutes", secs.div_ceil(60))
        };
        format!("Trop de tentatives provenant de votre réseau. Patientez {wait}, puis réessayez.")
    },
    too_large_message: |kb| {
        format!("Cette requête est trop volumineuse (limite {kb} Ko). Raccourcissez votre saisie et réessayez.")
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
    reach: &super::reach::FR,
    timed: &super::timed::FR,
    bulk: &super::bulk::FR,
    rule_cards: &super::rule_cards::FR,
    schedules: &super::schedules::FR,
    tester: &super::tester::FR,
};

static VOICEMAIL: VoicemailMessages = VoicemailMessages {
    heading: "Messagerie vocale",
    enabled: "Utiliser la messagerie vocale",
    send_all: "Envoyer tous les appels directement vers la messagerie vocale",
    send_all_hint: "Vos téléphones ne sonnent pas tant que cette option est activée.",
    busy_legend: "Lorsque vous êtes en ligne",
    busy_enabled: "Envoyer les appels vers la messagerie vocale lorsque vous êtes occupé",
    no_answer_legend: "Lorsque vous ne répondez pas",
    no_answer_enabled: "Envoyer les appels sans réponse vers la messagerie vocale",
    rings: "Sonneries avant que la messagerie vocale réponde",
    rings_hint: |min, max| format!("De {min} à {max} sonneries."),
    greeting_legend: "Message d'accueil entendu par les appelants",
    greeting_default: "Le message d'accueil standard",
    greeting_custom: "Mon propre message d'accueil enregistré",
    greeting_uploaded: "Votre propre message d'accueil est importé.",
    greeting_not_uploaded: "Vous n'avez pas encore importé votre propre message d'accueil.",
    greeting_no_playback: "Webex ne permet pas au portail de lire les messages d'accueil. Pour écouter le vôtre, appelez votre messagerie vocale.",
    greeting_file: "Importer votre propre message d'accueil",
    greeting_file_replace: "Remplacer votre message d'accueil par un nouveau fichier",
    greeting_file_on_save: "Il est importé à l'enregistrement.",
    greeting_file_hint: "Un fichier WAV de 5000 Ko au maximum.",
    notifications_legend: "Alertes de nouveau message",
    notifications_enabled: "M'avertir quand j'ai un nouveau message",
    notify_email: "Adresse e-mail pour les alertes",
    notify_sms: "Numéro de mobile pour les alertes SMS (facultatif)",
    email_hint: "Par exemple nom@example.com.",
    external_email_hint: "Nécessaire lorsque les messages sont envoyés uniquement à une adresse e-mail.",
    fax_number_hint: "Le numéro de fax complet, par exemple +33 1 42 68 53 00.",
    fax_extension_hint: "2 à 10 chiffres.",
    storage_where: "Conserver les messages",
    notify_sms_hint: "Numéros des États-Unis et du Canada uniquement, par exemple +1 617 555 0100.",
    transfer_legend: "Appelants qui appuient sur 0",
    transfer_enabled: "Transférer les appelants qui appuient sur 0",
    transfer_number: "Transférer vers",
    transfer_number_hint: "Un poste, ou un numéro complet comme +33 1 42 68 53 00.",
    email_copy_legend: "Copies par e-mail",
    email_copy_enabled: "M'envoyer une copie de chaque message par e-mail",
    email_copy_address: "Adresse e-mail pour les copies",
    storage_legend: "Où les messages sont conservés",
    mwi_enabled: "Allumer le voyant de message sur mon téléphone",
    storage_internal: "Dans ma boîte de messagerie vocale Webex",
    storage_external: "Envoyés uniquement à une adresse e-mail",
    external_email: "Adresse e-mail pour les messages",
    fax_legend: "Messages de fax",
    fax_enabled: "Recevoir les fax dans ma messagerie vocale",
    fax_number: "Numéro de fax",
    fax_extension: "Poste de fax (facultatif)",
    on: "Activé",
    off: "Désactivé",
    not_set: "non défini",
    field_error: voicemail_field_error,
    pin_legend: "Code PIN de la messagerie vocale",
    pin_rules_intro: "Votre nouveau code PIN doit respecter ces règles\u{202f}:",
    pin_new: "Nouveau code PIN",
    pin_confirm: "Confirmer le nouveau code PIN",
    pin_mismatch: "Les deux codes PIN ne sont pas identiques.",
    pin_change: "Changer le code PIN",
    pin_changed: "Votre code PIN de messagerie vocale est modifié.",
    pin_problems: "Ce code PIN ne peut pas être utilisé. Rien n'a été modifié\u{202f}:",
    pin_refused: "Webex a refusé le nouveau code PIN\u{202f}:",
    pin_rules_unavailable: "Les règles du code PIN n'ont pas pu être chargées pour le moment\u{202f}; Webex vérifiera tout de même votre nouveau code PIN.",
};

fn q(s: &str) -> String {
    format!("«\u{202f}{s}\u{202f}»")
}

fn voicemail_field_error(e: &VoicemailFieldError) -> String {
    match e {
        VoicemailFieldError::RingsNotANumber => {
            "Saisissez le nombre de sonneries en chiffres.".to_owned()
        }
        VoicemailFieldError::RingsOutOfRange { min, max } => {
            format!("Choisissez de {min} à {max} sonneries.")
        }
        VoicemailFieldError::NoCustomGreeting => {
            "Importez votre propre message d'accueil avant de le choisir.".to_owned()
        }
        VoicemailFieldError::UnknownChoice => "Choisissez l'une des options.".to_owned(),
        VoicemailFieldError::EmailRequired => "Saisissez une adresse e-mail.".to_owned(),
        VoicemailFieldError::EmailInvalid(s) => format!(
            "{} n'est pas une adresse e-mail, comme nom@example.com.",
            q(s)
        ),
        VoicemailFieldError::NotificationTargetRequired => {
            "Saisissez une adresse e-mail ou un numéro de mobile pour les alertes.".to_owned()
        }
        VoicemailFieldError::SmsNotUsOrCanada(s) => format!(
            "{} ne peut pas recevoir d'alertes SMS\u{202f}: Webex ne les envoie qu'aux numéros de mobile des États-Unis et du Canada.",
            q(s)
        ),
        VoicemailFieldError::Destination(d) => destination_error(d),
        VoicemailFieldError::FaxNotANumber(s) => format!(
            "{} est un poste\u{202f}; saisissez le numéro de fax complet.",
            q(s)
        ),
        VoicemailFieldError::FaxExtensionInvalid(s) => format!(
            "{} n'est pas un poste\u{202f}: utilisez 2 à 10 chiffres.",
            q(s)
        ),
    }
}

fn target(t: &Target) -> String {
    match t {
        Target::Voicemail => "la messagerie vocale".to_owned(),
        Target::Number(n) => format!("le {}", FR.phone(n)),
    }
}

fn summary_line(line: &Line) -> String {
    match line {
        Line::DoNotDisturbOff => "Ne pas déranger est désactivé.".to_owned(),
        Line::DoNotDisturbOn => {
            "Ne pas déranger est activé\u{202f}: vos téléphones ne sonnent pas.".to_owned()
        }
        Line::AllCallsForwarded(t) => format!("Tous les appels sont renvoyés vers {}.", target(t)),
        Line::AllCallsToVoicemail => {
            "Tous les appels vont directement à la messagerie vocale.".to_owned()
        }
        Line::RingsYourPhones => "Les appels font sonner vos téléphones.".to_owned(),
        Line::NoAnswerGoesTo(t, rings) => format!(
            "Si vous ne répondez pas après {rings} {}, les appels sont renvoyés vers {}.",
            one_other(L, *rings, "sonnerie", "sonneries"),
            target(t)
        ),
        Line::NoAnswerKeepsRinging => {
            "Si vous ne répondez pas, les appels continuent de sonner.".to_owned()
        }
        Line::BusyGoesTo(t) => format!(
            "Lorsque vous êtes occupé, les appels sont renvoyés vers {}.",
            target(t)
        ),
        Line::BusyTone => {
            "Lorsque vous êtes occupé, les appelants entendent la tonalité occupé.".to_owned()
        }
        Line::OfflineGoesTo(t) => format!(
            "Si vos téléphones sont hors ligne, les appels sont renvoyés vers {}.",
            target(t)
        ),
    }
}

fn warning(w: &Warning) -> &'static str {
    match w {
        Warning::ForwardAlwaysHidesOtherRules => {
            "Le renvoi de tous les appels est activé\u{202f}: vos paramètres en cas d'occupation et de non-réponse ne s'appliquent jamais."
        }
        Warning::SendAllToVoicemailHidesOtherRules => {
            "L'envoi de tous les appels vers la messagerie vocale est activé\u{202f}: vos paramètres en cas d'occupation et de non-réponse ne s'appliquent jamais."
        }
        Warning::ForwardsToVoicemailWhileVoicemailOff => {
            "Une règle de renvoi envoie des appels vers la messagerie vocale, mais votre messagerie vocale est désactivée."
        }
        Warning::DoNotDisturbIsOn => {
            "Ne pas déranger est activé\u{202f}: les appelants sont traités comme si vous étiez occupé, jusqu'à ce que vous le désactiviez."
        }
        Warning::BusyForwardOverridesVoicemail => {
            "Les appels en cas d'occupation sont renvoyés\u{202f}: votre paramètre de messagerie vocale en cas d'occupation ne s'applique pas."
        }
        Warning::NoAnswerForwardOverridesVoicemail => {
            "Les appels sans réponse sont renvoyés\u{202f}: votre paramètre de messagerie vocale en cas de non-réponse ne s'applique pas."
        }
    }
}

fn destination_error(e: &DestinationError) -> String {
    match e {
        DestinationError::Empty => "Saisissez un numéro ou un poste.".to_owned(),
        DestinationError::Unrecognized(s) => format!(
            "{} n'est ni un numéro de téléphone ni un poste. Utilisez un poste, ou un numéro complet comme +33 1 42 68 53 00.",
            q(s)
        ),
        DestinationError::InvalidNumber(s) => format!(
            "{} n'est pas un numéro de téléphone valide. Vérifiez les chiffres et l'indicatif du pays.",
            q(s)
        ),
        DestinationError::HasExtension(s) => format!(
            "{} se termine par un poste\u{202f}; Webex ne peut renvoyer que vers le numéro lui-même. Supprimez le poste, ou renvoyez vers le poste seul s'il s'agit de l'un des nôtres.",
            q(s)
        ),
        DestinationError::Denied(s) => format!(
            "Les appels ne peuvent pas être renvoyés vers {}\u{202f}: les numéros d'urgence, les numéros surtaxés et les autres numéros bloqués par votre organisation ne sont pas autorisés. Choisissez un autre numéro.",
            q(s)
        ),
    }
}

fn greeting_error(e: &GreetingError) -> String {
    match e {
        GreetingError::Empty => "Choisissez un fichier de message d'accueil à importer.".to_owned(),
        GreetingError::NotWav => {
            "Le message d'accueil doit être un fichier WAV\u{202f}; ce fichier n'en est pas un, ou il est endommagé.".to_owned()
        }
        GreetingError::Encoding => {
            "Le message d'accueil doit être un fichier WAV PCM (8 ou 16 bits, mono ou stéréo, de 8 à 48 kHz). Enregistrez-le dans ce format et réessayez.".to_owned()
        }
        GreetingError::TooLarge { size_kb: Some(size_kb) } => format!(
            "Le message d'accueil fait {size_kb} Ko\u{202f}; Webex accepte au maximum 5000 Ko. Enregistrez un message plus court ou dans une qualité inférieure."
        ),
        GreetingError::TooLarge { size_kb: None } => "Le message d'accueil dépasse 5000 Ko, le maximum accepté par Webex. Enregistrez un message plus court ou dans une qualité inférieure.".to_owned(),
    }
}

fn digits(n: usize) -> &'static str {
    one_other(L, n, "chiffre", "chiffres")
}

fn passcode_problem(p: &PasscodeProblem) -> String {
    match p {
        PasscodeProblem::NotDigits => "Utilisez uniquement des chiffres.".to_owned(),
        PasscodeProblem::TooShort(n) => format!("Utilisez au moins {n} {}.", digits(*n)),
        PasscodeProblem::TooLong(n) => format!("Utilisez au plus {n} {}.", digits(*n)),
        PasscodeProblem::RepeatedDigits(n) => {
            format!("Ne répétez pas un chiffre plus de {n} fois de suite.")
        }
        PasscodeProblem::RepeatedPattern => {
            "Ne répétez pas une séquence (comme 123123).".to_owned()
        }
        PasscodeProblem::Ascending(n) => format!(
            "N'utilisez pas plus de {n} {} croissants à la suite (comme 1234).",
            digits(*n)
        ),
        PasscodeProblem::Descending(n) => format!(
            "N'utilisez pas plus de {n} {} décroissants à la suite (comme 4321).",
            digits(*n)
        ),
        PasscodeProblem::ContainsOwnNumber => {
            "N'utilisez pas votre propre poste ni votre numéro de téléphone.".to_owned()
        }
        PasscodeProblem::ContainsOwnNumberReversed => {
            "N'utilisez pas votre propre poste ni votre numéro de téléphone à l'envers.".to_owned()
        }
        PasscodeProblem::ReusesPrevious(1) => "Ne réutilisez pas votre code PIN actuel.".to_owned(),
        PasscodeProblem::ReusesPrevious(n) => {
            format!("Ne réutilisez aucun de vos {n} derniers codes PIN.")
        }
        PasscodeProblem::ReversedOld => {
            "N'utilisez pas votre ancien code PIN à l'envers.".to_owned()
        }
    }
}

fn forwarding_error(e: &ForwardingFieldError) -> String {
    match e {
        ForwardingFieldError::DestinationRequired => {
            "Saisissez un numéro ou un poste vers lequel renvoyer, ou choisissez la messagerie vocale."
                .to_owned()
        }
        ForwardingFieldError::Destination(d) => destination_error(d),
        ForwardingFieldError::RingsNotANumber => {
            "Saisissez le nombre de sonneries en chiffres.".to_owned()
        }
        ForwardingFieldError::RingsOutOfRange { min, max } => (FR.fwd_rings_hint)(*min, *max),
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
                "Webex a refusé la modification.".to_owned()
            } else {
                format!("Webex a refusé la modification\u{202f}: {detail}")
            }
        }
        WebexError::Http { status: 401, .. } | WebexError::TokenUnavailable { .. } => {
            "La connexion du portail à Webex doit être vérifiée par un administrateur. Veuillez réessayer plus tard.".to_owned()
        }
        WebexError::Http { status: 403, .. } => {
            "Webex n'autorise pas le portail à effectuer cette action.".to_owned()
        }
        WebexError::Http { status: 404, .. } => {
            "Webex n'a pas trouvé cette personne ou ce paramètre.".to_owned()
        }
        WebexError::Http { status: 409, .. } => {
            "Webex a refusé la modification car elle entre en conflit avec un autre paramètre."
                .to_owned()
        }
        WebexError::Http { status, .. } if *status >= 500 || *status == 423 => {
            "Webex rencontre des difficultés en ce moment. Veuillez réessayer dans un instant."
                .to_owned()
        }
        WebexError::Http { .. } => "Webex n'a pas pu traiter la requête.".to_owned(),
        WebexError::RateLimited { retry_after, .. } => format!(
            "Webex est surchargé. Veuillez réessayer dans {}.",
            in_duration(*retry_after)
        ),
        WebexError::Timeout { .. } => {
            "Webex n'a pas répondu à temps. Veuillez réessayer.".to_owned()
        }
        WebexError::Unreachable { .. } => {
            "Webex est injoignable pour le moment. Veuillez réessayer dans un instant.".to_owned()
        }
        WebexError::Decode { .. } => {
            "Webex a envoyé une réponse que le portail ne comprend pas.".to_owned()
        }
    }
}

fn in_duration(d: std::time::Duration) -> String {
    let secs = d.as_secs().max(1);
    let (n, one, other) = match secs {
        s if s < 90 => (s, "seconde", "secondes"),
        s if s < 90 * 60 => (s.div_ceil(60), "minute", "minutes"),
        s => (s.div_ceil(3600), "heure", "heures"),
    };
    format!("{n} {}", one_other(L, n, one, other))
}

fn feature_name(feature: Feature) -> &'static str {
    match feature {
        Feature::CallForwarding => "Renvoi d'appel",
        Feature::DoNotDisturb => "Ne pas déranger",
        Feature::CallWaiting => "Appel en attente",
        Feature::Voicemail => "Messagerie vocale",
        Feature::PersonalAssistant => "Assistant personnel (absent)",
        Feature::CallIntercept => "Interception d'appels",
        Feature::CallerId => "Identification de l'appelant",
        Feature::AnonymousCallRejection => "Rejet des appels anonymes",
        Feature::BargeIn => "Intrusion",
        Feature::CallQueues => "Mes files d'attente",
        Feature::Phones => "Mes téléphones",
        Feature::Numbers => "Mes numéros",
        // Issue 15.
        Feature::SingleNumberReach => "Numéro unique",
        Feature::SelectiveForward => "Renvoi sélectif",
        Feature::SelectiveAccept => "Acceptation sélective",
        Feature::SelectiveReject => "Refus sélectif",
        Feature::SimultaneousRing => "Sonnerie simultanée",
        Feature::Schedules => "Mes horaires",
    }
}

fn audit_result(r: AuditResult) -> &'static str {
    match r {
        AuditResult::Success => "Enregistré",
        AuditResult::Failure => "Échec",
        AuditResult::Conflict => "Non enregistré\u{202f}: modifié ailleurs",
        AuditResult::Denied => "Refusé",
    }
}

fn audit_action(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Update => "Modification",
        AuditAction::Undo => "Annulation",
        AuditAction::ResetPin => "Code PIN réinitialisé",
        AuditAction::SetPin => "Code PIN modifié",
        AuditAction::UploadGreeting => "Message d'accueil importé",
        AuditAction::SignOutEveryone => "Tout le monde déconnecté",
        AuditAction::AddRule => "Règle ajoutée",
        AuditAction::ChangeRule => "Règle modifiée",
        AuditAction::DeleteRule => "Règle supprimée",
        AuditAction::Schedule => "Modification programmée",
        AuditAction::CancelSchedule => "Modification programmée annulée",
        AuditAction::TimedApply => "Modification programmée appliquée",
        AuditAction::TimedRevert => "Rétabli comme avant",
        AuditAction::BulkApply => "Modification groupée",
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Employee => "employé",
        Role::Helpdesk => "support",
        Role::Admin => "administrateur",
    }
}

fn failure_title(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Veuillez vous connecter",
        Failure::Forbidden => "Action non autorisée",
        Failure::NotFound => "Page introuvable",
        Failure::RateLimited => "Trop de tentatives",
        Failure::TooLarge => "Trop de données à la fois",
        Failure::BadRequest => "Cette requête n'a pas pu être traitée",
        Failure::NotCallingUser => "Ce portail est réservé aux utilisateurs de Webex Calling",
        Failure::OtherOrganization => "Ce portail dessert une autre organisation",
        Failure::SignInFailed => "La connexion n'a pas pu aboutir",
        Failure::Upstream => "Webex n'a pas répondu",
        Failure::WebexBusy => "Webex est surchargé",
        Failure::Internal => "Un problème est survenu",
    }
}

fn failure_message(f: Failure) -> &'static str {
    match f {
        Failure::SignInRequired => "Votre session a expiré. Reconnectez-vous pour continuer.",
        Failure::Forbidden => {
            "Vous n'êtes pas autorisé à faire cela. Si vous êtes arrivé ici depuis le portail, rechargez la page et réessayez."
        }
        Failure::NotFound => "Il n'y a rien à cette adresse.",
        Failure::TooLarge => {
            "Cette requête est trop volumineuse. Raccourcissez votre saisie et réessayez."
        }
        Failure::RateLimited => {
            "Trop de tentatives provenant de votre réseau. Patientez une minute, puis réessayez."
        }
        Failure::BadRequest => "La requête était mal formée. Revenez en arrière et réessayez.",
        Failure::NotCallingUser => {
            "Vous êtes connecté à Webex, mais votre compte n'a pas de ligne Webex Calling\u{202f}: il n'y a donc rien à gérer ici. Contactez votre administrateur si vous pensez qu'il s'agit d'une erreur."
        }
        Failure::OtherOrganization => {
            "Vous vous êtes connecté avec un compte Webex qui appartient à une autre organisation que celle gérée par ce portail."
        }
        Failure::SignInFailed => {
            "La connexion a pris trop de temps ou a été interrompue. Recommencez depuis la page de connexion."
        }
        Failure::Upstream => {
            "Webex n'a pas répondu comme prévu. Patientez un instant et réessayez\u{202f}; si le problème persiste, communiquez à votre support l'identifiant de requête ci-dessous."
        }
        Failure::WebexBusy => "Webex est surchargé. Patientez une minute, puis réessayez.",
        Failure::Internal => {
            "Le portail a rencontré un problème inattendu. Réessayez\u{202f}; si le problème persiste, communiquez à votre support l'identifiant de requête ci-dessous."
        }
    }
}

fn human(d: Duration) -> String {
    let (n, unit) = units(d);
    let [one, other] = match unit {
        Unit::Seconds => ["seconde", "secondes"],
        Unit::Minutes => ["minute", "minutes"],
        Unit::Hours => ["heure", "heures"],
        Unit::Days => ["jour", "jours"],
    };
    format!("{n} {}", one_other(L, n, one, other))
}

pub static STAFF: StaffMessages = StaffMessages {
    nav_label: "Portail",
    nav_helpdesk: "Support",
    nav_audit: "Journal des modifications",
    nav_admin: "Administration",
    nav_me: "Mes paramètres",
    helpdesk_heading: "Rechercher un utilisateur",
    search_label: "Prénom ou nom, e-mail, poste ou numéro de téléphone",
    search_hint: "Les résultats s'affichent pendant la saisie. Seuls les utilisateurs Webex Calling que vous pouvez aider sont listés.",
    search_button: "Rechercher",
    search_too_short: "Saisissez au moins deux caractères.",
    search_nothing: "Personne n'a été trouvé.",
    search_scan_stopped: "La recherche par numéro s'est arrêtée après 1000 utilisateurs\u{202f}; saisissez plus de chiffres pour l'affiner.",
    col_name: "Nom",
    col_email: "E-mail",
    col_extension: "Poste",
    col_number: "Numéro",
    col_location: "Site",
    previous_page: "Précédent",
    next_page: "Suivant",
    none: "—",
    audit_heading: "Journal des modifications",
    audit_intro_employee: "Toutes les modifications apportées à vos paramètres, par vous ou par le support.",
    audit_intro_staff: "Toutes les modifications faites via le portail aux paramètres que vous pouvez consulter.",
    filter_person: "Identifiant de la personne",
    filter_actor: "Modifié par (identifiant)",
    filter_feature: "Paramètre",
    filter_feature_any: "Tous les paramètres",
    filter_from: "Du",
    filter_to: "Au",
    filter_apply: "Filtrer",
    export_csv: "Télécharger le CSV",
    col_when: "Quand",
    col_actor: "Modifié par",
    col_target: "Paramètres de",
    col_feature: "Fonction",
    col_action: "Action",
    col_result: "Résultat",
    col_ticket: "Ticket",
    col_change: "Modification",
    sessions_feature: "Sessions de connexion",
    audit_stored: "Valeurs enregistrées",
    audit_before: "Avant",
    audit_after: "Après",
    csv_header: [
        "Identifiant",
        "Date",
        "Modifié par",
        "Modifié par (identifiant)",
        "Rôle",
        "Paramètres de",
        "Identifiant de la personne",
        "Identifiant du site",
        "Fonction",
        "Action",
        "Résultat",
        "Ticket",
        "Erreur",
        "Identifiant de suivi Webex",
        "Identifiant de requête",
        "Annule l'entrée",
        "Avant",
        "Après",
    ],
    audit_empty: "Aucune entrée.",
    undo: "Annuler",
    undo_done: "La modification a été annulée.",
    undo_conflict: "Le paramètre a été modifié de nouveau depuis\u{202f}; il a été laissé tel quel.",
    ticket_label: "Ticket ou note",
    admin_heading: "Administration",
    token_heading: "Jeton de l'application de service",
    token_healthy: "En bon état",
    token_access_expires: "Expiration du jeton d'accès",
    token_refresh_expires: "Expiration du jeton d'actualisation",
    token_last_refresh: "Dernière actualisation",
    token_scopes: "Autorisations accordées",
    token_scopes_unknown: "inconnues (Webex ne les a pas indiquées avec le jeton)",
    scopes_heading: "Autorisations par fonction",
    scopes_intro: "Ce dont chaque fonction a besoin auprès de Webex, comparé à ce qui a été accordé à l'application de service.",
    col_scopes_needed: "Autorisations requises",
    col_scope_status: "État",
    scope_feature: |f| match f {
        PortalFeature::PeopleLookup => "Consultation et recherche de personnes",
        PortalFeature::Setting(Feature::CallForwarding) => "Renvoi d'appel",
        PortalFeature::Setting(Feature::DoNotDisturb) => "Ne pas déranger",
        PortalFeature::Setting(Feature::CallWaiting) => "Appel en attente",
        PortalFeature::Setting(Feature::Voicemail) => "Paramètres de messagerie vocale",
        PortalFeature::Setting(Feature::PersonalAssistant) => "Assistant personnel",
        PortalFeature::Setting(Feature::CallIntercept) => "Interception d'appels",
        PortalFeature::Setting(Feature::CallerId) => "Identification de l'appelant",
        PortalFeature::Setting(Feature::AnonymousCallRejection) => "Rejet des appels anonymes",
        PortalFeature::Setting(Feature::BargeIn) => "Intrusion",
        PortalFeature::Setting(Feature::CallQueues) => "Files d'attente (affichées aux agents)",
        PortalFeature::Setting(Feature::Phones) => "Téléphones (lecture seule)",
        PortalFeature::Setting(Feature::Numbers) => "Numéros (lecture seule)",
        // Issue 15.
        PortalFeature::Setting(Feature::SingleNumberReach) => "Numéro unique",
        PortalFeature::Setting(Feature::SelectiveForward) => "Renvoi sélectif",
        PortalFeature::Setting(Feature::SelectiveAccept) => "Acceptation sélective",
        PortalFeature::Setting(Feature::SelectiveReject) => "Refus sélectif",
        PortalFeature::Setting(Feature::SimultaneousRing) => "Sonnerie simultanée",
        PortalFeature::Setting(Feature::Schedules) => "Horaires personnels",
        PortalFeature::Greetings => "Messages d'accueil de la messagerie vocale",
        PortalFeature::PinReset => "Réinitialisation du code PIN de messagerie vocale",
        PortalFeature::PasscodeRules => "Code PIN de messagerie vocale et ses règles",
        PortalFeature::RoleGroups => "Groupes de la table des rôles",
        PortalFeature::FeatureAccess => {
            "Accès aux fonctions (ce que les utilisateurs peuvent modifier)"
        }
        PortalFeature::ChangeNotices => "Avis de modification (messages)",
        PortalFeature::QueueJoin => {
            "Rejoindre et quitter les files d'attente (exige un administrateur complet)"
        }
    },
    scope_status: |s| match s {
        ScopeStatus::Granted => "accordée",
        ScopeStatus::Missing => "manquante",
        ScopeStatus::Unknown => "inconnue",
    },
    scope_bot_note: "envoyé avec le jeton du bot, dont Webex n'indique pas les autorisations",
    unknown: "inconnu",
    failures_heading: "Échecs Webex récents",
    failures_none: "Aucune modification en échec récemment.",
    roles_heading: "Rôles",
    roles_recheck: |secs| {
        format!(
            "L'appartenance aux groupes est revérifiée toutes les {secs} {}.",
            one_other(L, secs, "seconde", "secondes")
        )
    },
    roles_none: "PORTAL_ROLE_MAP est vide\u{202f}: tout le monde est employé.",
    col_entry: "Entrée",
    col_grant: "Accorde",
    col_people: "Personnes",
    roles_lookup_failed: "Le groupe n'a pas pu être consulté",
    budget_heading: "Budget d'appels Webex",
    budget_used: |used, limit, interactive, background| {
        format!(
            "Appels avec le jeton de l'application de service au cours de la dernière minute\u{202f}: {used} sur {limit} ({interactive} pour les personnes qui utilisent le portail, {background} pour le travail en arrière-plan)."
        )
    },
    budget_share: "Part de chaque personne",
    budget_reserve: "Réservé aux personnes qui utilisent le portail (le travail en arrière-plan n'y touche jamais)",
    per_minute: |n| one_other(L, n, format!("{n} appel par minute"), format!("{n} appels par minute")),
    budget_people: "Personnes dont les requêtes ont appelé Webex au cours de la dernière minute",
    budget_people_value: |people, at_share, busiest| {
        format!(
            "{people}\u{202f}; {at_share} d'entre elles ont utilisé toute leur part\u{202f}; le plus par une seule personne\u{202f}: {busiest}"
        )
    },
    budget_held: "Appels retenus depuis le démarrage du portail",
    budget_held_value: |held, refused| {
        format!("{held} ont attendu de la place\u{202f}; {refused} ont reçu la réponse «\u{a0}occupé\u{a0}» sans interroger Webex")
    },
    sessions_heading: "Sessions",
    sessions_active: |n| match n {
        Some(n) => format!(
            "{n} {}.",
            one_other(L, n, "session active", "sessions actives")
        ),
        None => "Ce stockage de sessions ne peut pas compter ses sessions.".to_owned(),
    },
    sign_out_everyone: "Déconnecter tout le monde",
    sign_out_everyone_hint: "Met fin à toutes les sessions, y compris la vôtre. Tout le monde se reconnecte.",
    sign_out_everyone_confirm: "Oui, déconnecter tout le monde maintenant, moi compris",
    signed_out_everyone: "Tout le monde a été déconnecté, vous compris. Reconnectez-vous pour continuer.",
    duration_from_now: |d| {
        if d.is_negative() {
            format!("il y a {} (expiré)", human(-d))
        } else {
            format!("dans {}", human(d))
        }
    },
    duration_ago: |d| format!("il y a {}", human(d)),
    acting_banner: |name| format!("Vous modifiez les paramètres de {name}"),
    acting_banner_at: |name, location| {
        format!("Vous modifiez les paramètres de {name} ({location})")
    },
    restricted_features: "Cette personne ne peut pas modifier elle-même ces paramètres\u{202f}:",
    reset_pin: "Réinitialiser le code PIN de messagerie vocale",
    reset_pin_done: "Le code PIN de messagerie vocale a été réinitialisé à la valeur par défaut de l'organisation.",
    reset_pin_confirm: |name| {
        format!("Réinitialiser le code PIN de messagerie vocale de {name} à la valeur par défaut de l'organisation\u{202f}? Son code PIN actuel ne fonctionnera plus.")
    },
    notice_changed: |actor, what| {
        format!(
            "**{actor}**, du support, a modifié vos paramètres **{what}** dans le portail de téléphonie."
        )
    },
    notice_left_as_changed: |what| {
        format!(
            "Le portail de téléphonie n'a pas rétabli vos paramètres **{what}** à la fin de la modification programmée\u{202f}: ils ont été modifiés après que le portail l'a appliquée, ils restent donc tels quels."
        )
    },
    voicemail_pin: "code PIN de messagerie vocale",
};

// ---------------------------------------------------------------------------------------------
// Personal assistant, call intercept, caller ID, privacy, queues, phones, numbers

static CALLING: super::CallingMessages = super::CallingMessages {
    pa_heading: "Assistant personnel (absent)",
    pa_enabled: "Je suis absent\u{202f}: l'assistant personnel répond à mes appels",
    pa_presence: "Indiquer aux appelants",
    presence: |p| {
        use crate::webex::Presence as P;
        match p {
            P::Available => "Disponible",
            P::BusinessTrip => "En déplacement professionnel",
            P::GoneForTheDay => "Parti pour la journée",
            P::Lunch => "En pause déjeuner",
            P::Meeting => "En réunion",
            P::OutOfOffice => "Absent du bureau",
            P::TemporarilyOut => "Momentanément absent",
            P::Training => "En formation",
            P::Unavailable => "Indisponible",
            P::Vacation => "En congés",
            P::Other(_) => "Autre chose",
        }
    },
    pa_until: "Absent jusqu'au",
    pa_until_date: "Date",
    pa_until_time: "Heure",
    pa_until_hint: "Date et heure en UTC, telles que Webex les conserve. Laissez les deux vides pour ne pas fixer de fin.",
    pa_until_invalid: "Saisissez une date et une heure valides, par exemple 2026-12-24 et 17:00.",
    pa_transfer_enabled: "Les appelants peuvent appuyer sur 0 pour joindre quelqu'un d'autre",
    pa_transfer_number: "Numéro que les appelants joignent",
    pa_alerting: "Pendant mon absence",
    pa_alert_how: "Comment l'assistant me prévient",
    alerting: |a| {
        use crate::webex::AssistantAlerting as A;
        match a {
            A::AlertMeFirst => "Faire d'abord sonner mes téléphones",
            A::PlayRingReminder => "Émettre une brève sonnerie de rappel",
            A::NoAlert => "Ne pas me prévenir",
            A::Other(_) => "Autre chose",
        }
    },
    pa_rings: "Sonneries avant que l'assistant réponde",
    pa_rings_hint: "De 2 à 20 sonneries, quand vos téléphones sonnent d'abord.",
    pa_rings_invalid: "Choisissez entre 2 et 20 sonneries.",
    ic_heading: "Interception d'appels",
    ic_intro: "L'interception empêche les appels de vous parvenir, par exemple pendant un congé. Les appelants entendent une annonce.",
    ic_enabled: "Intercepter mes appels",
    ic_incoming: "Appels entrants",
    ic_which_calls: "Quels appels",
    ic_incoming_all: "Intercepter tous les appels entrants",
    ic_incoming_allow: "Laisser passer les appels entrants",
    ic_voicemail: "Envoyer les appels interceptés vers la messagerie vocale",
    ic_greeting: "Annonce entendue par les appelants",
    ic_greeting_default: "L'annonce standard",
    ic_greeting_custom: "Mon annonce importée",
    ic_greeting_missing: "Importez d'abord une annonce, ou choisissez l'annonce standard.",
    ic_new_number_enabled: "Indiquer un nouveau numéro aux appelants",
    ic_new_number: "Nouveau numéro",
    ic_zero_enabled: "Les appelants peuvent appuyer sur 0 pour joindre quelqu'un d'autre",
    ic_zero: "Numéro joint avec le 0",
    ic_outgoing: "Appels sortants",
    ic_outgoing_all: "Intercepter tous les appels sortants",
    ic_outgoing_local: "N'autoriser que les appels locaux",
    ic_outgoing_transfer: "Transférer les appels sortants vers un numéro",
    ic_outgoing_destination: "Transférer les appels sortants vers",
    ic_announcement: "Votre annonce d'interception",
    ic_announcement_uploaded: "Votre propre annonce est importée.",
    ic_announcement_none: "Vous n'avez pas encore importé d'annonce.",
    ic_announcement_file: "Fichier d'annonce",
    ic_announcement_upload: "Importer l'annonce",
    cid_heading: "Identification de l'appelant",
    cid_number: "Numéro vu par vos correspondants",
    cid_direct_line: |n| format!("Ma ligne directe ({n})"),
    cid_location_number: |n| format!("Le numéro de mon site ({n})"),
    cid_custom: "Un autre numéro de mon organisation",
    cid_custom_number: "L'autre numéro",
    cid_custom_number_missing: "Saisissez le numéro que vos correspondants doivent voir, par exemple +33 1 23 45 67 89.",
    cid_custom_number_hint: "Un numéro complet de votre organisation, comme +33 1 23 45 67 89.",
    cid_custom_name_hint: "30 caractères au maximum.",
    cid_no_number: "aucun",
    cid_name: "Nom vu par les correspondants externes",
    cid_name_direct: "Mon nom",
    cid_name_location: |n| format!("Le nom de mon site ({n})"),
    cid_name_custom: "Un autre nom",
    cid_custom_name: "L'autre nom",
    cid_custom_name_missing: "Saisissez un nom de 30 caractères au maximum.",
    cid_block: "Masquer mon identité sur les appels que je renvoie",
    cid_block_locked: "Votre organisation ne vous permet pas de modifier ce réglage.",
    cid_choice_invalid: "Choisissez l'une des options proposées.",
    anon_heading: "Rejet des appels anonymes",
    anon_enabled: "Rejeter les appels des personnes qui masquent leur numéro",
    anon_unavailable: "Le rejet des appels anonymes n'est pas encore disponible pour vous dans Webex.",
    barge_heading: "Intrusion",
    barge_enabled: "Les collègues qui partagent ma ligne peuvent intervenir dans mes appels",
    barge_tone: "Émettre un bip quand quelqu'un intervient",
    queues_heading: "Mes files d'attente",
    queues_none: "Vous n'êtes agent d'aucune file d'attente.",
    queues_col_queue: "File d'attente",
    queues_col_number: "Numéro",
    queues_col_location: "Site",
    queues_col_joined: "Files rejointes",
    queue_join: |name| format!("Prendre les appels de {name}"),
    queue_locked: |name| format!("{name} ne permet pas à ses agents de la rejoindre ou de la quitter eux-mêmes. Demandez au superviseur de la file de le faire."),
    queue_not_yours: "Ce n'est pas l'une de vos files d'attente. Rechargez la page et réessayez.",
    queues_hint: "Cochez les files dont vous voulez prendre les appels. Une file qui ne permet pas à ses agents de la rejoindre ou de la quitter eux-mêmes l'indique sous son nom.",
    queues_needs_admin: "Pour rejoindre et quitter des files, le portail doit être autorisé dans Webex par un administrateur complet. Adressez-vous à votre support.",
    phones_heading: "Mes téléphones",
    phones_none: "Vous n'avez aucun téléphone. Les appels vous parviennent quand même dans l'application Webex.",
    phones_col_model: "Modèle",
    phones_col_mac: "Adresse MAC",
    phones_col_status: "État",
    phones_col_last_seen: "Vu pour la dernière fois",
    connection: |s| {
        use crate::webex::ConnectionStatus as C;
        match s {
            Some(C::Connected) => "Connecté",
            Some(C::Disconnected) => "Non connecté",
            Some(C::ConnectedWithIssues) => "Connecté, avec des problèmes",
            Some(C::OfflineExpired) => "Hors ligne depuis longtemps",
            Some(C::Activating) => "En cours d'activation",
            Some(C::Pending) => "En attente de configuration",
            Some(C::OfflineDeepSleep) => "En veille (hors ligne)",
            Some(C::Unknown | C::Other(_)) | None => "Inconnu",
        }
    },
    never: "Inconnu",
    numbers_heading: "Mes numéros",
    numbers_none: "Aucun numéro ne vous est attribué.",
    numbers_col_number: "Numéro",
    numbers_col_extension: "Poste",
    numbers_col_location: "Site",
    numbers_col_primary: "Principal",
    numbers_primary: "Oui, mon numéro principal",
    numbers_extension_only: "Poste uniquement",
    summary_away: |a| {
        let mut s = match &a.presence {
            Some(p) if *p != crate::webex::Presence::Available => format!(
                "Vous êtes absent ({})\u{202f}: l'assistant personnel répond à vos appels",
                (CALLING.presence)(p).to_lowercase()
            ),
            _ => "Vous êtes absent\u{202f}: l'assistant personnel répond à vos appels".to_owned(),
        };
        if let Some(until) = &a.until {
            s.push_str(&format!(" jusqu'au {}", crate::views::calling::when(until)));
        }
        if let Some(n) = &a.transfer_to {
            s.push_str(&format!("\u{202f}; les appelants peuvent appuyer sur 0 pour joindre {n}"));
        }
        s.push('.');
        s
    },
    summary_intercepted: |i| {
        let incoming = match (i.incoming, i.to_voicemail) {
            (true, true) => {
                "Vos appels sont interceptés\u{202f}: les appelants entendent une annonce, puis la messagerie vocale."
            }
            (true, false) => "Vos appels sont interceptés\u{202f}: les appelants entendent une annonce.",
            (false, _) => "L'interception est activée, mais les appels entrants passent.",
        };
        let outgoing = if i.outgoing_local_only {
            " Vous ne pouvez passer que des appels locaux."
        } else {
            " Vos appels sortants sont aussi interceptés."
        };
        format!("{incoming}{outgoing}")
    },
    read_only_card: "Affiché tel que Webex le conserve\u{a0}; demandez à votre administrateur pour le modifier.",
};
