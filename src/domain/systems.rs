//! The system register (DOMAIN.md §6.3): what makes a system entry valid, and the refusals
//! of the register and of vendor requests (`super::requests`), each a kind the API names
//! with a stable code (web::api::problem).

use std::fmt;

use super::identifiers::OrgNumber;
use super::packages::{AccessPackage, PackageSet};
use super::system_users::SystemUserKind;

/// A system's id, `{vendorOrgNo}_{name}`: the vendor's organization number, an
/// underscore and a name of letters, digits, `_`, `.` or `-` (no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SystemId(String);

impl SystemId {
    pub const MAX_NAME: usize = 100;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let invalid = |detail: &str| FieldError::new("id", "invalid-system-id", detail);
        let Some((vendor, name)) = input.split_once('_') else {
            return Err(invalid(
                "The id must be the vendor's organization number, '_' and a name.",
            ));
        };
        if vendor.len() != 9 || OrgNumber::parse(vendor).is_err() {
            return Err(invalid(
                "The id must start with the vendor's valid 9-digit organization number.",
            ));
        }
        if name.is_empty()
            || name.len() > Self::MAX_NAME
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(invalid(
                "The name after '_' must be 1 to 100 of the characters A-Z, a-z, 0-9, '_', '.' and '-'.",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The vendor's organization number, the part before the first underscore.
    pub fn vendor(&self) -> OrgNumber {
        let (vendor, _) = self.0.split_once('_').unwrap_or((&self.0, ""));
        OrgNumber::parse(vendor).unwrap_or_else(|_| unreachable!("checked by SystemId::parse"))
    }
}

impl fmt::Display for SystemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An address a person may be sent back to after answering a request: https only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RedirectUrl(String);

impl RedirectUrl {
    pub const MAX_LEN: usize = 2000;

    pub fn parse(input: &str, field: &str) -> Result<Self, FieldError> {
        let invalid = |detail: &str| FieldError::new(field, "invalid-redirect-url", detail);
        if input.len() > Self::MAX_LEN {
            return Err(invalid("The address is longer than 2000 characters."));
        }
        let Ok(url) = url::Url::parse(input) else {
            return Err(invalid("The address is not a valid absolute URL."));
        };
        // Parsing percent-encodes spaces and non-ASCII, so the stored form can be longer
        // than what was sent; it must still fit, and parse again to itself when read back.
        if url.as_str().len() > Self::MAX_LEN {
            return Err(invalid("The address is longer than 2000 characters."));
        }
        if url.scheme() != "https" {
            return Err(invalid("Only https addresses are allowed."));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("The address has no host."));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "The address must not carry a user name or password.",
            ));
        }
        if url.fragment().is_some() {
            return Err(invalid("The address must not have a fragment (#...)."));
        }
        Ok(Self(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text in the three languages the register keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized {
    pub nb: String,
    pub nn: String,
    pub en: String,
}

/// What a vendor sends to register or update a system, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct SystemDraft {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    pub packages: Vec<String>,
    pub redirect_urls: Vec<String>,
    pub visible: bool,
}

/// A valid entry of the system register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemDefinition {
    pub id: SystemId,
    pub name: Localized,
    pub description: Localized,
    pub packages: PackageSet,
    pub redirect_urls: Vec<RedirectUrl>,
    pub visible: bool,
}

pub const MAX_NAME: usize = 200;
pub const MAX_DESCRIPTION: usize = 4000;
pub const MAX_REDIRECT_URLS: usize = 20;

impl SystemDefinition {
    /// Checks a draft sent by `vendor`; every problem is reported, each at its field.
    pub fn validate(draft: &SystemDraft, vendor: &OrgNumber) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id = match SystemId::parse(draft.id.trim()) {
            Ok(id) if id.vendor() != *vendor => {
                errors.push(FieldError::new(
                    "id",
                    "system-id-vendor-mismatch",
                    "The id must start with your own organization number.",
                ));
                None
            }
            Ok(id) => Some(id),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let name = localized(&draft.name, "name", MAX_NAME, true, &mut errors);
        let description = localized(
            &draft.description,
            "description",
            MAX_DESCRIPTION,
            false,
            &mut errors,
        );
        let packages = package_list(&draft.packages, "accessPackages", &mut errors);
        if draft.packages.is_empty() {
            errors.push(FieldError::new(
                "accessPackages",
                "required",
                "A system needs at least one access package.",
            ));
        }
        if draft.visible && !packages.is_empty() && packages.iter().all(|p| p.client_delegable()) {
            errors.push(FieldError::new(
                "isVisible",
                "visible-client-system",
                "A system whose access packages are all for client relationships cannot be visible: its system users come from vendor requests.",
            ));
        }
        let mut redirect_urls = Vec::new();
        if draft.redirect_urls.len() > MAX_REDIRECT_URLS {
            errors.push(FieldError::new(
                "allowedRedirectUrls",
                "too-many",
                "At most 20 redirect addresses are allowed.",
            ));
        }
        for (i, url) in draft.redirect_urls.iter().enumerate() {
            match RedirectUrl::parse(url.trim(), &format!("allowedRedirectUrls/{i}")) {
                Ok(u) if !redirect_urls.contains(&u) => redirect_urls.push(u),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        match id {
            Some(id) if errors.is_empty() => Ok(Self {
                id,
                name,
                description,
                packages,
                redirect_urls,
                visible: draft.visible,
            }),
            _ => Err(errors),
        }
    }

    /// Whether the system may send a person to `url` after a request is answered.
    pub fn allows_redirect(&self, url: &RedirectUrl) -> bool {
        allows_redirect(&self.redirect_urls, url)
    }

    /// The packages a system user of this kind gets from this system.
    pub fn packages_for(&self, kind: SystemUserKind) -> PackageSet {
        packages_for(&self.packages, kind)
    }

    /// Whether a customer can create a standard system user for this system in the
    /// portal: it is visible and has packages for the owner's own affairs.
    pub fn offers_standard(&self) -> bool {
        self.visible && !self.packages_for(SystemUserKind::Standard).is_empty()
    }

    /// Whether a system user of `kind` with `packages` fits this system as it is now:
    /// the system has every package, and each is of the sort the kind can hold.
    pub fn fits(&self, kind: SystemUserKind, packages: &PackageSet) -> Result<(), RegisterError> {
        let lacking: Vec<AccessPackage> = packages.difference(&self.packages).copied().collect();
        if !lacking.is_empty() {
            return Err(RegisterError::PackageNotInSystem(lacking));
        }
        let wrong: Vec<AccessPackage> = packages
            .iter()
            .copied()
            .filter(|p| p.client_delegable() != kind.is_agent())
            .collect();
        if !wrong.is_empty() {
            return Err(RegisterError::PackageWrongKind {
                kind,
                packages: wrong,
            });
        }
        Ok(())
    }
}

/// Whether a system that allows `allowed` may send a person to `url`: the same address,
/// or one under an allowed path that ends in `/` (a vendor's callback path). An allowed
/// address with a query string matches only itself, so `?next=/` opens nothing.
pub fn allows_redirect(allowed: &[RedirectUrl], url: &RedirectUrl) -> bool {
    allowed
        .iter()
        .any(|a| a == url || (a.0.ends_with('/') && !a.0.contains('?') && url.0.starts_with(&a.0)))
}

/// The packages of a system that a system user of `kind` can hold: client packages for an
/// agent, the owner's own for a standard one.
pub fn packages_for(packages: &PackageSet, kind: SystemUserKind) -> PackageSet {
    packages
        .iter()
        .copied()
        .filter(|p| p.client_delegable() == kind.is_agent())
        .collect()
}

fn localized(
    text: &Localized,
    field: &str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Localized {
    let mut check = |lang: &str, value: &str| {
        let value = value.trim();
        if required && value.is_empty() {
            errors.push(FieldError::new(
                format!("{field}/{lang}"),
                "required",
                format!("The {field} in '{lang}' is required."),
            ));
        } else if value.chars().count() > max {
            errors.push(FieldError::new(
                format!("{field}/{lang}"),
                "too-long",
                format!("At most {max} characters."),
            ));
        }
        value.to_owned()
    };
    Localized {
        nb: check("nb", &text.nb),
        nn: check("nn", &text.nn),
        en: check("en", &text.en),
    }
}

pub(crate) fn package_list(
    urns: &[String],
    field: &str,
    errors: &mut Vec<FieldError>,
) -> PackageSet {
    let mut set = PackageSet::new();
    for (i, urn) in urns.iter().enumerate() {
        match AccessPackage::from_urn(urn.trim()) {
            Ok(p) => {
                set.insert(p);
            }
            Err(_) => errors.push(FieldError::new(
                format!("{field}/{i}/urn"),
                "unknown-access-package",
                format!("{urn:?} is not an access package."),
            )),
        }
    }
    set
}

/// A problem with one field of what was sent; `field` is a JSON pointer without the
/// leading slash ("name/nb", "accessPackages/0/urn").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub detail: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            detail: detail.into(),
        }
    }
}

/// Why a change to the system register, a request or its answer was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("The request is not valid.")]
    Invalid(Vec<FieldError>),
    #[error("The system is not in the system register, or it is not yours.")]
    UnknownSystem,
    #[error("The customer organization is not known.")]
    UnknownCustomer,
    #[error("The system does not have the access packages {}.", urns(.0))]
    PackageNotInSystem(Vec<AccessPackage>),
    #[error("{} system user cannot hold the access packages {}.", kind_phrase(*.kind), urns(.packages))]
    PackageWrongKind {
        kind: SystemUserKind,
        packages: Vec<AccessPackage>,
    },
    #[error("The redirect address is not one of the system's allowed redirect addresses.")]
    RedirectNotAllowed,
    #[error(
        "An open request with the same system, customer and external reference asks for something else."
    )]
    Conflict { existing: uuid::Uuid },
    #[error("The customer already has a system user for this system and external reference.")]
    SystemUserExists,
    #[error("The request has expired.")]
    Expired,
    #[error("The request has already been answered.")]
    AlreadyAnswered,
    #[error("A system with this id is already registered.")]
    SystemExists,
    #[error("The vendor organization is not known to the portal.")]
    UnknownVendor,
    #[error("Not found.")]
    NotFound,
}

