//! The business rules, free of I/O: identifiers that validate themselves, roles and
//! permissions, access packages and register roles, and the eligibility rule that decides
//! which clients a system user may be given. Everything here is unit-tested here.

pub mod audit;
pub mod change_requests;
pub mod client_changes;
pub mod eligibility;
pub mod fullmakt_requests;
pub mod identifiers;
pub mod packages;
pub mod relationships;
pub mod requests;
pub mod roles;
pub mod selection;
pub mod system_users;
pub mod systems;

pub use audit::{Action, ActorKind};
pub use client_changes::{ClientChange, Refusal, Refused};
pub use eligibility::{Eligibility, held_packages};
pub use identifiers::{IdError, NationalId, OrgNumber};
pub use packages::{AccessPackage, PackageSet, RegisterRole, UnknownCode};
pub use relationships::{EndCause, GrantError, Relationship, Withdrawal};
pub use roles::{Denied, Permission, Role, RoleSet};
pub use selection::ClientSelection;
pub use system_users::SystemUserKind;

/// Whether PostgreSQL can store `text`: every character but NUL (U+0000). Free text from
/// people and vendors is checked with this where it is read.
pub fn storable(text: &str) -> bool {
    !text.contains('\0')
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_with_nul_is_not_storable() {
        assert!(super::storable("Smart Regnskap – kunder æøå"));
        assert!(super::storable(""));
        assert!(!super::storable("a\0b"));
        assert!(!super::storable("\0"));
    }
}
