//! webex
