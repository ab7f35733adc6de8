//! End to end in Debian's headless Chromium (through chromedriver): the seed flow with and
//! without JavaScript, the keyboard, axe's accessibility rules, the screenshots in
//! `target/screenshots/`, and the OpenID login.

#[path = "../common/mod.rs"]
mod common;

mod browser_accessibility;
mod browser_auto_add;
mod browser_change_requests;
mod browser_flow;
mod browser_fullmakt_requests;
mod browser_history;
mod browser_keyboard;
mod browser_relationships;
mod browser_roles;
mod browser_system_users;
mod oidc_login;
