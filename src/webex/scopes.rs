//! Which Webex scopes each portal feature needs: the one table ([`needs`]: the calling settings'
//! scopes from the feature registry, plus what the portal's other calls need), and the check of a
//! token's granted scopes against it for the admin page and `/readyz`.

use std::collections::BTreeSet;

use crate::features::Feature;

/// A portal feature, as far as Webex scopes are concerned: a calling setting of the registry, or
/// one of the calls around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortalFeature {
    PeopleLookup,
    Setting(Feature),
    Greetings,
    PinReset,
    PasscodeRules,
    RoleGroups,
    FeatureAccess,
    ChangeNotices,
    /// Joining and leaving call queues (FACTS §10.5). Beyond its scopes, Webex requires the
    /// service app to have been authorized by a **full administrator**: one authorized by a user
    /// or location administrator is refused, and no scope shows the difference.
    QueueJoin,
}

impl PortalFeature {
    /// A stable name for logs and `/readyz` (the admin page shows catalogue text instead).
    pub fn key(self) -> &'static str {
        match self {
            PortalFeature::PeopleLookup => "people_lookup",
            PortalFeature::Setting(f) => f.audit_key(),
            PortalFeature::Greetings => "voicemail_greetings",
            PortalFeature::PinReset => "voicemail_pin_reset",
            PortalFeature::PasscodeRules => "voicemail_passcode",
            PortalFeature::RoleGroups => "role_groups",
            PortalFeature::FeatureAccess => "feature_access",
            PortalFeature::ChangeNotices => "change_notices",
            PortalFeature::QueueJoin => "queue_join",
        }
    }
}

/// Whose token a feature's calls carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    ServiceApp,
    /// The notification bot's token (`PORTAL_NOTIFY_BOT_TOKEN`): Webex never tells the portal its
    /// scopes, so they show as unknown.
    Bot,
}

#[derive(Debug, Clone, Copy)]
pub struct ScopeNeed {
    pub feature: PortalFeature,
    pub credential: Credential,
    pub scopes: &'static [&'static str],
}

pub const PEOPLE_READ: &str = "spark-admin:people_read";
pub const PEOPLE_WRITE: &str = "spark-admin:people_write";
pub const TELEPHONY_READ: &str = "spark-admin:telephony_config_read";
pub const TELEPHONY_WRITE: &str = "spark-admin:telephony_config_write";
pub const GROUPS_READ: &str = "identity:groups_read";
/// FACTS §10.6: listing another person's devices needs the admin form.
pub const DEVICES_READ: &str = "spark-admin:devices_read";

/// Every feature and the scopes its calls need, in the order the admin page lists them: people
/// lookup, the registry's settings, then the calls around them.
pub fn needs() -> impl Iterator<Item = ScopeNeed> {
    // FACTS §4 and §8: listing and reading people needs `spark-admin:people_read`.
    let lookup = need(PortalFeature::PeopleLookup, &[PEOPLE_READ]);
    let settings = Feature::ALL
        .into_iter()
        .map(|f| need(PortalFeature::Setting(f), f.info().scopes));
    std::iter::once(lookup)
        .chain(settings)
        .chain(AROUND_SETTINGS.iter().copied())
}

/// The scopes of the calls around the settings.
const AROUND_SETTINGS: &[ScopeNeed] = &[
    // FACTS §2: greeting uploads need what the voicemail PUT needs.
    need(PortalFeature::Greetings, &[PEOPLE_WRITE]),
    // FACTS §2: resetPin is `spark-admin:people_write` only.
    need(PortalFeature::PinReset, &[PEOPLE_WRITE]),
    // FACTS §2: PUT …/voicemail/passcode (telephony_config_write) and GET voicemail rules
    // (telephony_config_read).
    need(
        PortalFeature::PasscodeRules,
        &[TELEPHONY_READ, TELEPHONY_WRITE],
    ),
    // FACTS §9 and §4: reading groups and their members.
    need(PortalFeature::RoleGroups, &[GROUPS_READ]),
    // FACTS §3a: the portal only reads a person's feature access.
    need(PortalFeature::FeatureAccess, &[TELEPHONY_READ]),
    // FACTS §10.5: the agent GET (telephony_config_read) and PUT …/settings
    // (telephony_config_write), and a full administrator's authorization (see the variant).
    need(PortalFeature::QueueJoin, &[TELEPHONY_READ, TELEPHONY_WRITE]),
    // POST /messages with the bot's token. FACTS.md lists no scope for it; Webex names it
    // `spark:messages_write` (the simulator's contract for the bot token says the same).
    ScopeNeed {
        feature: PortalFeature::ChangeNotices,
        credential: Credential::Bot,
        scopes: &["spark:messages_write"],
    },
];

const fn need(feature: PortalFeature, scopes: &'static [&'static str]) -> ScopeNeed {
    ScopeNeed {
        feature,
        credential: Credential::ServiceApp,
        scopes,
    }
}

/// Which optional features this deployment uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct InUse {
    /// The role map names Webex groups.
    pub role_groups: bool,
    /// Change notices are on (a bot token is configured).
    pub change_notices: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeStatus {
    Granted,
    Missing,
    Unknown,
}

