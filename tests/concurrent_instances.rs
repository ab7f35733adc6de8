//! Two instances of the real binary on one database, and 50 people pressing *Bekreft og
//! lukk* or *Fjern* on the same agent system user at the same moment. The firm lock
//! (`delegations::lock_firm`) must make the outcome one that some serial order of the
//! successful requests gives, with an audit trail that tells the same story.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::app_process::{self, AppProcess};
use common::portal::Portal;
use common::*;
use tokio::sync::Barrier;
use tokio::task::JoinSet;
use uuid::Uuid;

const REQUESTS: usize = 50;
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
    /// For a 303: the message shown on the page it leads to.
    flash: String,
    took: Duration,
}

impl Answer {
    /// A confirmation that added the client (not "already added").
    fn added(&self) -> bool {
        self.op == Op::Add && self.status == 303 && self.flash.contains("er lagt til.")
    }

    fn add_was_noop(&self) -> bool {
        self.op == Op::Add && self.status == 303 && self.flash.contains("Ingen nye kunder")
    }

    fn removed(&self) -> bool {
        self.op == Op::Remove && self.status == 303
    }
}

/// The message of the page a 303 leads to (the flash set by the action).
fn flash(html: &str) -> String {
    html.split("role=\"status\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .map(|s| {
            s.replace("<p class=\"ds-paragraph\">", "")
                .trim()
                .to_owned()
        })
        .unwrap_or_default()
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
    let options = app
        .store
        .client_options(app.firm.id, app.agent.id)
        .await
        .unwrap()
        .unwrap();
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

    // Fifty sessions of the client administrator, each logged in on one instance and
    // sending its request to the other: the shared SESSION_KEY makes a login work on both.
    // (One after the other: logging in is not what is tested.)
    let mut sessions = Vec::new();
    for i in 0..REQUESTS {
        let person = Portal::log_in(&instances[i % 2], KADM, app.firm.id).await;
        sessions.push(person.at(&instances[(i + 1) % 2]));
    }

    // Each client gets adds and removes in turn; all fifty go at once.
    let barrier = Arc::new(Barrier::new(REQUESTS));
    let mut requests = JoinSet::new();
    for (i, session) in sessions.into_iter().enumerate() {
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
            let (status, to) = match op {
                Op::Add => session.add_clients(su, &[client]).await,
                Op::Remove => session.remove_client(su, client).await,
            }
            .expect("an answer");
            let took = start.elapsed();
            let flash = if status == 303 {
                flash(&session.page(&to).await)
            } else {
                String::new()
            };
            Answer {
                client,
                op,
                status,
                flash,
                took,
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
    // of a client already there says so; a removal of one already gone is not found).
    let failed: Vec<&Answer> = answers
        .iter()
        .filter(|a| match a.op {
            Op::Add => !(a.added() || a.add_was_noop()),
            Op::Remove => !matches!(a.status, 303 | 404),
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {REQUESTS} requests failed: {failed:#?}",
        failed.len()
    );

    // The table and the audit trail, after the fact.
    let rows: Vec<(Uuid, i64)> = sqlx::query_as(
        "SELECT client_id, count(*) FROM client_delegations
          WHERE system_user_id = $1 GROUP BY client_id",
    )
    .bind(app.agent.id)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert!(
        rows.iter().all(|(_, n)| *n == 1),
        "a client twice: {rows:?}"
    );
    let now: HashSet<Uuid> = rows.into_iter().map(|(c, _)| c).collect();
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

        // Every success is in the trail once, and the trail has nothing else.
        let added = story.iter().filter(|a| **a == ADDED).count();
        let removed = story.len() - added;
        assert_eq!(
            added,
            mine.iter().filter(|a| a.added()).count(),
            "{c}: adds answered 'er lagt til' vs added events"
        );
        assert_eq!(
            removed,
            mine.iter().filter(|a| a.removed()).count(),
            "{c}: removals answered 303 vs removed events"
        );
        // An add that found the client there, or a removal that found it gone, needs a
        // moment in that order when it was so.
        if mine.iter().any(|a| a.add_was_noop()) {
            assert!(
                initially.contains(c) || added > 0,
                "{c}: 'already added' never true"
            );
        }
        if mine.iter().any(|a| a.op == Op::Remove && a.status == 404) {
            assert!(
                !initially.contains(c) || removed > 0,
                "{c}: 'not there' never true"
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
    let changes = answers.iter().filter(|a| a.added() || a.removed()).count();
    println!(
        "{changes} of {REQUESTS} requests changed something; {} events",
        events.len()
    );
    assert!(changes >= 6, "the requests did change things ({changes})");
    drop((a, b));
}
