//! Input that must neither crash nor mislead the portal: extreme filters, malformed person ids,
//! oversized bodies; and the session, sign-in and demo edges hardened with them.

mod demo;
mod input;
mod sessions;
