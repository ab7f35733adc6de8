//! Test harness: every test gets a fresh PostgreSQL database (on DATABASE_URL's server, a
//! copy of a template that is migrated and loaded with the demo data once) and the real
//! app on 127.0.0.1:0.
#![allow(dead_code)]

pub mod app_process;
pub mod browser;
pub mod large_firm;
pub mod nginx;
pub mod oidc_provider;
pub mod pg_cluster;
pub mod portal;
pub mod rng;
pub mod test_key;
pub mod timing;

use std::net::TcpListener;

use klientdelegering::store::delegations::ClientOption;
use klientdelegering::store::parties::Organization;
use klientdelegering::store::seed;
use klientdelegering::store::system_users::SystemUser;
use klientdelegering::{Config, Store, web};
use sqlx::Connection;
use uuid::Uuid;

pub use portal::Portal;

pub struct TestApp {
    admin_url: String,
    db_name: String,
    pub base: String,
    /// The test's own database, for running the command-line tool against it.
    pub database_url: String,
    pub store: Store,
    pub firm: Organization,
    pub agent: SystemUser,
}

/// `url` (DATABASE_URL) with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Drops the test's database, so runs against a shared server leave nothing behind.
impl Drop for TestApp {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.db_name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
    }
}

/// Any advisory lock key, the same in every test process: one of them makes the template.
const TEMPLATE_LOCK: i64 = 0x6b64_7465_6d70;

