//! The helpdesk's search: `GET /helpdesk` and its live results `GET /hx/search?q=…&page=…`.
//!
//! Only Webex Calling users inside the searcher's scope are ever shown. What a query means:
//! - with `@`: an exact email (one People call);
//! - digits (with `+`, spaces, dashes, dots or brackets): an extension or phone number. The People
//!   API has no extension or number filter (FACTS §8), so the portal lists the calling users in
//!   scope (per scoped location with `locationId`, else the whole org) and matches server-side:
//!   extension starting with the digits, or a direct number containing them. The scan stops after
//!   [`NUMBER_SCAN_LIMIT`] people — at most 10 People calls (100 a page; 50 with `locationId`) —
//!   and the page says so when it stopped early;
//! - anything else: a name. Webex matches the start of the display name (`displayName` "starts
//!   with", FACTS §8); a surname or any later word of the name is matched here, on the people in
//!   scope read as for a number (same limit), after Webex's own matches.
//!
//! Pages are read lazily from the People stream: a page takes [`PAGE_SIZE`] + 1 matches, the
//! extra one only saying that there is a next page.

use axum::{
    Extension,
    extract::{Query, State},
};
use futures_util::{Stream, StreamExt as _, TryStreamExt as _, stream};
use serde::Deserialize;
use tower_http::request_id::RequestId;

use super::Lang;
use crate::{
    app::AppState,
    auth::{CurrentUser, Scope, SessionUser},
    error::AppError,
    views::{HelpdeskPage, SearchHit, SearchResults},
    webex::{PeopleQuery, Person, WebexClient, WebexError},
};

pub const PAGE_SIZE: usize = 20;
/// Most people an extension/number search reads before it gives up.
pub const NUMBER_SCAN_LIMIT: usize = 1000;
/// A name query this long is also matched against surnames and later words of names.
const SURNAME_MIN_CHARS: usize = 3;
/// Shorter queries list nobody (a one-letter prefix matches half the org).
const MIN_QUERY_CHARS: usize = 2;

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: usize,
}

/// The search page; with `?q=` (a search without JavaScript) it shows the results too.
pub async fn get_helpdesk(
    state: State<AppState>,
    request_id: Extension<RequestId>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    params: Query<SearchParams>,
) -> Result<HelpdeskPage, AppError> {
    let results = get_search(
        state,
        request_id,
        Lang(t),
        CurrentUser(user.clone()),
        params,
    )
    .await?;
    Ok(HelpdeskPage { t, user, results })
}

/// The results fragment (`/hx/search`), swapped into the page's live region.
pub async fn get_search(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    Lang(t): Lang,
    CurrentUser(user): CurrentUser,
    Query(params): Query<SearchParams>,
) -> Result<SearchResults, AppError> {
    let q = params.q.trim().to_owned();
    let webex = state
        .webex
        .with_request_id(request_id.header_value().to_str().unwrap_or("-"))
        .for_actor(&user.person_id);
    let mut outcome = if q.chars().count() < MIN_QUERY_CHARS {
        Outcome::default()
    } else {
        search(&webex, &user, &q, params.page).await?
    };
    let names = state
        .locations
        .names(&webex, outcome.hits.iter().map(|h| h.location_id.as_str()))
        .await;
    for hit in &mut outcome.hits {
        hit.location_name = names.get(&hit.location_id).cloned();
    }
    Ok(SearchResults {
        t,
        page: params.page,
        prev_page: params.page.checked_sub(1),
        next_page: outcome.has_next.then(|| params.page.saturating_add(1)),
        q_encoded: url::form_urlencoded::byte_serialize(q.as_bytes()).collect(),
        searched: q.chars().count() >= MIN_QUERY_CHARS,
        scan_stopped: outcome.scan_stopped,
        hits: outcome.hits,
        q,
    })
}

/// What one page of a search found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub hits: Vec<SearchHit>,
    pub has_next: bool,
    /// A number search read [`NUMBER_SCAN_LIMIT`] people without finishing.
    pub scan_stopped: bool,
}

enum Kind {
    Email(String),
    Number(String),
    Name(String),
}

fn classify(q: &str) -> Kind {
    if q.contains('@') {
        return Kind::Email(q.to_owned());
    }
    let number_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    if number_like && digits.len() >= MIN_QUERY_CHARS {
        Kind::Number(digits)
    } else {
        Kind::Name(q.to_owned())
    }
}

type People = std::pin::Pin<Box<dyn Stream<Item = Result<Person, WebexError>> + Send>>;
/// People, each tagged whether it was read for a server-side match (`true`) or matched by Webex.
type Tagged = std::pin::Pin<Box<dyn Stream<Item = Result<(Person, bool), WebexError>> + Send>>;

