//! Three instances of the real binary behind nginx (deploy/nginx, Debian's nginx), no
//! sticky sessions: one person's pages land on different instances; one instance is
//! killed (SIGKILL) in the middle of the person's flow and another in the middle of a
//! bulk *Bekreft og lukk*. The person sends a step again at most once, no confirmed
//! change is lost, none is half-applied, and the audit trail names exactly what changed.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::common::app_process::{self, AppProcess};
use crate::common::nginx::{self, Nginx};
use crate::common::pg_cluster::free_port;
use crate::common::*;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use super::bulk_add_killed::{WRITING, named};

const EXTRA_CLIENTS: usize = 5_000;
const NAMES: [&str; 3] = ["kd_cluster_a", "kd_cluster_b", "kd_cluster_c"];

/// A step of the person's: sent, and sent once more if the load balancer answered that
/// no instance could (502, 503, 504) or the connection broke. (status, location or body,
/// whether it was sent again).
async fn step<F, Fut>(send: F) -> (u16, String, bool)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<(u16, String)>>,
{
    match send().await {
        Ok((status, body)) if !matches!(status, 502..=504) => (status, body, false),
        first => {
            println!("sent again after {:?}", first.map(|(s, _)| s));
            let (status, body) = send().await.expect("an answer the second time");
            (status, body, true)
        }
    }
}

