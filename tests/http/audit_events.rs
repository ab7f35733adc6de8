//! Every change writes exactly one audit event, through the real app: the portal's forms,
//! the vendor API and the command-line tool. Each step below makes one kind of change and
//! checks the events it wrote (one per client when a change names several), with the
//! actor, the organization acted for and the subjects. The actions seen must be exactly
//! those Historikk knows how to describe, and the store may write no others.

use std::collections::BTreeSet;
use std::process::Output;

use crate::common::*;
use klientdelegering::domain::NationalId;
use klientdelegering::domain::{Action, ActorKind};
use klientdelegering::store::seed;
use serde_json::{Value, json};
use uuid::Uuid;

const FIRM: &str = seed::FIRM_ORG_NUMBER;
const VENDOR: &str = "Smart Regnskap AS";

/// One event, as the columns the test checks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Event {
    action: String,
    actor_kind: String,
    actor_person_id: Option<Uuid>,
    actor_name: Option<String>,
    on_behalf_of_id: Option<Uuid>,
    system_user_id: Option<Uuid>,
    client_id: Option<Uuid>,
    firm_id: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    action: String,
    actor_kind: String,
    actor_person_id: Option<Uuid>,
    actor_name: Option<String>,
    on_behalf_of_id: Option<Uuid>,
    system_user_id: Option<Uuid>,
    client_id: Option<Uuid>,
    firm_id: Option<Uuid>,
    details: Value,
}

/// Who an expected event names as its actor.
#[derive(Clone, Copy)]
enum By<'a> {
    /// A person by national id, for an organization.
    Person(&'a str, Uuid),
    /// Not a person ("Enhetsregisteret", "Kommandolinjen"), for nobody.
    Named(ActorKind, &'a str),
    /// A vendor's software through the API, for the vendor.
    Vendor(Uuid),
}

/// The audit trail read a change at a time.
struct Trail<'a> {
    app: &'a TestApp,
    last: i64,
    seen: BTreeSet<String>,
}

impl<'a> Trail<'a> {
    async fn new(app: &'a TestApp) -> Self {
        let last: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM audit_events")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        Self {
            app,
            last,
            seen: BTreeSet::new(),
        }
    }

    /// The events written since the last call.
    async fn new_events(&mut self) -> Vec<(Event, Value)> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, action, actor_kind, actor_person_id, actor_name, on_behalf_of_id, system_user_id,
                    client_id, firm_id, details
               FROM audit_events WHERE id > $1 ORDER BY id",
        )
        .bind(self.last)
        .fetch_all(self.app.store.pool())
        .await
        .unwrap();
        if let Some(r) = rows.last() {
            self.last = r.id;
        }
        rows.into_iter()
            .map(|r| {
                self.seen.insert(r.action.clone());
                (
                    Event {
                        action: r.action,
                        actor_kind: r.actor_kind,
                        actor_person_id: r.actor_person_id,
                        actor_name: r.actor_name,
                        on_behalf_of_id: r.on_behalf_of_id,
                        system_user_id: r.system_user_id,
                        client_id: r.client_id,
                        firm_id: r.firm_id,
                    },
                    r.details,
                )
            })
            .collect()
    }

    /// Asserts that the last change wrote exactly `expected` (in any order); returns the
    /// events' details in the order written.
    #[track_caller]
    fn check(&self, step: &str, got: Vec<(Event, Value)>, mut expected: Vec<Event>) -> Vec<Value> {
        let mut events: Vec<Event> = got.iter().map(|(e, _)| e.clone()).collect();
        events.sort();
        expected.sort();
        assert_eq!(events, expected, "{step}");
        got.into_iter().map(|(_, d)| d).collect()
    }
}

async fn person(app: &TestApp, national_id: &str) -> (Uuid, String) {
    let p = app
        .store
        .person_by_national_id(&NationalId::parse(national_id).unwrap())
        .await
        .unwrap()
        .unwrap();
    (p.id, p.name)
}

