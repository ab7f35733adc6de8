//! Vendor requests (DOMAIN.md §6.3): what a vendor may ask a customer for, checked
//! against the system it names in the register, and where a request stands.

use super::identifiers::OrgNumber;
use super::packages::PackageSet;
use super::system_users::SystemUserKind;
use super::systems::{
    FieldError, RedirectUrl, RegisterError, SystemDefinition, SystemId, package_list,
};

/// The external reference of a system user when the vendor gives none: the customer's
/// organization number (as in Altinn). The portal's own standard system users use it too.
pub fn default_external_ref(customer: &OrgNumber) -> String {
    customer.as_str().to_owned()
}

/// Where a vendor request stands. The store reports a pending request past its expiry
/// as timed out, even before anything has written that down (by the database's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    Pending,
    Accepted,
    Rejected,
    TimedOut,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::TimedOut => "timed_out",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Accepted,
            Self::Rejected,
            Self::TimedOut,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// What a vendor asks a customer for, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct RequestDraft {
    pub system_id: String,
    pub customer: String,
    pub external_ref: Option<String>,
    pub packages: Vec<String>,
    pub redirect_url: Option<String>,
}

/// A checked request, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub kind: SystemUserKind,
    pub system_id: SystemId,
    pub customer: OrgNumber,
    pub external_ref: String,
    pub packages: PackageSet,
    pub redirect_url: Option<RedirectUrl>,
}

pub const MAX_EXTERNAL_REF: usize = 200;

impl RequestDraft {
    /// The shape of the request alone, before the system is looked up.
    pub fn check_shape(&self) -> Result<(SystemId, OrgNumber), Vec<FieldError>> {
        let mut errors = Vec::new();
        let system = SystemId::parse(self.system_id.trim()).map_err(|e| FieldError {
            field: "systemId".into(),
            ..e
        });
        let customer = OrgNumber::parse(&self.customer).map_err(|e| {
            FieldError::new("partyOrgNo", "invalid-organization-number", e.to_string())
        });
        if let Some(r) = &self.external_ref
            && (r.trim().is_empty() || r.chars().count() > MAX_EXTERNAL_REF)
        {
            errors.push(FieldError::new(
                "externalRef",
                "invalid-external-ref",
                "The external reference must be 1 to 200 characters, or left out.",
            ));
        }
        if self.packages.is_empty() {
            errors.push(FieldError::new(
                "accessPackages",
                "required",
                "Ask for at least one access package.",
            ));
        }
        match (system, customer) {
            (Ok(s), Ok(c)) if errors.is_empty() => Ok((s, c)),
            (s, c) => {
                errors.extend(s.err());
                errors.extend(c.err());
                Err(errors)
            }
        }
    }

