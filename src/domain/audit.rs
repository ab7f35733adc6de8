//! What the audit trail records: the kinds of change and the kinds of actor, as the store
//! writes them and *Historikk* reads them back. A new kind of change is a new `Action`;
//! the history matches on it, so it cannot be forgotten there.

/// A kind of change, stored by its code ("client_delegation.added").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    ClientDelegationAdded,
    ClientDelegationRemoved,
    /// A delegation ended by itself: the relationship it rested on no longer qualifies.
    ClientDelegationEnded,
    FullmaktGiven,
    FullmaktPackagesDelegated,
    FullmaktPackageWithdrawn,
    FullmaktWithdrawn,
    /// A firm asked an organization for fullmakt (`domain::fullmakt_requests`).
    FullmaktRequestCreated,
    FullmaktRequestAccepted,
    FullmaktRequestDeclined,
    FullmaktRequestWithdrawn,
    FullmaktRequestExpired,
    RoleGranted,
    RoleRevoked,
    RegisterRoleAdded,
    RegisterRoleRemoved,
    SystemRegistered,
    SystemUpdated,
    /// A vendor deleted its system from the register; its system users stay.
    SystemDeleted,
    SystemUserCreated,
    SystemUserDeleted,
    /// An agent set to take new clients by itself, or no longer.
    SystemUserAutoAddChanged,
    RequestCreated,
    RequestAccepted,
    RequestRejected,
    RequestTimedOut,
    /// A request passed on to those who may answer it (*Send til tilgangsstyrer*).
    RequestEscalated,
    /// A vendor asked to change a system user's packages (`domain::change_requests`).
    ChangeRequestCreated,
    ChangeRequestAccepted,
    ChangeRequestRejected,
    /// The vendor deleted its change request, answered or not.
    ChangeRequestDeleted,
    /// A change request passed its expiry unanswered (written by the portal when next touched).
    ChangeRequestTimedOut,
    /// A change request passed on to those who may answer it (*Send til tilgangsstyrer*).
    ChangeRequestEscalated,
    /// The vendor deleted its request (`DELETE …/request/vendor/{id}`), answered or not.
    RequestDeleted,
    /// An organization learnt from Enhetsregisteret.
    OrganizationAdded,
}

impl Action {
    pub const ALL: [Action; 35] = [
        Self::ClientDelegationAdded,
        Self::ClientDelegationRemoved,
        Self::ClientDelegationEnded,
        Self::FullmaktGiven,
        Self::FullmaktPackagesDelegated,
        Self::FullmaktPackageWithdrawn,
        Self::FullmaktWithdrawn,
        Self::FullmaktRequestCreated,
        Self::FullmaktRequestAccepted,
        Self::FullmaktRequestDeclined,
        Self::FullmaktRequestWithdrawn,
        Self::FullmaktRequestExpired,
        Self::RoleGranted,
        Self::RoleRevoked,
        Self::RegisterRoleAdded,
        Self::RegisterRoleRemoved,
        Self::SystemRegistered,
        Self::SystemUpdated,
        Self::SystemDeleted,
        Self::SystemUserCreated,
        Self::SystemUserDeleted,
        Self::SystemUserAutoAddChanged,
        Self::RequestCreated,
        Self::RequestAccepted,
        Self::RequestRejected,
        Self::RequestTimedOut,
        Self::RequestEscalated,
        Self::RequestDeleted,
        Self::ChangeRequestCreated,
        Self::ChangeRequestAccepted,
        Self::ChangeRequestRejected,
        Self::ChangeRequestDeleted,
        Self::ChangeRequestTimedOut,
        Self::ChangeRequestEscalated,
        Self::OrganizationAdded,
    ];

