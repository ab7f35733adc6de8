//! Stopping an instance behind a load balancer: on SIGTERM it drains (`/health/ready`
//! answers 503, answers close their connections) while it still serves, waits for the
//! request in flight however long it takes (a *Bekreft og lukk* held in its transaction
//! past the drain), and exits by itself once it is answered. Its log, with
//! LOG_FORMAT=json, is one JSON object per line carrying the request's id.

use std::time::{Duration, Instant};

use crate::common::app_process::{self, AppProcess};
use crate::common::*;
use sqlx::{Connection, PgConnection};

const DRAIN: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_finishes_the_request_in_flight_and_exits() {
    let app = TestApp::spawn().await;
    let log = std::env::temp_dir().join(format!("kd-log-{}.jsonl", uuid::Uuid::new_v4()));
    let mut server = AppProcess::start_with(
        &app.database_url,
        &app_process::session_key(),
        &[
            ("DRAIN_SECONDS", "2"),
            ("LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
        ],
        Some(&log),
    )
    .await;
    let base = server.base.clone();
    let http = TestApp::client();
    let kadm = Portal::log_in(&base, KADM, app.firm.id).await;

    // A login by hand, for its request id.
    let visitor = Portal::open(&base).await;
    let r = visitor
        .post_request("/logg-inn", &[("fodselsnummer", KADM)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let login_id = r.headers()["x-request-id"].to_str().unwrap().to_owned();

    // A Bekreft og lukk held inside its transaction: the audit table is locked.
    let mut locker = PgConnection::connect(&app.database_url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut locker).await.unwrap();
    sqlx::query("LOCK TABLE audit_events IN EXCLUSIVE MODE")
        .execute(&mut locker)
        .await
        .unwrap();
    let clients: Vec<_> = app.addable(2).await;
    let before = app.delegated().await.len();
    let (agent, chosen) = (app.agent.id, clients.clone());
    let in_flight = tokio::spawn(async move { kadm.add_clients(agent, &chosen).await });
    let waiting = "SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'";
    let deadline = Instant::now() + Duration::from_secs(10);
    while sqlx::query_scalar::<_, i64>(waiting)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
        == 0
    {
        assert!(
            Instant::now() < deadline,
            "the confirmation never reached the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    server.terminate();
    let signalled = Instant::now();
    // Draining: not ready, but alive and serving, each answer closing its connection.
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        let r = http
            .get(format!("{base}/health/ready"))
            .send()
            .await
            .unwrap();
        if r.status() == 503 {
            assert_eq!(r.text().await.unwrap(), "draining");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "/health/ready still {}",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = http
        .get(format!("{base}/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["connection"], "close");
    let (status, _) = get_page(&http, format!("{base}/logg-inn")).await;
    assert_eq!(status, 200);
    assert!(signalled.elapsed() < DRAIN, "checked while draining");

    // After the drain the instance waits for the request in flight (it is not ready, and
    // still answers what reaches it), however long that takes.
    tokio::time::sleep(DRAIN + Duration::from_millis(500)).await;
    assert!(
        server.exited().is_none(),
        "still finishing the request in flight"
    );
    let r = http
        .get(format!("{base}/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
    let (status, location) = in_flight
        .await
        .unwrap()
        .expect("the request in flight is answered");
    assert_eq!(
        (status, location.as_str()),
        (303, &*format!("/systemtilganger/{}", app.agent.id))
    );
    assert_eq!(app.delegated().await.len(), before + 2);

    // Then it stops by itself: exit 0, and no more connections.
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.exited() {
            break status;
        }
        assert!(Instant::now() < deadline, "the instance did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
    assert!(
        reqwest::Client::new()
            .get(format!("{base}/health/live"))
            .send()
            .await
            .is_err(),
        "a stopped instance takes no connections"
    );

    // The log: JSON lines; the login's carries the id its answer named.
    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let message = |l: &serde_json::Value| l["fields"]["message"].as_str().unwrap_or("").to_owned();
    assert!(
        lines
            .iter()
            .any(|l| message(l) == "logged in with the test login"
                && l["span"]["request_id"] == login_id.as_str()),
        "the login's line with request id {login_id}:\n{text}"
    );
    assert!(lines.iter().any(|l| message(l) == "stop signal: draining"));
}
