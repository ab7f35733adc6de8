//! Property test of the cascade against the real store: after any random sequence of
//! grants, withdrawals, register role changes, adds and removes, no client delegation
//! exists whose client is not eligible, and every delegation that ended has its audit event.
//!
//! The sequences come from a seeded generator; a failure prints the seed and the steps.
//! Set CASCADE_SEED to replay one seed, CASCADE_RUNS to try more seeds.

use std::collections::BTreeSet;

use crate::common::rng::Rng;
use crate::common::*;
use klientdelegering::domain::relationships::RegisterEntry;
use klientdelegering::domain::{
    AccessPackage, ClientSelection, OrgNumber, RegisterRole, Withdrawal,
};
use klientdelegering::store::audit::Actor;
use klientdelegering::store::parties::Organization;
use klientdelegering::store::seed;
use uuid::Uuid;

const STEPS: usize = 60;

struct World {
    app: TestApp,
    firms: Vec<Organization>,
    clients: Vec<Organization>,
    /// (firm, agent system user)
    agents: Vec<(Uuid, Uuid)>,
    actor: Actor,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let kald = app.org(seed::OTHER_FIRM_NAME).await;
    let mut clients = Vec::new();
    for name in [
        seed::NO_RELATIONSHIP_CLIENT,
        "Bergtatt Bygg AS",
        "Drivved Interiør AS",
        "Jordbær Juice AS",
        "Nøttekrakken Leker AS",
        "Tårnfalken Borettslag",
        "Utsikten Sameie",
        "Vaktmester Vidar AS",
    ] {
        clients.push(app.org(name).await);
    }
    // A third agent, for housing cooperatives: FFØR counts only for BRL and ESEK.
    let system: String = sqlx::query_scalar("SELECT system_id FROM system_users WHERE id = $1")
        .bind(app.agent.id)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let property: Uuid = sqlx::query_scalar(
        "INSERT INTO system_users (owner_id, system_id, kind, name, external_ref)
         VALUES ($1, $2, 'agent', 'Eiendomsforvaltning', 'eiendom') RETURNING id",
    )
    .bind(app.firm.id)
    .bind(system)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
         VALUES ($1, 'agent', $2, true)",
    )
    .bind(property)
    .bind(AccessPackage::ForretningsforerEiendom.urn())
    .execute(app.store.pool())
    .await
    .unwrap();
    let kald_agent = app
        .store
        .system_users(kald.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| su.kind.is_agent())
        .unwrap()
        .id;
    World {
        agents: vec![
            (app.firm.id, app.agent.id),
            (app.firm.id, property),
            (kald.id, kald_agent),
        ],
        firms: vec![app.firm.clone(), kald],
        clients,
        actor: Actor {
            kind: klientdelegering::domain::ActorKind::CommandLine,
            person_id: None,
            person_name: Some("Egenskapstest".into()),
            on_behalf_of: None,
        },
        app,
    }
}

/// One random step; returns what it did, for the failure report. Refusals are fine:
/// the property is about what the store lets through.
async fn step(w: &World, rng: &mut Rng) -> String {
    let store = &w.app.store;
    let client = rng.pick(&w.clients).clone();
    let firm = rng.pick(&w.firms).clone();
    let delegable: Vec<AccessPackage> = AccessPackage::client_delegable_all().collect();
    match rng.below(7) {
        0 => {
            let always = *rng.pick(&delegable);
            let mut packages: BTreeSet<AccessPackage> = [always].into();
            for p in &delegable {
                if rng.chance(40) {
                    packages.insert(*p);
                }
            }
            let r = store
                .grant_fullmakt(&w.actor, &client, &firm, &packages)
                .await;
            format!(
                "grant {} -> {} {packages:?}: {:?}",
                client.name,
                firm.name,
                r.map(|o| o.added)
            )
        }
        1 => {
            let p = *rng.pick(&delegable);
            let r = store
                .withdraw(&w.actor, &client, &firm, Withdrawal::Package(p))
                .await;
            format!(
                "withdraw {p:?} {} -> {}: {:?}",
                client.name,
                firm.name,
                r.map(|e| e.len())
            )
        }
        2 => {
            let r = store
                .withdraw(&w.actor, &client, &firm, Withdrawal::Fullmakt)
                .await;
            format!(
                "withdraw fullmakt {} -> {}: {:?}",
                client.name,
                firm.name,
                r.map(|e| e.len())
            )
        }
        3 => {
            let mut entries = Vec::new();
            for f in &w.firms {
                for role in RegisterRole::ALL {
                    if rng.chance(25) {
                        entries.push(RegisterEntry {
                            role,
                            firm: OrgNumber::parse(&f.org_number).unwrap(),
                            firm_name: None,
                            firm_form: None,
                        });
                    }
                }
            }
            let number = OrgNumber::parse(&client.org_number).unwrap();
            let r = store.sync_register_roles(&number, &entries).await;
            format!(
                "register {} = {entries:?}: {:?}",
                client.name,
                r.map(|r| (r.added.len(), r.removed.len(), r.ended.len()))
            )
        }
        4 => {
            let (firm, su) = *rng.pick(&w.agents);
            let selection = ClientSelection::Chosen([client.id].into());
            let r = store
                .add_clients(&w.actor, firm, su, &selection, None)
                .await;
            format!("add {} to {su}: {:?}", client.name, r.map(|o| o.added))
        }
        5 => {
            let (firm, su) = *rng.pick(&w.agents);
            let selection = ClientSelection::AllExcept(BTreeSet::new());
            let r = store
                .add_clients(&w.actor, firm, su, &selection, None)
                .await;
            format!("add all to {su}: {:?}", r.map(|o| o.added))
        }
        _ => {
            let (firm, su) = *rng.pick(&w.agents);
            let r = store.remove_client(&w.actor, firm, su, client.id).await;
            format!("remove {} from {su}: {}", client.name, r.is_ok())
        }
    }
}

