//! Benchmark (ignored in the normal run): *Historikk* for a firm with 50,000 events among
//! 300,000, the way a large accounting firm's trail looks after a few years. Run with
//! `cargo test --release --test bench_history -- --ignored --nocapture`. Prints figures;
//! asserts only behaviour.

mod common;

use std::time::Instant;

use common::timing::time_requests;
use common::*;
use klientdelegering::store::history::HISTORY_COUNT_CAP;

const FIRM_EVENTS: i64 = 50_000;
const OTHER_EVENTS: i64 = 250_000;

/// Adds `firm_events` events to the firm's trail (nine in ten its own adds and removes,
/// one in ten delegations the register ended) and `other_events` to another firm's.
async fn seed(app: &TestApp, firm_events: i64, other_events: i64) {
    // The firm's own work: clients added and removed every ten minutes for a year.
    sqlx::query(
        "WITH cl AS (SELECT array_agg(id ORDER BY name) ids, array_agg(name ORDER BY name) names,
                            array_agg(org_number ORDER BY name) nums, count(*) n
                       FROM organizations WHERE id <> $1),
              p AS (SELECT id, name FROM persons WHERE national_id = $3)
         INSERT INTO audit_events (occurred_at, actor_kind, actor_person_id, actor_name,
                                   on_behalf_of_id, action, system_user_id, client_id, firm_id,
                                   details)
         SELECT now() - g * interval '10 minutes', 'person', p.id, p.name, $1,
                CASE WHEN g % 3 = 0 THEN 'client_delegation.removed'
                     ELSE 'client_delegation.added' END,
                $2, cl.ids[1 + g % cl.n], $1,
                jsonb_build_object('client_name', cl.names[1 + g % cl.n],
                                   'client_org_number', cl.nums[1 + g % cl.n])
           FROM generate_series(1, $4::int) g, cl, p",
    )
    .bind(app.firm.id)
    .bind(app.agent.id)
    .bind(KADM)
    .bind((firm_events * 9 / 10) as i32)
    .execute(app.store.pool())
    .await
    .unwrap();
    // Delegations the register ended, which the firm did not do itself.
    sqlx::query(
        "WITH cl AS (SELECT array_agg(id ORDER BY name) ids, array_agg(name ORDER BY name) names,
                            array_agg(org_number ORDER BY name) nums, count(*) n
                       FROM organizations WHERE id <> $1)
         INSERT INTO audit_events (occurred_at, actor_kind, actor_name, action, system_user_id,
                                   client_id, firm_id, details)
         SELECT now() - g * interval '97 minutes', 'register', 'Enhetsregisteret',
                'client_delegation.ended',
                $2, cl.ids[1 + g % cl.n], $1,
                jsonb_build_object('client_name', cl.names[1 + g % cl.n],
                                   'client_org_number', cl.nums[1 + g % cl.n],
                                   'cause', 'register_role_removed', 'subject', 'REGN',
                                   'missing', '[]'::jsonb)
           FROM generate_series(1, $3::int) g, cl",
    )
    .bind(app.firm.id)
    .bind(app.agent.id)
    .bind((firm_events / 10) as i32)
    .execute(app.store.pool())
    .await
    .unwrap();
    // Another firm's busy trail, none of the first firm's business.
    let other = app.org("Kald Revisjon AS").await.id;
    sqlx::query(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_name, on_behalf_of_id, action,
                                   system_user_id, client_id, firm_id, details)
         SELECT now() - g * interval '2 minutes', 'person', 'Noen Andre', $1,
                'client_delegation.added',
                gen_random_uuid(), gen_random_uuid(), $1,
                jsonb_build_object('client_name', 'Fremmed ' || g)
           FROM generate_series(1, $2::int) g",
    )
    .bind(other)
    .bind(other_events as i32)
    .execute(app.store.pool())
    .await
    .unwrap();
    // What autovacuum does to an append-only table soon after.
    sqlx::query("VACUUM ANALYZE audit_events")
        .execute(app.store.pool())
        .await
        .unwrap();
}

