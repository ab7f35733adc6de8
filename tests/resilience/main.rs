//! What must hold when things go wrong or run at once: a killed bulk add, a database
//! restart, two instances racing, and the property tests of the cascade and of the
//! derived client list.

#[path = "../common/mod.rs"]
mod common;

mod bulk_add_killed;
mod cascade_property;
mod cluster;
mod concurrent_instances;
mod database_outage;
mod eligibility_property;
mod graceful_stop;
