//! Property test: the database's answer to "which clients of the firm can be added to this
//! system access" (`store::client_list`, read from the derived `client_packages` and its
//! counts) equals the domain's (`domain::eligibility`, decided in Rust from the
//! relationships themselves), client by client, including the packages each unavailable
//! client lacks, after any random sequence of fullmakter, packages, register roles,
//! organization changes and changes to what the system access needs.
//!
//! The sequences come from a seeded generator; a failure prints the seed and the steps.
//! Set ELIGIBILITY_SEED to replay one seed, ELIGIBILITY_RUNS to try more seeds.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::rng::Rng;
use crate::common::*;
use klientdelegering::domain::packages::package_mask;
use klientdelegering::domain::relationships::RegisterEntry;
use klientdelegering::domain::{
    AccessPackage, ClientSelection, Eligibility, OrgNumber, RegisterRole, Withdrawal,
};
use klientdelegering::store::audit::Actor;
use klientdelegering::store::client_list::{AgentScope, ListKey, ListRequest, Listing, Window};
use klientdelegering::store::parties::Organization;
use uuid::Uuid;

const STEPS: usize = 40;

struct World {
    app: TestApp,
    clients: Vec<Organization>,
    actor: Actor,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    // Every organization but the firm itself may become a client.
    let clients: Vec<Organization> = sqlx::query_as(
        "SELECT id, org_number, name, org_form FROM organizations WHERE id <> $1 ORDER BY org_number",
    )
    .bind(app.firm.id)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    World {
        app,
        clients,
        actor: Actor {
            kind: klientdelegering::domain::ActorKind::CommandLine,
            person_id: None,
            person_name: Some("Egenskapstest".into()),
            on_behalf_of: None,
        },
    }
}

async fn step(w: &mut World, rng: &mut Rng) -> String {
    let store = &w.app.store;
    let firm = w.app.firm.clone();
    let i = rng.below(w.clients.len());
    let client = w.clients[i].clone();
    let delegable: Vec<AccessPackage> = AccessPackage::client_delegable_all().collect();
    match rng.below(7) {
        0 => {
            let mut packages = BTreeSet::new();
            for p in &delegable {
                if rng.chance(40) {
                    packages.insert(*p);
                }
            }
            let r = store
                .grant_fullmakt(&w.actor, &client, &firm, &packages)
                .await;
            format!("grant {} {packages:?}: {}", client.name, r.is_ok())
        }
        1 => {
            let p = *rng.pick(&delegable);
            let r = store
                .withdraw(&w.actor, &client, &firm, Withdrawal::Package(p))
                .await;
            format!("withdraw {p:?} {}: {}", client.name, r.is_ok())
        }
        2 => {
            let r = store
                .withdraw(&w.actor, &client, &firm, Withdrawal::Fullmakt)
                .await;
            format!("withdraw fullmakt {}: {}", client.name, r.is_ok())
        }
        3 => {
            let mut entries = Vec::new();
            for role in RegisterRole::ALL {
                if rng.chance(35) {
                    entries.push(RegisterEntry {
                        role,
                        firm: OrgNumber::parse(&firm.org_number).unwrap(),
                        firm_name: None,
                        firm_form: None,
                    });
                }
            }
            let number = OrgNumber::parse(&client.org_number).unwrap();
            let r = store.sync_register_roles(&number, &entries).await;
            format!("register {} = {entries:?}: {}", client.name, r.is_ok())
        }
        4 => {
            // A change of form (FFØR counts for BRL and ESEK only) or of name.
            let form = *rng.pick(&["AS", "BRL", "ESEK", "ENK"]);
            let name = format!("{} {}", rng.pick(&["Ærlig", "Øst", "Aas", "Zebra"]), i);
            sqlx::query("UPDATE organizations SET org_form = $2, name = $3 WHERE id = $1")
                .bind(client.id)
                .bind(form)
                .bind(&name)
                .execute(store.pool())
                .await
                .unwrap();
            w.clients[i].org_form = form.into();
            w.clients[i].name = name.clone();
            format!("{} is now {form} {name}", client.name)
        }
        5 => {
            // What the system access needs (delegations that no longer qualify stay: this
            // test is about the listing, not the cascade).
            let p = *rng.pick(&delegable);
            let on = rng.chance(50);
            let sql = if on {
                "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
                 VALUES ($1, 'agent', $2, true) ON CONFLICT DO NOTHING"
            } else {
                "DELETE FROM system_user_packages WHERE system_user_id = $1 AND package_urn = $2"
            };
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(w.app.agent.id)
                .bind(p.urn())
                .execute(store.pool())
                .await
                .unwrap();
            format!("agent needs {p:?}: {on}")
        }
        _ => {
            let selection = ClientSelection::Chosen([client.id].into());
            let r = store
                .add_clients(&w.actor, firm.id, w.app.agent.id, &selection, None)
                .await;
            format!("add {}: {}", client.name, r.is_ok())
        }
    }
}

