//! The message catalogue: every user-facing string, one struct per language.
//!
//! Templates and handlers take a `&'static Messages` and never spell out English themselves, so a
//! second language is one more `Messages` value (and a line in [`negotiate`]), with no template or
//! handler touched. The compiler checks that every language has every message.

mod en;
pub mod staff;

use crate::domain::{
    calls::{Line, Target, Warning},
    greeting::GreetingError,
    passcode::PasscodeProblem,
    phone::DestinationError,
};
use crate::error::Failure;

pub use en::EN;

/// All user-facing text of one language. Plain strings for fixed text; functions for text with
/// values in it.
pub struct Messages {
    /// BCP 47 tag for `<html lang>`.
    pub lang: &'static str,
    pub app_name: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub start_heading: &'static str,
    pub start_intro: &'static str,
    pub summary_heading: &'static str,
    /// Labels on error pages and toasts.
    pub request_id: &'static str,
    pub back_to_start: &'static str,
    /// The signed-in landing page.
    pub extension: &'static str,
    pub no_extension: &'static str,
    pub location: &'static str,

    pub summary_line: fn(&Line) -> String,
    pub warning: fn(&Warning) -> &'static str,
    pub target: fn(&Target) -> String,
    pub destination_error: fn(&DestinationError) -> String,
    pub greeting_error: fn(&GreetingError) -> String,
    pub passcode_problem: fn(&PasscodeProblem) -> String,
    /// What a failure is called, and what the user can do about it (src/error.rs).
    pub failure_title: fn(Failure) -> &'static str,
    pub failure_message: fn(Failure) -> &'static str,
    /// The helpdesk, audit and admin pages.
    pub staff: &'static staff::StaffMessages,
}

/// Picks the catalogue for an `Accept-Language` header: the first supported language in the
/// header's order, else English. (Quality values are honoured by order only: browsers send them
/// sorted.)
pub fn negotiate(accept_language: Option<&str>) -> &'static Messages {
    let supported: [&'static Messages; 1] = [&EN];
    accept_language
        .into_iter()
        .flat_map(|h| h.split(','))
        .map(|item| {
            item.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find_map(|tag| {
            let primary = tag.split('-').next().unwrap_or("").to_owned();
            supported.into_iter().find(|m| m.lang == primary)
        })
        .unwrap_or(&EN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_english() {
        assert_eq!(negotiate(None).lang, "en");
        assert_eq!(negotiate(Some("xx-YY, zz;q=0.5")).lang, "en");
        assert_eq!(negotiate(Some("en-GB,en;q=0.9")).lang, "en");
    }
}
