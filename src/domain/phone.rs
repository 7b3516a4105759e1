//! Forwarding destinations as people type them: an extension, an E.164 number, or a national
//! number in the person's country, normalized to E.164. (What people read about a bad one comes
//! from the message catalogue, `crate::i18n`.) Webex does not specify the format beyond
//! "destination" (FACTS §1), so the portal normalizes before it sends.

use std::fmt;

use phonenumber::{Mode, country};

/// A destination the portal can send to Webex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// An extension inside the organisation (digits only).
    Extension(String),
    /// A full number in E.164 form, e.g. `+14085551234`.
    Number(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("Enter a number or an extension.")]
    Empty,
    #[error(
        "“{0}” is not a phone number or an extension. Use an extension, or a full number such as +1 408 555 0100."
    )]
    Unrecognized(String),
    #[error("“{0}” is not a valid phone number. Check the digits and the country code.")]
    InvalidNumber(String),
    /// On the deny list ([`DenyList`]): an emergency or premium-rate number, or one the
    /// organisation refuses.
    #[error("Calls cannot be forwarded to “{0}”.")]
    Denied(String),
    /// A number with an extension after it ("ext 12"): Webex forwards to a number, and the
    /// extension would be dropped without a word.
    #[error("“{0}” has an extension; Webex can only forward to the number itself.")]
    HasExtension(String),
}

/// Numbers calls may not be forwarded to (`PORTAL_FORWARDING_DENY_LIST`): emergency numbers,
/// which would send every unanswered call to a dispatcher, and premium-rate prefixes, which cost
/// the organisation per minute. Entries are comma-separated: digits alone (`911`) refuse exactly
/// that short number or extension; `+` and digits (`+1900`) refuse every number starting so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyList {
    exact: Vec<String>,
    prefixes: Vec<String>,
}

/// The default: emergency numbers of North America, Europe, the UK, Australia and East Asia,
/// and premium-rate prefixes of North America, the UK, Germany, France and Australia.
pub const DENY_LIST_DEFAULT: &str =
    "911,933,112,999,000,110,119,118,+1900,+449,+49900,+3389,+61190";

impl Default for DenyList {
    fn default() -> Self {
        DENY_LIST_DEFAULT
            .parse()
            .expect("the default deny list parses")
    }
}

impl std::str::FromStr for DenyList {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut list = DenyList {
            exact: Vec::new(),
            prefixes: Vec::new(),
        };
        // `none` turns the list off (an empty variable means the default).
        if s.trim().eq_ignore_ascii_case("none") {
            return Ok(list);
        }
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let digits = entry.strip_prefix('+').unwrap_or(entry);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`{entry}` is neither digits (a short number) nor `+` and digits (a prefix)"
                ));
            }
            if entry.starts_with('+') {
                list.prefixes.push(entry.to_owned());
            } else {
                list.exact.push(entry.to_owned());
            }
        }
        Ok(list)
    }
}

impl DenyList {
    /// `destination` (parsed from `input`), unless the list refuses it.
    pub fn check(
        &self,
        destination: Destination,
        input: &str,
    ) -> Result<Destination, DestinationError> {
        let refused = match &destination {
            Destination::Extension(digits) => self.exact.iter().any(|e| e == digits),
            Destination::Number(e164) => self.prefixes.iter().any(|p| e164.starts_with(p.as_str())),
        };
        if refused {
            Err(DestinationError::Denied(input.trim().to_owned()))
        } else {
            Ok(destination)
        }
    }
}

/// Extensions in Webex Calling are 2 to 10 digits.
const EXTENSION_DIGITS: std::ops::RangeInclusive<usize> = 2..=10;

