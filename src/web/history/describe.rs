//! How an audit event reads in *Historikk*: one Norwegian sentence per action, who did it
//! as the organization looking may know it, and the time on a Norwegian clock. An action
//! this module does not know still shows, as its code and details.

use serde_json::Value;
use uuid::Uuid;

use crate::domain::eligibility::join_nb;
use crate::domain::{AccessPackage, EndCause, RegisterRole, Role};
use crate::store::history::HistoryEvent;

/// Every action the portal writes, each with its sentence below. tests/audit_events.rs
/// checks that a change of every kind writes one of these and nothing else.
pub const KNOWN_ACTIONS: [&str; 20] = [
    "client_delegation.added",
    "client_delegation.removed",
    "client_delegation.ended",
    "fullmakt.given",
    "fullmakt.packages_delegated",
    "fullmakt.package_withdrawn",
    "fullmakt.withdrawn",
    "role.granted",
    "role.revoked",
    "register_role.added",
    "register_role.removed",
    "system.registered",
    "system.updated",
    "system_user.created",
    "system_user.deleted",
    "system_user_request.created",
    "system_user_request.accepted",
    "system_user_request.rejected",
    "system_user_request.timed_out",
    "organization.added",
];

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
        let own = e.on_behalf_of.as_ref().is_some_and(|o| o.id == viewer);
        let org_name = e.on_behalf_of.as_ref().map(|o| o.name.clone());
        let actor = e.actor_name.clone().unwrap_or_default();
        // A person's name belongs to their own organization's history; others see the
        // organization. Registers, the command line and vendors' APIs are not persons.
        let who = match (&org_name, e.actor_person_id) {
            (Some(_), Some(_)) if own => actor,
            (Some(org), Some(_)) => org.clone(),
            (_, None) if !actor.is_empty() => actor,
            (Some(org), None) => org.clone(),
            (None, _) => "Ukjent".to_owned(),
        };
        let (what, cause, known) = sentence(e);
        Self {
            action: e.action.clone(),
            when: format!(
                "{:02}.{:02}.{} {:02}:{:02}",
                e.local_time.day(),
                u8::from(e.local_time.month()),
                e.local_time.year(),
                e.local_time.hour(),
                e.local_time.minute()
            ),
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
                    "Slettet systemtilgang".to_owned()
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
    let names: Vec<&str> = urns
        .iter()
        .map(|u| AccessPackage::from_urn(u).map_or(u.as_str(), |p| p.name()))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("tilgangspakken {one}")),
        many => Some(format!("tilgangspakkene {}", join_nb(many))),
    }
}

fn with_packages(sentence: String, urns: &[String]) -> String {
    match packages_phrase(urns) {
        Some(p) => format!("{sentence} med {p}"),
        None => sentence,
    }
}

