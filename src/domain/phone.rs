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
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(DestinationError::Unrecognized(trimmed.to_owned()));
        }
        let region = country.and_then(|c| c.to_ascii_uppercase().parse::<country::Id>().ok());
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
        Ok(n) if n.is_valid() => Ok(Destination::Number(n.format().mode(Mode::E164).to_string())),
        _ => Err(DestinationError::InvalidNumber(input.trim().to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