/// One row of the check: a feature, its scopes each with a status, and the feature's status
/// (missing if any scope is, else unknown if any is, else granted).
#[derive(Debug, Clone)]
pub struct FeatureScopes {
    pub feature: PortalFeature,
    pub credential: Credential,
    pub scopes: Vec<(&'static str, ScopeStatus)>,
    pub status: ScopeStatus,
}

/// Checks the service app's `granted` scopes (`None`: Webex did not say) against every feature
/// in use.
pub fn check(granted: Option<&BTreeSet<String>>, in_use: InUse) -> Vec<FeatureScopes> {
    needs()
        .filter(|n| match n.feature {
            PortalFeature::RoleGroups => in_use.role_groups,
            PortalFeature::ChangeNotices => in_use.change_notices,
            _ => true,
        })
        .map(|n| {
            let scopes: Vec<_> = n
                .scopes
                .iter()
                .map(|&s| {
                    let status = match (n.credential, granted) {
                        (Credential::ServiceApp, Some(g)) if g.contains(s) => ScopeStatus::Granted,
                        (Credential::ServiceApp, Some(_)) => ScopeStatus::Missing,
                        _ => ScopeStatus::Unknown,
                    };
                    (s, status)
                })
                .collect();
            let status = [ScopeStatus::Missing, ScopeStatus::Unknown]
                .into_iter()
                .find(|worst| scopes.iter().any(|(_, s)| s == worst))
                .unwrap_or(ScopeStatus::Granted);
            FeatureScopes {
                feature: n.feature,
                credential: n.credential,
                scopes,
                status,
            }
        })
        .collect()
}

/// A sentence naming the missing scopes and the features that need them, if any are missing.
pub fn missing_reason(report: &[FeatureScopes]) -> Option<String> {
    let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
    for row in report {
        for &(scope, status) in &row.scopes {
            if status != ScopeStatus::Missing {
                continue;
            }
            match missing.iter_mut().find(|(s, _)| *s == scope) {
                Some((_, features)) => features.push(row.feature.key()),
                None => missing.push((scope, vec![row.feature.key()])),
            }
        }
    }
    (!missing.is_empty()).then(|| {
        let parts: Vec<String> = missing
            .iter()
            .map(|(scope, features)| format!("{scope} (for {})", features.join(", ")))
            .collect();
        format!(
            "the service app was not granted {}; authorize it again with those scopes",
            parts.join(", ")
        )
    })
}

/// The `scope` field of a token response: space-separated (RFC 6749 §3.3).
pub(crate) fn parse(scope: &str) -> BTreeSet<String> {
    scope.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(scopes: &[&str]) -> BTreeSet<String> {
        scopes.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_feature_is_in_the_table_once() {
        let features: Vec<_> = needs().map(|n| n.feature.key()).collect();
        let unique: BTreeSet<_> = features.iter().collect();
        assert_eq!(features.len(), unique.len());
        assert_eq!(features.len(), 26);
    }

    #[test]
    fn granted_missing_and_unknown() {
        let all = InUse {
            role_groups: true,
            change_notices: true,
        };
        let full = set(&[
            PEOPLE_READ,
            PEOPLE_WRITE,
            TELEPHONY_READ,
            TELEPHONY_WRITE,
            GROUPS_READ,
            DEVICES_READ,
        ]);
        let report = check(Some(&full), all);
        assert_eq!(report.len(), needs().count());
        for row in &report {
            let expected = match row.credential {
                Credential::ServiceApp => ScopeStatus::Granted,
                Credential::Bot => ScopeStatus::Unknown,
            };
            assert_eq!(row.status, expected, "{:?}", row.feature);
        }
        assert_eq!(missing_reason(&report), None);

        let partial = set(&[PEOPLE_READ, PEOPLE_WRITE, GROUPS_READ]);
        let report = check(Some(&partial), InUse::default());
        assert!(
            report.iter().all(|r| !matches!(
                r.feature,
                PortalFeature::RoleGroups | PortalFeature::ChangeNotices
            )),
            "features not in use are left out"
        );
        let row = |f| report.iter().find(|r| r.feature == f).unwrap().status;
        assert_eq!(
            row(PortalFeature::Setting(Feature::CallForwarding)),
            ScopeStatus::Granted
        );
        assert_eq!(row(PortalFeature::PasscodeRules), ScopeStatus::Missing);
        assert_eq!(row(PortalFeature::FeatureAccess), ScopeStatus::Missing);
        assert_eq!(row(PortalFeature::QueueJoin), ScopeStatus::Missing);
        let reason = missing_reason(&report).unwrap();
        assert!(
            reason.contains(
                "spark-admin:telephony_config_read (for personal_assistant, call_queues, numbers, selective_forward, selective_accept, selective_reject, single_number_reach, schedules, voicemail_passcode, feature_access, queue_join)"
            ) && reason.contains(
                "spark-admin:telephony_config_write (for personal_assistant, call_queues, selective_forward, selective_accept, selective_reject, single_number_reach, voicemail_passcode, queue_join)"
            ),
            "{reason}"
        );

        let unknown = check(None, InUse::default());
        assert!(unknown.iter().all(|r| r.status == ScopeStatus::Unknown));
        assert_eq!(missing_reason(&unknown), None);
    }

    #[test]
    fn scope_strings_are_space_separated() {
        assert_eq!(parse(" a:b  c:d\te:f "), set(&["a:b", "c:d", "e:f"]));
        assert!(parse("").is_empty());
    }
}
