//! Who may do what for an organization (DOMAIN.md §3). `RoleSet::permits` is THE
//! permission check; the web layer calls it from one place (the `Acting` extractor).

use std::fmt;

use super::packages::UnknownCode;

/// A person's role for an organization. Daglig leder comes from Enhetsregisteret
/// (DAGL); the others are given inside the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    GeneralManager,
    MainAdministrator,
    AccessManager,
    ClientAdministrator,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Self::GeneralManager,
        Self::MainAdministrator,
        Self::AccessManager,
        Self::ClientAdministrator,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::GeneralManager => "DAGL",
            Self::MainAdministrator => "HADM",
            Self::AccessManager => "TILG",
            Self::ClientAdministrator => "KADM",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .ok_or_else(|| UnknownCode(code.to_owned()))
    }

    /// The roles a Daglig leder or Hovedadministrator gives and takes in the portal. Daglig
    /// leder comes from the register, and Hovedadministrator is not given here.
    pub const GRANTABLE: [Role; 2] = [Self::ClientAdministrator, Self::AccessManager];

    pub fn is_grantable(self) -> bool {
        Self::GRANTABLE.contains(&self)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::GeneralManager => "Daglig leder",
            Self::MainAdministrator => "Hovedadministrator",
            Self::AccessManager => "Tilgangsstyrer",
            Self::ClientAdministrator => "Klientadministrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Something a person may or may not do on behalf of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Represent the organization in the portal at all.
    Represent,
    /// See the organization's system users and their clients.
    ViewSystemUsers,
    /// Add and remove clients on agent system users.
    ManageClients,
    /// Create, approve and delete system users.
    ManageSystemUsers,
    /// Give and withdraw fullmakt and access packages to other organizations.
    ManageFullmakt,
    /// Give and take Klientadministrator and Tilgangsstyrer to persons.
    ManageRoles,
    /// Read the organization's history (*Historikk*) and export it.
    ViewHistory,
}

impl Permission {
    pub const ALL: [Permission; 7] = [
        Self::Represent,
        Self::ViewSystemUsers,
        Self::ManageClients,
        Self::ManageSystemUsers,
        Self::ManageFullmakt,
        Self::ManageRoles,
        Self::ViewHistory,
    ];
}

/// A permission the person's roles do not give: refused the same way everywhere (a
/// page in the portal, a problem in the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the person's roles for the organization do not permit {0:?}")]
pub struct Denied(pub Permission);

/// What an organization is to the portal, as far as the way in and the menu go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgShape {
    /// It owns system accesses (of either kind).
    pub has_system_users: bool,
    /// It has clients (register roles or fullmakter), or a system access for clients.
    pub serves_clients: bool,
}

/// The page a person lands on for an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    SystemAccess,
    Fullmakter,
}

impl Landing {
    /// A firm with system accesses or clients works on *Systemtilganger*; an organization
    /// that only gives fullmakter, on *Fullmakter* — when the person may give them.
    pub fn for_person(roles: &RoleSet, shape: OrgShape) -> Self {
        if shape.has_system_users || shape.serves_clients {
            Self::SystemAccess
        } else if roles.permits(Permission::ManageFullmakt) {
            Self::Fullmakter
        } else {
            Self::SystemAccess
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Self::SystemAccess => "/systemtilganger",
            Self::Fullmakter => "/fullmakter",
        }
    }
}

/// The roles one person holds for one organization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleSet(Vec<Role>);

impl RoleSet {
    pub fn new(mut roles: Vec<Role>) -> Self {
        roles.sort();
        roles.dedup();
        Self(roles)
    }

    pub fn roles(&self) -> &[Role] {
        &self.0
    }

    /// Whether *Klienter* belongs in the menu: the organization has clients or a system
    /// access for them, or the person administers clients.
    pub fn shows_clients(&self, shape: OrgShape) -> bool {
        shape.serves_clients || self.0.contains(&Role::ClientAdministrator)
    }

    /// The roles that alone give `permission` (for telling a refused person who may).
    pub fn roles_permitting(permission: Permission) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| Self::new(vec![*r]).permits(permission))
            .collect()
    }

    fn has_any(&self, any: &[Role]) -> bool {
        self.0.iter().any(|r| any.contains(r))
    }

    pub fn permits(&self, permission: Permission) -> bool {
        use Role::*;
        match permission {
            Permission::Represent | Permission::ViewSystemUsers => !self.0.is_empty(),
            // Everyone who acts for the organization answers for what was done in its
            // name, and a client administrator must see who removed a client it added.
            // The history names persons only to their own organization (store::history).
            Permission::ViewHistory => self.has_any(&Role::ALL),
            Permission::ManageClients => {
                self.has_any(&[GeneralManager, MainAdministrator, ClientAdministrator])
            }
            Permission::ManageSystemUsers | Permission::ManageFullmakt => {
                self.has_any(&[GeneralManager, MainAdministrator, AccessManager])
            }
            Permission::ManageRoles => self.has_any(&[GeneralManager, MainAdministrator]),
        }
    }

    /// THE permission check, as a result: every read and change of the portal and the
    /// API goes through here.
    pub fn require(&self, permission: Permission) -> Result<(), Denied> {
        if self.permits(permission) {
            Ok(())
        } else {
            Err(Denied(permission))
        }
    }

    /// Whether this person may give (or take) `role` to someone else: they must manage
    /// roles, the role must be one given in the portal, and nobody hands out a power they
    /// do not hold themselves.
    pub fn may_grant(&self, role: Role) -> bool {
        let granted = RoleSet::new(vec![role]);
        self.permits(Permission::ManageRoles)
            && role.is_grantable()
            && Permission::ALL
                .into_iter()
                .all(|p| !granted.permits(p) || self.permits(p))
    }
}

