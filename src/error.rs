//! One error type decides what a failure looks like to the browser.
