//! A vendor's request to change the access packages of a system user that exists (a
//! *change request*): packages it needs more of and packages it no longer wants, checked
//! against the system in the register. The customer approves or rejects it; for an agent
//! system user, approval ends the delegations of clients that no longer hold every package
//! it then needs (the eligibility rule, DOMAIN.md §5).

use super::PackageSet;
use super::SystemUserKind;
use super::systems::{FieldError, RedirectUrl, RegisterError, SystemDefinition, package_list};

/// What a vendor sends, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct ChangeDraft {
    pub required: Vec<String>,
    pub unwanted: Vec<String>,
    pub redirect_url: Option<String>,
}

/// A checked change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidChange {
    pub required: PackageSet,
    pub unwanted: PackageSet,
    pub redirect_url: Option<RedirectUrl>,
}

impl ChangeDraft {
    /// Checks the change for a system user of `kind` made for `system`: packages it needs
    /// must be the system's and fit the kind; none may be both needed and unwanted.
    pub fn validate(
        &self,
        kind: SystemUserKind,
        system: &SystemDefinition,
    ) -> Result<ValidChange, RegisterError> {
        let mut errors = Vec::new();
        let required = package_list(&self.required, "requiredAccessPackages", &mut errors);
        let unwanted = package_list(&self.unwanted, "unwantedAccessPackages", &mut errors);
        if required.intersection(&unwanted).next().is_some() {
            errors.push(FieldError::new(
                "unwantedAccessPackages",
                "package-required-and-unwanted",
                "An access package cannot be both required and unwanted.",
            ));
        }
        if !errors.is_empty() {
            return Err(RegisterError::Invalid(errors));
        }
        system.fits(kind, &required)?;
        let redirect_url = match self.redirect_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(u) => {
                let url = RedirectUrl::parse(u, "redirectUrl")
                    .map_err(|e| RegisterError::Invalid(vec![e]))?;
                if !system.allows_redirect(&url) {
                    return Err(RegisterError::RedirectNotAllowed);
                }
                Some(url)
            }
        };
        Ok(ValidChange {
            required,
            unwanted,
            redirect_url,
        })
    }
}

impl ValidChange {
    /// The packages a system user holding `current` has once the change is made.
    pub fn applied_to(&self, current: &PackageSet) -> PackageSet {
        current
            .union(&self.required)
            .copied()
            .filter(|p| !self.unwanted.contains(p))
            .collect()
    }

    /// Whether the change changes anything for a system user holding `current`.
    pub fn changes(&self, current: &PackageSet) -> bool {
        &self.applied_to(current) != current
    }

    /// Refused when the change would leave the system user with no package at all.
    pub fn check_leaves_some(&self, current: &PackageSet) -> Result<(), RegisterError> {
        if self.applied_to(current).is_empty() {
            return Err(RegisterError::Invalid(vec![FieldError::new(
                "unwantedAccessPackages",
                "no-packages-left",
                "A system user must keep at least one access package; delete it instead.",
            )]));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::systems::{Localized, SystemDraft};
    use crate::domain::{AccessPackage, OrgNumber};
    use AccessPackage::*;

    const VENDOR: &str = "314250052";

    fn system() -> SystemDefinition {
        let draft = SystemDraft {
            id: format!("{VENDOR}_klient"),
            name: Localized {
                nb: "Klient".into(),
                nn: "Klient".into(),
                en: "Client".into(),
            },
            description: Localized::default(),
            packages: vec![
                RegnskapsforerMedSignering.urn().into(),
                RegnskapsforerLonn.urn().into(),
            ],
            redirect_urls: vec!["https://vendor.example/ferdig/".into()],
            visible: false,
        };
        SystemDefinition::validate(&draft, &OrgNumber::parse(VENDOR).unwrap()).unwrap()
    }

    fn set(p: &[AccessPackage]) -> PackageSet {
        p.iter().copied().collect()
    }

    fn draft(required: &[AccessPackage], unwanted: &[AccessPackage]) -> ChangeDraft {
        ChangeDraft {
            required: required.iter().map(|p| p.urn().to_owned()).collect(),
            unwanted: unwanted.iter().map(|p| p.urn().to_owned()).collect(),
            redirect_url: None,
        }
    }

    #[test]
    fn a_change_adds_and_removes_and_knows_when_it_changes_nothing() {
        let c = draft(&[RegnskapsforerLonn], &[RegnskapsforerMedSignering])
            .validate(SystemUserKind::Agent, &system())
            .unwrap();
        let current = set(&[RegnskapsforerMedSignering]);
        assert_eq!(c.applied_to(&current), set(&[RegnskapsforerLonn]));
        assert!(c.changes(&current));
        assert!(!c.changes(&set(&[RegnskapsforerLonn])));
        assert!(c.check_leaves_some(&current).is_ok());
        let all_gone = draft(&[], &[RegnskapsforerMedSignering])
            .validate(SystemUserKind::Agent, &system())
            .unwrap();
        assert!(all_gone.check_leaves_some(&current).is_err());
    }

    #[test]
    fn packages_are_checked_against_the_system_and_each_other() {
        let both = draft(&[RegnskapsforerLonn], &[RegnskapsforerLonn]);
        assert!(matches!(
            both.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::Invalid(e)) if e[0].code == "package-required-and-unwanted"
        ));
        let foreign = draft(&[AnsvarligRevisor], &[]);
        assert!(matches!(
            foreign.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::PackageNotInSystem(_))
        ));
        let unknown = ChangeDraft {
            required: vec!["urn:altinn:accesspackage:finnes-ikke".into()],
            ..ChangeDraft::default()
        };
        assert!(matches!(
            unknown.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::Invalid(e)) if e[0].field == "requiredAccessPackages/0/urn"
        ));
        let elsewhere = ChangeDraft {
            redirect_url: Some("https://annen.example/".into()),
            ..draft(&[RegnskapsforerLonn], &[])
        };
        assert_eq!(
            elsewhere.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::RedirectNotAllowed)
        );
    }
}
