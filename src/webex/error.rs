//! The one error type of the Webex client: what went wrong, and what support needs to trace it.

use std::time::Duration;

/// A failed Webex call. Every variant that reached (or tried to reach) Webex carries a tracking id:
/// Webex's own (body `trackingId` or the `trackingid` header) when it answered, else the one we sent.
/// No variant ever holds a token.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WebexError {
    /// Webex answered with a non-success status.
    #[error("Webex answered {status}: {message}")]
    Http {
        status: u16,
        message: String,
        descriptions: Vec<String>,
        tracking_id: Option<String>,
    },
    /// Webex is rate limiting us for longer than we are willing to wait.
    #[error("Webex is rate limiting; retry in {} s", retry_after.as_secs())]
    RateLimited {
        retry_after: Duration,
        tracking_id: Option<String>,
    },
    #[error("Webex did not answer in time")]
    Timeout { tracking_id: Option<String> },
    #[error("Webex cannot be reached: {reason}")]
    Unreachable {
        reason: String,
        tracking_id: Option<String>,
    },
    /// The service-app access token is missing and cannot be refreshed right now.
    #[error("the service-app token is unavailable: {reason}")]
    TokenUnavailable { reason: String },
    #[error("Webex sent a response the portal cannot read: {reason}")]
    Decode {
        reason: String,
        tracking_id: Option<String>,
    },
}

impl WebexError {
    /// The id Webex support can trace this call with.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            WebexError::Http { tracking_id, .. }
            | WebexError::RateLimited { tracking_id, .. }
            | WebexError::Timeout { tracking_id }
            | WebexError::Unreachable { tracking_id, .. }
            | WebexError::Decode { tracking_id, .. } => tracking_id.as_deref(),
            WebexError::TokenUnavailable { .. } => None,
        }
    }

    /// The HTTP status Webex answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            WebexError::Http { status, .. } => Some(*status),
            WebexError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// Whether the same call may succeed if the user simply tries again later.
    pub fn is_retryable(&self) -> bool {
        match self {
            WebexError::Http { status, .. } => matches!(status, 423 | 429 | 500..=599),
            WebexError::RateLimited { .. }
            | WebexError::Timeout { .. }
            | WebexError::Unreachable { .. }
            | WebexError::TokenUnavailable { .. } => true,
            WebexError::Decode { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_for_people() {
        let e = WebexError::Http {
            status: 400,
            message: "Invalid field value".into(),
            descriptions: vec!["numberOfRings must be between 2 and 20".into()],
            tracking_id: Some("ROUTER_1".into()),
        };
        assert_eq!(e.tracking_id(), Some("ROUTER_1"));
        assert!(!e.is_retryable());

        let e = WebexError::RateLimited {
            retry_after: Duration::from_secs(3600),
            tracking_id: None,
        };
        assert!(e.is_retryable());
        assert_eq!(e.status(), Some(429));
    }
}
