//! Client relationships (*klientforhold*) and how they end (DOMAIN.md §4–§6). What a firm
//! holds from a client follows from register roles and a *fullmakt*; when one of those is
//! withdrawn, every client delegation that no longer satisfies the eligibility rule ends.
//! The same functions decide a withdrawal's preview and the withdrawal itself.

use std::collections::HashMap;
use std::fmt;

use uuid::Uuid;

use super::eligibility::{Eligibility, held_packages};
use super::packages::{AccessPackage, PackageSet, RegisterRole, UnknownCode};

/// Everything a firm has from one client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relationship {
    pub client_form: String,
    pub register_roles: Vec<RegisterRole>,
    pub has_fullmakt: bool,
    /// Packages the client delegated under its fullmakt.
    pub delegated: PackageSet,
}

impl Relationship {
    pub fn held(&self) -> PackageSet {
        held_packages(&self.client_form, &self.register_roles, &self.delegated)
    }

    /// The relationship as it will be once `change` has happened.
    pub fn after(&self, change: &EndCause) -> Relationship {
        let mut next = self.clone();
        match change {
            EndCause::PackageWithdrawn(p) => {
                next.delegated.remove(p);
            }
            EndCause::FullmaktWithdrawn => {
                next.has_fullmakt = false;
                next.delegated.clear();
            }
            EndCause::RegisterRoleRemoved(r) => next.register_roles.retain(|x| x != r),
            // The relationship stays as it is; what the system user needs changed.
            EndCause::SystemUserChanged => {}
        }
        next
    }

    /// Each package the firm holds, with where it comes from: register roles that imply
    /// it for this client's form, a fullmakt, or both.
    pub fn package_sources(&self) -> Vec<(AccessPackage, Vec<PackageSource>)> {
        self.held()
            .into_iter()
            .map(|p| {
                let mut from: Vec<PackageSource> = self
                    .register_roles
                    .iter()
                    .filter(|r| r.implied_packages(&self.client_form).contains(&p))
                    .map(|r| PackageSource::RegisterRole(*r))
                    .collect();
                if self.delegated.contains(&p) {
                    from.push(PackageSource::Fullmakt);
                }
                (p, from)
            })
            .collect()
    }
}

/// Where a package a firm holds from a client comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageSource {
    RegisterRole(RegisterRole),
    Fullmakt,
}

/// Why a client delegation ended without anyone removing it. Stored in the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndCause {
    PackageWithdrawn(AccessPackage),
    FullmaktWithdrawn,
    RegisterRoleRemoved(RegisterRole),
    /// The agent system user was changed (an approved change request) to need packages
    /// the client has not given.
    SystemUserChanged,
}

impl EndCause {
    /// Stable codes for the audit trail: ("package_withdrawn", Some(urn)).
    pub fn code(&self) -> (&'static str, Option<&'static str>) {
        match self {
            Self::PackageWithdrawn(p) => ("package_withdrawn", Some(p.urn())),
            Self::FullmaktWithdrawn => ("fullmakt_withdrawn", None),
            Self::RegisterRoleRemoved(r) => ("register_role_removed", Some(r.code())),
            Self::SystemUserChanged => ("system_user_changed", None),
        }
    }

    pub fn from_code(code: &str, subject: Option<&str>) -> Result<Self, UnknownCode> {
        let unknown = || UnknownCode(format!("{code} {}", subject.unwrap_or("")));
        match (code, subject) {
            ("package_withdrawn", Some(urn)) => {
                Ok(Self::PackageWithdrawn(AccessPackage::from_urn(urn)?))
            }
            ("fullmakt_withdrawn", _) => Ok(Self::FullmaktWithdrawn),
            ("system_user_changed", _) => Ok(Self::SystemUserChanged),
            ("register_role_removed", Some(role)) => {
                Ok(Self::RegisterRoleRemoved(RegisterRole::from_code(role)?))
            }
            _ => Err(unknown()),
        }
    }
}

/// For logs: the audit trail's code and subject ("package_withdrawn
/// urn:altinn:accesspackage:regnskapsforer-lonn"); pages word it through `web::texts`.
impl fmt::Display for EndCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            (code, Some(subject)) => write!(f, "{code} {subject}"),
            (code, None) => f.write_str(code),
        }
    }
}

