//! Small parsers for Webex's wire conventions: `Retry-After`, `Link` pagination, error bodies and
//! the base64 person ids. Pure functions, so the quirks are tested without a server.

use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use time::OffsetDateTime;
use url::Url;

/// FACTS §7: wxc_sdk waits 5 s when a 429 has no usable `Retry-After`.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// The longest `Retry-After` taken as said: a day. Longer (up to `u64::MAX` seconds, or a date
/// in year 9999) would overflow the sums the client makes with it; the user is told a day.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// Reads `Retry-After` leniently: delay-seconds or an HTTP-date; anything missing or odd means the
/// default. A date in the past means "now"; nothing is longer than [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(value: Option<&str>, now: OffsetDateTime) -> Duration {
    parse_retry_after_uncapped(value, now).min(MAX_RETRY_AFTER)
}

fn parse_retry_after_uncapped(value: Option<&str>, now: OffsetDateTime) -> Duration {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return DEFAULT_RETRY_AFTER;
    };
    if let Ok(secs) = raw.parse::<u64>() {
        return Duration::from_secs(secs);
    }
    // Some servers send fractional seconds.
    if let Ok(secs) = raw.parse::<f64>()
        && secs.is_finite()
        && secs >= 0.0
    {
        return Duration::from_secs_f64(secs.min(u32::MAX as f64));
    }
    match OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc2822) {
        Ok(at) => (at - now).try_into().unwrap_or(Duration::ZERO),
        Err(_) => DEFAULT_RETRY_AFTER,
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header (FACTS §8: the only guaranteed relation).
/// Relative targets are resolved against `base`.
pub fn next_link(header: &str, base: &Url) -> Option<Url> {
    split_links(header).find_map(|link| {
        let link = link.trim();
        let end = link.find('>')?;
        let target = link.strip_prefix('<')?.get(..end - 1)?;
        let is_next = link[end + 1..].split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| base.join(target).ok()).flatten()
    })
}

