//! A firm the size of a large accounting firm: thousands of extra clients through REGN
//! register roles, all available for the demo agent system user.

use std::time::Instant;

use klientdelegering::domain::OrgNumber;
use uuid::Uuid;

use super::TestApp;

/// Adds `n` organizations ("Kunde 00000 AS", …) for which the demo firm holds REGN;
/// returns their organization numbers, in order.
pub async fn add_regn_clients(app: &TestApp, n: usize) -> Vec<String> {
    let start = Instant::now();
    let numbers: Vec<String> = (0..)
        .filter_map(|i| OrgNumber::with_check_digit(32_000_000 + i * 3))
        .take(n)
        .map(|n| n.as_str().to_owned())
        .collect();
    let names: Vec<String> = (0..n).map(|i| format!("Kunde {i:05} AS")).collect();
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "INSERT INTO organizations (org_number, name, org_form)
         SELECT n, m, 'AS' FROM unnest($1::text[], $2::text[]) AS t(n, m) RETURNING id",
    )
    .bind(&numbers)
    .bind(&names)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO register_roles (firm_id, client_id, role)
         SELECT $1, unnest($2::uuid[]), 'REGN'",
    )
    .bind(app.firm.id)
    .bind(&ids)
    .execute(app.store.pool())
    .await
    .unwrap();
    println!("seeded {n} extra REGN clients in {:.1?}", start.elapsed());
    numbers
}