/// (system user, client, delegated now) for every pair the test can touch.
async fn delegation_state(w: &World) -> Vec<(Uuid, Uuid, bool)> {
    let mut out = Vec::new();
    for (_, su) in &w.agents {
        for c in &w.clients {
            let on: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM client_delegations
                                 WHERE system_user_id = $1 AND client_id = $2)",
            )
            .bind(su)
            .bind(c.id)
            .fetch_one(w.app.store.pool())
            .await
            .unwrap();
            out.push((*su, c.id, on));
        }
    }
    out
}

/// Net audited change for a pair: added − removed − ended.
async fn audited_net(w: &World, su: Uuid, client: Uuid) -> i64 {
    sqlx::query_scalar(
        "SELECT COALESCE(sum(CASE action WHEN 'client_delegation.added' THEN 1 ELSE -1 END), 0)::bigint
           FROM audit_events
          WHERE system_user_id = $1 AND client_id = $2
            AND action IN ('client_delegation.added', 'client_delegation.removed',
                           'client_delegation.ended')",
    )
    .bind(su)
    .bind(client)
    .fetch_one(w.app.store.pool())
    .await
    .unwrap()
}

/// The eligibility rule computed again here from the raw tables, with the test's own
/// table of what register roles give, so a bug shared by the store's queries and the
/// domain's rule cannot hide itself.
async fn independently_eligible(w: &World, firm: Uuid, su: Uuid, client: Uuid) -> bool {
    let pool = w.app.store.pool();
    let required: Vec<String> = sqlx::query_scalar(
        "SELECT package_urn FROM system_user_packages WHERE system_user_id = $1",
    )
    .bind(su)
    .fetch_all(pool)
    .await
    .unwrap();
    let form: String = sqlx::query_scalar("SELECT org_form FROM organizations WHERE id = $1")
        .bind(client)
        .fetch_one(pool)
        .await
        .unwrap();
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM register_roles WHERE firm_id = $1 AND client_id = $2")
            .bind(firm)
            .bind(client)
            .fetch_all(pool)
            .await
            .unwrap();
    let mut held: Vec<String> = sqlx::query_scalar(
        "SELECT fp.package_urn FROM fullmakter f JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
          WHERE f.firm_id = $1 AND f.client_id = $2",
    )
    .bind(firm)
    .bind(client)
    .fetch_all(pool)
    .await
    .unwrap();
    let urn = |s: &str| format!("urn:altinn:accesspackage:{s}");
    for role in roles {
        match role.as_str() {
            "REGN" => held.extend(
                [
                    "regnskapsforer-med-signeringsrettighet",
                    "regnskapsforer-uten-signeringsrettighet",
                    "regnskapsforer-lonn",
                ]
                .map(urn),
            ),
            "REVI" => held.extend(["ansvarlig-revisor", "revisormedarbeider"].map(urn)),
            "FFØR" if form == "BRL" || form == "ESEK" => {
                held.push(urn("forretningsforer-eiendom"))
            }
            _ => {}
        }
    }
    !required.is_empty() && required.iter().all(|r| held.contains(r))
}

async fn check(w: &World, baseline: &[(Uuid, Uuid, bool)]) -> Result<(), String> {
    // 1. Every delegation's client is eligible for its system user.
    for (firm, su) in &w.agents {
        let on: Vec<Uuid> = sqlx::query_scalar(
            "SELECT client_id FROM client_delegations WHERE system_user_id = $1",
        )
        .bind(su)
        .fetch_all(w.app.store.pool())
        .await
        .unwrap();
        for client in on {
            if !independently_eligible(w, *firm, *su, client).await {
                let name = w
                    .clients
                    .iter()
                    .find(|c| c.id == client)
                    .map_or("a demo client", |c| c.name.as_str());
                return Err(format!("{name} is on {su} but is not eligible"));
            }
        }
    }
    // 2. Every change of a delegation has its audit event.
    let now = delegation_state(w).await;
    for ((su, client, was), (_, _, is)) in baseline.iter().zip(&now) {
        let net = audited_net(w, *su, *client).await;
        if i64::from(*is) - i64::from(*was) != net {
            return Err(format!(
                "delegation {su}/{client}: was {was}, is {is}, but the audit trail says {net:+}"
            ));
        }
    }
    Ok(())
}