/// A role a firm holds for a client according to Enhetsregisteret, with what the register
/// says about the firm (so a firm the portal has not seen yet can be added).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegisterEntry {
    pub role: RegisterRole,
    pub firm: super::OrgNumber,
    pub firm_name: Option<String>,
    pub firm_form: Option<String>,
}

/// What a client can withdraw from a firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawal {
    Package(AccessPackage),
    Fullmakt,
}

impl Withdrawal {
    pub fn cause(self) -> EndCause {
        match self {
            Self::Package(p) => EndCause::PackageWithdrawn(p),
            Self::Fullmakt => EndCause::FullmaktWithdrawn,
        }
    }
}

/// A client on an agent system user, with what that system user requires.
#[derive(Debug, Clone)]
pub struct Delegation<'a> {
    pub system_user_id: Uuid,
    pub client_id: Uuid,
    pub required: &'a PackageSet,
}

/// A delegation that must end, and the packages the firm no longer holds for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ending {
    pub system_user_id: Uuid,
    pub client_id: Uuid,
    pub missing: Vec<AccessPackage>,
}

/// The delegations that no longer satisfy the eligibility rule, given what the firm now
/// holds from each client (a client absent from `held` holds nothing).
pub fn delegations_to_end(
    delegations: &[Delegation<'_>],
    held: &HashMap<Uuid, PackageSet>,
) -> Vec<Ending> {
    let nothing = PackageSet::new();
    delegations
        .iter()
        .filter_map(|d| {
            match Eligibility::decide(d.required, held.get(&d.client_id).unwrap_or(&nothing)) {
                Eligibility::Available => None,
                Eligibility::Missing(missing) => Some(Ending {
                    system_user_id: d.system_user_id,
                    client_id: d.client_id,
                    missing,
                }),
                // A system user with no packages takes no clients: those go too.
                Eligibility::NothingRequired => Some(Ending {
                    system_user_id: d.system_user_id,
                    client_id: d.client_id,
                    missing: Vec::new(),
                }),
            }
        })
        .collect()
}

/// Why a fullmakt cannot be given as asked. The page words it in the user's language
/// (`web::texts`); this text is for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("no access package was chosen")]
    NoPackages,
    #[error("the access package {0} cannot be delegated to another organization")]
    NotDelegable(&'static str),
    #[error("unknown access package")]
    UnknownPackage,
    #[error("an organization cannot give a fullmakt to itself")]
    ToSelf,
}

/// The packages a client asks to delegate, given as slugs from a form: at least one, all
/// known, all delegable to a firm.
pub fn packages_to_delegate<S: AsRef<str>>(slugs: &[S]) -> Result<PackageSet, GrantError> {
    let mut out = PackageSet::new();
    for slug in slugs {
        let p = AccessPackage::from_slug(slug.as_ref()).map_err(|_| GrantError::UnknownPackage)?;
        if !p.client_delegable() {
            return Err(GrantError::NotDelegable(p.name()));
        }
        out.insert(p);
    }
    if out.is_empty() {
        return Err(GrantError::NoPackages);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccessPackage::*;

    fn set(p: &[AccessPackage]) -> PackageSet {
        p.iter().copied().collect()
    }

    fn fullmakt(p: &[AccessPackage]) -> Relationship {
        Relationship {
            client_form: "AS".into(),
            register_roles: vec![],
            has_fullmakt: true,
            delegated: set(p),
        }
    }

    #[test]
    fn withdrawing_a_package_removes_only_that_package() {
        let r = fullmakt(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let after = r.after(&EndCause::PackageWithdrawn(RegnskapsforerLonn));
        assert_eq!(after.delegated, set(&[RegnskapsforerMedSignering]));
        assert!(after.has_fullmakt, "the fullmakt itself remains");
    }

    #[test]
    fn withdrawing_the_fullmakt_removes_all_its_packages_but_not_register_roles() {
        let mut r = fullmakt(&[RegnskapsforerLonn]);
        r.register_roles = vec![RegisterRole::Auditor];
        let after = r.after(&EndCause::FullmaktWithdrawn);
        assert!(after.delegated.is_empty());
        assert!(!after.has_fullmakt);
        assert_eq!(after.held(), set(&[AnsvarligRevisor, Revisormedarbeider]));
    }

    #[test]
    fn a_register_role_removed_leaves_the_fullmakt() {
        let mut r = fullmakt(&[RegnskapsforerLonn]);
        r.register_roles = vec![RegisterRole::Accountant];
        let after = r.after(&EndCause::RegisterRoleRemoved(RegisterRole::Accountant));
        assert_eq!(after.held(), set(&[RegnskapsforerLonn]));
    }

    #[test]
    fn delegations_end_only_when_a_required_package_is_gone() {
        let (su_pay, su_audit) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let client = Uuid::from_u128(10);
        let pay = set(&[RegnskapsforerMedSignering, RegnskapsforerLonn]);
        let audit = set(&[AnsvarligRevisor]);
        let delegations = [
            Delegation {
                system_user_id: su_pay,
                client_id: client,
                required: &pay,
            },
            Delegation {
                system_user_id: su_audit,
                client_id: client,
                required: &audit,
            },
        ];
        let mut held = HashMap::new();
        held.insert(client, set(&[RegnskapsforerMedSignering, AnsvarligRevisor]));
        let ending = delegations_to_end(&delegations, &held);
        assert_eq!(
            ending,
            vec![Ending {
                system_user_id: su_pay,
                client_id: client,
                missing: vec![RegnskapsforerLonn],
            }]
        );
        // With nothing held at all, both go.
        assert_eq!(delegations_to_end(&delegations, &HashMap::new()).len(), 2);
    }

    #[test]
    fn causes_round_trip_through_their_codes() {
        for cause in [
            EndCause::PackageWithdrawn(RegnskapsforerLonn),
            EndCause::FullmaktWithdrawn,
            EndCause::RegisterRoleRemoved(RegisterRole::BusinessManager),
        ] {
            let (code, subject) = cause.code();
            assert_eq!(EndCause::from_code(code, subject), Ok(cause));
        }
        assert!(EndCause::from_code("package_withdrawn", Some("nope")).is_err());
        assert!(EndCause::from_code("other", None).is_err());
    }

    #[test]
    fn causes_show_as_their_codes_in_logs() {
        assert_eq!(
            EndCause::PackageWithdrawn(RegnskapsforerLonn).to_string(),
            "package_withdrawn urn:altinn:accesspackage:regnskapsforer-lonn"
        );
        assert_eq!(
            EndCause::RegisterRoleRemoved(RegisterRole::Accountant).to_string(),
            "register_role_removed REGN"
        );
        assert_eq!(
            EndCause::FullmaktWithdrawn.to_string(),
            "fullmakt_withdrawn"
        );
    }

    #[test]
    fn packages_to_delegate_must_be_known_and_delegable() {
        assert_eq!(
            packages_to_delegate(&["regnskapsforer-lonn", "regnskapsforer-lonn"]),
            Ok(set(&[RegnskapsforerLonn]))
        );
        assert_eq!(
            packages_to_delegate::<&str>(&[]),
            Err(GrantError::NoPackages)
        );
        assert_eq!(
            packages_to_delegate(&["skattegrunnlag"]),
            Err(GrantError::NotDelegable("Skattegrunnlag"))
        );
        assert_eq!(
            packages_to_delegate(&["urn:altinn:accesspackage:regnskapsforer-lonn"]),
            Err(GrantError::UnknownPackage)
        );
    }

    #[test]
    fn each_package_names_its_sources() {
        let mut r = fullmakt(&[RegnskapsforerLonn, AnsvarligRevisor]);
        r.register_roles = vec![RegisterRole::Accountant];
        let sources = r.package_sources();
        let lonn = sources
            .iter()
            .find(|(p, _)| *p == RegnskapsforerLonn)
            .unwrap();
        assert_eq!(
            lonn.1,
            vec![
                PackageSource::RegisterRole(RegisterRole::Accountant),
                PackageSource::Fullmakt
            ]
        );
        let revisor = sources
            .iter()
            .find(|(p, _)| *p == AnsvarligRevisor)
            .unwrap();
        assert_eq!(revisor.1, vec![PackageSource::Fullmakt]);
        assert_eq!(sources.len(), 4);
    }
}
