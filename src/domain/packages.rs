//! Access packages (*tilgangspakker*) that a client can delegate to a firm, and the
//! register roles (*Enhetsregisteret*) that give a firm packages for a client by themselves.

use std::collections::BTreeSet;
use std::fmt;

/// A code from outside (a URN, a role code) that this portal does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code: {0}")]
pub struct UnknownCode(pub String);

/// The access packages agent system users use. Ordered as Altinn lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessPackage {
    RegnskapsforerMedSignering,
    RegnskapsforerUtenSignering,
    RegnskapsforerLonn,
    AnsvarligRevisor,
    Revisormedarbeider,
    ForretningsforerEiendom,
    /// Packages for an organization's own reporting: standard system users only.
    Skattegrunnlag,
    AOrdningen,
}

impl AccessPackage {
    pub const ALL: [AccessPackage; 8] = [
        Self::RegnskapsforerMedSignering,
        Self::RegnskapsforerUtenSignering,
        Self::RegnskapsforerLonn,
        Self::AnsvarligRevisor,
        Self::Revisormedarbeider,
        Self::ForretningsforerEiendom,
        Self::Skattegrunnlag,
        Self::AOrdningen,
    ];

    /// The package's bit in a stored package set (its place in `ALL`).
    pub fn bit(self) -> u32 {
        Self::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_default() as u32
    }

    /// Whether a client can delegate this package to a firm (DOMAIN.md §4).
    pub fn client_delegable(self) -> bool {
        !matches!(self, Self::Skattegrunnlag | Self::AOrdningen)
    }

    pub fn urn(self) -> &'static str {
        match self {
            Self::RegnskapsforerMedSignering => {
                "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet"
            }
            Self::RegnskapsforerUtenSignering => {
                "urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet"
            }
            Self::RegnskapsforerLonn => "urn:altinn:accesspackage:regnskapsforer-lonn",
            Self::AnsvarligRevisor => "urn:altinn:accesspackage:ansvarlig-revisor",
            Self::Revisormedarbeider => "urn:altinn:accesspackage:revisormedarbeider",
            Self::ForretningsforerEiendom => "urn:altinn:accesspackage:forretningsforer-eiendom",
            Self::Skattegrunnlag => "urn:altinn:accesspackage:skattegrunnlag",
            Self::AOrdningen => "urn:altinn:accesspackage:a-ordning",
        }
    }

    /// The name users see (bokmål).
    pub fn name(self) -> &'static str {
        match self {
            Self::RegnskapsforerMedSignering => "Regnskapsfører med signeringsrettighet",
            Self::RegnskapsforerUtenSignering => "Regnskapsfører uten signeringsrettighet",
            Self::RegnskapsforerLonn => "Regnskapsfører lønn",
            Self::AnsvarligRevisor => "Ansvarlig revisor",
            Self::Revisormedarbeider => "Revisormedarbeider",
            Self::ForretningsforerEiendom => "Forretningsfører eiendom",
            Self::Skattegrunnlag => "Skattegrunnlag",
            Self::AOrdningen => "A-ordningen",
        }
    }

    /// The URN's last part ("regnskapsforer-lonn"), for addresses and forms.
    pub fn slug(self) -> &'static str {
        self.urn()
            .strip_prefix("urn:altinn:accesspackage:")
            .unwrap_or(self.urn())
    }

    pub fn from_slug(slug: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|p| p.slug() == slug)
            .ok_or_else(|| UnknownCode(slug.to_owned()))
    }

    /// What the package lets the firm do, in one sentence (for the *Gi fullmakt* form).
    pub fn description(self) -> &'static str {
        match self {
            Self::RegnskapsforerMedSignering => {
                "Føre regnskap og sende inn og signere det som krever signatur, som skattemelding og årsregnskap."
            }
            Self::RegnskapsforerUtenSignering => {
                "Føre regnskap og forberede innsendinger, uten å kunne signere dem."
            }
            Self::RegnskapsforerLonn => "Lønn og a-melding for virksomhetens ansatte.",
            Self::AnsvarligRevisor => {
                "Revidere regnskapet og signere revisjonsberetning som ansvarlig revisor."
            }
            Self::Revisormedarbeider => "Arbeide med revisjonen for den ansvarlige revisoren.",
            Self::ForretningsforerEiendom => {
                "Forretningsførsel for borettslag og sameier: regnskap, innbetalinger og rapportering."
            }
            Self::Skattegrunnlag => "Virksomhetens eget skattegrunnlag.",
            Self::AOrdningen => "Virksomhetens egen a-melding.",
        }
    }

    /// The packages a client can delegate to a firm, in display order.
    pub fn client_delegable_all() -> impl Iterator<Item = AccessPackage> {
        Self::ALL.into_iter().filter(|p| p.client_delegable())
    }

    pub fn from_urn(urn: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|p| p.urn() == urn)
            .ok_or_else(|| UnknownCode(urn.to_owned()))
    }
}

impl fmt::Display for AccessPackage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of packages, ordered for display.
pub type PackageSet = BTreeSet<AccessPackage>;

