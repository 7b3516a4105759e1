//! Shared test harness.

pub mod browser;
pub mod services;
