//! `klientdelegering seed scale --divide-by N`: the benchmark's data set, made by the real
//! command-line tool at a hundredth of its size: the counts it promises, valid organization
//! numbers, the derived client list (`client_packages` and its counts) agreeing with the
//! relationships as the domain reads them, and a second run that changes nothing.

use crate::common::*;
use klientdelegering::domain::OrgNumber;
use sqlx::PgPool;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn count(pool: &PgPool, sql: &'static str, firm: uuid::Uuid) -> i64 {
    sqlx::query_scalar(sql)
        .bind(firm)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Everything the checks below count, so a second run can be compared with the first.
async fn counts(app: &TestApp) -> Vec<i64> {
    let pool = app.store.pool();
    let firm = app.firm.id;
    let mut all = Vec::new();
    for sql in [
        "SELECT count(*) FROM organizations WHERE $1 IS NOT NULL",
        "SELECT count(*) FROM register_roles WHERE $1 IS NOT NULL",
        "SELECT count(*) FROM client_packages WHERE firm_id = $1",
        "SELECT count(*) FROM fullmakter WHERE firm_id = $1",
        "SELECT count(*) FROM system_users WHERE owner_id = $1 AND kind = 'agent'",
        "SELECT count(*) FROM client_delegations WHERE firm_id = $1",
        "SELECT count(*) FROM audit_events WHERE $1 IS NOT NULL",
    ] {
        all.push(count(pool, sql, firm).await);
    }
    all
}

#[tokio::test]
async fn seed_scale_makes_the_data_set_it_promises_at_a_hundredth_of_the_size() {
    let app = TestApp::spawn().await;
    let pool = app.store.pool();
    let firm = app.firm.id;
    let demo_clients = count(
        pool,
        "SELECT count(*) FROM client_packages WHERE firm_id = $1",
        firm,
    )
    .await;

    let o = app.run_cli(&["seed", "scale", "--divide-by", "100"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("scale data loaded"),
        "{}",
        text(&o.stdout)
    );

    // A hundredth of Norway: 10,000 organizations; the demo firm gains 500 clients through
    // REGN and 20 through fullmakter (5 of them with one of the two packages its agents
    // need); 20 agent system accesses in all; 2,000 audit events in all.
    let c = counts(&app).await;
    assert_eq!(c[0], 10_000, "organizations");
    assert_eq!(c[2] - demo_clients, 520, "the demo firm's new clients");
    assert_eq!(c[4], 20, "the demo firm's agent system accesses");
    assert_eq!(c[6], 2_000, "audit events");
    // 20 other firms with 150 clients each, REGN or REVI, on top of the demo firm's 500.
    let other_roles = count(
        pool,
        "SELECT count(*) FROM register_roles WHERE firm_id <> $1 AND role IN ('REGN', 'REVI')
            AND client_id IN (SELECT id FROM organizations WHERE org_number ~ '^[89]')",
        firm,
    )
    .await;
    assert_eq!(other_roles, 3_000, "the other firms' clients");
    let big = count(
        pool,
        "SELECT client_count::int8 FROM system_users
          WHERE owner_id = $1 AND name LIKE 'Lønnskjøring – 10 000%'",
        firm,
    )
    .await;
    assert_eq!(big, 100, "the largest agent's clients");

    // Every organization number is valid by the domain's own rule.
    let numbers: Vec<String> = sqlx::query_scalar("SELECT org_number FROM organizations")
        .fetch_all(pool)
        .await
        .unwrap();
    let invalid: Vec<&String> = numbers
        .iter()
        .filter(|n| OrgNumber::parse(n).is_err())
        .collect();
    assert!(invalid.is_empty(), "invalid numbers: {invalid:?}");
    let forms: i64 = sqlx::query_scalar("SELECT count(DISTINCT org_form) FROM organizations")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(forms >= 8, "only {forms} organization forms");

    // For every agent of the firm, the counts read from the derived tables equal what the
    // domain decides from the relationships themselves, and every client on it is eligible.
    let agents: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM system_users WHERE owner_id = $1 AND kind = 'agent'")
            .bind(firm)
            .fetch_all(pool)
            .await
            .unwrap();
    for su in agents {
        let scope = app.store.agent_scope(firm, su).await.unwrap().unwrap();
        let options = app.store.client_options(firm, su).await.unwrap().unwrap();
        let eligible = options
            .iter()
            .filter(|o| o.eligibility.is_available())
            .count() as i64;
        let added = options.iter().filter(|o| o.already_added).count() as i64;
        assert_eq!(scope.related, options.len() as i64, "clients, agent {su}");
        assert_eq!(scope.eligible, eligible, "eligible clients, agent {su}");
        assert_eq!(scope.added, added, "clients on agent {su}");
        assert!(
            options
                .iter()
                .filter(|o| o.already_added)
                .all(|o| o.eligibility.is_available()),
            "agent {su} holds a client that is not eligible"
        );
    }

    // Once loaded, a second run sees it and changes nothing.
    let o = app.run_cli(&["seed", "scale", "--divide-by", "100"]).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("already loaded"),
        "{}",
        text(&o.stdout)
    );
    assert_eq!(counts(&app).await, c);

    // A size it cannot make is refused with a clear message, before anything is written.
    let o = app.run_cli(&["seed", "scale", "--divide-by", "0"]).await;
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("--divide-by"),
        "{}",
        text(&o.stderr)
    );
}
