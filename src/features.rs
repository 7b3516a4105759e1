//! The feature registry: every calling setting the portal offers, declared once.
//!
//! A [`Feature`] is one setting a person has (call forwarding, voicemail, …). Its [`FeatureInfo`]
//! says everything the rest of the portal derives from it: the audit log's key, the URL segment of
//! its card (and the card's element id), the feature-access keys that govern it (FACTS §3a), the
//! Webex scopes its calls need, and whether employees may edit it themselves. Its name in words
//! is the catalogue's `feature_name` (an exhaustive match in every language). The card that shows
//! it is tied to it in `web::settings::cards`, an exhaustive match the compiler checks.

use crate::webex::{
    feature,
    scopes::{DEVICES_READ, PEOPLE_READ, PEOPLE_WRITE, TELEPHONY_READ, TELEPHONY_WRITE},
};

/// One calling setting, as the registry knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    CallForwarding,
    DoNotDisturb,
    CallWaiting,
    Voicemail,
    PersonalAssistant,
    CallIntercept,
    CallerId,
    AnonymousCallRejection,
    BargeIn,
    CallQueues,
    Phones,
    Numbers,
    // Call rules (issue 15): selective forward, accept and reject, simultaneous ring.
    SelectiveForward,
    SelectiveAccept,
    SelectiveReject,
    SimultaneousRing,
    // Single number reach (issue 15).
    SingleNumberReach,
    // Personal schedules, which the rules' criteria name (issue 15).
    Schedules,
}

/// What a feature is. See the module docs.
#[derive(Debug)]
pub struct FeatureInfo {
    /// The audit log's `feature` (stable: stored entries name it).
    pub audit_key: &'static str,
    /// The card's URL segment under `/hx/people/{id}/` and its element id (`card-<segment>`).
    pub segment: &'static str,
    /// The feature-access key that governs the whole card (FACTS §3a), if Webex has one.
    pub access_key: Option<&'static str>,
    /// Keys that govern parts of it (voicemail's sections); the card checks those itself.
    pub part_access_keys: &'static [&'static str],
    /// The service-app scopes its reads and writes need (FACTS §1–3).
    pub scopes: &'static [&'static str],
    /// Whether employees may change it on their own page (feature access permitting).
    pub employee_may_edit: bool,
    /// Whether the portal writes it at all: a read-only card (phones, numbers) has no `PUT`.
    pub writable: bool,
    /// Whether its card offers a timed change ("now, until …", "from … until …"; issue 17):
    /// the settings people switch for a while.
    pub timed: bool,
    /// Whether helpdesk and admins may change it for many people at once (a bulk change, issue
    /// 18): the settings that mean the same for everyone (not a person's own numbers or lists).
    pub bulk: bool,
}

impl Feature {
    /// Every feature, in the order the person page shows their cards.
    pub const ALL: [Feature; 18] = [
        Feature::CallForwarding,
        Feature::DoNotDisturb,
        Feature::CallWaiting,
        Feature::Voicemail,
        Feature::PersonalAssistant,
        Feature::CallIntercept,
        Feature::CallerId,
        Feature::AnonymousCallRejection,
        Feature::BargeIn,
        Feature::CallQueues,
        Feature::Phones,
        Feature::Numbers,
        // Call rules.
        Feature::SelectiveForward,
        Feature::SelectiveAccept,
        Feature::SelectiveReject,
        Feature::SimultaneousRing,
        // Single number reach (issue 15).
        Feature::SingleNumberReach,
        Feature::Schedules,
    ];