/// A hash of what the template's content comes from: the migrations, the code (the seed
/// is Rust) and the day (the seed's times are relative to when it ran). Any change there
/// makes a new template.
fn source_hash() -> u64 {
    use std::hash::{Hash, Hasher};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("migrations"), root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the sources").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    time::OffsetDateTime::now_utc().date().hash(&mut hasher);
    for path in files {
        path.hash(&mut hasher);
        std::fs::read(&path)
            .expect("read a source")
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// The database every test's own is copied from (`CREATE DATABASE … TEMPLATE`): migrated
/// and loaded with the demo data once per version of the sources, instead of once per
/// test. Test processes run in parallel; an advisory lock lets one of them make it.
async fn template_database(admin: &mut sqlx::PgConnection, admin_url: &str) -> String {
    let name = format!("kd_template_{:016x}", source_hash());
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut *admin)
        .await
        .expect("lock the template");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut *admin)
            .await
            .expect("look for the template");
    if !exists {
        // Templates of older sources go, and any left half made (best effort: another run
        // may still be copying one).
        let old: Vec<String> = sqlx::query_scalar(
            "SELECT datname FROM pg_database \
             WHERE datname LIKE 'kd\\_template\\_%' OR datname LIKE 'kd\\_building\\_%'",
        )
        .fetch_all(&mut *admin)
        .await
        .unwrap_or_default();
        for old in old {
            let sql = format!("DROP DATABASE IF EXISTS {old}");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *admin)
                .await;
        }
        // Made under another name and renamed when complete, so a test process that dies
        // halfway leaves no template that looks whole.
        let building = format!("kd_building_{}", Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {building}")))
            .execute(&mut *admin)
            .await
            .expect("create the template");
        let store = Store::connect(&with_database(admin_url, &building))
            .await
            .expect("connect to the template");
        store.migrate().await.expect("migrate");
        store.seed_demo().await.expect("seed");
        store.pool().close().await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "ALTER DATABASE {building} RENAME TO {name}"
        )))
        .execute(&mut *admin)
        .await
        .expect("name the template");
    }
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut *admin)
        .await
        .expect("unlock the template");
    name
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A test app whose configuration `adjust` changes first.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> Self {
        klientdelegering::auth::install_crypto_provider();
        let admin_url = std::env::var("DATABASE_URL")
            .expect("DATABASE_URL must point at a PostgreSQL server (scripts/test sets it)");
        let name = format!("kd_test_{}", Uuid::new_v4().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to DATABASE_URL");
        let template = template_database(&mut admin, &admin_url).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE DATABASE {name} TEMPLATE {template}"
        )))
        .execute(&mut admin)
        .await
        .expect("create a test database");
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&url)
            .await
            .expect("connect to the test database");

        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        let mut config = Config::for_tests(url.clone());
        // The real address, so that `adjust` can make URLs of the portal (PUBLIC_URL).
        config.listen = listener.local_addr().unwrap();
        adjust(&mut config);
        let server = web::server_on(listener, config, store.clone()).expect("server");
        tokio::spawn(server);

        let (firm, agent) = demo_firm(&store).await;
        Self {
            admin_url,
            db_name: name,
            base: format!("http://127.0.0.1:{port}"),
            database_url: url,
            store,
            firm,
            agent,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Another instance of the portal on the test's database, in this process (its own
    /// server, rate limiter and metrics): its base URL.
    pub async fn second_instance(&self) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let store = Store::connect(&self.database_url)
            .await
            .expect("connect to the test database");
        let config = Config::for_tests(self.database_url.clone());
        tokio::spawn(web::server_on(listener, config, store).expect("server"));
        base
    }

    /// A browser-like client (cookie jar, redirects not followed) without a session's
    /// CSRF token: for reading pages, and for proving that writes without one fail.
    pub fn client() -> reqwest::Client {
        klientdelegering::auth::install_crypto_provider();
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// A visitor who has opened the login page: a cookie jar and the session's CSRF token
    /// sent with every request, as the portal's own pages do.
    pub async fn visitor(&self) -> Portal {
        Portal::open(&self.base).await
    }

    /// Logs in with the test login and chooses to represent `org`.
    pub async fn logged_in(&self, national_id: &str, org: Uuid) -> Portal {
        Portal::log_in(&self.base, national_id, org).await
    }

    pub async fn org(&self, name: &str) -> Organization {
        let id: Uuid = sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1")
            .bind(name)
            .fetch_one(self.store.pool())
            .await
            .unwrap_or_else(|_| panic!("organization {name}"));
        self.store.organization(id).await.unwrap().unwrap()
    }

    pub async fn delegated(&self) -> Vec<Uuid> {
        sqlx::query_scalar("SELECT client_id FROM client_delegations WHERE system_user_id = $1")
            .bind(self.agent.id)
            .fetch_all(self.store.pool())
            .await
            .unwrap()
    }

    /// A new person with `role` (a code: DAGL, HADM, TILG, KADM) for `org`; returns the
    /// person's (valid, synthetic) national id for logging in.
    pub async fn new_person(&self, name: &str, org: Uuid, role: &str) -> String {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        // Born 15.01.1990 (+80 on the month as in Tenor); individual numbers counted up
        // until both check digits work out.
        let nid = loop {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let individual = 100 + n % 900;
            let found = (0..100).find_map(|checks| {
                let candidate = format!("158190{individual:03}{checks:02}");
                klientdelegering::domain::NationalId::parse(&candidate)
                    .ok()
                    .map(|_| candidate)
            });
            if let Some(nid) = found {
                let taken: bool = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM persons WHERE national_id = $1)",
                )
                .bind(&nid)
                .fetch_one(self.store.pool())
                .await
                .unwrap();
                if !taken {
                    break nid;
                }
            }
        };
        let person: Uuid = sqlx::query_scalar(
            "INSERT INTO persons (national_id, name) VALUES ($1, $2) RETURNING id",
        )
        .bind(&nid)
        .bind(name)
        .fetch_one(self.store.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO person_roles (person_id, organization_id, role) VALUES ($1, $2, $3)",
        )
        .bind(person)
        .bind(org)
        .bind(role)
        .execute(self.store.pool())
        .await
        .unwrap();
        nid
    }

    /// Audit events of one kind about one client, oldest first: (details, firm id).
    pub async fn audit_for(&self, action: &str, client: Uuid) -> Vec<serde_json::Value> {
        sqlx::query_scalar(
            "SELECT details FROM audit_events WHERE action = $1 AND client_id = $2 ORDER BY id",
        )
        .bind(action)
        .bind(client)
        .fetch_all(self.store.pool())
        .await
        .unwrap()
    }

    /// The demo vendor asks the firm for an agent system user of its client system (both
    /// packages), through the vendor API with a demo token; returns the created request.
    pub async fn vendor_asks(&self, reference: &str, redirect: Option<&str>) -> serde_json::Value {
        let vendor = self.org(seed::VENDOR_NAME).await.org_number;
        let token = self
            .vendor_token(&vendor, "altinn:authentication/systemuser.request.write")
            .await;
        let mut body = serde_json::json!({
            "externalRef": reference,
            "systemId": format!("{vendor}_smartregnskap_klient"),
            "partyOrgNo": seed::FIRM_ORG_NUMBER,
            "accessPackages": [
                { "urn": "urn:altinn:accesspackage:regnskapsforer-med-signeringsrettighet" },
                { "urn": "urn:altinn:accesspackage:regnskapsforer-lonn" }
            ]
        });
        if let Some(r) = redirect {
            body["redirectUrl"] = serde_json::json!(r);
        }
        let r = reqwest::Client::new()
            .post(self.url("/authentication/api/v1/systemuser/request/vendor/agent"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "the vendor's request");
        r.json().await.unwrap()
    }

    /// A token from the demo token endpoint for organization `org` with `scope`.
    pub async fn vendor_token(&self, org: &str, scope: &str) -> String {
        demo_token(
            &self.base,
            serde_json::json!({ "consumer": org, "scope": scope }),
        )
        .await
    }

    /// An end-user token from the demo token endpoint for the person `pid` with `scope`.
    pub async fn person_token(&self, pid: &str, scope: &str) -> String {
        demo_token(
            &self.base,
            serde_json::json!({ "pid": pid, "scope": scope }),
        )
        .await
    }

    /// Up to `n` clients the demo agent system access can take now (available, not on it).
    pub async fn addable(&self, n: usize) -> Vec<Uuid> {
        self.agent_options()
            .await
            .iter()
            .filter(|o| o.eligibility.is_available() && !o.already_added)
            .take(n)
            .map(|o| o.facts.client.id)
            .collect()
    }

    /// What *Legg til kunder* offers for the demo agent system access, by the store's rule.
    pub async fn agent_options(&self) -> Vec<ClientOption> {
        self.store
            .client_options(self.firm.id, self.agent.id)
            .await
            .unwrap()
            .expect("the demo agent system access")
    }

    /// A client of the firm that the demo agent cannot take: it lacks a package.
    pub async fn unavailable_client(&self) -> Organization {
        self.agent_options()
            .await
            .into_iter()
            .find(|o| !o.eligibility.is_available())
            .expect("the demo data has clients with one package only")
            .facts
            .client
    }

    /// Runs the command-line tool against this test's database.
    pub async fn run_cli(&self, args: &[&str]) -> std::process::Output {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "warn")
            .output()
            .await
            .expect("run the command-line tool")
    }

    /// The demo client with no relationship gives the firm a fullmakt for both packages
    /// (through the portal, as its Daglig leder); returns that person and the client.
    pub async fn bakery_gives_fullmakt(&self) -> (Portal, Uuid) {
        let bakeri = self.org(seed::NO_RELATIONSHIP_CLIENT).await.id;
        let per = self.logged_in(NO_RELATIONSHIP, bakeri).await;
        let (status, body) = per
            .submit(
                &format!("/fullmakter/ny/{}", seed::FIRM_ORG_NUMBER),
                &[
                    ("pakke", "regnskapsforer-med-signeringsrettighet"),
                    ("pakke", "regnskapsforer-lonn"),
                ],
            )
            .await
            .unwrap();
        assert_eq!(status, 303, "{body}");
        (per, bakeri)
    }

    pub async fn audit_count(&self, action: &str) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE action = $1")
            .bind(action)
            .fetch_one(self.store.pool())
            .await
            .unwrap()
    }
}