/// (sentence, cause, whether the action is known).
fn sentence(e: &HistoryEvent) -> (String, Option<String>, bool) {
    let d = &e.details;
    let client = e
        .client
        .as_ref()
        .map(|c| c.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "en kunde".to_owned());
    let firm = e
        .firm
        .as_ref()
        .map(|f| f.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "en virksomhet".to_owned());
    let access = e
        .system_user_name
        .clone()
        .or_else(|| text(d, "name").map(str::to_owned))
        .unwrap_or_else(|| "en slettet systemtilgang".to_owned());
    let system = e
        .system_name
        .clone()
        .or_else(|| text(d, "system_id").map(str::to_owned))
        .unwrap_or_else(|| "et system".to_owned());
    let packages = strings(d, "packages");
    let access_packages = strings(d, "access_packages");

    let said = |s: String| (s, None, true);
    match e.action.as_str() {
        "client_delegation.added" => said(format!("La til {client} i {access}")),
        "client_delegation.removed" => {
            let cause = (text(d, "reason") == Some("system_user_deleted"))
                .then(|| "Systemtilgangen ble slettet.".to_owned());
            (format!("Fjernet {client} fra {access}"), cause, true)
        }
        "client_delegation.ended" => {
            let cause = text(d, "cause").map(|code| {
                EndCause::from_code(code, text(d, "subject"))
                    .map(|c| c.describe())
                    .unwrap_or_else(|_| code.to_owned())
            });
            let missing =
                packages_phrase(&strings(d, "missing")).map(|p| format!("Mangler nå {p}."));
            let cause = match (cause, missing) {
                (Some(c), Some(m)) => Some(format!("{c} {m}")),
                (c, m) => c.or(m),
            };
            (
                format!("Fjernet automatisk: {client} fra {access}"),
                cause,
                true,
            )
        }
        "fullmakt.given" => said(with_packages(format!("Ga fullmakt til {firm}"), &packages)),
        "fullmakt.packages_delegated" => said(match packages_phrase(&packages) {
            Some(p) => format!("Ga {firm} {p} under fullmakten"),
            None => format!("Ga {firm} flere tilgangspakker under fullmakten"),
        }),
        "fullmakt.package_withdrawn" => said(match packages_phrase(&packages) {
            Some(p) => format!("Trakk tilbake {p} fra {firm}"),
            None => format!("Trakk tilbake en tilgangspakke fra {firm}"),
        }),
        "fullmakt.withdrawn" => said(with_packages(
            format!("Trakk tilbake fullmakten til {firm}"),
            &packages,
        )),
        "role.granted" | "role.revoked" => {
            let person = text(d, "person_name").unwrap_or("en person");
            let role = text(d, "role")
                .map(|code| Role::from_code(code).map_or(code.to_owned(), |r| r.name().to_owned()))
                .unwrap_or_else(|| "en rolle".to_owned());
            said(if e.action == "role.granted" {
                format!("Ga {person} rollen {role}")
            } else {
                format!("Tok rollen {role} fra {person}")
            })
        }
        "register_role.added" | "register_role.removed" => {
            let role = text(d, "role")
                .map(|code| {
                    RegisterRole::from_code(code).map_or(code.to_owned(), |r| {
                        format!("{} ({})", r.name().to_lowercase(), r.code())
                    })
                })
                .unwrap_or_else(|| "en rolle".to_owned());
            said(if e.action == "register_role.added" {
                format!("Registrerte {firm} som {role} for {client}")
            } else {
                format!("Fjernet {firm} som {role} for {client}")
            })
        }
        "system.registered" | "system.updated" => {
            let name = text(d, "name").map_or(system.clone(), str::to_owned);
            let id = text(d, "system_id").unwrap_or("");
            let verb = if e.action == "system.registered" {
                "Registrerte"
            } else {
                "Oppdaterte"
            };
            said(with_packages(
                format!("{verb} systemet {name} ({id})"),
                &access_packages,
            ))
        }
        "system_user.created" => said(with_packages(
            format!("Opprettet systemtilgangen {access} for {system}"),
            &access_packages,
        )),
        "system_user.deleted" => {
            let name = text(d, "name").map_or(access.clone(), str::to_owned);
            let removed = d
                .get("clients_removed")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            said(match removed {
                0 => format!("Slettet systemtilgangen {name}"),
                1 => format!("Slettet systemtilgangen {name} og fjernet 1 kunde fra den"),
                n => format!("Slettet systemtilgangen {name} og fjernet {n} kunder fra den"),
            })
        }
        "system_user_request.created" => {
            let kind = if text(d, "kind") == Some("agent") {
                "en systemtilgang for klienter"
            } else {
                "en systemtilgang"
            };
            let customer = e
                .firm
                .as_ref()
                .map(|f| format!(" hos {}", f.name))
                .unwrap_or_default();
            said(with_packages(
                format!("Ba om {kind} til {system}{customer}"),
                &access_packages,
            ))
        }
        "system_user_request.accepted" => {
            let vendor = text(d, "vendor_name").unwrap_or("leverandøren");
            let created = text(d, "system_user_name")
                .map(|n| format!(" og opprettet systemtilgangen {n}"))
                .unwrap_or_default();
            said(format!(
                "Godkjente forespørselen fra {vendor} om systemtilgang til {system}{created}"
            ))
        }
        "system_user_request.rejected" => {
            let vendor = text(d, "vendor_name").unwrap_or("leverandøren");
            said(format!(
                "Avviste forespørselen fra {vendor} om systemtilgang til {system}"
            ))
        }
        "system_user_request.timed_out" => (
            format!("Forespørselen om systemtilgang til {system} utløp uten svar"),
            Some("Ingen svarte før fristen.".to_owned()),
            true,
        ),
        "organization.added" => {
            let name = text(d, "name").unwrap_or("en virksomhet");
            said(format!("La til {name} fra Enhetsregisteret i portalen"))
        }
        other => (format!("Hendelse {other}"), None, false),
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
            actor_person_id: Some(Uuid::new_v4()),
            actor_name: Some("Ola Klientsen".to_owned()),
            on_behalf_of: Some(org("Varm Økonomisk Ape", "311037889")),
            system_user_id: Some(Uuid::new_v4()),
            system_user_name: Some("Smart Regnskap – klientportefølje".to_owned()),
            client: Some(org("Bergtatt Bygg AS", "315000029")),
            firm: Some(org("Varm Økonomisk Ape", "311037889")),
            system_name: Some("Smart Regnskap Klient".to_owned()),
            details,
        }
    }

    fn what(action: &str, details: Value) -> String {
        let e = event(action, details);
        let viewer = e.on_behalf_of.as_ref().unwrap().id;
        EventView::new(&e, viewer).what
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
    }

    #[test]
    fn every_known_action_has_a_sentence_of_its_own() {
        for action in KNOWN_ACTIONS {
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
