//! Migrations on a database that already holds data from the schema before them: the
//! system register migration keeps every system user (giving later ones a reference of
//! their own), hides client-only systems, and refuses to drop packages silently.

use sqlx::{Connection, PgConnection};
use uuid::Uuid;

const BEFORE: [&str; 2] = ["20261124000001_schema.sql", "20261125000001_audit_firm.sql"];
const REGISTER: &str = "20261126000001_system_register.sql";

fn migration(name: &str) -> String {
    std::fs::read_to_string(format!("{}/migrations/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A fresh database with the schema as it was before the system register migration.
async fn old_database() -> (PgConnection, String, String) {
    let admin_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = format!("kd_migr_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let mut conn = PgConnection::connect(&format!("{base}/{name}"))
        .await
        .unwrap();
    for m in BEFORE {
        sqlx::raw_sql(sqlx::AssertSqlSafe(migration(m)))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    (conn, admin_url, name)
}

async fn drop_database(admin_url: &str, name: &str) {
    let mut admin = PgConnection::connect(admin_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
}

/// Old-shape data: a firm with two agent system users on one system (allowed then), a
/// visible client-only system, and a pending request without an external reference.
const OLD_DATA: &str = "
INSERT INTO organizations (id, org_number, name, org_form) VALUES
  ('00000000-0000-0000-0000-000000000001', '311037889', 'Firma AS', 'AS'),
  ('00000000-0000-0000-0000-000000000002', '314250052', 'Leverandør AS', 'AS');
INSERT INTO systems (id, vendor_id, name_nb, name_nn, name_en, visible) VALUES
  ('314250052_klient', '00000000-0000-0000-0000-000000000002', 'Klient', 'Klient', 'Client', true);
INSERT INTO system_packages (system_id, package_urn) VALUES
  ('314250052_klient', 'urn:altinn:accesspackage:regnskapsforer-lonn');
INSERT INTO system_users (id, owner_id, system_id, kind, name, created_at) VALUES
  ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', '314250052_klient', 'agent', 'Første', now() - interval '2 days'),
  ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000001', '314250052_klient', 'agent', 'Andre', now() - interval '1 day');
INSERT INTO system_user_packages (system_user_id, package_urn) VALUES
  ('00000000-0000-0000-0000-00000000000a', 'urn:altinn:accesspackage:regnskapsforer-lonn'),
  ('00000000-0000-0000-0000-00000000000b', 'urn:altinn:accesspackage:regnskapsforer-lonn');
INSERT INTO system_user_requests (id, system_id, customer_id, kind, expires_at) VALUES
  ('00000000-0000-0000-0000-0000000000c1', '314250052_klient', '00000000-0000-0000-0000-000000000001', 'agent', now() + interval '1 day');
INSERT INTO system_user_request_packages (request_id, package_urn) VALUES
  ('00000000-0000-0000-0000-0000000000c1', 'urn:altinn:accesspackage:regnskapsforer-lonn');
";

#[tokio::test]
async fn the_register_migration_keeps_existing_system_users_and_requests() {
    let (mut conn, admin, name) = old_database().await;
    sqlx::raw_sql(OLD_DATA).execute(&mut conn).await.unwrap();

    sqlx::raw_sql(sqlx::AssertSqlSafe(migration(REGISTER)))
        .execute(&mut conn)
        .await
        .expect("the migration runs on old data");

    let refs: Vec<(String, String)> =
        sqlx::query_as("SELECT name, external_ref FROM system_users ORDER BY created_at")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        refs,
        vec![
            ("Første".into(), "311037889".into()),
            (
                "Andre".into(),
                "311037889-00000000-0000-0000-0000-00000000000b".into()
            ),
        ]
    );
    let packages: i64 = sqlx::query_scalar("SELECT count(*) FROM system_user_packages")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(packages, 2, "no package lost");
    let visible: bool =
        sqlx::query_scalar("SELECT visible FROM systems WHERE id = '314250052_klient'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(!visible, "a client-only system is not visible");
    let (reference, status): (String, String) =
        sqlx::query_as("SELECT external_ref, status FROM system_user_requests")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        (reference.as_str(), status.as_str()),
        ("311037889", "pending")
    );
    drop(conn);
    drop_database(&admin, &name).await;
}

#[tokio::test]
async fn the_register_migration_stops_rather_than_drop_a_package_silently() {
    let (mut conn, admin, name) = old_database().await;
    sqlx::raw_sql(OLD_DATA).execute(&mut conn).await.unwrap();
    // An own-affairs package on an agent: the old schema let it in.
    sqlx::query(
        "INSERT INTO system_user_packages (system_user_id, package_urn)
         VALUES ('00000000-0000-0000-0000-00000000000a', 'urn:altinn:accesspackage:skattegrunnlag')",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    let err = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "BEGIN; {} COMMIT;",
        migration(REGISTER)
    )))
    .execute(&mut conn)
    .await
    .expect_err("the migration must stop");
    assert!(err.to_string().contains("wrong sort"), "{err}");
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut conn).await;
    let still: i64 = sqlx::query_scalar("SELECT count(*) FROM system_user_packages")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(still, 3, "nothing was dropped");
    drop(conn);
    drop_database(&admin, &name).await;
}

/// Every migration up to (not including) `last`, in order.
fn migrations_before(last: &str) -> Vec<String> {
    let dir = format!("{}/migrations", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql") && n.as_str() < last)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn events_written_before_actor_kinds_get_the_kind_their_names_said() {
    const ACTOR_KIND: &str = "20261207000003_audit_actor_kind.sql";
    let (mut conn, admin_url, name) = old_database().await;
    for m in migrations_before(ACTOR_KIND)
        .iter()
        .filter(|m| !BEFORE.contains(&m.as_str()))
    {
        sqlx::raw_sql(sqlx::AssertSqlSafe(migration(m)))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    sqlx::raw_sql(
        "INSERT INTO persons (id, national_id, name) VALUES
           ('00000000-0000-0000-0000-0000000000f1', '03828040110', 'Ola Person');
         INSERT INTO audit_events (actor_person_id, actor_name, action) VALUES
           ('00000000-0000-0000-0000-0000000000f1', 'Ola Person', 'role.granted'),
           (NULL, 'Smart Regnskap AS (leverandør-API)', 'system_user_request.created'),
           (NULL, 'Kommandolinjen', 'system.updated'),
           (NULL, 'Enhetsregisteret', 'register_role.added'),
           (NULL, 'Klientdelegering (automatisk)', 'system_user_request.timed_out'),
           (NULL, 'Testdata', 'role.granted');",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(migration(ACTOR_KIND)))
        .execute(&mut conn)
        .await
        .unwrap();
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT actor_kind, actor_name FROM audit_events ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let expected = [
        ("person", "Ola Person"),
        ("vendor", "Smart Regnskap AS"),
        ("command_line", "Kommandolinjen"),
        ("register", "Enhetsregisteret"),
        ("automatic", "Klientdelegering (automatisk)"),
        ("person", "Testdata"),
    ];
    let rows: Vec<(&str, &str)> = rows
        .iter()
        .map(|(k, n)| (k.as_str(), n.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(rows, expected);
    // The trail is append-only again, and a new event must say who made it.
    let update = sqlx::query("UPDATE audit_events SET actor_name = 'x'")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let unsaid = sqlx::query("INSERT INTO audit_events (actor_name, action) VALUES ('x', 'y')")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(unsaid.to_string().contains("actor_kind"), "{unsaid}");
    drop(conn);
    drop_database(&admin_url, &name).await;
}
