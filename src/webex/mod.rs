//! The only code that talks to Webex: a typed client ([`WebexClient`]) and the service-app token
//! manager ([`TokenManager`]). It knows nothing of the web layer; callers pass a request id with
//! [`WebexClient::with_request_id`] so Webex's traces match the portal's logs.
//! `app::AppState::new` shows the wiring: token manager on the store's vault, then the client.

pub mod budget;
mod client;
mod error;
mod locations;
pub mod models;
mod reads;
pub mod scopes;
pub mod token;
pub(crate) mod wire;

pub use budget::{BudgetUsage, CallClass};
pub use client::{MessageTo, Receipt, WebexClient};
pub use error::WebexError;
pub use locations::LocationNames;
pub use models::*;
pub use token::{MemoryVault, TokenHealth, TokenManager, TokenState, TokenVault, VaultError};
pub use wire::{is_person_id, location_uuid, parse_retry_after, person_uuid};

use url::Url;

/// `base` with `segments` appended, each percent-encoded (ids may contain `/`).
pub(crate) fn endpoint(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.path_segments_mut()
        .expect("the Webex base URL is an http(s) URL")
        .pop_if_empty()
        .extend(segments);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_the_base_path() {
        let base = Url::parse("http://127.0.0.1:9/v1").unwrap();
        assert_eq!(
            endpoint(&base, &["access_token"]).as_str(),
            "http://127.0.0.1:9/v1/access_token"
        );
        let base = Url::parse("https://webexapis.com/v1/").unwrap();
        assert_eq!(
            endpoint(&base, &["people", "a/b+c"]).as_str(),
            "https://webexapis.com/v1/people/a%2Fb+c"
        );
    }
}
