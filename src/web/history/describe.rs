//! How an audit event reads in *Historikk*: one Norwegian sentence per action, who did it
//! as the organization looking may know it, and the time on a Norwegian clock. An action
//! this module does not know still shows, as its code and details.

use serde_json::Value;
use uuid::Uuid;

use crate::domain::audit::{ActorSeen, actor_seen};
use crate::domain::{AccessPackage, Action, ActorKind, EndCause, RegisterRole, Role};
use crate::store::history::HistoryEvent;
use crate::web::i18n::{Arg, t, t_args};
use crate::web::texts::{
    end_cause_read_by, join_list, localized, package_name, register_role_in_text, role_name,
};

/// One event as a row of the page and of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub action: String,
    /// "24.11.2026 14:03", Norwegian time.
    pub when: String,
    /// "2026-11-24T14:03:07+01:00", the same moment in ISO 8601 with Norway's offset.
    pub when_iso: String,
    /// A person's name for the organization's own events; the other organization's name
    /// for events it did; "Enhetsregisteret", "Kommandolinjen" or the vendor's API.
    pub who: String,
    /// The organization the actor acted for ("" when none did).
    pub on_behalf_of: String,
    pub what: String,
    /// Why it happened, for changes nobody asked for directly.
    pub cause: Option<String>,
    pub client_number: String,
    pub client_name: String,
    pub system_access: String,
    /// The event's details as JSON, for an action this version does not know.
    pub unknown_details: Option<String>,
}

impl EventView {
    /// The event as `viewer` (the organization being represented) may read it.
    pub fn new(e: &HistoryEvent, viewer: Uuid) -> Self {
        let org_name = e.on_behalf_of.as_ref().map(|o| o.name.clone());
        let actor = e.actor_name.as_deref().unwrap_or_default();
        let acted_for = e.on_behalf_of.as_ref().map(|o| (o.id, o.name.as_str()));
        let who = match actor_seen(e.actor_kind, actor, acted_for, viewer) {
            ActorSeen::Person(name) | ActorSeen::Organization(name) => name.to_owned(),
            ActorSeen::NotAPerson(kind, name) => not_a_person(kind, name),
            ActorSeen::Unknown => t("history-unknown-actor"),
        };
        let (what, cause, known) = sentence(e, viewer);
        Self {
            action: e.action.clone(),
            when: when(e),
            when_iso: iso_8601(e),
            who,
            on_behalf_of: org_name.unwrap_or_default(),
            what,
            cause,
            client_number: e
                .client
                .as_ref()
                .map(|c| c.org_number.clone())
                .unwrap_or_default(),
            client_name: e
                .client
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            system_access: e.system_user_name.clone().unwrap_or_else(|| {
                if e.system_user_id.is_some() {
                    t("history-deleted-system-access")
                } else {
                    String::new()
                }
            }),
            unknown_details: (!known).then(|| e.details.to_string()),
        }
    }

    /// "311 037 889" for the page.
    pub fn client_number_formatted(&self) -> String {
        crate::domain::OrgNumber::parse(&self.client_number)
            .map(|n| n.formatted())
            .unwrap_or_else(|_| self.client_number.clone())
    }
}

/// An actor that is not a person, in the page's language; `name` is the vendor's.
fn not_a_person(kind: ActorKind, name: &str) -> String {
    match kind {
        ActorKind::Register => t("actor-register"),
        ActorKind::CommandLine => t("actor-command-line"),
        ActorKind::Automatic => t("actor-automatic"),
        ActorKind::Vendor => t_args("actor-vendor-api", &[("vendor", name.into())]),
        ActorKind::Person => name.to_owned(),
    }
}

/// "24.11.2026 14:03" (or "24 Nov 2026 14:03" in English), on Norway's clock.
fn when(e: &HistoryEvent) -> String {
    let l = e.local_time;
    let date = crate::web::view::date(&l.assume_utc());
    format!("{date} {:02}:{:02}", l.hour(), l.minute())
}