/// Every row of a listing, read page by page forwards by key (and the last page from the
/// end), checking that each way of reaching a page gives the same rows.
async fn walk(
    w: &World,
    scope: &AgentScope,
    listing: Listing,
    search: &str,
    per_page: i64,
) -> Result<Vec<(Uuid, BTreeSet<AccessPackage>, bool)>, String> {
    let store = &w.app.store;
    let mut out = Vec::new();
    let mut window = Window::First;
    let mut pages = Vec::new();
    loop {
        let page = store
            .list_clients(scope, listing, search, &window, per_page)
            .await
            .map_err(|e| e.to_string())?;
        if page.is_empty() {
            break;
        }
        let same = store
            .list_clients(
                scope,
                listing,
                search,
                &Window::From(ListKey::from(&page[0])),
                per_page,
            )
            .await
            .map_err(|e| e.to_string())?;
        let ids = |p: &[klientdelegering::store::client_list::ListedClient]| {
            p.iter().map(|c| c.id).collect::<Vec<_>>()
        };
        if ids(&same) != ids(&page) {
            return Err(format!(
                "{listing:?} '{search}': From(first) is not the same page"
            ));
        }
        // Read in one statement with a window of another listing, as the dialog does.
        let other = match listing {
            Listing::Unavailable => Listing::Eligible { hide_added: false },
            Listing::Eligible { .. } => Listing::Unavailable,
        };
        let together = store
            .list_clients_many(
                scope,
                search,
                &[
                    ListRequest {
                        listing,
                        window: &window,
                        limit: per_page,
                    },
                    ListRequest {
                        listing: other,
                        window: &Window::First,
                        limit: 3,
                    },
                ],
            )
            .await
            .map_err(|e| e.to_string())?;
        let alone = store
            .list_clients(scope, other, search, &Window::First, 3)
            .await
            .map_err(|e| e.to_string())?;
        if ids(&together[0]) != ids(&page) || ids(&together[1]) != ids(&alone) {
            return Err(format!(
                "{listing:?} '{search}': windows read together differ from each alone"
            ));
        }
        let skipped = store
            .list_clients(
                scope,
                listing,
                search,
                &Window::Skip(out.len() as i64),
                per_page,
            )
            .await
            .map_err(|e| e.to_string())?;
        if ids(&skipped) != ids(&page) {
            return Err(format!("{listing:?} '{search}': Skip and After disagree"));
        }
        if let Some(prev) = pages.last() {
            let before = store
                .list_clients(
                    scope,
                    listing,
                    search,
                    &Window::Before(ListKey::from(&page[0])),
                    per_page,
                )
                .await
                .map_err(|e| e.to_string())?;
            if &ids(&before) != prev {
                return Err(format!(
                    "{listing:?} '{search}': Before(first) is not the previous page"
                ));
            }
        }
        pages.push(ids(&page));
        window = Window::After(ListKey::from(page.last().unwrap()));
        out.extend(page.into_iter().map(|c| (c.id, c.held, c.added)));
    }
    if let Some(last) = pages.last() {
        let n = last.len() as i64;
        let tail = store
            .list_clients(scope, listing, search, &Window::Last(n), per_page)
            .await
            .map_err(|e| e.to_string())?;
        if tail.iter().map(|c| c.id).collect::<Vec<_>>() != *last {
            return Err(format!("{listing:?} '{search}': Last is not the last page"));
        }
    }
    Ok(out)
}