/// Whether `last_name` is the last name of a person called `full_name`: the last word of the
/// stored name, ignoring case and surrounding spaces. Altinn asks for it next to the
/// national id, so that knowing a national id alone is not enough to find a person.
pub fn last_name_matches(full_name: &str, last_name: &str) -> bool {
    let wanted = last_name.trim();
    !wanted.is_empty()
        && full_name
            .split_whitespace()
            .last()
            .is_some_and(|last| last.to_lowercase() == wanted.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;
    use Role::*;

    fn roles(r: &[Role]) -> RoleSet {
        RoleSet::new(r.to_vec())
    }

    #[test]
    fn the_table_in_domain_md() {
        // (role, represent, view, manage clients, manage system users, fullmakt, roles,
        // history)
        let table = [
            (GeneralManager, [true, true, true, true, true, true, true]),
            (
                MainAdministrator,
                [true, true, true, true, true, true, true],
            ),
            (AccessManager, [true, true, false, true, true, false, true]),
            (
                ClientAdministrator,
                [true, true, true, false, false, false, true],
            ),
        ];
        let perms = [
            Represent,
            ViewSystemUsers,
            ManageClients,
            ManageSystemUsers,
            ManageFullmakt,
            ManageRoles,
            ViewHistory,
        ];
        for (role, expected) in table {
            for (perm, want) in perms.iter().zip(expected) {
                assert_eq!(roles(&[role]).permits(*perm), want, "{role:?} {perm:?}");
            }
        }
    }

    #[test]
    fn an_employee_without_roles_may_do_nothing() {
        let none = RoleSet::default();
        for p in Permission::ALL {
            assert!(!none.permits(p), "{p:?}");
        }
    }

    #[test]
    fn roles_combine() {
        let both = roles(&[AccessManager, ClientAdministrator]);
        assert!(both.permits(ManageClients));
        assert!(both.permits(ManageSystemUsers));
        assert!(!both.permits(ManageRoles));
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Ok(r));
        }
        assert!(Role::from_code("REGN").is_err());
    }

    #[test]
    fn managers_grant_the_two_portal_roles() {
        for granter in [GeneralManager, MainAdministrator] {
            let set = roles(&[granter]);
            assert!(set.may_grant(ClientAdministrator), "{granter:?}");
            assert!(set.may_grant(AccessManager), "{granter:?}");
        }
    }

    #[test]
    fn register_and_main_administrator_roles_are_not_given_here() {
        let dagl = roles(&[GeneralManager, MainAdministrator]);
        assert!(!dagl.may_grant(GeneralManager));
        assert!(!dagl.may_grant(MainAdministrator));
        assert_eq!(Role::GRANTABLE, [ClientAdministrator, AccessManager]);
    }

    #[test]
    fn nobody_without_manage_roles_grants_anything() {
        let both = roles(&[AccessManager, ClientAdministrator]);
        for role in Role::ALL {
            assert!(!both.may_grant(role), "{role:?}");
            assert!(!RoleSet::default().may_grant(role), "{role:?}");
        }
    }

    #[test]
    fn a_granted_role_gives_nothing_the_granter_lacks() {
        // The rule holds for every combination of roles a granter could have.
        for mask in 0u8..16 {
            let set = roles(
                &Role::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, r)| r)
                    .collect::<Vec<_>>(),
            );
            for role in Role::ALL.into_iter().filter(|r| set.may_grant(*r)) {
                for p in Permission::ALL {
                    if roles(&[role]).permits(p) {
                        assert!(set.permits(p), "{set:?} grants {role:?} with {p:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_last_name_is_the_last_word_of_the_name() {
        assert!(last_name_matches("Ola Klientsen", "Klientsen"));
        assert!(last_name_matches("Ola Klientsen", "  klientsen "));
        assert!(last_name_matches("Kåre Kald", "KALD"));
        assert!(last_name_matches("Åse Øvre Ærlig", "ærlig"));
        assert!(!last_name_matches("Ola Klientsen", "Ola"));
        assert!(!last_name_matches("Ola Klientsen", "Klient"));
        assert!(!last_name_matches("Ola Klientsen", ""));
        assert!(!last_name_matches("Ola Klientsen", "   "));
        assert!(!last_name_matches("Ola Klientsen", "Ola Klientsen"));
    }
}
