//! The eligibility rule (DOMAIN.md §5): a client is available for an agent system user iff
//! the owning firm holds EVERY package the system user is set up with, from that client,
//! through register roles and delegations combined. Altinn lists clients holding ANY of
//! them and fails later (AUTH-00080); we decide up front and say what is missing.

use super::packages::{AccessPackage, PackageSet, RegisterRole};

/// Whether a client may be given to a system user, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility {
    Available,
    /// The packages the firm lacks from this client, in display order.
    Missing(Vec<AccessPackage>),
    /// The system user is set up with no packages: a misconfiguration that must not
    /// let every related client through.
    NothingRequired,
}

impl Eligibility {
    pub fn decide(required: &PackageSet, held: &PackageSet) -> Self {
        if required.is_empty() {
            return Self::NothingRequired;
        }
        let missing: Vec<AccessPackage> = required.difference(held).copied().collect();
        if missing.is_empty() {
            Self::Available
        } else {
            Self::Missing(missing)
        }
    }

    pub fn is_available(&self) -> bool {
        matches!(self, Self::Available)
    }
}

/// Everything a firm holds from one client: packages implied by its register roles for the
/// client (which depend on the client's organization form) plus packages delegated to it.
pub fn held_packages(
    client_form: &str,
    register_roles: &[RegisterRole],
    delegated: &PackageSet,
) -> PackageSet {
    register_roles
        .iter()
        .flat_map(|r| r.implied_packages(client_form))
        .chain(delegated.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccessPackage::*;

    fn set(p: &[AccessPackage]) -> PackageSet {
        p.iter().copied().collect()
    }

    #[test]
    fn all_required_held_is_available() {
        let required = set(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let held = held_packages("AS", &[RegisterRole::Accountant], &PackageSet::new());
        assert_eq!(
            Eligibility::decide(&required, &held),
            Eligibility::Available
        );
    }

    #[test]
    fn holding_only_one_of_two_is_not_enough() {
        // Altinn's defect: it would list this client. We must not.
        let required = set(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let held = set(&[RegnskapsforerMedSignering]);
        let e = Eligibility::decide(&required, &held);
        assert_eq!(e, Eligibility::Missing(vec![RegnskapsforerLonn]));
    }

    #[test]
    fn register_role_and_fullmakt_combine() {
        let required = set(&[AnsvarligRevisor, RegnskapsforerLonn]);
        let held = held_packages("AS", &[RegisterRole::Auditor], &set(&[RegnskapsforerLonn]));
        assert!(Eligibility::decide(&required, &held).is_available());
    }

    #[test]
    fn revi_client_lacks_accountant_packages() {
        let required = set(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let held = held_packages("AS", &[RegisterRole::Auditor], &PackageSet::new());
        let e = Eligibility::decide(&required, &held);
        assert_eq!(
            e,
            Eligibility::Missing(vec![RegnskapsforerMedSignering, RegnskapsforerLonn])
        );
    }

    #[test]
    fn ffor_depends_on_the_clients_form() {
        let required = set(&[ForretningsforerEiendom]);
        let roles = [RegisterRole::BusinessManager];
        let brl = held_packages("BRL", &roles, &PackageSet::new());
        let as_ = held_packages("AS", &roles, &PackageSet::new());
        assert!(Eligibility::decide(&required, &brl).is_available());
        assert!(!Eligibility::decide(&required, &as_).is_available());
    }

    #[test]
    fn no_relationship_misses_everything() {
        let required = set(&[RegnskapsforerMedSignering]);
        let e = Eligibility::decide(&required, &PackageSet::new());
        assert_eq!(e, Eligibility::Missing(vec![RegnskapsforerMedSignering]));
    }

    #[test]
    fn a_system_user_without_packages_takes_no_clients() {
        let held = set(&[RegnskapsforerLonn]);
        let e = Eligibility::decide(&PackageSet::new(), &held);
        assert_eq!(e, Eligibility::NothingRequired);
        assert!(!e.is_available());
    }
}