fn urns(packages: &[AccessPackage]) -> String {
    packages
        .iter()
        .map(|p| p.urn())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kind_phrase(kind: SystemUserKind) -> &'static str {
    if kind.is_agent() {
        "An agent"
    } else {
        "A standard"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VENDOR: &str = "314250052";

    fn vendor() -> OrgNumber {
        OrgNumber::parse(VENDOR).unwrap()
    }

    fn draft() -> SystemDraft {
        SystemDraft {
            id: format!("{VENDOR}_lonn"),
            name: Localized {
                nb: "Lønn".into(),
                nn: "Løn".into(),
                en: "Payroll".into(),
            },
            description: Localized::default(),
            packages: vec![AccessPackage::RegnskapsforerLonn.urn().into()],
            redirect_urls: vec!["https://vendor.example/callback/".into()],
            visible: false,
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
    }

    #[test]
    fn system_ids_need_a_valid_vendor_and_a_plain_name() {
        let id = SystemId::parse("314250052_smart.regnskap-2").unwrap();
        assert_eq!(id.vendor().as_str(), VENDOR);
        for bad in [
            "314250052",
            "314250052_",
            "314250053_x",
            "31425005_x",
            "314250052_with space",
            "314250052_æøå",
        ] {
            assert!(SystemId::parse(bad).is_err(), "{bad}");
        }
        assert!(SystemId::parse(&format!("{VENDOR}_{}", "a".repeat(101))).is_err());
    }

    #[test]
    fn redirect_urls_are_https_without_credentials_or_fragments() {
        assert!(RedirectUrl::parse("https://a.example/cb?x=1", "f").is_ok());
        for bad in [
            "http://a.example/",
            "https://",
            "javascript:alert(1)",
            "https://user:pw@a.example/",
            "https://a.example/#frag",
            "/relative",
        ] {
            let err = RedirectUrl::parse(bad, "f").unwrap_err();
            assert_eq!(err.code, "invalid-redirect-url", "{bad}");
        }
    }

    #[test]
    fn a_redirect_url_must_fit_once_encoded() {
        // Found by the fuzz target system_register: 1,990 characters that grow past 2,000
        // when the spaces are encoded, which the database and the read-back refuse.
        let long = format!("https://a.example/{}", "a b".repeat(657));
        assert!(long.len() <= RedirectUrl::MAX_LEN);
        assert!(RedirectUrl::parse(&long, "f").is_err());
        let fits = format!("https://a.example/{}", "a".repeat(1982));
        let url = RedirectUrl::parse(&fits, "f").unwrap();
        assert_eq!(RedirectUrl::parse(url.as_str(), "f"), Ok(url));
    }

    #[test]
    fn a_valid_draft_becomes_a_definition() {
        let def = SystemDefinition::validate(&draft(), &vendor()).unwrap();
        assert_eq!(def.id.as_str(), "314250052_lonn");
        assert!(def.packages.contains(&AccessPackage::RegnskapsforerLonn));
    }

    #[test]
    fn every_problem_is_reported_at_its_field() {
        let mut d = draft();
        d.id = "123456789_x".into();
        d.name.nn = " ".into();
        d.packages = vec!["urn:altinn:accesspackage:nope".into()];
        d.redirect_urls = vec!["http://insecure.example/".into()];
        let errors = SystemDefinition::validate(&d, &vendor()).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                ("id", "invalid-system-id"),
                ("name/nn", "required"),
                ("accessPackages/0/urn", "unknown-access-package"),
                ("allowedRedirectUrls/0", "invalid-redirect-url"),
            ]
        );
    }

    #[test]
    fn a_vendor_registers_only_under_its_own_number() {
        let mut d = draft();
        d.id = "311037889_x".into();
        let errors = SystemDefinition::validate(&d, &vendor()).unwrap_err();
        assert_eq!(codes(&errors), vec![("id", "system-id-vendor-mismatch")]);
    }

    #[test]
    fn a_client_only_system_cannot_be_visible() {
        let mut d = draft();
        d.visible = true;
        let errors = SystemDefinition::validate(&d, &vendor()).unwrap_err();
        assert_eq!(codes(&errors), vec![("isVisible", "visible-client-system")]);
        d.packages.push(AccessPackage::Skattegrunnlag.urn().into());
        assert!(SystemDefinition::validate(&d, &vendor()).is_ok());
    }
}
