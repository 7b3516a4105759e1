//! Voicemail PIN rules, checked before a PIN is sent so people see every broken rule at once.
//! The rules are the org's (`GET /telephony/config/voicemail/rules`, FACTS §2); Webex checks
//! them again, including the previous-passcode rules that only Webex can know.

use crate::webex::models::PasscodeRules as WebexPasscodeRules;

/// The org's passcode rules, as far as the portal can check them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasscodeRules {
    pub min_length: usize,
    pub max_length: usize,
    /// Longest run of one repeated digit allowed (e.g. 3 allows `111` but not `1111`).
    pub max_repeated_digits: Option<usize>,
    pub block_repeated_patterns: bool,
    /// Longest ascending / descending run allowed (e.g. 3 allows `123` but not `1234`).
    pub max_ascending: Option<usize>,
    pub max_descending: Option<usize>,
    pub block_user_number: bool,
    pub block_reversed_user_number: bool,
    /// How many previous PINs may not be reused. Only Webex knows them, so this is shown, not
    /// checked here.
    pub block_previous: Option<usize>,
    /// The old PIN backwards is refused (shown, checked by Webex).
    pub block_reversed_old: bool,
}

impl Default for PasscodeRules {
    /// Webex's documented limits: 6 to 30 digits (FACTS §2).
    fn default() -> Self {
        PasscodeRules {
            min_length: 6,
            max_length: 30,
            max_repeated_digits: None,
            block_repeated_patterns: false,
            max_ascending: None,
            max_descending: None,
            block_user_number: false,
            block_reversed_user_number: false,
            block_previous: None,
            block_reversed_old: false,
        }
    }
}

/// A rule the PIN breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasscodeProblem {
    NotDigits,
    TooShort(usize),
    TooLong(usize),
    RepeatedDigits(usize),
    RepeatedPattern,
    Ascending(usize),
    Descending(usize),
    ContainsOwnNumber,
    ContainsOwnNumberReversed,
    /// One of the last N PINs (Webex checks this one).
    ReusesPrevious(usize),
    /// The old PIN backwards (Webex checks this one).
    ReversedOld,
}

impl From<&WebexPasscodeRules> for PasscodeRules {
    /// The rules as the portal checks them; Webex's documented 6..=30 digits where the org's
    /// rules leave the length open (FACTS §2).
    fn from(r: &WebexPasscodeRules) -> Self {
        let defaults = Self::default();
        let length = r.length.as_ref();
        let to_usize = |v: Option<u32>| v.map(|n| n as usize);
        let sequences = r.block_contiguous_sequences.as_ref().filter(|s| s.enabled);
        Self {
            min_length: to_usize(length.and_then(|l| l.min)).unwrap_or(defaults.min_length),
            max_length: to_usize(length.and_then(|l| l.max)).unwrap_or(defaults.max_length),
            max_repeated_digits: r
                .block_repeated_digits
                .as_ref()
                .filter(|b| b.enabled)
                .map(|b| b.max.unwrap_or(3) as usize),
            block_repeated_patterns: r.block_repeated_patterns_enabled,
            max_ascending: sequences.map(|s| s.number_of_ascending_digits.unwrap_or(3) as usize),
            max_descending: sequences.map(|s| s.number_of_descending_digits.unwrap_or(3) as usize),
            block_user_number: r.block_user_number_enabled,
            block_reversed_user_number: r.block_reversed_user_number_enabled,
            block_previous: r
                .block_previous_passcodes
                .as_ref()
                .filter(|b| b.enabled)
                .map(|b| b.number_of_passcodes.unwrap_or(1) as usize),
            block_reversed_old: r.block_reversed_old_passcode_enabled,
        }
    }
}

impl PasscodeRules {
    /// Every rule in force, as the problem that breaking it would be: shown before people type,
    /// so a PIN can be chosen right the first time.
    pub fn requirements(&self) -> Vec<PasscodeProblem> {
        let mut rules = vec![
            PasscodeProblem::NotDigits,
            PasscodeProblem::TooShort(self.min_length),
            PasscodeProblem::TooLong(self.max_length),
        ];
        rules.extend(
            self.max_repeated_digits
                .map(PasscodeProblem::RepeatedDigits),
        );
        if self.block_repeated_patterns {
            rules.push(PasscodeProblem::RepeatedPattern);
        }
        rules.extend(self.max_ascending.map(PasscodeProblem::Ascending));
        rules.extend(self.max_descending.map(PasscodeProblem::Descending));
        if self.block_user_number {
            rules.push(PasscodeProblem::ContainsOwnNumber);
        }
        if self.block_reversed_user_number {
            rules.push(PasscodeProblem::ContainsOwnNumberReversed);
        }
        rules.extend(self.block_previous.map(PasscodeProblem::ReusesPrevious));
        if self.block_reversed_old {
            rules.push(PasscodeProblem::ReversedOld);
        }
        rules
    }

