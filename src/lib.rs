//! calling-portal: a self-service web portal for Webex Calling.
//!
//! The binary (`src/main.rs`) only parses the command line; everything else lives here so the
//! integration tests drive exactly what production runs. See `ARCHITECTURE.md` for the map.

pub mod app;
pub mod auth;
pub mod bulk;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod features;
#[cfg(test)]
mod fuzz;
pub mod i18n;
pub mod jobs;
pub mod simulator;
pub mod store;
pub mod telemetry;
pub mod views;
pub mod web;
pub mod webex;