    pub const fn info(self) -> &'static FeatureInfo {
        match self {
            // FACTS §1: GET/PUT /people/{id}/features/callForwarding.
            Feature::CallForwarding => &FeatureInfo {
                audit_key: "call_forwarding",
                segment: "forwarding",
                access_key: Some(feature::CALL_FORWARDING),
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: true,
                bulk: true,
            },
            // FACTS §3: a classic person feature; Webex has no feature-access switch for it.
            Feature::DoNotDisturb => &FeatureInfo {
                audit_key: "do_not_disturb",
                segment: "dnd",
                access_key: None,
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: true,
                bulk: true,
            },
            // FACTS §3 and §3a: `callWaiting`.
            Feature::CallWaiting => &FeatureInfo {
                audit_key: "call_waiting",
                segment: "call-waiting",
                access_key: Some(feature::CALL_WAITING),
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            // FACTS §2: GET/PUT /people/{id}/features/voicemail; each section has its own key
            // (FACTS §3a), and `voicemail` governs them all.
            Feature::Voicemail => &FeatureInfo {
                audit_key: "voicemail",
                segment: "voicemail",
                access_key: None,
                part_access_keys: &[
                    feature::VOICEMAIL,
                    feature::SEND_CALLS_TO_VOICEMAIL,
                    feature::VOICEMAIL_NOTIFICATIONS,
                    feature::VOICEMAIL_TRANSFER_NUMBER,
                    feature::VOICEMAIL_EMAIL_COPY,
                    feature::VOICEMAIL_FAX_MESSAGING,
                    feature::VOICEMAIL_MESSAGE_STORAGE,
                ],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: true,
                bulk: true,
            },
            // FACTS §10.4: /telephony/config/people/{id}/features/personalAssistant; no access key.
            Feature::PersonalAssistant => &FeatureInfo {
                audit_key: "personal_assistant",
                segment: "personal-assistant",
                access_key: None,
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: true,
                bulk: true,
            },
            // FACTS §3: /people/{id}/features/intercept (and its announcement upload); no key.
            Feature::CallIntercept => &FeatureInfo {
                audit_key: "call_intercept",
                segment: "intercept",
                access_key: None,
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: true,
                bulk: true,
            },
            // FACTS §3, §3a: caller ID maps to `blockCallerId` and `connectedLineIdentity`; the
            // card checks them for its parts.
            Feature::CallerId => &FeatureInfo {
                audit_key: "caller_id",
                segment: "caller-id",
                access_key: None,
                part_access_keys: &[feature::BLOCK_CALLER_ID, feature::CONNECTED_LINE_IDENTITY],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: false,
            },
            // FACTS §10.1, §3a: /telephony/config/people/{id}/anonymousCallReject (people_*).
            Feature::AnonymousCallRejection => &FeatureInfo {
                audit_key: "anonymous_call_rejection",
                segment: "anonymous-rejection",
                access_key: Some(feature::ANONYMOUS_CALL_REJECTION),
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            // FACTS §10.1, §3a: /people/{id}/features/bargeIn.
            Feature::BargeIn => &FeatureInfo {
                audit_key: "barge_in",
                segment: "barge-in",
                access_key: Some(feature::BARGE_IN),
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            // FACTS §10.5: the agent GET and PUT; the PUT also needs a full administrator's
            // authorization (`PortalFeature::QueueJoin` on the admin page says so).
            Feature::CallQueues => &FeatureInfo {
                audit_key: "call_queues",
                segment: "queues",
                access_key: None,
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: false,
            },
            // FACTS §10.6: read only.
            Feature::Phones => &FeatureInfo {
                audit_key: "phones",
                segment: "phones",
                access_key: None,
                part_access_keys: &[],
                scopes: &[DEVICES_READ],
                employee_may_edit: false,
                writable: false,
                timed: false,
                bulk: false,
            },
            // FACTS §10.7: read only.
            Feature::Numbers => &FeatureInfo {
                audit_key: "numbers",
                segment: "numbers",
                access_key: None,
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ],
                employee_may_edit: false,
                writable: false,
                timed: false,
                bulk: false,
            },
            // Call rules: FACTS §3 and §10.1 (paths and scopes), §3a (access keys), §10.2
            // (criteria). Each card edits its feature's switch and fields and its criteria.
            Feature::SelectiveForward => &FeatureInfo {
                audit_key: "selective_forward",
                segment: "selective-forward",
                access_key: Some(feature::SELECTIVELY_FORWARD_CALLS),
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            Feature::SelectiveAccept => &FeatureInfo {
                audit_key: "selective_accept",
                segment: "selective-accept",
                access_key: Some(feature::SELECTIVELY_ACCEPT_CALLS),
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            Feature::SelectiveReject => &FeatureInfo {
                audit_key: "selective_reject",
                segment: "selective-reject",
                access_key: Some(feature::SELECTIVELY_REJECT_CALLS),
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            // Under /telephony/config but with the people scopes (FACTS §3, surprise 2).
            Feature::SimultaneousRing => &FeatureInfo {
                audit_key: "simultaneous_ring",
                segment: "simultaneous-ring",
                access_key: Some(feature::SIMULTANEOUS_RING),
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: true,
            },
            // Single number reach (issue 15).
            // FACTS §3, §3a: /telephony/config/people/{id}/singleNumberReach (+/numbers),
            // telephony_config scopes; the feature-access key `singleNumberReach`.
            Feature::SingleNumberReach => &FeatureInfo {
                audit_key: "single_number_reach",
                segment: "single-number-reach",
                access_key: Some(feature::SINGLE_NUMBER_REACH),
                part_access_keys: &[],
                scopes: &[TELEPHONY_READ, TELEPHONY_WRITE],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: false,
            },
            // FACTS §10.1, §10.3: /people/{id}/features/schedules (people_*). FACTS §3a lists no
            // feature-access key for schedules, so employees may always change their own. The
            // card also reads the four rule features (which rules name a schedule).
            Feature::Schedules => &FeatureInfo {
                audit_key: "schedules",
                segment: "schedules",
                access_key: None,
                part_access_keys: &[],
                scopes: &[PEOPLE_READ, PEOPLE_WRITE, TELEPHONY_READ],
                employee_may_edit: true,
                writable: true,
                timed: false,
                bulk: false,
            },
        }
    }

    pub fn audit_key(self) -> &'static str {
        self.info().audit_key
    }

    pub fn segment(self) -> &'static str {
        self.info().segment
    }

    /// The feature an audit entry names, if it is one of the registry's.
    pub fn from_audit_key(key: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.audit_key() == key)
    }

    /// The feature whose card or part a feature-access key (FACTS §3a) governs, if any.
    pub fn governed_by(access_key: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| {
            let info = f.info();
            info.access_key == Some(access_key) || info.part_access_keys.contains(&access_key)
        })
    }

    /// The card's element id on the person page.
    pub fn card_id(self) -> String {
        format!("card-{}", self.segment())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn keys_and_segments_are_unique_and_url_safe() {
        let keys: BTreeSet<_> = Feature::ALL.iter().map(|f| f.audit_key()).collect();
        let segments: BTreeSet<_> = Feature::ALL.iter().map(|f| f.segment()).collect();
        assert_eq!(keys.len(), Feature::ALL.len());
        assert_eq!(segments.len(), Feature::ALL.len());
        for s in segments {
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{s}");
        }
        for f in Feature::ALL {
            assert_eq!(Feature::from_audit_key(f.audit_key()), Some(f));
        }
        assert_eq!(Feature::from_audit_key("sessions"), None);
    }

    #[test]
    fn access_keys_name_their_feature() {
        assert_eq!(
            Feature::governed_by("callForwarding"),
            Some(Feature::CallForwarding)
        );
        assert_eq!(
            Feature::governed_by("voicemailFaxMessaging"),
            Some(Feature::Voicemail)
        );
        assert_eq!(Feature::governed_by("somethingElse"), None);
    }
}