/// Splits a Link header on the commas between links, not those inside `<…>` or quotes.
fn split_links(header: &str) -> impl Iterator<Item = &str> {
    let mut parts = Vec::new();
    let (mut start, mut in_angle, mut in_quote) = (0, false, false);
    for (i, c) in header.char_indices() {
        match c {
            '<' if !in_quote => in_angle = true,
            '>' if !in_quote => in_angle = false,
            '"' if !in_angle => in_quote = !in_quote,
            ',' if !in_angle && !in_quote => {
                parts.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&header[start..]);
    parts.into_iter()
}

/// Webex's JSON error body (FACTS §7); every field optional since some errors come as HTML.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    pub message: Option<String>,
    /// OAuth errors from the token endpoint say it here.
    #[serde(rename = "error_description")]
    pub error_description: Option<String>,
    pub errors: Vec<ErrorItem>,
    pub tracking_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ErrorItem {
    pub description: Option<String>,
}

impl ErrorBody {
    pub fn parse(body: &[u8]) -> Self {
        serde_json::from_slice(body).unwrap_or_default()
    }

    pub fn descriptions(&self) -> Vec<String> {
        self.errors
            .iter()
            .filter_map(|e| e.description.clone())
            .filter(|d| !d.is_empty())
            .collect()
    }
}

/// The UUID inside a Webex person id: standard base64 (padding stripped) of
/// `ciscospark://<region>/PEOPLE/<uuid>` (FACTS §5). The region segment varies, so it is not checked.
pub fn person_uuid(person_id: &str) -> Option<String> {
    id_uuid(person_id, "PEOPLE")
}

/// Whether `id` has the shape of a person id Webex issues (FACTS §5): standard base64 without
/// `=` padding of `ciscospark://<region>/PEOPLE/<uuid>`, the UUID in its hyphenated form. For the
/// ASCII these ids hold, the standard and URL-safe alphabets give the same text, so no `+`, `/`,
/// `-` or `_` ever appears. Checked at the edge so that nothing else (`..`, `%2F`, padding, other
/// kinds of id) reaches a Webex path.
pub fn is_person_id(id: &str) -> bool {
    use base64::Engine as _;
    // Far longer than any region segment needs; keeps a hostile path from costing a decode.
    if id.is_empty() || id.len() > 256 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD_NO_PAD.decode(id) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    let Some((region, uuid)) = text
        .strip_prefix("ciscospark://")
        .and_then(|rest| rest.split_once("/PEOPLE/"))
    else {
        return false;
    };
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":_.-".contains(&b));
    region_ok && uuid.len() == 36 && uuid::Uuid::try_parse(uuid).is_ok()
}

/// The UUID inside a Webex location id (`ciscospark://<region>/LOCATION/<uuid>`), as for people.
pub fn location_uuid(location_id: &str) -> Option<String> {
    id_uuid(location_id, "LOCATION")
}

fn id_uuid(id: &str, expected_kind: &str) -> Option<String> {
    let trimmed = id.trim().trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(trimmed)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed))
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let rest = text.strip_prefix("ciscospark://")?;
    let (kind_path, uuid) = rest.rsplit_once('/')?;
    let kind = kind_path.rsplit('/').next()?;
    (kind == expected_kind && !uuid.is_empty()).then(|| uuid.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
    }

    #[test]
    fn retry_after_seconds_dates_and_nonsense() {
        assert_eq!(parse_retry_after(Some("3"), now()), Duration::from_secs(3));
        assert_eq!(
            parse_retry_after(Some(" 3600 "), now()),
            Duration::from_secs(3600)
        );
        assert_eq!(
            parse_retry_after(Some("1.5"), now()),
            Duration::from_millis(1500)
        );
        assert_eq!(parse_retry_after(None, now()), DEFAULT_RETRY_AFTER);
        assert_eq!(parse_retry_after(Some(""), now()), DEFAULT_RETRY_AFTER);
        assert_eq!(parse_retry_after(Some("soon"), now()), DEFAULT_RETRY_AFTER);
        assert_eq!(parse_retry_after(Some("-4"), now()), DEFAULT_RETRY_AFTER);
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        assert_eq!(
            parse_retry_after(Some("Tue, 14 Nov 2023 22:14:00 GMT"), now()),
            Duration::from_secs(40)
        );
        assert_eq!(
            parse_retry_after(Some("Tue, 14 Nov 2023 22:00:00 GMT"), now()),
            Duration::ZERO
        );
        // Found by src/fuzz.rs: these overflowed the client's `waited + retry_after`.
        for huge in [
            "18446744073709551615",
            "1e300",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            assert_eq!(
                parse_retry_after(Some(huge), now()),
                MAX_RETRY_AFTER,
                "{huge}"
            );
        }
    }

    #[test]
    fn link_next_among_others() {
        let base = Url::parse("https://webexapis.com/v1/people?max=10").unwrap();
        let h = r#"<https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lz>; rel="next""#;
        assert_eq!(
            next_link(h, &base).unwrap().as_str(),
            "https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lz"
        );
        let h = r#"<https://x/v1/people?a=1,2>; rel="prev", <https://x/v1/people?cursor=b>; rel=next; title="a, b""#;
        assert_eq!(
            next_link(h, &base).unwrap().as_str(),
            "https://x/v1/people?cursor=b"
        );
        let h = r#"</v1/people?cursor=c>; rel="first next""#;
        assert_eq!(
            next_link(h, &base).unwrap().as_str(),
            "https://webexapis.com/v1/people?cursor=c"
        );
        assert!(next_link(r#"<https://x/v1/people?c=1>; rel="prev""#, &base).is_none());
        assert!(next_link("garbage", &base).is_none());
        assert!(next_link("", &base).is_none());
    }

    #[test]
    fn error_body_json_or_html() {
        let e = ErrorBody::parse(
            br#"{"message":"Invalid","errors":[{"description":"numberOfRings"}],"trackingId":"ROUTER_1"}"#,
        );
        assert_eq!(e.message.as_deref(), Some("Invalid"));
        assert_eq!(e.descriptions(), vec!["numberOfRings".to_owned()]);
        assert_eq!(e.tracking_id.as_deref(), Some("ROUTER_1"));
        let e = ErrorBody::parse(b"<html><body>Too Many Requests</body></html>");
        assert!(e.message.is_none() && e.tracking_id.is_none());
    }

    #[test]
    fn person_uuid_from_ids() {
        // SPECS example id (FACTS §5).
        assert_eq!(
            person_uuid(
                "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
            )
            .as_deref(),
            Some("f5b36187-c8dd-4727-8b2f-f9c447f29046")
        );
        let eu = base64::engine::general_purpose::STANDARD_NO_PAD
            .encode("ciscospark://urn:TEAM:eu-central-1_k/PEOPLE/0a1b-2c");
        assert_eq!(person_uuid(&eu).as_deref(), Some("0a1b-2c"));
        let padded = base64::engine::general_purpose::STANDARD.encode("ciscospark://us/PEOPLE/ab");
        assert_eq!(person_uuid(&padded).as_deref(), Some("ab"));
        let group = base64::engine::general_purpose::STANDARD_NO_PAD
            .encode("ciscospark://us/SCIM_GROUP/g:o");
        assert_eq!(person_uuid(&group), None);
        assert_eq!(person_uuid("not base64!"), None);
    }

    #[test]
    fn person_ids_have_the_shape_webex_issues() {
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD_NO_PAD.encode(s);
        let uuid = "f5b36187-c8dd-4727-8b2f-f9c447f29046";
        assert!(is_person_id(
            "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
        ));
        assert!(is_person_id(&b64(&format!(
            "ciscospark://urn:TEAM:eu-central-1_k/PEOPLE/{uuid}"
        ))));
        for bad in [
            String::new(),
            "..".into(),
            ".".into(),
            "%2e%2e".into(),
            "a/b".into(),
            // Padded, as Webex never sends it.
            base64::engine::general_purpose::STANDARD
                .encode(format!("ciscospark://us/PEOPLE/{uuid}")),
            b64(&format!("ciscospark://us/LOCATION/{uuid}")),
            b64(&format!("ciscospark://us/PEOPLE/{uuid}/x")),
            b64("ciscospark://us/PEOPLE/0a1b-2c"),
            b64(&format!("ciscospark:///PEOPLE/{uuid}")),
            b64(&format!("https://us/PEOPLE/{uuid}")),
            "A".repeat(300),
        ] {
            assert!(!is_person_id(&bad), "{bad:?}");
        }
    }
}