/// The demo firm and its agent system access, in a database with the demo data.
pub async fn demo_firm(store: &Store) -> (Organization, SystemUser) {
    let number = klientdelegering::domain::OrgNumber::parse(seed::FIRM_ORG_NUMBER).unwrap();
    let firm = store
        .organization_by_number(&number)
        .await
        .unwrap()
        .expect("the demo firm");
    let agent = store
        .system_users(firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| su.kind.is_agent())
        .expect("the demo agent system user");
    (firm, agent)
}

/// A token from the demo token endpoint of the portal at `base`; `claims` names the
/// organization (`consumer`) or the person (`pid`) and the `scope`.
pub async fn demo_token(base: &str, claims: serde_json::Value) -> String {
    let r = reqwest::Client::new()
        .post(format!("{base}/demo/token"))
        .json(&claims)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "a demo token for {claims}");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    body["access_token"].as_str().unwrap().to_owned()
}

/// What an API call got back.
pub struct ApiAnswer {
    pub status: u16,
    /// The body as JSON; a body that is not JSON comes as a JSON string.
    pub body: serde_json::Value,
    pub content_type: String,
    /// Where the Location header points ("" without one).
    pub location: String,
}

/// An API call to `url` with an optional bearer token and JSON body.
pub async fn api_call(
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> ApiAnswer {
    let mut r = reqwest::Client::new().request(method, url);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(&b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let location = location(&r);
    let text = r.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    ApiAnswer {
        status,
        body,
        content_type,
        location,
    }
}

/// The body of a response as text.
pub async fn body(r: reqwest::Response) -> String {
    r.text().await.unwrap()
}

/// Where a redirect points ("" if it is not one).
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// GET: (status, body).
pub async fn get_page(c: &reqwest::Client, url: String) -> (u16, String) {
    portal::try_get(c, url).await.unwrap()
}

/// Asserts that a statement was refused by the constraint named, not by any other error
/// (a typo in the test's SQL would be an error too).
pub fn refused_by<T: std::fmt::Debug>(result: Result<T, sqlx::Error>, constraint: &str) {
    let e = result.expect_err("the statement must be refused");
    let db = e
        .as_database_error()
        .unwrap_or_else(|| panic!("not refused by the database: {e}"));
    assert_eq!(db.constraint(), Some(constraint), "{e}");
}

/// A page that must load: refuses any status but 200 (an error page would pass a check
/// that something is absent), and returns the body.
pub async fn ok_page(c: &reqwest::Client, url: String) -> String {
    let (status, body) = get_page(c, url.clone()).await;
    assert_eq!(status, 200, "GET {url}: {body}");
    body
}

/// The version the running portal puts in its asset addresses (`?v=…`), read from a page.
pub async fn asset_version(app: &TestApp) -> String {
    asset_version_at(&app.base).await
}

/// `asset_version` of the portal at `base` (behind a load balancer, say).
pub async fn asset_version_at(base: &str) -> String {
    let page = ok_page(&TestApp::client(), format!("{base}/logg-inn")).await;
    let at = page
        .find("/static/app.css?v=")
        .expect("the stylesheet's address")
        + 18;
    page[at..].split('"').next().unwrap().to_owned()
}

/// *Legg til kunder* → *Bekreft og lukk* with these clients, as `c` (the client
/// administrator: logins are rate-limited, so each person logs in once).
pub async fn add_clients(c: &Portal, agent: Uuid, clients: &[Uuid]) {
    let (status, body) = c.add_clients(agent, clients).await.unwrap();
    assert_eq!(status, 303, "{body}");
}

/// A form post (repeated fields allowed): (status, where a 303 points, else the body).
pub async fn post_form(c: &reqwest::Client, url: String, form: &[(&str, &str)]) -> (u16, String) {
    portal::try_send_form(portal::form_request(c, url, form))
        .await
        .unwrap()
}

/// Whether a redirect goes to the login page (with or without the page to come back to).
pub fn is_login(location: &str) -> bool {
    location == "/logg-inn" || location.starts_with("/logg-inn?neste=%2F")
}

pub const DAGL: &str = "12817540048";
pub const KADM: &str = "03828040110";
pub const TILG: &str = "24898840189";
pub const NO_RELATIONSHIP: &str = seed::NO_RELATIONSHIP_PERSON;
pub const OTHER_FIRM: &str = seed::OTHER_FIRM_PERSON;