    /// Checks the request against the system it names (found in the register and owned by
    /// the vendor asking).
    pub fn validate(
        &self,
        kind: SystemUserKind,
        system: &SystemDefinition,
    ) -> Result<ValidRequest, RegisterError> {
        let (system_id, customer) = self.check_shape().map_err(RegisterError::Invalid)?;
        let mut errors = Vec::new();
        let packages = package_list(&self.packages, "accessPackages", &mut errors);
        if !errors.is_empty() {
            return Err(RegisterError::Invalid(errors));
        }
        system.fits(kind, &packages)?;
        let redirect_url = match &self.redirect_url {
            None => None,
            Some(u) if u.trim().is_empty() => None,
            Some(u) => {
                let url = RedirectUrl::parse(u.trim(), "redirectUrl")
                    .map_err(|e| RegisterError::Invalid(vec![e]))?;
                if !system.allows_redirect(&url) {
                    return Err(RegisterError::RedirectNotAllowed);
                }
                Some(url)
            }
        };
        Ok(ValidRequest {
            kind,
            system_id,
            external_ref: self
                .external_ref
                .as_deref()
                .map(|r| r.trim().to_owned())
                .unwrap_or_else(|| default_external_ref(&customer)),
            customer,
            packages,
            redirect_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccessPackage;
    use crate::domain::systems::{Localized, SystemDraft, allows_redirect};

    const VENDOR: &str = "314250052";

    fn system() -> SystemDefinition {
        let draft = SystemDraft {
            id: format!("{VENDOR}_lonn"),
            name: Localized {
                nb: "Lønn".into(),
                nn: "Løn".into(),
                en: "Payroll".into(),
            },
            description: Localized::default(),
            packages: vec![
                AccessPackage::RegnskapsforerLonn.urn().into(),
                AccessPackage::Skattegrunnlag.urn().into(),
            ],
            redirect_urls: vec!["https://vendor.example/callback/".into()],
            visible: false,
        };
        SystemDefinition::validate(&draft, &OrgNumber::parse(VENDOR).unwrap()).unwrap()
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    fn request() -> RequestDraft {
        RequestDraft {
            system_id: format!("{VENDOR}_lonn"),
            customer: "311037889".into(),
            external_ref: None,
            packages: vec![AccessPackage::RegnskapsforerLonn.urn().into()],
            redirect_url: Some("https://vendor.example/callback/done".into()),
        }
    }

    #[test]
    fn a_request_defaults_its_reference_to_the_customer() {
        let r = request()
            .validate(SystemUserKind::Agent, &system())
            .unwrap();
        assert_eq!(r.external_ref, "311037889");
        assert_eq!(
            r.redirect_url.unwrap().as_str(),
            "https://vendor.example/callback/done"
        );
    }

    #[test]
    fn a_request_asks_only_for_what_the_system_has_and_the_kind_holds() {
        let mut r = request();
        r.packages = vec![AccessPackage::AnsvarligRevisor.urn().into()];
        assert_eq!(
            r.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::PackageNotInSystem(vec![
                AccessPackage::AnsvarligRevisor
            ]))
        );
        let err = request()
            .validate(SystemUserKind::Standard, &system())
            .unwrap_err();
        assert!(
            matches!(err, RegisterError::PackageWrongKind { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("regnskapsforer-lonn"), "{err}");
    }

    #[test]
    fn a_request_may_only_send_people_where_the_system_allows() {
        let mut r = request();
        r.redirect_url = Some("https://evil.example/callback/".into());
        assert_eq!(
            r.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::RedirectNotAllowed)
        );
        // Under an allowed path, yes; beside it or through a query, no.
        let allowed = [
            RedirectUrl::parse("https://v.example/cb/", "f").unwrap(),
            RedirectUrl::parse("https://v.example/login?next=/", "f").unwrap(),
        ];
        let ok = |u: &str| allows_redirect(&allowed, &RedirectUrl::parse(u, "f").unwrap());
        assert!(ok("https://v.example/cb/done?x=1"));
        assert!(!ok("https://v.example/cbx"));
        assert!(!ok("https://v.example/cb/../evil"));
        assert!(!ok("https://v.example/login?next=/evil"));
        assert!(ok("https://v.example/login?next=/"));
        r.redirect_url = Some("http://vendor.example/callback/".into());
        assert!(matches!(
            r.validate(SystemUserKind::Agent, &system()),
            Err(RegisterError::Invalid(_))
        ));
    }

    #[test]
    fn a_malformed_request_names_each_field() {
        let r = RequestDraft {
            system_id: "nope".into(),
            customer: "123".into(),
            external_ref: Some(String::new()),
            packages: vec![],
            redirect_url: None,
        };
        let RegisterError::Invalid(errors) =
            r.validate(SystemUserKind::Agent, &system()).unwrap_err()
        else {
            panic!("expected field errors")
        };
        assert_eq!(
            codes(&errors),
            vec![
                ("externalRef", "invalid-external-ref"),
                ("accessPackages", "required"),
                ("systemId", "invalid-system-id"),
                ("partyOrgNo", "invalid-organization-number"),
            ]
        );
    }

    #[test]
    fn request_statuses_read_back_from_their_stored_codes() {
        assert_eq!(
            RequestStatus::from_code("timed_out"),
            Some(RequestStatus::TimedOut)
        );
        assert_eq!(RequestStatus::from_code("New"), None);
    }
}
