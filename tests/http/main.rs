//! The portal and its APIs over HTTP, against the real app and a real PostgreSQL: one
//! binary of modules, one per area (zero-to-production's `tests/api/`), sharing
//! `tests/common/`. Each test gets a database of its own, copied from a template.

#[path = "../common/mod.rs"]
mod common;

mod add_clients_dialog;
mod api_curl_script;
mod api_schemathesis;
mod audit_events;
mod auto_add;
mod change_requests;
mod client_delegation;
mod delivery;
mod demo_data;
mod enduser_api;
mod fullmakt_requests;
mod history;
mod i18n;
mod migrations;
mod operations;
mod register_import;
mod relationships;
mod remove_clients;
mod roles;
mod security;
mod seed_scale;
mod system_cli;
mod system_users;
mod token_validation;
mod vendor_api;
mod way_in;