impl Destination {
    /// Parses what a person typed. `country` is the person's ISO 3166 alpha-2 country (from their
    /// location or direct number), used for national numbers; without it only E.164 and
    /// extensions are accepted.
    pub fn parse(input: &str, country: Option<&str>) -> Result<Self, DestinationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DestinationError::Empty);
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        if compact.starts_with('+') || compact.starts_with("00") {
            return parse_number(trimmed, None);
        }
        let region = country.and_then(|c| c.to_ascii_uppercase().parse::<country::Id>().ok());
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            // A national number with an extension after it is still a number: say so.
            if let Some(region) = region
                && let Err(e @ DestinationError::HasExtension(_)) =
                    parse_number(trimmed, Some(region))
            {
                return Err(e);
            }
            return Err(DestinationError::Unrecognized(trimmed.to_owned()));
        }
        // A valid national number wins over an extension of the same digits; short digit strings
        // that are not valid numbers are extensions.
        if let Some(region) = region
            && let Ok(number) = parse_number(trimmed, Some(region))
        {
            return Ok(number);
        }
        if EXTENSION_DIGITS.contains(&compact.len()) {
            return Ok(Destination::Extension(compact));
        }
        if region.is_some() {
            Err(DestinationError::InvalidNumber(trimmed.to_owned()))
        } else {
            Err(DestinationError::Unrecognized(trimmed.to_owned()))
        }
    }

    /// [`Destination::parse`], then refused if `deny` lists it: what a person may forward to.
    pub fn parse_allowed(
        input: &str,
        country: Option<&str>,
        deny: &DenyList,
    ) -> Result<Self, DestinationError> {
        // A short number is refused as typed, even when it would not parse (`000` reads as an
        // international prefix).
        let compact: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        if deny.exact.contains(&compact) {
            return Err(DestinationError::Denied(input.trim().to_owned()));
        }
        deny.check(Self::parse(input, country)?, input)
    }

    /// The value Webex stores: the extension digits or the E.164 number.
    pub fn as_webex(&self) -> &str {
        match self {
            Destination::Extension(s) | Destination::Number(s) => s,
        }
    }
}

impl fmt::Display for Destination {
    /// For people: numbers in international format with spacing, extensions as they are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Extension(ext) => write!(f, "extension {ext}"),
            Destination::Number(e164) => match phonenumber::parse(None, e164) {
                Ok(n) => write!(f, "{}", n.format().mode(Mode::International)),
                Err(_) => f.write_str(e164),
            },
        }
    }
}

/// The ISO 3166 alpha-2 country of an E.164 number (`+442079460018` → `GB`).
pub fn country_of(e164: &str) -> Option<String> {
    let number = phonenumber::parse(None, e164).ok()?;
    number.country().id().map(|id| format!("{id:?}"))
}