/// An expected event.
async fn event(
    app: &TestApp,
    action: &str,
    by: By<'_>,
    system_user: Option<Uuid>,
    client: Option<Uuid>,
    firm: Option<Uuid>,
) -> Event {
    let (kind, actor_person_id, actor_name, on_behalf_of_id) = match by {
        By::Person(nid, org) => {
            let (id, name) = person(app, nid).await;
            (ActorKind::Person, Some(id), Some(name), Some(org))
        }
        By::Named(kind, name) => (kind, None, Some(name.to_owned()), None),
        By::Vendor(org) => (ActorKind::Vendor, None, Some(VENDOR.to_owned()), Some(org)),
    };
    Event {
        action: action.to_owned(),
        actor_kind: kind.code().to_owned(),
        actor_person_id,
        actor_name,
        on_behalf_of_id,
        system_user_id: system_user,
        client_id: client,
        firm_id: firm,
    }
}

async fn cli(app: &TestApp, args: &[&str]) -> Output {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run the command-line tool");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn data(path: &str) -> String {
    format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

#[tokio::test]
async fn every_kind_of_change_writes_exactly_one_event_per_thing_changed() {
    let app = TestApp::spawn().await;
    let mut trail = Trail::new(&app).await;
    let firm = app.firm.id;
    let agent = app.agent.id;
    let some = Some;
    let kadm = app.logged_in(KADM, firm).await;

    // Adding two clients in one confirmation: one event per client.
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    let nordlys = app.org("Nordlys Bakeri AS").await.id;
    add_clients(&kadm, agent, &[fjordkanten, nordlys]).await;
    let by_kadm = By::Person(KADM, firm);
    let got = trail.new_events().await;
    let details = trail.check(
        "add two clients",
        got,
        vec![
            event(
                &app,
                "client_delegation.added",
                by_kadm,
                some(agent),
                some(fjordkanten),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.added",
                by_kadm,
                some(agent),
                some(nordlys),
                some(firm),
            )
            .await,
        ],
    );
    assert!(
        details
            .iter()
            .any(|d| d["client_name"] == "Nordlys Bakeri AS")
    );

    // Removing one.
    let path = format!("/systemtilganger/{agent}/kunder/{nordlys}/fjern");
    assert_eq!(post_form(&kadm, app.url(&path), &[]).await.0, 303);
    let got = trail.new_events().await;
    trail.check(
        "remove a client",
        got,
        vec![
            event(
                &app,
                "client_delegation.removed",
                by_kadm,
                some(agent),
                some(nordlys),
                some(firm),
            )
            .await,
        ],
    );
    // Removing it again changes nothing and writes nothing.
    assert_eq!(post_form(&kadm, app.url(&path), &[]).await.0, 404);
    assert!(trail.new_events().await.is_empty(), "no change, no event");

    // A client with no relationship gives a fullmakt, then one more package.
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await.id;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri).await;
    let by_per = By::Person(NO_RELATIONSHIP, bakeri);
    let grant = format!("/fullmakter/ny/{FIRM}");
    let (status, _) = post_form(
        &per,
        app.url(&grant),
        &[
            ("pakke", "regnskapsforer-med-signeringsrettighet"),
            ("pakke", "regnskapsforer-lonn"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    let details = trail.check(
        "give a fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt.given",
                by_per,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );
    assert_eq!(details[0]["packages"].as_array().map(Vec::len), Some(2));
    let (status, _) = post_form(
        &per,
        app.url(&grant),
        &[("pakke", "regnskapsforer-uten-signeringsrettighet")],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    trail.check(
        "delegate one more package",
        got,
        vec![
            event(
                &app,
                "fullmakt.packages_delegated",
                by_per,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );

    // The firm adds the client; the client withdraws a package it needs: one withdrawal
    // and one ended delegation, both by the client's person.
    add_clients(&kadm, agent, &[bakeri]).await;
    let got = trail.new_events().await;
    trail.check(
        "add the new client",
        got,
        vec![
            event(
                &app,
                "client_delegation.added",
                by_kadm,
                some(agent),
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );
    let withdraw = format!("/fullmakter/{FIRM}/trekk-tilbake");
    let (status, _) = post_form(
        &per,
        app.url(&withdraw),
        &[("pakke", "regnskapsforer-lonn")],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    let details = trail.check(
        "withdraw a package",
        got,
        vec![
            event(
                &app,
                "fullmakt.package_withdrawn",
                by_per,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.ended",
                by_per,
                some(agent),
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );
    assert_eq!(details[1]["cause"], "package_withdrawn");

    // A vendor asks for a second agent system user; the general manager approves it.
    let vendor = app.org(seed::VENDOR_NAME).await.id;
    let by_dagl = By::Person(DAGL, firm);
    let request = app.vendor_asks("andre", None).await;
    let got = trail.new_events().await;
    trail.check(
        "a vendor's request",
        got,
        vec![
            event(
                &app,
                "system_user_request.created",
                By::Vendor(vendor),
                None,
                None,
                some(firm),
            )
            .await,
        ],
    );
    let dagl = app.logged_in(DAGL, firm).await;
    let id = request["id"].as_str().unwrap();
    let (status, _) = post_form(&dagl, app.url(&format!("/foresporsler/{id}/godkjenn")), &[]).await;
    assert_eq!(status, 303);
    let second: Uuid =
        sqlx::query_scalar("SELECT system_user_id FROM system_user_requests WHERE id = $1::uuid")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    let got = trail.new_events().await;
    trail.check(
        "approve the request",
        got,
        vec![
            event(
                &app,
                "system_user_request.accepted",
                by_dagl,
                some(second),
                None,
                None,
            )
            .await,
        ],
    );

    // A client on both agent system users withdraws its whole fullmakt: one withdrawal
    // event and one ended delegation per system user.
    let hudpleie = app.org("Bjørkelunden Hudpleie AS").await.id;
    add_clients(&kadm, agent, &[hudpleie]).await;
    add_clients(&kadm, second, &[hudpleie]).await;
    let got = trail.new_events().await;
    trail.check(
        "add a client to both",
        got,
        vec![
            event(
                &app,
                "client_delegation.added",
                by_kadm,
                some(agent),
                some(hudpleie),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.added",
                by_kadm,
                some(second),
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );
    let nid = app.new_person("Hedda Hudpleier", hudpleie, "DAGL").await;
    let hedda = app.logged_in(&nid, hudpleie).await;
    assert_eq!(post_form(&hedda, app.url(&withdraw), &[]).await.0, 303);
    let by_hedda = By::Person(&nid, hudpleie);
    let got = trail.new_events().await;
    trail.check(
        "withdraw a whole fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt.withdrawn",
                by_hedda,
                None,
                some(hudpleie),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.ended",
                by_hedda,
                some(agent),
                some(hudpleie),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.ended",
                by_hedda,
                some(second),
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );

    // The firm asks the same client for fullmakt again, for the agent; the client accepts:
    // the answer, the fullmakt and the client on the system access, each one event.
    let asked = |orgnr: String, agent: Option<Uuid>, packages: &'static [&'static str]| {
        let kadm = &kadm;
        let app = &app;
        async move {
            let agent = agent.map(|a| a.to_string()).unwrap_or_default();
            let mut form = vec![
                ("orgnr", orgnr.clone()),
                ("systemtilgang", agent.clone()),
                ("legg_til", "1".to_owned()),
                ("handling", "send".to_owned()),
            ];
            form.extend(packages.iter().map(|p| ("pakke", (*p).to_owned())));
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, to) = post_form(kadm, app.url("/klienter/foresporsler/ny"), &form).await;
            assert_eq!(status, 303, "{to}");
            to.rsplit('/').next().unwrap().to_owned()
        }
    };
    let hudpleie_orgnr = app.org("Bjørkelunden Hudpleie AS").await.org_number;
    let both: &[&str] = &[
        "regnskapsforer-med-signeringsrettighet",
        "regnskapsforer-lonn",
    ];
    let id = asked(hudpleie_orgnr.clone(), Some(agent), both).await;
    let got = trail.new_events().await;
    let details = trail.check(
        "ask a client for fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt_request.created",
                by_kadm,
                some(agent),
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );
    assert_eq!(details[0]["request_id"], json!(id));
    let answer = |id: &str, what: &str| format!("/fullmakter/foresporsler/{id}/{what}");
    assert_eq!(
        post_form(&hedda, app.url(&answer(&id, "godta")), &[])
            .await
            .0,
        303
    );
    let got = trail.new_events().await;
    trail.check(
        "accept a request for fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt_request.accepted",
                by_hedda,
                some(agent),
                some(hudpleie),
                some(firm),
            )
            .await,
            event(
                &app,
                "fullmakt.given",
                by_hedda,
                None,
                some(hudpleie),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.added",
                by_hedda,
                some(agent),
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );
    // The demo's open request, withdrawn by the firm.
    let jordbaer = app.org(seed::ASKED_CLIENT).await.id;
    let open: Uuid = sqlx::query_scalar(
        "SELECT id FROM fullmakt_requests WHERE client_id = $1 AND status = 'pending'",
    )
    .bind(jordbaer)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let withdraw_request = format!("/klienter/foresporsler/{open}/trekk-tilbake");
    assert_eq!(
        post_form(&kadm, app.url(&withdraw_request), &[]).await.0,
        303
    );
    let got = trail.new_events().await;
    trail.check(
        "withdraw a request for fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt_request.withdrawn",
                by_kadm,
                some(agent),
                some(jordbaer),
                some(firm),
            )
            .await,
        ],
    );
    // Asked for one more package, the client declines.
    let more: &[&str] = &["regnskapsforer-uten-signeringsrettighet"];
    let id = asked(hudpleie_orgnr.clone(), None, more).await;
    trail.new_events().await;
    assert_eq!(
        post_form(&hedda, app.url(&answer(&id, "avsla")), &[])
            .await
            .0,
        303
    );
    let got = trail.new_events().await;
    trail.check(
        "decline a request for fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt_request.declined",
                by_hedda,
                None,
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );
    // Asked again, the answer comes too late: the portal writes the expiry, nothing else.
    let id = asked(hudpleie_orgnr, None, more).await;
    trail.new_events().await;
    sqlx::query(
        "UPDATE fullmakt_requests SET created_at = now() - interval '31 days',
                expires_at = now() - interval '1 day' WHERE id = $1::uuid",
    )
    .bind(&id)
    .execute(app.store.pool())
    .await
    .unwrap();
    assert_eq!(
        post_form(&hedda, app.url(&answer(&id, "godta")), &[])
            .await
            .0,
        303
    );
    let got = trail.new_events().await;
    trail.check(
        "an expired request for fullmakt",
        got,
        vec![
            event(
                &app,
                "fullmakt_request.expired",
                By::Named(ActorKind::Automatic, "Klientdelegering (automatisk)"),
                None,
                some(hudpleie),
                some(firm),
            )
            .await,
        ],
    );

    // Another request, passed on by the client administrator (twice: one event), then
    // rejected.
    let request = app.vendor_asks("tredje", None).await;
    let id = request["id"].as_str().unwrap();
    for _ in 0..2 {
        let (status, _) = post_form(
            &kadm,
            app.url(&format!("/foresporsler/{id}/send-videre")),
            &[],
        )
        .await;
        assert_eq!(status, 303);
    }
    assert_eq!(
        post_form(&dagl, app.url(&format!("/foresporsler/{id}/avvis")), &[])
            .await
            .0,
        303
    );
    let got = trail.new_events().await;
    trail.check(
        "a request passed on, then rejected",
        got,
        vec![
            event(
                &app,
                "system_user_request.created",
                By::Vendor(vendor),
                None,
                None,
                some(firm),
            )
            .await,
            event(
                &app,
                "system_user_request.escalated",
                by_kadm,
                None,
                None,
                None,
            )
            .await,
            event(
                &app,
                "system_user_request.rejected",
                by_dagl,
                None,
                None,
                None,
            )
            .await,
        ],
    );

    // A request nobody answers times out by itself; the key is then free for a new one.
    let request = app.vendor_asks("fjerde", None).await;
    sqlx::query("UPDATE system_user_requests SET expires_at = now() - interval '1 second' WHERE id = $1::uuid")
        .bind(request["id"].as_str().unwrap())
        .execute(app.store.pool())
        .await
        .unwrap();
    trail.new_events().await;
    let again = app.vendor_asks("fjerde", None).await;
    let got = trail.new_events().await;
    trail.check(
        "a request timed out, and asked for again",
        got,
        vec![
            event(
                &app,
                "system_user_request.timed_out",
                By::Named(ActorKind::Automatic, "Klientdelegering (automatisk)"),
                None,
                None,
                some(firm),
            )
            .await,
            event(
                &app,
                "system_user_request.created",
                By::Vendor(vendor),
                None,
                None,
                some(firm),
            )
            .await,
        ],
    );

    // The vendor deletes the new one.
    let vendor_number = app.org(seed::VENDOR_NAME).await.org_number;
    let token = app
        .vendor_token(
            &vendor_number,
            "altinn:authentication/systemuser.request.write",
        )
        .await;
    let deleted = api_call(
        reqwest::Method::DELETE,
        app.url(&format!(
            "/authentication/api/v1/systemuser/request/vendor/{}",
            again["id"].as_str().unwrap()
        )),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(deleted.status, 202);
    let got = trail.new_events().await;
    trail.check(
        "a request deleted by its vendor",
        got,
        vec![
            event(
                &app,
                "system_user_request.deleted",
                By::Vendor(vendor),
                None,
                None,
                some(firm),
            )
            .await,
        ],
    );

    // Roles given and taken.
    let (per_id, _) = person(&app, NO_RELATIONSHIP).await;
    let (status, _) = post_form(
        &dagl,
        app.url("/roller"),
        &[
            ("fodselsnummer", NO_RELATIONSHIP),
            ("etternavn", "Bakke"),
            ("rolle", "KADM"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    let details = trail.check(
        "give a role",
        got,
        vec![event(&app, "role.granted", by_dagl, None, None, None).await],
    );
    assert_eq!(details[0]["person_id"], json!(per_id));
    let revoke = format!("/roller/{per_id}/kadm/fjern");
    assert_eq!(post_form(&dagl, app.url(&revoke), &[]).await.0, 303);
    let got = trail.new_events().await;
    trail.check(
        "take a role",
        got,
        vec![event(&app, "role.revoked", by_dagl, None, None, None).await],
    );

    // A standard system user created by the access manager.
    let tilg = app.logged_in(TILG, firm).await;
    let vendor_number = app.org(seed::VENDOR_NAME).await.org_number;
    let (status, _) = post_form(
        &tilg,
        app.url(&format!("/systemtilganger/ny/{vendor_number}_smartlonn")),
        &[("navn", "Lønn hver måned")],
    )
    .await;
    assert_eq!(status, 303);
    let standard: Uuid =
        sqlx::query_scalar("SELECT id FROM system_users WHERE name = 'Lønn hver måned'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    let got = trail.new_events().await;
    trail.check(
        "create a system user",
        got,
        vec![
            event(
                &app,
                "system_user.created",
                By::Person(TILG, firm),
                some(standard),
                None,
                None,
            )
            .await,
        ],
    );

    // Deleting the second agent system user with two clients on it: one event for each
    // client removed, and one for the deletion.
    add_clients(&kadm, second, &[fjordkanten, nordlys]).await;
    trail.new_events().await;
    let (status, _) = post_form(
        &dagl,
        app.url(&format!("/systemtilganger/{second}/slett")),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    let details = trail.check(
        "delete a system user with clients",
        got,
        vec![
            event(
                &app,
                "client_delegation.removed",
                by_dagl,
                some(second),
                some(fjordkanten),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.removed",
                by_dagl,
                some(second),
                some(nordlys),
                some(firm),
            )
            .await,
            event(
                &app,
                "system_user.deleted",
                by_dagl,
                some(second),
                None,
                None,
            )
            .await,
        ],
    );
    assert_eq!(details[2]["clients_removed"], 2);

    // The register import: a new REGN role, then its removal, which ends the delegation
    // that needed it. Nobody acted for an organization.
    let bakeri_number = app.org(seed::NO_RELATIONSHIP_CLIENT).await.org_number;
    let register = By::Named(ActorKind::Register, "Enhetsregisteret");
    cli(
        &app,
        &[
            "register",
            "import",
            &bakeri_number,
            &data("enhetsregisteret/regnskapsforer.json"),
        ],
    )
    .await;
    let got = trail.new_events().await;
    trail.check(
        "a register role added",
        got,
        vec![
            event(
                &app,
                "register_role.added",
                register,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );
    add_clients(&kadm, agent, &[bakeri]).await;
    trail.new_events().await;
    cli(
        &app,
        &[
            "register",
            "import",
            &bakeri_number,
            &data("enhetsregisteret/bare-daglig-leder.json"),
        ],
    )
    .await;
    let got = trail.new_events().await;
    let details = trail.check(
        "a register role removed",
        got,
        vec![
            event(
                &app,
                "register_role.removed",
                register,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
            event(
                &app,
                "client_delegation.ended",
                register,
                some(agent),
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );
    assert_eq!(details[1]["cause"], "register_role_removed");
    // The same file again changes nothing.
    cli(
        &app,
        &[
            "register",
            "import",
            &bakeri_number,
            &data("enhetsregisteret/bare-daglig-leder.json"),
        ],
    )
    .await;
    assert!(trail.new_events().await.is_empty(), "an idempotent import");
    // A firm new to the portal, named by the register, is added from the register's data
    // (the file names the demo firm as accountant again, too).
    cli(
        &app,
        &[
            "register",
            "import",
            &bakeri_number,
            &data("enhetsregisteret/ukjent-regnskapsforer.json"),
        ],
    )
    .await;
    let newcomer = app.org("UKJENT REGNSKAP AS").await.id;
    let got = trail.new_events().await;
    trail.check(
        "a firm added by the register",
        got,
        vec![
            event(
                &app,
                "organization.added",
                register,
                None,
                None,
                some(newcomer),
            )
            .await,
            event(
                &app,
                "register_role.added",
                register,
                None,
                some(bakeri),
                some(newcomer),
            )
            .await,
            event(
                &app,
                "register_role.added",
                register,
                None,
                some(bakeri),
                some(firm),
            )
            .await,
        ],
    );

    // The system register, through the vendor API and on the command line.
    let token = app
        .vendor_token(&vendor_number, "altinn:authentication/systemregister.write")
        .await;
    let system_id = format!("{vendor_number}_historikk");
    let mut system = json!({
        "id": system_id,
        "name": { "nb": "Historikkføreren", "nn": "Historikkføraren", "en": "History keeper" },
        "description": { "nb": "Fører historikk.", "nn": "Fører historikk.", "en": "Keeps history." },
        "accessPackages": [ { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" } ],
        "allowedRedirectUrls": [],
        "isVisible": false
    });
    let api = "/authentication/api/v1/systemregister/vendor";
    let r = reqwest::Client::new()
        .post(app.url(api))
        .bearer_auth(&token)
        .json(&system)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let got = trail.new_events().await;
    trail.check(
        "register a system (API)",
        got,
        vec![
            event(
                &app,
                "system.registered",
                By::Vendor(vendor),
                None,
                None,
                None,
            )
            .await,
        ],
    );
    system["name"]["nb"] = json!("Historikkføreren 2");
    let r = reqwest::Client::new()
        .put(app.url(&format!("{api}/{system_id}")))
        .bearer_auth(&token)
        .json(&system)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = trail.new_events().await;
    trail.check(
        "update a system (API)",
        got,
        vec![event(&app, "system.updated", By::Vendor(vendor), None, None, None).await],
    );
    let r = reqwest::Client::new()
        .delete(app.url(&format!("{api}/{system_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got = trail.new_events().await;
    trail.check(
        "delete a system (API)",
        got,
        vec![event(&app, "system.deleted", By::Vendor(vendor), None, None, None).await],
    );
    let command_line = By::Named(ActorKind::CommandLine, "Kommandolinjen");
    cli(
        &app,
        &["system", "register", &data("systems/lonnsmotor.json")],
    )
    .await;
    let got = trail.new_events().await;
    trail.check(
        "register a system (command line)",
        got,
        vec![event(&app, "system.registered", command_line, None, None, None).await],
    );
    cli(
        &app,
        &["system", "register", &data("systems/lonnsmotor.json")],
    )
    .await;
    let got = trail.new_events().await;
    trail.check(
        "update a system (command line)",
        got,
        vec![event(&app, "system.updated", command_line, None, None, None).await],
    );

    // The agent set to take new clients by itself: one event for the setting.
    let automatic = format!("/systemtilganger/{agent}/automatisk");
    let (status, _) = post_form(
        &kadm,
        app.url(&automatic),
        &[("pa", "1"), ("bekreftet", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    trail.check(
        "turn on automatic adding",
        got,
        vec![
            event(
                &app,
                "system_user.auto_add_changed",
                by_kadm,
                some(agent),
                None,
                None,
            )
            .await,
        ],
    );

    // A vendor's change request for the agent: rejected and deleted, then another passed on
    // by the client administrator (twice: one event) and approved (needing less, so no
    // client leaves; the agent takes new clients by itself, so those holding the signing
    // package alone come by themselves).
    let change_token = app
        .vendor_token(
            &vendor_number,
            "altinn:authentication/systemuser.request.write",
        )
        .await;
    let ask_change = |id: Uuid| {
        let (app, token) = (&app, change_token.clone());
        async move {
            let r = api_call(
                reqwest::Method::POST,
                app.url(&format!(
                    "/authentication/api/v1/systemuser/changerequest/vendor?correlation-id={id}&system-user-id={agent}"
                )),
                Some(&token),
                Some(json!({ "unwantedAccessPackages": [
                    { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }
                ] })),
            )
            .await;
            assert_eq!(r.status, 201, "{:#}", r.body);
        }
    };
    let first = Uuid::new_v4();
    ask_change(first).await;
    let (status, _) = post_form(&dagl, app.url(&format!("/endringer/{first}/avvis")), &[]).await;
    assert_eq!(status, 303);
    let deleted = api_call(
        reqwest::Method::DELETE,
        app.url(&format!(
            "/authentication/api/v1/systemuser/changerequest/vendor/{first}"
        )),
        Some(&change_token),
        None,
    )
    .await;
    assert_eq!(deleted.status, 202);
    let second = Uuid::new_v4();
    ask_change(second).await;
    for _ in 0..2 {
        let (status, _) = post_form(
            &kadm,
            app.url(&format!("/endringer/{second}/send-videre")),
            &[],
        )
        .await;
        assert_eq!(status, 303);
    }
    let signing_alone: Vec<Uuid> = sqlx::query_scalar(
        "SELECT cp.client_id FROM client_packages cp
           JOIN access_packages s ON s.urn = 'urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet'
           JOIN access_packages l ON l.urn = 'urn:altinn:accesspackage:regnskapsforer-lonn'
          WHERE cp.firm_id = $1 AND cp.packages & (1 << s.bit) <> 0
            AND cp.packages & (1 << l.bit) = 0 AND cp.client_id <> cp.firm_id
            AND NOT EXISTS (SELECT 1 FROM client_delegations d
                             WHERE d.system_user_id = $2 AND d.client_id = cp.client_id)",
    )
    .bind(firm)
    .bind(agent)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert!(!signing_alone.is_empty(), "the demo has such clients");
    let mut came_by_themselves = Vec::new();
    for client in &signing_alone {
        came_by_themselves.push(
            event(
                &app,
                "client_delegation.added",
                By::Named(ActorKind::Automatic, "Klientdelegering (automatisk)"),
                some(agent),
                some(*client),
                some(firm),
            )
            .await,
        );
    }
    let (status, _) = post_form(
        &dagl,
        app.url(&format!("/endringer/{second}/godkjenn")),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let got = trail.new_events().await;
    trail.check(
        "a change request rejected and deleted, another passed on and approved",
        got,
        came_by_themselves
            .into_iter()
            .chain([
                event(
                    &app,
                    "system_user_change_request.created",
                    By::Vendor(vendor),
                    some(agent),
                    None,
                    some(firm),
                )
                .await,
                event(
                    &app,
                    "system_user_change_request.rejected",
                    by_dagl,
                    some(agent),
                    None,
                    None,
                )
                .await,
                event(
                    &app,
                    "system_user_change_request.deleted",
                    By::Vendor(vendor),
                    some(agent),
                    None,
                    some(firm),
                )
                .await,
                event(
                    &app,
                    "system_user_change_request.created",
                    By::Vendor(vendor),
                    some(agent),
                    None,
                    some(firm),
                )
                .await,
                event(
                    &app,
                    "system_user_change_request.escalated",
                    by_kadm,
                    some(agent),
                    None,
                    None,
                )
                .await,
                event(
                    &app,
                    "system_user_change_request.accepted",
                    by_dagl,
                    some(agent),
                    None,
                    None,
                )
                .await,
            ])
            .collect(),
    );

    // One nobody answers in time: written down when next touched.
    // (The agent gave up the payroll package above: this one asks for it back.)
    let late = Uuid::new_v4();
    let r = api_call(
        reqwest::Method::POST,
        app.url(&format!(
            "/authentication/api/v1/systemuser/changerequest/vendor?correlation-id={late}&system-user-id={agent}"
        )),
        Some(&change_token),
        Some(json!({ "requiredAccessPackages": [
            { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }
        ] })),
    )
    .await;
    assert_eq!(r.status, 201, "{:#}", r.body);
    sqlx::query(
        "UPDATE system_user_change_requests SET expires_at = now() - interval '1 second' WHERE id = $1",
    )
    .bind(late)
    .execute(app.store.pool())
    .await
    .unwrap();
    trail.new_events().await;
    let (status, _) = post_form(&dagl, app.url(&format!("/endringer/{late}/godkjenn")), &[]).await;
    assert_eq!(status, 409);
    let got = trail.new_events().await;
    trail.check(
        "a change request timed out",
        got,
        vec![
            event(
                &app,
                "system_user_change_request.timed_out",
                By::Named(ActorKind::Automatic, "Klientdelegering (automatisk)"),
                some(agent),
                None,
                some(firm),
            )
            .await,
        ],
    );

    // Every action was seen, and no other.
    let known: BTreeSet<String> = Action::ALL.iter().map(|a| a.code().to_owned()).collect();
    assert_eq!(
        trail.seen, known,
        "the actions written differ from those Historikk describes"
    );
}

/// Literals in the store's SQL that look like audit actions ('role.granted'): the store
/// writes actions through `domain::Action`, except where a statement names one itself.
fn action_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '\'' {
            continue;
        }
        let token: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_lowercase() || **c == '_' || **c == '.')
            .collect();
        let closed = chars.get(i + 1 + token.chars().count()) == Some(&'\'');
        if closed && token.contains('.') && !token.starts_with('.') && !token.ends_with('.') {
            found.push(token);
        }
    }
    found
}

#[test]
fn every_action_the_stores_sql_names_is_one_the_history_knows() {
    let dir = format!("{}/src/store", env!("CARGO_MANIFEST_DIR"));
    let mut named = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            named.extend(action_literals(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(
        named.contains("system_user.deleted"),
        "found the SQL literals: {named:?}"
    );
    let unknown: Vec<&String> = named
        .iter()
        .filter(|a| Action::from_code(a).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "the store's SQL names actions domain::Action does not have: {unknown:?}"
    );
}
