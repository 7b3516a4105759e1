//! Shared test harness.

pub mod app;
pub mod browser;
pub mod services;
pub mod shape;

pub use app::{TestApp, TestOptions, location};