/// Page `page` of the calling users in `user`'s scope that match `q`.
pub async fn search(
    webex: &WebexClient,
    user: &SessionUser,
    q: &str,
    page: usize,
) -> Result<Outcome, AppError> {
    let kind = classify(q);
    let base = PeopleQuery {
        calling_data: true,
        ..PeopleQuery::default()
    };
    // Everyone in scope: a scoped helpdesk lists only its locations, where everyone is a calling
    // user. Tagged `true`: read for a server-side match (and counted towards the scan limit).
    let in_scope = || -> People {
        match &user.scope {
            Scope::Org => Box::pin(webex.list_people(base.clone())),
            Scope::Locations(ids) => {
                let per_location: Vec<People> = ids
                    .iter()
                    .map(|id| {
                        Box::pin(webex.list_people(PeopleQuery {
                            location_id: Some(id.clone()),
                            ..base.clone()
                        })) as People
                    })
                    .collect();
                Box::pin(stream::iter(per_location).flatten())
            }
        }
    };
    let tagged = |people: People, scan: bool| people.map(move |p| p.map(|p| (p, scan)));
    let mut people: Tagged = match &kind {
        Kind::Email(e) => Box::pin(tagged(
            Box::pin(webex.list_people(PeopleQuery {
                email: Some(e.clone()),
                ..base.clone()
            })),
            false,
        )),
        // Webex matches the start of the display name (FACTS §8: "starts with"); a surname
        // or any later word is matched here, on the people in scope, after those.
        // (From three letters on: a scan per keystroke of two letters costs Webex calls
        // for matches too many to read anyway.)
        Kind::Name(n) => {
            let prefix = tagged(
                Box::pin(webex.list_people(PeopleQuery {
                    display_name: Some(n.clone()),
                    ..base.clone()
                })),
                false,
            );
            if n.chars().count() >= SURNAME_MIN_CHARS {
                Box::pin(prefix.chain(tagged(in_scope(), true)))
            } else {
                Box::pin(prefix)
            }
        }
        Kind::Number(_) => Box::pin(tagged(in_scope(), true)),
    };
    let matches = |p: &Person| match &kind {
        Kind::Number(digits) => {
            p.extension
                .as_deref()
                .is_some_and(|e| e.starts_with(digits.as_str()))
                || p.direct_number().is_some_and(|n| {
                    n.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .contains(digits.as_str())
                })
        }
        Kind::Name(q) => name_matches(p, q),
        Kind::Email(_) => true,
    };
    let skip = page.saturating_mul(PAGE_SIZE);
    let mut outcome = Outcome::default();
    let mut found = 0;
    let mut scanned = 0;
    let mut seen = std::collections::HashSet::new();
    while let Some((person, scan)) = people.try_next().await? {
        if scan {
            scanned += 1;
        }
        let in_scope = person
            .location_id
            .as_deref()
            .is_some_and(|loc| user.covers_location(loc));
        // Webex matched what it found itself; a person it found is not listed twice.
        let matched = if scan { matches(&person) } else { true };
        if in_scope && matched && seen.insert(person.id.clone()) {
            found += 1;
            if found > skip.saturating_add(PAGE_SIZE) {
                outcome.has_next = true;
                break;
            }
            if found > skip {
                outcome.hits.push(SearchHit::from(person));
            }
        }
        if scanned >= NUMBER_SCAN_LIMIT {
            outcome.scan_stopped = true;
            break;
        }
    }
    Ok(outcome)
}

/// Whether a word of `p`'s name (display, first or last name) starts with `q`, any case.
fn name_matches(p: &Person, q: &str) -> bool {
    let q = q.to_lowercase();
    let words = p
        .display_name
        .split_whitespace()
        .chain(p.first_name.as_deref())
        .chain(p.last_name.as_deref());
    words.map(str::to_lowercase).any(|w| w.starts_with(&q))
        || p.display_name.to_lowercase().starts_with(&q)
}

impl From<Person> for SearchHit {
    fn from(p: Person) -> Self {
        SearchHit {
            email: p.email().unwrap_or_default().to_owned(),
            number: p.direct_number(),
            extension: p.extension.clone(),
            location_id: p.location_id.clone().unwrap_or_default(),
            location_name: None,
            href: format!(
                "/people/{}",
                url::form_urlencoded::byte_serialize(p.id.as_bytes()).collect::<String>()
            ),
            display_name: p.display_name,
            person_id: p.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_read_as_email_number_or_name() {
        assert!(matches!(classify("a@b.example"), Kind::Email(_)));
        assert!(matches!(classify("+1 (617) 555-0101"), Kind::Number(d) if d == "16175550101"));
        assert!(matches!(classify("1001"), Kind::Number(_)));
        assert!(matches!(classify("1"), Kind::Name(_)));
        assert!(matches!(classify("Alice 2"), Kind::Name(_)));
    }
}
