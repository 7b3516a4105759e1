//! Shared test harness.

pub mod services;