/// The database's answers against the domain's, for the agent of the demo firm.
async fn check(w: &World, rng: &mut Rng) -> Result<(), String> {
    let store = &w.app.store;
    let (firm, su) = (w.app.firm.id, w.app.agent.id);
    let reference = store.client_options(firm, su).await.unwrap().unwrap();
    let scope = store.agent_scope(firm, su).await.unwrap().unwrap();
    let required = scope.required.clone();

    // The bits the database uses are the domain's.
    let bits: Vec<(String, i16)> = sqlx::query_as("SELECT urn, bit FROM access_packages")
        .fetch_all(store.pool())
        .await
        .unwrap();
    for (urn, bit) in bits {
        let p = AccessPackage::from_urn(&urn).unwrap();
        if p.bit() != bit as u32 {
            return Err(format!(
                "{urn}: bit {bit} in the database, {} in the domain",
                p.bit()
            ));
        }
    }
    if scope.mask != package_mask(&required) {
        return Err("the scope's mask is not the domain's".into());
    }
    // The pages read the scope with the system user, in one query: the same figures.
    let (agent, counts) = store
        .system_user_with_counts(firm, su)
        .await
        .unwrap()
        .unwrap();
    let read_with = AgentScope::of(&agent, counts);
    let figures = |s: &AgentScope| (s.mask, s.related, s.eligible, s.added, s.required.clone());
    if figures(&read_with) != figures(&scope) {
        return Err(format!(
            "the scope read with the system user {:?} is not the scope {:?}",
            figures(&read_with),
            figures(&scope)
        ));
    }

    // Counts.
    let available = reference.iter().filter(|o| o.eligibility.is_available());
    let eligible = available.clone().count() as i64;
    let candidates = available.filter(|o| !o.already_added).count() as i64;
    let added_all = reference.iter().filter(|o| o.already_added).count() as i64;
    if (scope.related, scope.eligible) != (reference.len() as i64, eligible) {
        return Err(format!(
            "counts: database related {} eligible {}, domain {} {eligible}",
            scope.related,
            scope.eligible,
            reference.len()
        ));
    }
    // Delegations that no longer qualify (step 5 changes what the agent needs without the
    // cascade) make "candidates = eligible − added" an over-count; only when every added
    // client is eligible must it hold.
    let added_eligible = reference
        .iter()
        .filter(|o| o.already_added && o.eligibility.is_available())
        .count() as i64;
    if added_eligible == added_all && scope.candidates() != candidates {
        return Err(format!(
            "candidates: database {}, domain {candidates}",
            scope.candidates()
        ));
    }

    // Client by client, in list order, for the whole list and for a search.
    let per_page = 1 + rng.below(5) as i64;
    let searches = {
        let c = rng.pick(&w.clients);
        let name: String = c.name.chars().skip(1).take(3).collect();
        // Two words from the name, the other way round.
        let words: Vec<&str> = c.name.split_whitespace().collect();
        let two = match words.as_slice() {
            [a, b, ..] => format!("{} {}", b.to_uppercase(), a.to_lowercase()),
            _ => c.name.clone(),
        };
        vec![
            String::new(),
            name.to_lowercase(),
            c.org_number[2..6].to_owned(),
            two,
        ]
    };
    for search in searches {
        let matches = |o: &&klientdelegering::store::delegations::ClientOption| {
            // The portal's search: digits (spaces allowed) find part of the number or of the
            // name as typed; words find names that contain every word, in any order.
            let s = search.trim().to_lowercase();
            let name = o.facts.client.name.to_lowercase();
            let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.chars().all(|c| c.is_ascii_digit()) {
                name.contains(&s) || o.facts.client.org_number.contains(&digits)
            } else {
                s.split_whitespace().all(|w| name.contains(w))
            }
        };
        for hide_added in [false, true] {
            let want: Vec<(Uuid, bool)> = reference
                .iter()
                .filter(matches)
                .filter(|o| o.eligibility.is_available() && !(hide_added && o.already_added))
                .map(|o| (o.facts.client.id, o.already_added))
                .collect();
            let got: Vec<(Uuid, bool)> = walk(
                w,
                &scope,
                Listing::Eligible { hide_added },
                &search,
                per_page,
            )
            .await?
            .into_iter()
            .map(|(id, _, added)| (id, added))
            .collect();
            if got != want {
                return Err(format!(
                    "available (hide added {hide_added}, search '{search}'): database {got:?}, domain {want:?}"
                ));
            }
            let counts = store
                .search_counts(&scope, hide_added, &search)
                .await
                .unwrap();
            if search.is_empty() && added_eligible != added_all {
                // See above: the no-search counts assume the cascade's invariant.
            } else if counts.listed != want.len() as i64 {
                return Err(format!(
                    "search '{search}' (hide {hide_added}) counts {} listed, domain {}",
                    counts.listed,
                    want.len()
                ));
            }
        }
        let want: BTreeMap<Uuid, Eligibility> = reference
            .iter()
            .filter(matches)
            .filter(|o| !o.eligibility.is_available())
            .map(|o| (o.facts.client.id, o.eligibility.clone()))
            .collect();
        let got: BTreeMap<Uuid, Eligibility> =
            walk(w, &scope, Listing::Unavailable, &search, per_page)
                .await?
                .into_iter()
                .map(|(id, held, _)| (id, Eligibility::decide(&required, &held)))
                .collect();
        if got != want {
            return Err(format!(
                "unavailable and their missing packages (search '{search}'): database {got:?}, domain {want:?}"
            ));
        }
        let counts = store.search_counts(&scope, true, &search).await.unwrap();
        if counts.unavailable != want.len() as i64 {
            return Err(format!(
                "search '{search}': {} unavailable counted, domain {}",
                counts.unavailable,
                want.len()
            ));
        }
    }

    // The API's pages, by organization number.
    let mut want: Vec<String> = reference
        .iter()
        .filter(|o| o.eligibility.is_available() && !o.already_added)
        .map(|o| o.facts.client.org_number.clone())
        .collect();
    want.sort();
    let mut got = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .available_clients_after(&agent, after.as_deref(), per_page)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|c| c.org_number.clone());
        got.extend(page.into_iter().map(|c| c.org_number));
    }
    if got != want {
        return Err(format!("API available: database {got:?}, domain {want:?}"));
    }
    Ok(())
}

async fn run(seed: u64) -> Result<(), String> {
    let mut w = world().await;
    let mut rng = Rng(seed.max(1));
    let mut steps = Vec::new();
    check(&w, &mut rng)
        .await
        .map_err(|e| format!("seed {seed}, before any step: {e}"))?;
    for _ in 0..STEPS {
        steps.push(step(&mut w, &mut rng).await);
        if let Err(e) = check(&w, &mut rng).await {
            return Err(format!(
                "seed {seed}: {e}\nsteps:\n  {}",
                steps.join("\n  ")
            ));
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_database_lists_exactly_the_clients_the_domain_allows() {
    let seeds: Vec<u64> = match std::env::var("ELIGIBILITY_SEED") {
        Ok(s) => vec![s.parse().expect("ELIGIBILITY_SEED is a number")],
        Err(_) => {
            let runs: u64 = std::env::var("ELIGIBILITY_RUNS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(3);
            (1..=runs).map(|i| i * 104_729).collect()
        }
    };
    for seed in seeds {
        if let Err(e) = run(seed).await {
            panic!("{e}");
        }
    }
}