    /// The code in `audit_events.action`; codes never change, since the trail keeps them.
    pub const fn code(self) -> &'static str {
        match self {
            Self::ClientDelegationAdded => "client_delegation.added",
            Self::ClientDelegationRemoved => "client_delegation.removed",
            Self::ClientDelegationEnded => "client_delegation.ended",
            Self::FullmaktGiven => "fullmakt.given",
            Self::FullmaktPackagesDelegated => "fullmakt.packages_delegated",
            Self::FullmaktPackageWithdrawn => "fullmakt.package_withdrawn",
            Self::FullmaktWithdrawn => "fullmakt.withdrawn",
            Self::FullmaktRequestCreated => "fullmakt_request.created",
            Self::FullmaktRequestAccepted => "fullmakt_request.accepted",
            Self::FullmaktRequestDeclined => "fullmakt_request.declined",
            Self::FullmaktRequestWithdrawn => "fullmakt_request.withdrawn",
            Self::FullmaktRequestExpired => "fullmakt_request.expired",
            Self::RoleGranted => "role.granted",
            Self::RoleRevoked => "role.revoked",
            Self::RegisterRoleAdded => "register_role.added",
            Self::RegisterRoleRemoved => "register_role.removed",
            Self::SystemRegistered => "system.registered",
            Self::SystemUpdated => "system.updated",
            Self::SystemDeleted => "system.deleted",
            Self::SystemUserCreated => "system_user.created",
            Self::SystemUserDeleted => "system_user.deleted",
            Self::SystemUserAutoAddChanged => "system_user.auto_add_changed",
            Self::RequestCreated => "system_user_request.created",
            Self::RequestAccepted => "system_user_request.accepted",
            Self::RequestRejected => "system_user_request.rejected",
            Self::RequestTimedOut => "system_user_request.timed_out",
            Self::RequestEscalated => "system_user_request.escalated",
            Self::RequestDeleted => "system_user_request.deleted",
            Self::ChangeRequestCreated => "system_user_change_request.created",
            Self::ChangeRequestAccepted => "system_user_change_request.accepted",
            Self::ChangeRequestRejected => "system_user_change_request.rejected",
            Self::ChangeRequestDeleted => "system_user_change_request.deleted",
            Self::ChangeRequestTimedOut => "system_user_change_request.timed_out",
            Self::ChangeRequestEscalated => "system_user_change_request.escalated",
            Self::OrganizationAdded => "organization.added",
        }
    }

    /// None for a code this version does not write (the history shows it as it is).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Who made a change: a person, or something that is not one. Stored by its code in
/// `audit_events.actor_kind`, beside the actor's name as it was then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Person,
    /// A vendor's software, through the vendor API (the name is the vendor's).
    Vendor,
    /// The portal itself (a request passing its expiry).
    Automatic,
    /// An operator on the command line.
    CommandLine,
    /// An import from Enhetsregisteret.
    Register,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        Self::Person,
        Self::Vendor,
        Self::Automatic,
        Self::CommandLine,
        Self::Register,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Vendor => "vendor",
            Self::Automatic => "automatic",
            Self::CommandLine => "command_line",
            Self::Register => "register",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Who made a change, as an organization reading its history may know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorSeen<'a> {
    /// A person of the reader's own organization, by name.
    Person(&'a str),
    /// A person of another organization: only the organization is named.
    Organization(&'a str),
    /// Not a person (a register, the command line, the portal, a vendor's API).
    NotAPerson(ActorKind, &'a str),
    Unknown,
}

/// The rule for naming an actor: a person's name belongs to their own organization's
/// history; any other reader sees the organization they acted for. `acted_for` is that
/// organization (its id and name); `name` is the actor's name as the trail has it.
pub fn actor_seen<'a>(
    kind: ActorKind,
    name: &'a str,
    acted_for: Option<(uuid::Uuid, &'a str)>,
    reader: uuid::Uuid,
) -> ActorSeen<'a> {
    match (kind, acted_for) {
        (ActorKind::Person, Some((org, _))) if org == reader && !name.is_empty() => {
            ActorSeen::Person(name)
        }
        (ActorKind::Person, Some((_, org))) => ActorSeen::Organization(org),
        (ActorKind::Person, None) if !name.is_empty() => ActorSeen::Person(name),
        (ActorKind::Person, None) => ActorSeen::Unknown,
        (kind, _) => ActorSeen::NotAPerson(kind, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_name_is_only_for_their_own_organization() {
        let (own, other) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let acted_for = Some((own, "Varm Økonomisk Ape"));
        assert_eq!(
            actor_seen(ActorKind::Person, "Ola", acted_for, own),
            ActorSeen::Person("Ola")
        );
        assert_eq!(
            actor_seen(ActorKind::Person, "Ola", acted_for, other),
            ActorSeen::Organization("Varm Økonomisk Ape")
        );
        assert_eq!(
            actor_seen(ActorKind::Vendor, "Smart Regnskap AS", acted_for, other),
            ActorSeen::NotAPerson(ActorKind::Vendor, "Smart Regnskap AS")
        );
        assert_eq!(
            actor_seen(ActorKind::Person, "", None, own),
            ActorSeen::Unknown
        );
    }

    #[test]
    fn codes_are_distinct_and_read_back() {
        let codes: std::collections::BTreeSet<_> = Action::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        assert_eq!(Action::from_code("something.new"), None);
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::from_code(k.code()), Some(k));
        }
    }
}
