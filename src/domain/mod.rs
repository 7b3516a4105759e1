//! Pure rules: what people type, what the settings mean, what changed. No I/O here.

pub mod call_rules;
pub mod calls;
pub mod forwarding;
pub mod greeting;
pub mod passcode;
pub mod phone;
pub mod queues;
pub mod voicemail;