/// The events the firm's Historikk shows, as its export counts them (rows after the header).
async fn exported(c: &reqwest::Client, app: &TestApp) -> i64 {
    let r = c.get(app.url("/historikk.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body = r.bytes().await.unwrap();
    body.iter().filter(|b| **b == b'\n').count() as i64 - 1
}

/// What the benchmark relies on, at any size: every event is counted once, on the page
/// (or "Over 10 000" past the cap) and in the export.
async fn check_counts(app: &TestApp, firm_events: i64, other_events: i64) {
    let c = app.logged_in(KADM, app.firm.id).await;
    let before = exported(&c, app).await;
    seed(app, firm_events, other_events).await;
    let total = before + firm_events;
    assert_eq!(
        exported(&c, app).await,
        total,
        "the export holds each event once"
    );
    let html = ok_page(&c, app.url("/historikk")).await;
    let shown = if total > HISTORY_COUNT_CAP {
        format!("Over {}", grouped(HISTORY_COUNT_CAP))
    } else {
        format!("{} hendelser", grouped(total))
    };
    assert!(html.contains(&shown), "the page says {shown:?}");
}

/// "10 000": thousands apart with a no-break space, as the page writes them.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}

#[tokio::test]
async fn the_benchmarks_counts_hold_at_a_small_size() {
    // Below the page's count cap, and just past it.
    check_counts(&TestApp::spawn().await, 900, 3_000).await;
    check_counts(&TestApp::spawn().await, HISTORY_COUNT_CAP + 500, 1_000).await;
}

#[tokio::test]
#[ignore = "benchmark: cargo test --release --test bench_history -- --ignored --nocapture"]
async fn a_firm_with_fifty_thousand_events() {
    let app = TestApp::spawn().await;
    let start = Instant::now();
    check_counts(&app, FIRM_EVENTS, OTHER_EVENTS).await;
    println!(
        "seeded {FIRM_EVENTS} events for the firm and {OTHER_EVENTS} for another, and counted \
         them, in {:.1?}",
        start.elapsed()
    );
    let c = app.logged_in(KADM, app.firm.id).await;
    let month: String = sqlx::query_scalar(
        "SELECT to_char(now() - interval '60 days', '\"fra=\"DD.MM.YYYY')
             || to_char(now() - interval '30 days', '\"&til=\"DD.MM.YYYY')",
    )
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    for (label, path) in [
        // For comparison within the run: another page of the portal, with little data.
        ("GET Klienter (for comparison)", "/klienter".to_owned()),
        ("GET Historikk, first page", "/historikk".to_owned()),
        ("GET Historikk, page 100", "/historikk?side=100".to_owned()),
        (
            "GET Historikk, last page (2,000)",
            "/historikk?side=2000".to_owned(),
        ),
        (
            "GET Historikk, client \"Bergtatt\"",
            "/historikk?kunde=Bergtatt".to_owned(),
        ),
        (
            "GET Historikk, client that matches nothing",
            "/historikk?kunde=finnesikke".to_owned(),
        ),
        (
            "GET Historikk, one system access",
            format!("/historikk?systemtilgang={}", app.agent.id),
        ),
        ("GET Historikk, 30 days", format!("/historikk?{month}")),
    ] {
        let url = app.url(&path);
        time_requests(label, 30, async || {
            c.get(&url).send().await.unwrap().status().as_u16()
        })
        .await;
    }
    let url = app.url("/historikk.csv");
    let mut size = 0;
    time_requests("GET historikk.csv, all 50,000 events", 5, async || {
        let r = c.get(&url).send().await.unwrap();
        let status = r.status().as_u16();
        let body = r.bytes().await.unwrap();
        size = body.len();
        status
    })
    .await;
    println!("  ({:.1} MB)", size as f64 / 1_000_000.0);
}
