//! *Bekreft og lukk* with "select all" over 5,000 clients, and the server killed with
//! SIGKILL while it works: the real binary, killed at several moments of the transaction
//! (watched from the database side). Every time, the system access has all the clients or
//! none of them, and the audit trail names exactly the clients that were added.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::common::app_process::{self, AppProcess};
use crate::common::*;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

const EXTRA_CLIENTS: usize = 5_000;
/// How the victim's connections are named in pg_stat_activity.
const VICTIM: &str = "kd_killed_server";

/// When to kill the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    /// Once its transaction holds the firm lock (a row lock gives it a transaction id).
    Locked,
    /// Once the one statement that writes the delegations and their audit events has begun.
    Writing,
    /// Once COMMIT has been sent: the kill may land just before or just after it.
    Committing,
    /// A fixed time after the request was sent: before, during or after the transaction.
    After(Duration),
}

pub const WRITING: &str = "xact_start IS NOT NULL AND query LIKE '%INSERT INTO client_delegations%INSERT INTO audit_events%'";

/// The conditions on the victim's backend in pg_stat_activity for a moment, met one after
/// the other by the same backend: inside the transaction, at a given statement (the last
/// one sent, running or done). COMMIT is looked for only on the backend seen writing, since another one may show the COMMIT of the demo data's seeding.
fn conditions(moment: Moment) -> Vec<&'static str> {
    match moment {
        Moment::Locked => vec!["backend_xid IS NOT NULL"],
        Moment::Writing => vec![WRITING],
        Moment::Committing => vec![WRITING, "query = 'COMMIT'"],
        Moment::After(_) => vec![],
    }
}

/// The victim's backends that meet `condition` (and are `pid`, if given).
async fn victim_backends(db: &mut PgConnection, condition: &str, pid: Option<i32>) -> Vec<i32> {
    let sql = format!(
        "SELECT pid FROM pg_stat_activity
          WHERE application_name = '{VICTIM}' AND ($1::int IS NULL OR pid = $1) AND {condition}"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(pid)
        .fetch_all(db)
        .await
        .unwrap()
}

/// The database URL with an application name, so its sessions can be watched.
pub fn named(url: &str, name: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}application_name={name}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_confirmation_killed_half_way_adds_all_or_nothing() {
    let started = Instant::now();
    let app = TestApp::spawn().await;
    large_firm::add_regn_clients(&app, EXTRA_CLIENTS).await;
    let initially: HashSet<Uuid> = app.delegated().await.into_iter().collect();
    let available = app
        .agent_options()
        .await
        .iter()
        .filter(|o| o.eligibility.is_available() && !o.already_added)
        .count();
    assert_eq!(available, EXTRA_CLIENTS + 33);
    let mut watcher = PgConnection::connect(&app.database_url).await.unwrap();
    let key = app_process::session_key();
    let url = named(&app.database_url, VICTIM);

    let moments = [
        Moment::Locked,
        Moment::Writing,
        Moment::Committing,
        Moment::After(Duration::from_millis(50)),
        Moment::After(Duration::from_millis(150)),
        Moment::After(Duration::from_millis(300)),
        Moment::Writing,
        Moment::Writing,
    ];
    let mut outcomes = Vec::new();
    let mut session: Option<Portal> = None;
    for moment in moments {
        // From the same starting point each time.
        sqlx::query(
            "DELETE FROM client_delegations WHERE system_user_id = $1 AND NOT client_id = ANY($2)",
        )
        .bind(app.agent.id)
        .bind(initially.iter().copied().collect::<Vec<_>>())
        .execute(app.store.pool())
        .await
        .unwrap();
        let last_event: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM audit_events")
            .fetch_one(app.store.pool())
            .await
            .unwrap();

        let mut server = AppProcess::start(&url, &key).await;
        // One login for every round (logins are rate-limited for the whole fleet): the
        // session lives in the database, and every instance shares SESSION_KEY.
        let person = match &session {
            Some(p) => Portal::at(p, &server.base),
            None => Portal::log_in(&server.base, KADM, app.firm.id).await,
        };
        session.get_or_insert_with(|| person.at(&server.base));
        let agent = app.agent.id;
        let sent = Instant::now();
        let request = tokio::spawn(async move { person.add_all_clients(agent).await });

        // Wait for the moment, watching the server's session from the database side.
        let mut seen = false;
        if let Moment::After(delay) = moment {
            tokio::time::sleep(delay).await;
        }
        let mut pid = None;
        'watch: for cond in conditions(moment) {
            seen = false;
            while !request.is_finished() && sent.elapsed() < Duration::from_secs(30) {
                if let Some(p) = victim_backends(&mut watcher, cond, pid).await.first() {
                    (seen, pid) = (true, Some(*p));
                    continue 'watch;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            break;
        }
        server.kill().await;
        let killed_after = sent.elapsed();
        let answer = request.await.unwrap();

        // The database notices the dead connection and rolls back what was not committed.
        let wait = Instant::now();
        while !victim_backends(&mut watcher, "true", None).await.is_empty() {
            assert!(
                wait.elapsed() < Duration::from_secs(20),
                "the killed server's sessions linger"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }

        let now: HashSet<Uuid> = app.delegated().await.into_iter().collect();
        assert!(
            now.is_superset(&initially),
            "{moment:?}: the clients added before stay"
        );
        let added: HashSet<Uuid> = now.difference(&initially).copied().collect();
        let events: Vec<Uuid> = sqlx::query_scalar(
            "SELECT client_id FROM audit_events
              WHERE id > $1 AND system_user_id = $2 AND action = 'client_delegation.added'",
        )
        .bind(last_event)
        .bind(app.agent.id)
        .fetch_all(app.store.pool())
        .await
        .unwrap();
        let outcome = match added.len() {
            0 => "none",
            n if n == available => "all",
            n => panic!("{moment:?}: {n} of {available} clients added: half a selection"),
        };
        assert_eq!(
            events.len(),
            added.len(),
            "{moment:?}: one audit event per client added"
        );
        assert_eq!(
            events.into_iter().collect::<HashSet<_>>(),
            added,
            "{moment:?}: the audit events name exactly the clients added"
        );
        if let Ok((303, _)) = answer {
            assert_eq!(
                outcome, "all",
                "{moment:?}: a confirmed selection is all there"
            );
        }
        let answered = match &answer {
            Ok((status, _)) => status.to_string(),
            Err(_) => "no answer".into(),
        };
        println!(
            "killed {moment:?} (seen: {seen}) after {killed_after:.0?}: {outcome} added, {answered}"
        );
        outcomes.push((moment, seen, outcome));
    }
    // Kills did land inside transactions that had written, and those were rolled back.
    assert!(
        outcomes
            .iter()
            .any(|(m, seen, o)| *seen && *m == Moment::Writing && *o == "none"),
        "no kill landed between the first write and the commit: {outcomes:?}"
    );
    println!("{:.1?} in all", started.elapsed());
}
