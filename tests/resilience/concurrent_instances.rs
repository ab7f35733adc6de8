//! Two instances of the real binary on one database, and 50 people pressing *Bekreft og
//! lukk* or *Fjern* on the same agent system user at the same moment. The firm lock
//! (`delegations::lock_firm`) must make the outcome one that some serial order of the
//! successful requests gives, with an audit trail that tells the same story.
//!
//! Logins are rate-limited (5 a minute per person, for the whole fleet), so the 50 requests
//! share 10 sessions of two client administrators, 5 each; a success message (the flash, kept in
//! the session) can then not be told apart per request, so the effects are counted per
//! client instead.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::app_process::{self, AppProcess};
use crate::common::*;
use tokio::sync::Barrier;
use tokio::task::JoinSet;
use uuid::Uuid;

const REQUESTS: usize = 50;
const SESSIONS: usize = 10;
const ADDED: &str = "client_delegation.added";
const REMOVED: &str = "client_delegation.removed";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Remove,
}

/// What one request got back.
#[derive(Debug)]
struct Answer {
    client: Uuid,
    op: Op,
    status: u16,
    took: Duration,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_apply_concurrent_adds_and_removes_in_some_serial_order() {
    let app = TestApp::spawn().await;
    let key = app_process::session_key();
    // One after the other: each seeds the demo data (idempotently) as it starts.
    let a = AppProcess::start(&app.database_url, &key).await;
    let b = AppProcess::start(&app.database_url, &key).await;
    let instances = [a.base.clone(), b.base.clone()];

    // Six clients fought over: the three already added and three available ones.
    let initially: HashSet<Uuid> = app.delegated().await.into_iter().collect();
    assert_eq!(initially.len(), 3);
    let options = app.agent_options().await;
    let mut clients: Vec<Uuid> = initially.iter().copied().collect();
    clients.extend(
        options
            .iter()
            .filter(|o| o.eligibility.is_available() && !o.already_added)
            .take(3)
            .map(|o| o.facts.client.id),
    );
    let audit_before: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM audit_events")
        .fetch_one(app.store.pool())
        .await
        .unwrap();

    // Ten sessions of the client administrator, each logged in on one instance and sending
    // its requests to the other: the shared SESSION_KEY makes a login work on both.
    // Logins are rate-limited per person for the whole fleet (5 a minute): the sessions
    // are those of two client administrators.
    let second = app.new_person("Kari Klient", app.firm.id, "KADM").await;
    let mut sessions = Vec::new();
    for i in 0..SESSIONS {
        let who = if i < SESSIONS / 2 { KADM } else { &second };
        let person = Portal::log_in(&instances[i % 2], who, app.firm.id).await;
        sessions.push(Arc::new(person.at(&instances[(i + 1) % 2])));
    }

    // Each client gets adds and removes in turn; all fifty go at once.
    let barrier = Arc::new(Barrier::new(REQUESTS));
    let mut requests = JoinSet::new();
    for i in 0..REQUESTS {
        let session = sessions[i % SESSIONS].clone();
        let client = clients[i % clients.len()];
        let op = if (i / clients.len()).is_multiple_of(2) {
            Op::Add
        } else {
            Op::Remove
        };
        let (barrier, su) = (barrier.clone(), app.agent.id);
        requests.spawn(async move {
            barrier.wait().await;
            let start = Instant::now();
            let (status, _) = match op {
                Op::Add => session.add_clients(su, &[client]).await,
                Op::Remove => session.remove_client(su, client).await,
            }
            .expect("an answer");
            Answer {
                client,
                op,
                status,
                took: start.elapsed(),
            }
        });
    }
    let mut answers = Vec::new();
    while let Some(r) = requests.join_next().await {
        answers.push(r.unwrap());
    }
    let slowest = answers.iter().map(|a| a.took).max().unwrap();
    println!("{REQUESTS} concurrent requests over two instances; slowest {slowest:.1?}");

    // No failures: every request was either applied or refused as things stood (an add
    // of a client already there says so, and is a 303 too; a removal of one already gone
    // is not found).
    let failed: Vec<&Answer> = answers
        .iter()
        .filter(|a| match a.op {
            Op::Add => a.status != 303,
            Op::Remove => !matches!(a.status, 303 | 404),
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {REQUESTS} requests failed: {failed:#?}",
        failed.len()
    );

    // The table and the audit trail, after the fact.
    let now: HashSet<Uuid> =
        sqlx::query_scalar("SELECT client_id FROM client_delegations WHERE system_user_id = $1")
            .bind(app.agent.id)
            .fetch_all(app.store.pool())
            .await
            .unwrap()
            .into_iter()
            .collect();
    // What racing transactions could break: the agent's count of its clients, which the
    // database keeps with triggers, must still be the number of its delegations.
    let counted: i64 =
        sqlx::query_scalar("SELECT client_count::int8 FROM system_users WHERE id = $1")
            .bind(app.agent.id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    assert_eq!(
        counted,
        now.len() as i64,
        "the agent's client count after the race"
    );
    let events: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT client_id, action FROM audit_events
          WHERE id > $1 AND system_user_id = $2 AND action IN ($3, $4) ORDER BY id",
    )
    .bind(audit_before)
    .bind(app.agent.id)
    .bind(ADDED)
    .bind(REMOVED)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    let mut history: HashMap<Uuid, Vec<&str>> = HashMap::new();
    for (client, action) in &events {
        history.entry(*client).or_default().push(action);
    }
    assert!(
        history.keys().all(|c| clients.contains(c)),
        "events only for the clients touched"
    );

    for c in &clients {
        let story = history.get(c).cloned().unwrap_or_default();
        let mine: Vec<&Answer> = answers.iter().filter(|a| a.client == *c).collect();
        // The audit trail replays: an add only when absent, a removal only when present,
        // and it ends where the table is.
        let mut present = initially.contains(c);
        for action in &story {
            match *action {
                ADDED => assert!(!present, "{c}: added while already there: {story:?}"),
                _ => assert!(present, "{c}: removed while absent: {story:?}"),
            }
            present = *action == ADDED;
        }
        assert_eq!(now.contains(c), present, "{c}: table vs audit {story:?}");

        // Every removal answered 303 is in the trail once, and nothing else removed it.
        // Every add answered 303 left the client there: it added it (an event), or found
        // it there, which needs a moment in the order when it was.
        let added = story.iter().filter(|a| **a == ADDED).count();
        let removed = story.len() - added;
        let adds = mine.iter().filter(|a| a.op == Op::Add).count();
        let removals = mine
            .iter()
            .filter(|a| a.op == Op::Remove && a.status == 303)
            .count();
        assert_eq!(
            removed, removals,
            "{c}: removals answered 303 vs removed events"
        );
        assert!(added <= adds, "{c}: {added} added events for {adds} adds");
        if adds > added {
            assert!(
                initially.contains(c) || added > 0,
                "{c}: an add found it there, but it never was"
            );
        }
        // A removal that found it gone needs a moment when it was absent.
        if mine.iter().any(|a| a.op == Op::Remove && a.status == 404) {
            assert!(
                !initially.contains(c) || removed > 0,
                "{c}: a removal found it gone, but it never was"
            );
        }
    }
    let untouched: HashSet<Uuid> = now
        .difference(&clients.iter().copied().collect())
        .copied()
        .collect();
    assert!(
        untouched.is_empty(),
        "only the six clients were on it: {untouched:?}"
    );
    println!(
        "{} of {REQUESTS} requests changed something (audit events)",
        events.len()
    );
    assert!(
        events.len() >= clients.len(),
        "the requests did change things"
    );
    drop((a, b));
}

/// Several instances starting at once on an empty database: one applies the migrations
/// (sqlx's migrator holds a PostgreSQL advisory lock while it does), the rest wait and
/// find them applied; every instance starts, each migration is applied once.
#[tokio::test]
async fn instances_starting_at_once_apply_the_migrations_once() {
    use sqlx::Connection as _;
    let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = format!("kd_migrate_{}", Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let url = with_database(&admin_url, &name);
    let start = Arc::new(Barrier::new(4));
    let mut starting = JoinSet::new();
    for _ in 0..4 {
        let (url, start) = (url.clone(), start.clone());
        starting.spawn(async move {
            let store = klientdelegering::Store::connect(&url).await.unwrap();
            start.wait().await;
            store.migrate().await
        });
    }
    while let Some(result) = starting.join_next().await {
        result.unwrap().expect("every instance starts");
    }
    let store = klientdelegering::Store::connect(&url).await.unwrap();
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|f| {
            f.as_ref()
                .is_ok_and(|f| f.file_name().to_string_lossy().ends_with(".sql"))
        })
        .count();
    assert_eq!(applied.len(), files, "each migration once: {applied:?}");
    let mut distinct = applied.clone();
    distinct.dedup();
    assert_eq!(distinct, applied);
    drop(store);
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await;
}