/// The local time with its offset from UTC, as Norway's clocks showed it.
fn iso_8601(e: &HistoryEvent) -> String {
    let l = e.local_time;
    let offset = (l.assume_utc() - e.occurred_at).whole_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second(),
        offset / 60,
        offset % 60
    )
}

fn text<'a>(d: &'a Value, key: &str) -> Option<&'a str> {
    d.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn strings(d: &Value, key: &str) -> Vec<String> {
    d.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// "tilgangspakken Regnskapsfører lønn" or "tilgangspakkene A og B"; URNs this version
/// does not know are shown as they are.
fn packages_phrase(urns: &[String]) -> Option<String> {
    let names: Vec<String> = urns
        .iter()
        .map(|u| AccessPackage::from_urn(u).map_or(u.clone(), |p| package_name(&p)))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(t_args(
        "history-packages",
        &[
            ("count", names.len().into()),
            ("names", join_list(&names).into()),
        ],
    ))
}

fn with_packages(sentence: String, urns: &[String]) -> String {
    match packages_phrase(urns) {
        Some(p) => t_args(
            "history-with-packages",
            &[("sentence", sentence.into()), ("packages", p.into())],
        ),
        None => sentence,
    }
}

/// A sentence with named parts.
fn say(key: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (*n, Arg::from(*v))).collect();
    t_args(key, &args)
}

