//! Shared test harness.

pub mod app;
pub mod browser;
pub mod services;

pub use app::{TestApp, TestOptions, location};
