//! The domain's values as people read them, in the request's language. The domain stays
//! language-free (its own texts are bokmål for the command line and logs); the web layer
//! turns packages, roles, causes and refusals into Fluent keys here.

use crate::domain::relationships::PackageSource;
use crate::domain::systems::Localized;
use crate::domain::{
    AccessPackage, Eligibility, EndCause, GrantError, IdError, RegisterRole, Relationship, Role,
    RoleSet, SystemUserKind,
};

use super::i18n::{Arg, Lang, lang, t, t_args};
use crate::domain::Refusal;

/// An access package's name: "Regnskapsfører lønn".
pub fn package_name(p: &AccessPackage) -> String {
    t(&format!("package-{}", p.slug()))
}

/// What an access package allows.
pub fn package_description(p: &AccessPackage) -> String {
    t(&format!("package-{}-description", p.slug()))
}

fn role_key(r: Role) -> &'static str {
    match r {
        Role::GeneralManager => "role-dagl",
        Role::MainAdministrator => "role-hadm",
        Role::AccessManager => "role-tilg",
        Role::ClientAdministrator => "role-kadm",
    }
}

/// A role's name: "Daglig leder".
pub fn role_name(r: &Role) -> String {
    t(role_key(*r))
}

/// What a role allows, where it is given.
pub fn role_description(r: &Role) -> String {
    t(&format!("{}-description", role_key(*r)))
}

/// A person's roles in one organization: "Daglig leder, Klientadministrator".
pub fn roles(set: &RoleSet) -> String {
    set.roles()
        .iter()
        .map(role_name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn register_role_key(r: RegisterRole) -> &'static str {
    match r {
        RegisterRole::Accountant => "register-role-regn",
        RegisterRole::Auditor => "register-role-revi",
        RegisterRole::BusinessManager => "register-role-ffor",
    }
}

/// A register role with its code: "Regnskapsfører (REGN)".
pub fn register_role(r: &RegisterRole) -> String {
    format!("{} ({})", t(register_role_key(*r)), r.code())
}

/// A register role inside a sentence: "regnskapsfører (REGN)".
pub fn register_role_in_text(r: &RegisterRole) -> String {
    format!("{} ({})", t(register_role_key(*r)).to_lowercase(), r.code())
}

/// A system user's kind: "Klientsystem" or "Eget system".
pub fn kind(k: &SystemUserKind) -> String {
    t(match k {
        SystemUserKind::Agent => "kind-agent",
        SystemUserKind::Standard => "kind-standard",
    })
}

/// "a, b og c" in the current language.
pub fn join_list(items: &[String]) -> String {
    join_with(items, "list-and")
}

/// "a, b eller c" in the current language.
pub fn join_alternatives(items: &[String]) -> String {
    join_with(items, "list-or")
}

fn join_with(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), t(conjunction)),
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a client relationship comes from, starting a sentence or a cell:
/// "Regnskapsfører (REGN) og fullmakt", "Fullmakt".
pub fn sources(r: &Relationship) -> String {
    let mut names: Vec<String> = r.register_roles.iter().map(register_role).collect();
    if r.has_fullmakt {
        names.push(t("source-fullmakt"));
    }
    capitalized(&join_list(&names))
}

/// Why a client was removed without anyone removing it.
pub fn end_cause(c: &EndCause) -> String {
    end_cause_read_by(c, false)
}

/// `end_cause` for its reader: `by_the_client` when the client who withdrew reads it
/// ("Dere trakk tilbake fullmakten", not "Kunden trakk tilbake …").
pub fn end_cause_read_by(c: &EndCause, by_the_client: bool) -> String {
    let own = |key: &'static str, own: &'static str| if by_the_client { own } else { key };
    match c {
        EndCause::PackageWithdrawn(p) => t_args(
            own("cause-package-withdrawn", "cause-package-withdrawn-own"),
            &[("package", package_name(p).into())],
        ),
        EndCause::FullmaktWithdrawn => t(own(
            "cause-fullmakt-withdrawn",
            "cause-fullmakt-withdrawn-own",
        )),
        EndCause::SystemUserChanged => t("cause-system-user-changed"),
        EndCause::RegisterRoleRemoved(r) => t_args(
            "cause-register-role-removed",
            &[
                ("role", t(register_role_key(*r)).to_lowercase().into()),
                ("code", r.code().into()),
            ],
        ),
    }
}

/// Why a client cannot be added: "Mangler Regnskapsfører lønn".
pub fn eligibility(e: &Eligibility) -> Option<String> {
    match e {
        Eligibility::Available => None,
        Eligibility::Missing(missing) => {
            let names: Vec<String> = missing.iter().map(package_name).collect();
            Some(t_args(
                "eligibility-missing",
                &[("packages", join_list(&names).into())],
            ))
        }
        Eligibility::NothingRequired => Some(t("eligibility-nothing-required")),
    }
}

/// Why a chosen client was not added (or removed): what the firm lacks from it, that it
/// is not a client at all, or that it is not on the system access.
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::NotEligible(e) => eligibility(e).unwrap_or_default(),
        Refusal::NotAClient => t("refused-no-relationship"),
        Refusal::NotDelegated => t("refused-not-delegated"),
    }
}

/// A typed organization number or national id that was refused, at its field.
pub fn id_error(e: &IdError) -> String {
    match e {
        IdError::Empty => t("id-empty"),
        IdError::NotDigits => t("id-not-digits"),
        IdError::WrongLength { expected, actual } => t_args(
            "id-wrong-length",
            &[
                ("expected", Arg::from(*expected)),
                ("actual", Arg::from(*actual)),
            ],
        ),
        IdError::Checksum => t("id-checksum"),
    }
}

/// A fullmakt that cannot be given as asked, at its field.
pub fn grant_error(e: &GrantError) -> String {
    match e {
        GrantError::NoPackages => t("grant-no-packages"),
        GrantError::NotDelegable(name) => {
            let name = AccessPackage::ALL
                .iter()
                .find(|p| p.name() == *name)
                .map_or_else(|| (*name).to_owned(), package_name);
            t_args("grant-not-delegable", &[("package", name.into())])
        }
        GrantError::UnknownPackage => t("grant-unknown-package"),
        GrantError::ToSelf => t("grant-to-self"),
    }
}

/// A text from the system register in the current language (bokmål when one is empty).
pub fn localized(l: &Localized) -> &str {
    let chosen = match lang() {
        Lang::Nb => &l.nb,
        Lang::Nn => &l.nn,
        Lang::En => &l.en,
    };
    if chosen.trim().is_empty() {
        &l.nb
    } else {
        chosen
    }
}

/// Each package a firm holds from a client, with where it comes from:
/// (Regnskapsfører lønn, "Regnskapsfører (REGN) og fullmakt").
pub fn package_sources(r: &Relationship) -> Vec<(AccessPackage, String)> {
    r.package_sources()
        .into_iter()
        .map(|(p, from)| {
            let from: Vec<String> = from
                .iter()
                .map(|source| match source {
                    PackageSource::RegisterRole(role) => register_role(role),
                    PackageSource::Fullmakt => t("source-fullmakt"),
                })
                .collect();
            (p, capitalized(&join_list(&from)))
        })
        .collect()
}