fn parse_number(input: &str, region: Option<country::Id>) -> Result<Destination, DestinationError> {
    let normalized = input
        .trim()
        .strip_prefix("00")
        .map(|rest| format!("+{rest}"));
    let text = normalized.as_deref().unwrap_or(input);
    match phonenumber::parse(region, text) {
        Ok(n) if n.extension().is_some() => {
            Err(DestinationError::HasExtension(input.trim().to_owned()))
        }
        Ok(n) if n.is_valid() => Ok(Destination::Number(n.format().mode(Mode::E164).to_string())),
        _ => Err(DestinationError::InvalidNumber(input.trim().to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_an_extension_is_refused_not_cut_short() {
        for typed in [
            "+1 (408) 555-0199 ext 12",
            "+1 408 555 0199 x12",
            "(408) 555-0199 ext. 12",
        ] {
            assert_eq!(
                Destination::parse(typed, Some("US")),
                Err(DestinationError::HasExtension(typed.to_owned())),
                "{typed}"
            );
        }
    }

    #[test]
    fn extensions_are_short_digit_strings() {
        assert_eq!(
            Destination::parse(" 1234 ", Some("US")),
            Ok(Destination::Extension("1234".into()))
        );
        assert_eq!(
            Destination::parse("12", None),
            Ok(Destination::Extension("12".into()))
        );
        assert_eq!(
            Destination::parse("5-1-2", None),
            Ok(Destination::Extension("512".into()))
        );
    }

    #[test]
    fn e164_in_any_spacing() {
        let want = Ok(Destination::Number("+14085550100".into()));
        assert_eq!(Destination::parse("+1 408 555 0100", None), want);
        assert_eq!(Destination::parse("+1 (408) 555-0100", Some("DE")), want);
        assert_eq!(Destination::parse("001 408 555 0100", None), want);
    }

    #[test]
    fn national_numbers_take_the_persons_country() {
        assert_eq!(
            Destination::parse("(408) 555-0100", Some("US")),
            Ok(Destination::Number("+14085550100".into()))
        );
        assert_eq!(
            Destination::parse("030 901820", Some("de")),
            Ok(Destination::Number("+4930901820".into()))
        );
        assert_eq!(
            Destination::parse("020 7946 0018", Some("GB")),
            Ok(Destination::Number("+442079460018".into()))
        );
    }

    #[test]
    fn clear_errors_for_anything_else() {
        assert_eq!(
            Destination::parse("   ", None),
            Err(DestinationError::Empty)
        );
        assert!(matches!(
            Destination::parse("call me", None),
            Err(DestinationError::Unrecognized(_))
        ));
        assert!(matches!(
            Destination::parse("+1 555", None),
            Err(DestinationError::InvalidNumber(_))
        ));
        assert!(matches!(
            Destination::parse("12345678901234", Some("US")),
            Err(DestinationError::InvalidNumber(_))
        ));
        assert!(matches!(
            Destination::parse("12345678901234", None),
            Err(DestinationError::Unrecognized(_))
        ));
    }

    #[test]
    fn emergency_and_premium_numbers_are_refused_by_default() {
        let deny = DenyList::default();
        for (typed, country) in [
            ("911", Some("US")),
            ("9 1 1", None),
            ("112", Some("DE")),
            ("999", Some("GB")),
            ("000", Some("AU")),
            ("1-900-555-0100", Some("US")),
            ("+1 900 555 0199", None),
            ("0900 1234567", Some("DE")),
            ("0909 879 0000", Some("GB")),
            ("00 44 909 879 0000", None),
        ] {
            assert_eq!(
                Destination::parse_allowed(typed, country, &deny),
                Err(DestinationError::Denied(typed.to_owned())),
                "{typed}"
            );
        }
        for ok in ["+1 408 555 0100", "1234", "020 7946 0018"] {
            assert!(
                Destination::parse_allowed(ok, Some("GB"), &deny).is_ok(),
                "{ok}"
            );
        }
        // Unparseable input still says why it is wrong, not that it is refused.
        assert_eq!(
            Destination::parse_allowed("", None, &deny),
            Err(DestinationError::Empty)
        );
    }

    #[test]
    fn the_deny_list_is_configurable() {
        let deny: DenyList = " 4321 , +1408 ,".parse().unwrap();
        assert!(Destination::parse_allowed("4321", None, &deny).is_err());
        assert!(Destination::parse_allowed("+1 408 555 0100", None, &deny).is_err());
        assert!(Destination::parse_allowed("911", None, &deny).is_ok());
        let none: DenyList = "none".parse().unwrap();
        assert!(Destination::parse_allowed("911", None, &none).is_ok());
        for bad in ["91a", "+", "+1-900", "++1"] {
            assert!(bad.parse::<DenyList>().is_err(), "{bad}");
        }
    }

    #[test]
    fn country_of_a_number() {
        assert_eq!(country_of("+442079460018").as_deref(), Some("GB"));
        assert_eq!(country_of("+14085550100").as_deref(), Some("US"));
        assert_eq!(country_of("2001"), None);
    }

    #[test]
    fn shown_in_international_format() {
        let d = Destination::parse("+14085550100", None).unwrap();
        assert_eq!(d.to_string(), "+1 408-555-0100");
        assert_eq!(d.as_webex(), "+14085550100");
        assert_eq!(
            Destination::parse("4321", None).unwrap().to_string(),
            "extension 4321"
        );
    }
}