/// (sentence, cause, whether the action is known).
/// `viewer` is the organization reading: the client reads its own withdrawals as its own.
fn sentence(e: &HistoryEvent, viewer: Uuid) -> (String, Option<String>, bool) {
    let d = &e.details;
    let client = e
        .client
        .as_ref()
        .map(|c| c.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| t("history-a-client"));
    let firm = e
        .firm
        .as_ref()
        .map(|f| f.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| t("history-an-organization"));
    let access = e
        .system_user_name
        .clone()
        .or_else(|| text(d, "name").map(str::to_owned))
        .unwrap_or_else(|| t("history-a-deleted-system-access"));
    let system = e
        .system_name
        .as_ref()
        .map(|name| localized(name).to_owned())
        .or_else(|| text(d, "system_id").map(str::to_owned))
        .unwrap_or_else(|| t("history-a-system"));
    let packages = strings(d, "packages");
    let access_packages = strings(d, "access_packages");
    let (client, firm, access, system) = (
        client.as_str(),
        firm.as_str(),
        access.as_str(),
        system.as_str(),
    );

    let said = |s: String| (s, None, true);
    let Some(action) = Action::from_code(&e.action) else {
        return (say("event-unknown", &[("action", &e.action)]), None, false);
    };
    match action {
        Action::ClientDelegationAdded => {
            // Put there by a system access that takes new clients by itself: why.
            let cause =
                (d.get("automatic") == Some(&Value::Bool(true))).then(|| match text(d, "cause") {
                    Some("register_role") => {
                        let role = text(d, "role")
                            .map(|code| {
                                RegisterRole::from_code(code)
                                    .map_or(code.to_owned(), |r| register_role_in_text(&r))
                            })
                            .unwrap_or_else(|| t("history-a-role"));
                        say(
                            "event-added-automatically-role",
                            &[("firm", firm), ("role", &role), ("client", client)],
                        )
                    }
                    Some("fullmakt") => {
                        say("event-added-automatically-fullmakt", &[("client", client)])
                    }
                    Some("system_user_changed") => {
                        say("event-added-automatically-changed", &[("access", access)])
                    }
                    _ => t("event-added-automatically"),
                });
            let what = say(
                "event-client-added",
                &[("client", client), ("access", access)],
            );
            (what, cause, true)
        }
        Action::ClientDelegationRemoved => {
            let cause = (text(d, "reason") == Some("system_user_deleted"))
                .then(|| t("event-cause-system-user-deleted"));
            let what = say(
                "event-client-removed",
                &[("client", client), ("access", access)],
            );
            (what, cause, true)
        }
        Action::ClientDelegationEnded => {
            let cause = text(d, "cause").map(|code| {
                let by_the_client = e.client.as_ref().is_some_and(|c| c.id == viewer);
                EndCause::from_code(code, text(d, "subject"))
                    .map(|c| end_cause_read_by(&c, by_the_client))
                    .unwrap_or_else(|_| code.to_owned())
            });
            let missing = packages_phrase(&strings(d, "missing"))
                .map(|p| say("event-missing-now", &[("packages", &p)]));
            let cause = match (cause, missing) {
                (Some(c), Some(m)) => Some(format!("{c} {m}")),
                (c, m) => c.or(m),
            };
            let what = say(
                "event-client-ended",
                &[("client", client), ("access", access)],
            );
            (what, cause, true)
        }
        Action::FullmaktGiven => said(with_packages(
            say("event-fullmakt-given", &[("firm", firm)]),
            &packages,
        )),
        Action::FullmaktPackagesDelegated => said(match packages_phrase(&packages) {
            Some(p) => say(
                "event-packages-delegated",
                &[("firm", firm), ("packages", &p)],
            ),
            None => say("event-more-packages-delegated", &[("firm", firm)]),
        }),
        Action::FullmaktPackageWithdrawn => said(match packages_phrase(&packages) {
            Some(p) => say(
                "event-package-withdrawn",
                &[("firm", firm), ("packages", &p)],
            ),
            None => say("event-a-package-withdrawn", &[("firm", firm)]),
        }),
        Action::FullmaktWithdrawn => said(with_packages(
            say("event-fullmakt-withdrawn", &[("firm", firm)]),
            &packages,
        )),
        Action::FullmaktRequestCreated => {
            let for_access = text(d, "system_user_name")
                .map(|n| say("event-fullmakt-request-for-access", &[("access", n)]));
            let what = with_packages(
                say("event-fullmakt-request-created", &[("client", client)]),
                &packages,
            );
            (what, for_access, true)
        }
        Action::FullmaktRequestAccepted => {
            said(say("event-fullmakt-request-accepted", &[("firm", firm)]))
        }
        Action::FullmaktRequestDeclined => {
            said(say("event-fullmakt-request-declined", &[("firm", firm)]))
        }
        Action::FullmaktRequestWithdrawn => said(say(
            "event-fullmakt-request-withdrawn",
            &[("client", client)],
        )),
        Action::FullmaktRequestExpired => said(say(
            "event-fullmakt-request-expired",
            &[("firm", firm), ("client", client)],
        )),
        Action::RoleGranted | Action::RoleRevoked => {
            let person = text(d, "person_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-a-person"));
            let role = text(d, "role")
                .map(|code| Role::from_code(code).map_or(code.to_owned(), |r| role_name(&r)))
                .unwrap_or_else(|| t("history-a-role"));
            let key = if action == Action::RoleGranted {
                "event-role-granted"
            } else {
                "event-role-revoked"
            };
            said(say(key, &[("person", &person), ("role", &role)]))
        }
        Action::RegisterRoleAdded | Action::RegisterRoleRemoved => {
            let role = text(d, "role")
                .map(|code| {
                    RegisterRole::from_code(code)
                        .map_or(code.to_owned(), |r| register_role_in_text(&r))
                })
                .unwrap_or_else(|| t("history-a-role"));
            let key = if action == Action::RegisterRoleAdded {
                "event-register-role-added"
            } else {
                "event-register-role-removed"
            };
            said(say(
                key,
                &[("firm", firm), ("role", &role), ("client", client)],
            ))
        }
        Action::SystemRegistered | Action::SystemUpdated => {
            let name = text(d, "name").unwrap_or(system);
            let id = text(d, "system_id").unwrap_or("");
            let key = if action == Action::SystemRegistered {
                "event-system-registered"
            } else {
                "event-system-updated"
            };
            said(with_packages(
                say(key, &[("name", name), ("id", id)]),
                &access_packages,
            ))
        }
        Action::SystemDeleted => {
            let name = text(d, "name").unwrap_or(system);
            let id = text(d, "system_id").unwrap_or("");
            said(say("event-system-deleted", &[("name", name), ("id", id)]))
        }
        Action::SystemUserCreated => said(with_packages(
            say(
                "event-system-user-created",
                &[("access", access), ("system", system)],
            ),
            &access_packages,
        )),
        Action::SystemUserDeleted => {
            let name = text(d, "name").unwrap_or(access);
            let removed = d
                .get("clients_removed")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            said(t_args(
                "event-system-user-deleted",
                &[("name", name.into()), ("count", removed.into())],
            ))
        }
        Action::SystemUserAutoAddChanged => {
            let key = if d.get("auto_add") == Some(&Value::Bool(true)) {
                "event-auto-add-on"
            } else {
                "event-auto-add-off"
            };
            said(say(key, &[("access", access)]))
        }
        Action::RequestCreated => {
            let key = match (text(d, "kind") == Some("agent"), &e.firm) {
                (true, Some(_)) => "event-agent-request-created-for",
                (true, None) => "event-agent-request-created",
                (false, Some(_)) => "event-request-created-for",
                (false, None) => "event-request-created",
            };
            let customer = e.firm.as_ref().map_or("", |f| f.name.as_str());
            said(with_packages(
                say(key, &[("system", system), ("customer", customer)]),
                &access_packages,
            ))
        }
        Action::RequestAccepted => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            said(match text(d, "system_user_name") {
                Some(n) => say(
                    "event-request-accepted-created",
                    &[("vendor", &vendor), ("system", system), ("access", n)],
                ),
                None => say(
                    "event-request-accepted",
                    &[("vendor", &vendor), ("system", system)],
                ),
            })
        }
        Action::RequestRejected => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            said(say(
                "event-request-rejected",
                &[("vendor", &vendor), ("system", system)],
            ))
        }
        Action::RequestEscalated => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            said(say(
                "event-request-escalated",
                &[("vendor", &vendor), ("system", system)],
            ))
        }
        Action::RequestDeleted => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            let key = if text(d, "was") == Some("pending") {
                "event-request-withdrawn"
            } else {
                "event-request-deleted"
            };
            said(say(key, &[("vendor", &vendor), ("system", system)]))
        }
        Action::ChangeRequestCreated
        | Action::ChangeRequestAccepted
        | Action::ChangeRequestRejected
        | Action::ChangeRequestDeleted => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            let key = match action {
                Action::ChangeRequestCreated => "event-change-request-created",
                Action::ChangeRequestAccepted => "event-change-request-accepted",
                Action::ChangeRequestRejected => "event-change-request-rejected",
                _ => "event-change-request-deleted",
            };
            let added = strings(d, "added");
            said(with_packages(
                say(key, &[("vendor", &vendor), ("access", access)]),
                &added,
            ))
        }
        Action::ChangeRequestEscalated => {
            let vendor = text(d, "vendor_name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-the-vendor"));
            said(say(
                "event-change-request-escalated",
                &[("vendor", &vendor), ("access", access)],
            ))
        }
        Action::ChangeRequestTimedOut => (
            say("event-change-request-timed-out", &[("access", access)]),
            Some(t("event-cause-no-answer")),
            true,
        ),
        Action::RequestTimedOut => (
            say("event-request-timed-out", &[("system", system)]),
            Some(t("event-cause-no-answer")),
            true,
        ),
        Action::OrganizationAdded => {
            let name = text(d, "name")
                .map(str::to_owned)
                .unwrap_or_else(|| t("history-an-organization"));
            said(say("event-organization-added", &[("name", &name)]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::NamedOrganization;
    use serde_json::json;
    use time::macros::datetime;

    fn org(name: &str, number: &str) -> NamedOrganization {
        NamedOrganization {
            id: Uuid::new_v4(),
            org_number: number.to_owned(),
            name: name.to_owned(),
        }
    }

    fn event(action: &str, details: Value) -> HistoryEvent {
        HistoryEvent {
            id: 1,
            occurred_at: datetime!(2026-11-24 13:03:07 UTC),
            local_time: datetime!(2026-11-24 14:03:07),
            action: action.to_owned(),
            actor_kind: ActorKind::Person,
            actor_person_id: Some(Uuid::new_v4()),
            actor_name: Some("Ola Klientsen".to_owned()),
            on_behalf_of: Some(org("Varm Økonomisk Ape", "311037889")),
            system_user_id: Some(Uuid::new_v4()),
            system_user_name: Some("Smart Regnskap – klientportefølje".to_owned()),
            client: Some(org("Bergtatt Bygg AS", "315000029")),
            firm: Some(org("Varm Økonomisk Ape", "311037889")),
            system_name: Some(crate::domain::systems::Localized {
                nb: "Smart Regnskap Klient".to_owned(),
                nn: "Smart Rekneskap Klient".to_owned(),
                en: "Smart Accounting Client".to_owned(),
            }),
            details,
        }
    }

    fn what(action: &str, details: Value) -> String {
        let e = event(action, details);
        let viewer = e.on_behalf_of.as_ref().unwrap().id;
        EventView::new(&e, viewer).what
    }

    #[test]
    fn actors_that_are_not_persons_read_in_the_language() {
        use crate::web::i18n::{Lang, in_lang};
        assert_eq!(not_a_person(ActorKind::CommandLine, ""), "Kommandolinjen");
        in_lang(Lang::En, || {
            assert_eq!(
                not_a_person(ActorKind::Vendor, "Smart Regnskap AS"),
                "Smart Regnskap AS (vendor API)"
            );
            assert_eq!(
                not_a_person(ActorKind::Register, "Enhetsregisteret"),
                "The Central Coordinating Register"
            );
        });
        in_lang(Lang::Nn, || {
            assert_eq!(
                not_a_person(ActorKind::Register, "Enhetsregisteret"),
                "Einingsregisteret"
            );
        });
    }

    #[test]
    fn client_delegations_read_as_sentences() {
        assert_eq!(
            what("client_delegation.added", json!({})),
            "La til Bergtatt Bygg AS i Smart Regnskap – klientportefølje"
        );
        assert_eq!(
            what("client_delegation.removed", json!({})),
            "Fjernet Bergtatt Bygg AS fra Smart Regnskap – klientportefølje"
        );
        let e = event(
            "client_delegation.ended",
            json!({
                "cause": "package_withdrawn",
                "subject": "urn:altinn:accesspackage:regnskapsforer-lonn",
                "missing": ["urn:altinn:accesspackage:regnskapsforer-lonn"],
            }),
        );
        let v = EventView::new(&e, Uuid::new_v4());
        assert_eq!(
            v.what,
            "Fjernet automatisk: Bergtatt Bygg AS fra Smart Regnskap – klientportefølje"
        );
        assert_eq!(
            v.cause.as_deref(),
            Some(
                "Kunden trakk tilbake tilgangspakken Regnskapsfører lønn. Mangler nå tilgangspakken Regnskapsfører lønn."
            )
        );
    }

    #[test]
    fn fullmakt_names_the_packages() {
        let both = json!({ "packages": [
            "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet",
            "urn:altinn:accesspackage:regnskapsforer-lonn",
        ]});
        assert_eq!(
            what("fullmakt.given", both.clone()),
            "Ga fullmakt til Varm Økonomisk Ape med tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn"
        );
        assert_eq!(
            what("fullmakt.withdrawn", both),
            "Trakk tilbake fullmakten til Varm Økonomisk Ape med tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn"
        );
        assert_eq!(
            what(
                "fullmakt.package_withdrawn",
                json!({ "packages": ["urn:altinn:accesspackage:regnskapsforer-lonn"] })
            ),
            "Trakk tilbake tilgangspakken Regnskapsfører lønn fra Varm Økonomisk Ape"
        );
        assert_eq!(
            what(
                "fullmakt.packages_delegated",
                json!({ "packages": ["urn:altinn:accesspackage:ny-pakke"] })
            ),
            "Ga Varm Økonomisk Ape tilgangspakken urn:altinn:accesspackage:ny-pakke under fullmakten",
            "an unknown package is shown as it is"
        );
    }

    #[test]
    fn roles_and_register_roles() {
        assert_eq!(
            what(
                "role.granted",
                json!({ "person_name": "Per Bakke", "role": "KADM" })
            ),
            "Ga Per Bakke rollen Klientadministrator"
        );
        assert_eq!(
            what(
                "role.revoked",
                json!({ "person_name": "Per Bakke", "role": "TILG" })
            ),
            "Tok rollen Tilgangsstyrer fra Per Bakke"
        );
        assert_eq!(
            what("register_role.removed", json!({ "role": "REGN" })),
            "Fjernet Varm Økonomisk Ape som regnskapsfører (REGN) for Bergtatt Bygg AS"
        );
    }

    #[test]
    fn system_users_and_requests() {
        assert_eq!(
            what(
                "system_user.deleted",
                json!({ "name": "Gammel", "clients_removed": 3 })
            ),
            "Slettet systemtilgangen Gammel og fjernet 3 kunder fra den"
        );
        assert_eq!(
            what(
                "system_user_request.accepted",
                json!({ "vendor_name": "Smart Regnskap AS", "system_user_name": "Ny" })
            ),
            "Godkjente forespørselen fra Smart Regnskap AS om systemtilgang til Smart Regnskap Klient og opprettet systemtilgangen Ny"
        );
        // The system's name in the page's language, as the register keeps it.
        let english = crate::web::i18n::in_lang(crate::web::i18n::Lang::En, || {
            what(
                "system_user_request.rejected",
                json!({ "vendor_name": "Smart Regnskap AS" }),
            )
        });
        assert!(english.contains("Smart Accounting Client"), "{english}");
    }

    #[test]
    fn every_known_action_has_a_sentence_of_its_own() {
        for action in Action::ALL.map(Action::code) {
            let v = EventView::new(&event(action, json!({})), Uuid::new_v4());
            assert!(v.unknown_details.is_none(), "{action}");
            assert!(!v.what.contains(action), "{action}: {}", v.what);
        }
    }

    #[test]
    fn an_unknown_action_still_shows_its_code_and_details() {
        let v = EventView::new(
            &event("invitation.sent", json!({ "to": "315000029" })),
            Uuid::new_v4(),
        );
        assert_eq!(v.what, "Hendelse invitation.sent");
        assert_eq!(v.unknown_details.as_deref(), Some(r#"{"to":"315000029"}"#));
    }

    #[test]
    fn a_person_is_named_only_to_their_own_organization() {
        let e = event("client_delegation.added", json!({}));
        let own = e.on_behalf_of.as_ref().unwrap().id;
        let mine = EventView::new(&e, own);
        assert_eq!(mine.who, "Ola Klientsen");
        assert_eq!(mine.on_behalf_of, "Varm Økonomisk Ape");
        let theirs = EventView::new(&e, Uuid::new_v4());
        assert_eq!(theirs.who, "Varm Økonomisk Ape");
        assert_eq!(theirs.on_behalf_of, "Varm Økonomisk Ape");

        let mut register = e.clone();
        register.actor_kind = ActorKind::Register;
        register.actor_person_id = None;
        register.actor_name = Some("Enhetsregisteret".to_owned());
        register.on_behalf_of = None;
        let v = EventView::new(&register, own);
        assert_eq!(
            (v.who.as_str(), v.on_behalf_of.as_str()),
            ("Enhetsregisteret", "")
        );
    }

    #[test]
    fn times_read_the_norwegian_way_with_the_offset_of_the_season() {
        let winter = EventView::new(&event("role.granted", json!({})), Uuid::new_v4());
        assert_eq!(winter.when, "24.11.2026 14:03");
        assert_eq!(winter.when_iso, "2026-11-24T14:03:07+01:00");
        let mut summer = event("role.granted", json!({}));
        summer.occurred_at = datetime!(2026-06-30 22:30:00 UTC);
        summer.local_time = datetime!(2026-07-01 00:30:00);
        let v = EventView::new(&summer, Uuid::new_v4());
        assert_eq!(v.when, "01.07.2026 00:30");
        assert_eq!(v.when_iso, "2026-07-01T00:30:00+02:00");
    }
}
