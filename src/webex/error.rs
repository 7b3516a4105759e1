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

    /// A sentence for the person in front of the portal: no internals, no secrets.
    pub fn user_message(&self) -> String {
        match self {
            WebexError::Http {
                status: 400,
                message,
                descriptions,
                ..
            } => {
                // Webex's 400 texts name the field and the rule ("must be between 2 and 20").
                let detail = descriptions.first().unwrap_or(message);
                if detail.is_empty() {
                    "Webex rejected the change.".to_owned()
                } else {
                    format!("Webex rejected the change: {detail}")
                }
            }
            WebexError::Http { status: 401, .. } | WebexError::TokenUnavailable { .. } => {
                "The portal's connection to Webex needs attention from an administrator. Please try again later.".to_owned()
            }
            WebexError::Http { status: 403, .. } => {
                "Webex does not allow the portal to do this.".to_owned()
            }
            WebexError::Http { status: 404, .. } => {
                "Webex could not find this person or setting.".to_owned()
            }
            WebexError::Http { status: 409, .. } => {
                "Webex refused the change because it conflicts with another setting.".to_owned()
            }
            WebexError::Http { status, .. } if *status >= 500 || *status == 423 => {
                "Webex is having trouble right now. Please try again in a moment.".to_owned()
            }
            WebexError::Http { .. } => "Webex could not complete the request.".to_owned(),
            WebexError::RateLimited { retry_after, .. } => format!(
                "Webex is busy. Please try again in {}.",
                human_duration(*retry_after)
            ),
            WebexError::Timeout { .. } => {
                "Webex did not answer in time. Please try again.".to_owned()
            }
            WebexError::Unreachable { .. } => {
                "Webex cannot be reached right now. Please try again in a moment.".to_owned()
            }
            WebexError::Decode { .. } => {
                "Webex sent an answer the portal did not understand.".to_owned()
            }
        }
    }
}

fn human_duration(d: Duration) -> String {
    let secs = d.as_secs().max(1);
    match secs {
        1 => "1 second".to_owned(),
        s if s < 90 => format!("{s} seconds"),
        s if s < 90 * 60 => format!("{} minutes", s.div_ceil(60)),
        s => format!("{} hours", s.div_ceil(3600)),
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
        assert!(e.user_message().contains("between 2 and 20"));
        assert!(!e.is_retryable());

        let e = WebexError::RateLimited {
            retry_after: Duration::from_secs(3600),
            tracking_id: None,
        };
        assert_eq!(
            e.user_message(),
            "Webex is busy. Please try again in 60 minutes."
        );
        assert!(e.is_retryable());
        assert_eq!(e.status(), Some(429));
    }
}