/// How many delegations each kind of cascade ended (by the audit trail's cause).
async fn ended_by_cause(w: &World) -> std::collections::BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT COALESCE(details->>'cause', ''), count(*) FROM audit_events
          WHERE action = 'client_delegation.ended' GROUP BY 1",
    )
    .fetch_all(w.app.store.pool())
    .await
    .unwrap();
    rows.into_iter().collect()
}

/// Runs one seed; returns how many delegations each kind of cascade ended.
async fn run(seed: u64) -> std::collections::BTreeMap<String, i64> {
    let w = world().await;
    let baseline = delegation_state(&w).await;
    let mut rng = Rng(seed.max(1));
    let mut log = Vec::new();
    for i in 0..STEPS {
        log.push(format!("{i:>3}: {}", step(&w, &mut rng).await));
        if let Err(e) = check(&w, &baseline).await {
            panic!(
                "property broken with CASCADE_SEED={seed} after step {i}: {e}\n{}",
                log.join("\n")
            );
        }
    }
    let ended = ended_by_cause(&w).await;
    let added = w.app.audit_count("client_delegation.added").await;
    eprintln!("seed {seed}: {added} delegations added, ended by a cascade: {ended:?}");
    ended
}

#[tokio::test]
async fn no_ineligible_delegation_survives_any_sequence_of_changes() {
    let seeds: Vec<u64> = match std::env::var("CASCADE_SEED") {
        Ok(s) => vec![s.parse().expect("CASCADE_SEED is a number")],
        Err(_) => {
            let runs: u64 = std::env::var("CASCADE_RUNS")
                .ok()
                .and_then(|r| r.parse().ok())
                .unwrap_or(if std::env::var_os("CI").is_some() {
                    12
                } else {
                    4
                });
            (1..=runs).map(|i| i * 7919).collect()
        }
    };
    let replaying = seeds.len() == 1;
    let mut ended = std::collections::BTreeMap::<String, i64>::new();
    for seed in seeds {
        for (cause, n) in run(seed).await {
            *ended.entry(cause).or_default() += n;
        }
    }
    // The sequences must have ended delegations by every path of the cascade, or the
    // property was not tested where it matters (a replayed seed may miss some).
    if !replaying {
        for cause in [
            "package_withdrawn",
            "fullmakt_withdrawn",
            "register_role_removed",
        ] {
            assert!(
                ended.get(cause).copied().unwrap_or(0) > 0,
                "no delegation ended by {cause} in any seed: {ended:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_generated_sequences_do_reach_the_cascade() {
    // Guards the property test against a generator that never withdraws anything eligible.
    let w = world().await;
    let mut rng = Rng(7919);
    for _ in 0..STEPS {
        step(&w, &mut rng).await;
    }
    assert!(w.app.audit_count("client_delegation.ended").await > 0);
    assert!(w.app.audit_count("client_delegation.added").await > 0);
}

#[tokio::test]
async fn a_withdrawal_racing_an_add_never_leaves_an_ineligible_delegation() {
    // The locking rule at work: whichever of the two transactions goes first, the other
    // sees its result. Without the lock on the firm, an add could check eligibility before
    // the withdrawal commits and insert after the cascade has looked.
    let w = world().await;
    let client = app_org(&w, seed::NO_RELATIONSHIP_CLIENT);
    let firm = w.app.firm.clone();
    let both: BTreeSet<AccessPackage> = [
        AccessPackage::RegnskapsforerMedSignering,
        AccessPackage::RegnskapsforerLonn,
    ]
    .into();
    let store = &w.app.store;
    for round in 0..20 {
        store
            .grant_fullmakt(&w.actor, &client, &firm, &both)
            .await
            .unwrap();
        let selection = ClientSelection::Chosen([client.id].into());
        let (added, withdrawn) = tokio::join!(
            store.add_clients(&w.actor, firm.id, w.app.agent.id, &selection, None),
            store.withdraw(
                &w.actor,
                &client,
                &firm,
                Withdrawal::Package(AccessPackage::RegnskapsforerLonn)
            ),
        );
        assert!(withdrawn.is_ok(), "round {round}: {withdrawn:?}");
        let on = w.app.delegated().await.contains(&client.id);
        assert!(
            !on,
            "round {round}: the client stayed on after losing a package (add: {:?})",
            added.map(|o| o.added)
        );
        store
            .withdraw(&w.actor, &client, &firm, Withdrawal::Fullmakt)
            .await
            .unwrap();
    }
}

fn app_org(w: &World, name: &str) -> Organization {
    w.clients
        .iter()
        .find(|c| c.name == name)
        .cloned()
        .expect("a client of the test world")
}