/// The instance (index into NAMES) whose backend runs the bulk write, once one does.
async fn writer(db: &mut PgConnection, deadline: Instant) -> Option<usize> {
    let sql = format!(
        "SELECT application_name FROM pg_stat_activity
          WHERE application_name LIKE 'kd_cluster_%' AND {WRITING}"
    );
    while Instant::now() < deadline {
        let names: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(&mut *db)
            .await
            .unwrap();
        if let Some(name) = names.first() {
            return NAMES.iter().position(|n| n == name);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    None
}

async fn backends_of(db: &mut PgConnection, name: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
        .bind(name)
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_behind_nginx_killed_mid_flow_lose_nothing_and_apply_nothing_by_half() {
    let started = Instant::now();
    let app = TestApp::spawn().await;
    large_firm::add_regn_clients(&app, EXTRA_CLIENTS).await;
    let mut watcher = PgConnection::connect(&app.database_url).await.unwrap();
    let front = free_port();
    let public = format!("http://127.0.0.1:{front}");
    let key = app_process::session_key();
    let env = [
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("PUBLIC_URL", public.as_str()),
        ("DRAIN_SECONDS", "0"),
    ];
    let mut instances = Vec::new();
    for name in NAMES {
        let url = named(&app.database_url, name);
        instances.push(Some(AppProcess::start_with(&url, &key, &env, None).await));
    }
    let upstreams: Vec<String> = instances
        .iter()
        .flatten()
        .map(|i| i.base.trim_start_matches("http://").to_owned())
        .collect();
    let lb = Nginx::start(front, &upstreams);
    println!("three instances and nginx up in {:.1?}", started.elapsed());
    let first_event: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM audit_events")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let initially: HashSet<Uuid> = app.delegated().await.into_iter().collect();

    // One person's pages, through nginx, land on every instance.
    let kadm = Portal::log_in(&lb.base, KADM, app.firm.id).await;
    for _ in 0..6 {
        assert_eq!(kadm.visit("/systemtilganger").await.unwrap().0, 200);
    }
    let served_by: HashSet<String> = lb
        .access_log()
        .iter()
        .filter(|l| l.contains("\"GET /systemtilganger HTTP"))
        .filter_map(|l| nginx::field(l, "upstream").map(str::to_owned))
        .collect();
    assert_eq!(
        served_by.len(),
        3,
        "round robin over the three: {served_by:?}"
    );
    // Static files come from nginx itself, with a long cache lifetime.
    let version = asset_version_at(&lb.base).await;
    let r = TestApp::client()
        .get(format!("{}/static/app.css?v={version}", lb.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        !lb.access_log().iter().any(|l| l.contains("/static/")),
        "no instance was asked for a static file"
    );

    // The person's flow: the dialog opens, an instance dies, the confirmation goes through.
    let mut resent = 0;
    let agent = app.agent.id;
    let dialog = format!("/systemtilganger/{agent}/legg-til-kunder");
    let (status, _, again) = step(|| kadm.visit(&dialog)).await;
    assert_eq!(status, 200);
    resent += usize::from(again);
    instances[0].take().unwrap().kill().await;
    let chosen: Vec<Uuid> = app.addable(2).await;
    let (status, location, again) = step(|| kadm.add_clients(agent, &chosen)).await;
    assert_eq!(
        (status, location.as_str()),
        (303, &*format!("/systemtilganger/{agent}"))
    );
    resent += usize::from(again);
    let page = format!("/systemtilganger/{agent}");
    let (status, _, again) = step(|| kadm.visit(&page)).await;
    assert_eq!(status, 200);
    resent += usize::from(again);
    assert!(resent <= 1, "the person sent {resent} steps again");
    let now: HashSet<Uuid> = app.delegated().await.into_iter().collect();
    assert_eq!(now, initially.iter().chain(&chosen).copied().collect());

    // A bulk Bekreft og lukk: the instance writing it is killed half-way.
    let before = now;
    let available = app.addable(usize::MAX).await.len();
    assert!(available >= EXTRA_CLIENTS);
    let bulk = {
        let kadm = kadm.at(&lb.base);
        tokio::spawn(async move { kadm.add_all_clients(agent).await })
    };
    let victim = writer(&mut watcher, Instant::now() + Duration::from_secs(30))
        .await
        .expect("an instance writes the bulk change");
    instances[victim].take().unwrap().kill().await;
    let answer = bulk.await.unwrap();
    println!(
        "killed {} while it wrote: the person got {answer:?}",
        NAMES[victim]
    );
    // Not confirmed: the load balancer's page says so, in the portal's words.
    let (status, page) = answer.expect("an answer from nginx");
    assert_eq!(status, 502);
    assert!(page.contains("Tjenesten svarer ikke akkurat nå"), "{page}");
    assert!(page.contains("ingen endring ble bekreftet"), "{page}");
    // PostgreSQL sees the connection gone and rolls the transaction back.
    let deadline = Instant::now() + Duration::from_secs(20);
    while backends_of(&mut watcher, NAMES[victim]).await > 0 {
        assert!(
            Instant::now() < deadline,
            "the killed instance's sessions linger"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let now: HashSet<Uuid> = app.delegated().await.into_iter().collect();
    assert_eq!(now, before, "nothing of the killed change stays");

    // Sent again (the one retry), through nginx, to the instance left.
    let (status, location) = kadm.add_all_clients(agent).await.unwrap();
    assert_eq!(
        (status, location.as_str()),
        (303, &*format!("/systemtilganger/{agent}"))
    );
    let after: HashSet<Uuid> = app.delegated().await.into_iter().collect();
    assert_eq!(
        after.len(),
        before.len() + available,
        "every available client added"
    );

    // The audit trail: one event per client added, naming exactly those.
    let events: Vec<Uuid> = sqlx::query_scalar(
        "SELECT client_id FROM audit_events
          WHERE id > $1 AND system_user_id = $2 AND action = 'client_delegation.added'",
    )
    .bind(first_event)
    .bind(agent)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    let mut counted: HashMap<Uuid, usize> = HashMap::new();
    for e in &events {
        *counted.entry(*e).or_default() += 1;
    }
    assert!(counted.values().all(|&n| n == 1), "no client added twice");
    let added: HashSet<Uuid> = after.difference(&initially).copied().collect();
    assert_eq!(counted.keys().copied().collect::<HashSet<_>>(), added);
    println!(
        "{} clients added over two kills; {:.1?} in all",
        added.len(),
        started.elapsed()
    );
}