/// A package set as the database stores it (`access_packages.bit`): bit i is
/// `AccessPackage::ALL[i]`. Lets PostgreSQL test "holds every required package" with one
/// `&` on a firm's whole client list.
pub fn package_mask(set: &PackageSet) -> i32 {
    set.iter().fold(0, |mask, p| mask | (1 << p.bit()))
}

/// The packages in a stored bit set; bits of no package are ignored.
pub fn packages_from_mask(mask: i32) -> PackageSet {
    AccessPackage::ALL
        .into_iter()
        .filter(|p| mask & (1 << p.bit()) != 0)
        .collect()
}

/// Parses URNs as stored; an unknown URN in the database is a bug worth reporting, not hiding.
pub fn packages_from_urns<S: AsRef<str>>(urns: &[S]) -> Result<PackageSet, UnknownCode> {
    urns.iter()
        .map(|u| AccessPackage::from_urn(u.as_ref()))
        .collect()
}

/// A role a firm holds *for* a client in Enhetsregisteret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegisterRole {
    /// REGN, regnskapsfører
    Accountant,
    /// REVI, revisor
    Auditor,
    /// FFØR, forretningsfører
    BusinessManager,
}

impl RegisterRole {
    pub const ALL: [RegisterRole; 3] = [Self::Accountant, Self::Auditor, Self::BusinessManager];

    pub fn code(self) -> &'static str {
        match self {
            Self::Accountant => "REGN",
            Self::Auditor => "REVI",
            Self::BusinessManager => "FFØR",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Accountant => "Regnskapsfører",
            Self::Auditor => "Revisor",
            Self::BusinessManager => "Forretningsfører",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| UnknownCode(code.to_owned()))
    }

    /// The packages this role gives the firm for a client of organization form `client_form`.
    /// FFØR only counts for housing cooperatives and jointly owned properties (BRL, ESEK).
    pub fn implied_packages(self, client_form: &str) -> PackageSet {
        use AccessPackage::*;
        match self {
            Self::Accountant => [
                RegnskapsforerMedSignering,
                RegnskapsforerUtenSignering,
                RegnskapsforerLonn,
            ]
            .into(),
            Self::Auditor => [AnsvarligRevisor, Revisormedarbeider].into(),
            Self::BusinessManager if matches!(client_form, "ESEK" | "BRL") => {
                [ForretningsforerEiendom].into()
            }
            Self::BusinessManager => PackageSet::new(),
        }
    }
}

impl fmt::Display for RegisterRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urns_round_trip() {
        for p in AccessPackage::ALL {
            assert_eq!(AccessPackage::from_urn(p.urn()), Ok(p));
        }
        assert!(AccessPackage::from_urn("urn:altinn:accesspackage:skatt").is_err());
    }

    #[test]
    fn slugs_round_trip() {
        for p in AccessPackage::ALL {
            assert_eq!(AccessPackage::from_slug(p.slug()), Ok(p));
        }
        assert_eq!(
            AccessPackage::RegnskapsforerLonn.slug(),
            "regnskapsforer-lonn"
        );
    }

    #[test]
    fn six_packages_are_delegable_to_a_firm() {
        let n = AccessPackage::ALL
            .iter()
            .filter(|p| p.client_delegable())
            .count();
        assert_eq!(n, 6);
        assert!(!AccessPackage::Skattegrunnlag.client_delegable());
    }

    #[test]
    fn masks_round_trip() {
        let all: PackageSet = AccessPackage::ALL.into();
        assert_eq!(package_mask(&all), 0xff);
        assert_eq!(packages_from_mask(package_mask(&all)), all);
        let some: PackageSet = [AccessPackage::RegnskapsforerLonn].into();
        assert_eq!(package_mask(&some), 4);
        assert_eq!(packages_from_mask(4 | 1 << 20), some);
    }

    #[test]
    fn role_codes_round_trip() {
        for r in RegisterRole::ALL {
            assert_eq!(RegisterRole::from_code(r.code()), Ok(r));
        }
        assert!(RegisterRole::from_code("DAGL").is_err());
    }

    #[test]
    fn regn_gives_the_three_accountant_packages() {
        let p = RegisterRole::Accountant.implied_packages("AS");
        assert_eq!(p.len(), 3);
        assert!(p.contains(&AccessPackage::RegnskapsforerLonn));
    }

    #[test]
    fn revi_gives_the_auditor_packages() {
        let p = RegisterRole::Auditor.implied_packages("AS");
        assert_eq!(
            p,
            [
                AccessPackage::AnsvarligRevisor,
                AccessPackage::Revisormedarbeider
            ]
            .into()
        );
    }

    #[test]
    fn ffor_only_for_esek_and_brl() {
        let expected: PackageSet = [AccessPackage::ForretningsforerEiendom].into();
        assert_eq!(
            RegisterRole::BusinessManager.implied_packages("BRL"),
            expected
        );
        assert_eq!(
            RegisterRole::BusinessManager.implied_packages("ESEK"),
            expected
        );
        assert!(
            RegisterRole::BusinessManager
                .implied_packages("AS")
                .is_empty()
        );
    }

    #[test]
    fn unknown_urn_in_a_list_is_an_error() {
        assert!(packages_from_urns(&["urn:altinn:accesspackage:regnskapsforer-lonn"]).is_ok());
        assert!(packages_from_urns(&["nope"]).is_err());
    }
}
