//! Klientdelegering: a portal in which Norwegian businesses give system users access to
//! act for their clients. Data flows one way: `web` → `domain` ← `store`.

pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod enhetsregisteret;
pub mod store;
pub mod telemetry;
pub mod web;

pub use config::Config;
pub use store::Store;