    /// Every rule `pin` breaks; empty when it may be sent. `own_numbers` are the person's
    /// extension and phone numbers (digits only is fine; other characters are ignored).
    pub fn check(&self, pin: &str, own_numbers: &[&str]) -> Vec<PasscodeProblem> {
        let mut problems = Vec::new();
        if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return vec![PasscodeProblem::NotDigits];
        }
        let digits = pin.as_bytes();
        if digits.len() < self.min_length {
            problems.push(PasscodeProblem::TooShort(self.min_length));
        }
        if digits.len() > self.max_length {
            problems.push(PasscodeProblem::TooLong(self.max_length));
        }
        if let Some(max) = self.max_repeated_digits
            && longest_run(digits, |a, b| a == b) > max
        {
            problems.push(PasscodeProblem::RepeatedDigits(max));
        }
        if self.block_repeated_patterns && is_repeated_pattern(digits) {
            problems.push(PasscodeProblem::RepeatedPattern);
        }
        if let Some(max) = self.max_ascending
            && longest_run(digits, |a, b| b == a + 1) > max
        {
            problems.push(PasscodeProblem::Ascending(max));
        }
        if let Some(max) = self.max_descending
            && longest_run(digits, |a, b| a == b + 1) > max
        {
            problems.push(PasscodeProblem::Descending(max));
        }
        let numbers: Vec<String> = own_numbers
            .iter()
            .map(|n| n.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|n| n.len() >= 2)
            .collect();
        if self.block_user_number && numbers.iter().any(|n| pin.contains(n.as_str())) {
            problems.push(PasscodeProblem::ContainsOwnNumber);
        }
        if self.block_reversed_user_number
            && numbers
                .iter()
                .any(|n| pin.contains(&n.chars().rev().collect::<String>()))
        {
            problems.push(PasscodeProblem::ContainsOwnNumberReversed);
        }
        problems
    }
}

/// Length of the longest run where each neighbouring pair satisfies `linked`.
fn longest_run(digits: &[u8], linked: impl Fn(u8, u8) -> bool) -> usize {
    let (mut best, mut current) = (1, 1);
    for pair in digits.windows(2) {
        current = if linked(pair[0], pair[1]) {
            current + 1
        } else {
            1
        };
        best = best.max(current);
    }
    best
}

/// `121212`, `123123`: the whole PIN is a shorter group repeated.
fn is_repeated_pattern(digits: &[u8]) -> bool {
    (2..=digits.len() / 2)
        .filter(|len| digits.len().is_multiple_of(*len))
        .any(|len| digits.chunks(len).all(|c| c == &digits[..len]))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use PasscodeProblem::*;

    fn strict() -> PasscodeRules {
        PasscodeRules {
            max_repeated_digits: Some(3),
            block_repeated_patterns: true,
            max_ascending: Some(3),
            max_descending: Some(3),
            block_user_number: true,
            block_reversed_user_number: true,
            ..Default::default()
        }
    }

    #[test]
    fn a_good_pin_passes() {
        assert_eq!(strict().check("739164", &["2001", "+14085550100"]), vec![]);
    }

    #[test]
    fn each_rule_is_reported() {
        let r = strict();
        assert_eq!(r.check("12a456", &[]), vec![NotDigits]);
        assert_eq!(r.check("7391", &[]), vec![TooShort(6)]);
        assert_eq!(
            r.check(&"739164".repeat(6), &[]),
            vec![TooLong(30), RepeatedPattern]
        );
        assert_eq!(r.check("711117", &[]), vec![RepeatedDigits(3)]);
        assert_eq!(r.check("391391", &[]), vec![RepeatedPattern]);
        assert_eq!(r.check("912345", &[]), vec![Ascending(3)]);
        assert_eq!(r.check("976543", &[]), vec![Descending(3)]);
        assert_eq!(r.check("720018", &["2001"]), vec![ContainsOwnNumber]);
        assert_eq!(
            r.check("710028", &["2001"]),
            vec![ContainsOwnNumberReversed]
        );
    }

    #[test]
    fn requirements_list_the_rules_in_force() {
        let mut r = strict();
        r.block_previous = Some(3);
        assert_eq!(
            r.requirements(),
            vec![
                NotDigits,
                TooShort(6),
                TooLong(30),
                RepeatedDigits(3),
                RepeatedPattern,
                Ascending(3),
                Descending(3),
                ContainsOwnNumber,
                ContainsOwnNumberReversed,
                ReusesPrevious(3),
            ]
        );
        assert_eq!(
            PasscodeRules::default().requirements(),
            vec![NotDigits, TooShort(6), TooLong(30)]
        );
    }

    #[test]
    fn defaults_only_bound_the_length() {
        assert_eq!(PasscodeRules::default().check("111111", &[]), vec![]);
    }

    #[test]
    fn passcode_rules_become_the_portals_checks() {
        let rules: crate::webex::models::VoicemailRules =
            serde_json::from_value(json!({"defaultVoicemailPinRules": {
                "blockRepeatedPatternsEnabled": true, "blockUserNumberEnabled": true,
                "blockReversedUserNumberEnabled": false,
                "blockPreviousPasscodes": {"enabled": true, "numberOfPasscodes": 3},
                "blockReversedOldPasscodeEnabled": true,
                "blockRepeatedDigits": {"enabled": true, "max": 2},
                "blockContiguousSequences": {"enabled": false, "numberOfAscendingDigits": 3},
                "length": {"min": 8}
            }}))
            .unwrap();
        let checks = PasscodeRules::from(&rules.passcode_rules());
        assert_eq!(checks.min_length, 8);
        assert_eq!(checks.max_length, 30);
        assert_eq!(checks.max_repeated_digits, Some(2));
        assert_eq!(checks.max_ascending, None);
        assert!(checks.block_repeated_patterns && checks.block_user_number);
        assert!(!checks.block_reversed_user_number);
        assert_eq!(checks.block_previous, Some(3));
        assert!(checks.block_reversed_old);
    }
}
