//! When the database is away: people get a clear "try again" page (503, not 500) and
//! vendors a `service-unavailable` problem, quickly rather than after a hang; the health
//! checks say so; and when the database is back the portal recovers by itself, with
//! nothing that was confirmed lost. The restart test stops a private cluster of its own.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::pg_cluster::PgCluster;
use crate::common::*;
use klientdelegering::store::seed;
use klientdelegering::{Config, Store, web};
use uuid::Uuid;

const PROBLEM_JSON: &str = "application/problem+json";
const SYSTEMS: &str = "/authentication/api/v1/systemregister/vendor";
const REGISTER_SCOPE: &str = "altinn:authentication/systemregister.write";

/// Asserts a portal answer is the "temporarily unavailable" page.
async fn assert_unavailable_page(r: reqwest::Response, what: &str) {
    let status = r.status();
    let headers = r.headers().clone();
    let html = body(r).await;
    assert_eq!(status, 503, "{what}: {html}");
    assert!(headers.contains_key("retry-after"), "{what}: Retry-After");
    // The same headers as any other answer, also when the session layer is what failed.
    for name in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
        "permissions-policy",
        "cache-control",
    ] {
        assert!(
            headers.contains_key(name),
            "{what} lacks {name}: {headers:?}"
        );
    }
    assert!(
        html.contains("Tjenesten er midlertidig utilgjengelig")
            && html.contains("Ingenting er endret")
            && html.contains("id=\"feilmelding\""),
        "{what}: {html}"
    );
}

async fn vendor_token(base: &str, vendor: &str) -> String {
    demo_token(
        base,
        serde_json::json!({ "consumer": vendor, "scope": REGISTER_SCOPE }),
    )
    .await
}

/// The answers a closed connection pool gets (as when the app shuts down, and as for any
/// error that means "no database now"): shape and headers, on the shared server.
#[tokio::test]
async fn without_a_database_pages_say_try_again_and_the_api_says_service_unavailable() {
    let app = TestApp::spawn().await;
    let person = Portal::log_in(&app.base, KADM, app.firm.id).await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let token = vendor_token(&app.base, &vendor).await;
    let client = app.org("Nordlys Bakeri AS").await;
    app.store.pool().close().await;

    let r = person
        .get(app.url("/systemtilganger"))
        .send()
        .await
        .unwrap();
    assert_unavailable_page(r, "a page").await;
    // htmx shows the message of the error page (#feilmelding) in place.
    let r = person
        .get(app.url(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        )))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_unavailable_page(r, "htmx").await;
    let confirm = person.post_request(
        &format!("/systemtilganger/{}/kunder", app.agent.id),
        &[("handling", "bekreft"), ("bevart", &client.id.to_string())],
    );
    assert_unavailable_page(confirm.send().await.unwrap(), "Bekreft og lukk").await;
    let remove = person.post_request(
        &format!(
            "/systemtilganger/{}/kunder/{}/fjern",
            app.agent.id, client.id
        ),
        &[],
    );
    assert_unavailable_page(remove.send().await.unwrap(), "Fjern").await;

    let r = reqwest::Client::new()
        .get(app.url(SYSTEMS))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(r.headers()["content-type"], PROBLEM_JSON);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["code"], "service-unavailable", "{problem}");
    assert_eq!(problem["status"], 503);
    assert_eq!(
        problem["type"],
        "urn:klientdelegering:problem:service-unavailable"
    );

    // Someone not logged in sees the login page (it needs neither the database nor a
    // stored session), and logging in gets the same "try again" page, not a failure of
    // the session layer.
    let visitor = Portal::open(&app.base).await;
    let r = visitor
        .post(app.url("/logg-inn"))
        .form(&[("fodselsnummer", DAGL)])
        .send()
        .await
        .unwrap();
    assert_unavailable_page(r, "the login").await;

    // The probes need no session (and so no database) to answer.
    let c = reqwest::Client::new();
    let live = c.get(app.url("/health/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert!(
        !live.headers().contains_key("set-cookie"),
        "no session for a probe"
    );
    let ready = c.get(app.url("/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    assert!(ready.headers().contains_key("retry-after"));
}

// ---------------------------------------------------------------------------------------
// A restart of the database under load.

/// Where the outage stands; every answer is tagged with the phase it began and ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
enum Phase {
    Up = 0,
    Stopping = 1,
    Down = 2,
    Starting = 3,
    Recovered = 4,
}

impl Phase {
    fn from_u8(n: u8) -> Self {
        [
            Self::Up,
            Self::Stopping,
            Self::Down,
            Self::Starting,
            Self::Recovered,
        ][n as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Page,
    Add,
    Remove,
    Api,
    Ready,
    Live,
}

#[derive(Debug, Clone)]
struct Sample {
    kind: Kind,
    /// 0: no HTTP answer at all.
    status: u16,
    retry_after: bool,
    /// The 503 says what it should (the page's message or the problem's code).
    well_formed: bool,
    began: Phase,
    ended: Phase,
    took: Duration,
}

/// The load's shared state: the phase, and everything answered so far.
struct Load {
    phase: AtomicU8,
    done: AtomicBool,
    samples: Mutex<Vec<Sample>>,
}

impl Load {
    fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::SeqCst))
    }

    fn set(&self, p: Phase) {
        self.phase.store(p as u8, Ordering::SeqCst);
    }

    fn count(&self, kind: Kind, f: impl Fn(&Sample) -> bool) -> usize {
        let samples = self.samples.lock().unwrap();
        samples.iter().filter(|s| s.kind == kind && f(s)).count()
    }

    /// Sends one request and records its answer.
    async fn measure(
        &self,
        kind: Kind,
        request: impl Future<Output = reqwest::Result<reqwest::Response>>,
    ) -> Sample {
        let began = self.phase();
        let start = Instant::now();
        let (status, retry_after, body) = match request.await {
            Ok(r) => {
                let status = r.status().as_u16();
                let retry_after = r.headers().contains_key("retry-after");
                let location = r
                    .headers()
                    .get("location")
                    .map(|v| v.to_str().unwrap_or_default().to_owned());
                let body = r.text().await.unwrap_or_default();
                (status, retry_after, location.unwrap_or(body))
            }
            Err(e) => {
                eprintln!("{kind:?}: no answer: {e}");
                (0, false, String::new())
            }
        };
        let well_formed = status != 503
            || match kind {
                Kind::Api => body.contains("\"code\":\"service-unavailable\""),
                Kind::Ready => body.contains("database unavailable"),
                _ => body.contains("Tjenesten er midlertidig utilgjengelig"),
            };
        let sample = Sample {
            kind,
            status,
            retry_after,
            well_formed,
            began,
            ended: self.phase(),
            took: start.elapsed(),
        };
        self.samples.lock().unwrap().push(sample.clone());
        sample
    }
}

/// What a writer believes about its clients: on the system access or not, or not known
/// (the last write to it had no clear answer: it may or may not have been committed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Belief {
    Present,
    Absent,
    Unknown,
}

/// Adds and removes its own clients in turn, as long as the load runs; returns what it
/// believes (from the answers) and anything that contradicts what it was told before.
async fn writer(
    load: Arc<Load>,
    person: Portal,
    agent: Uuid,
    clients: Vec<Uuid>,
) -> (HashMap<Uuid, Belief>, Vec<String>) {
    let mut belief: HashMap<Uuid, Belief> = clients.iter().map(|c| (*c, Belief::Absent)).collect();
    let mut contradictions = Vec::new();
    let mut next = 0;
    while !load.done.load(Ordering::SeqCst) {
        let Some(&client) = (0..clients.len())
            .map(|k| &clients[(next + k) % clients.len()])
            .find(|c| belief[*c] != Belief::Unknown)
        else {
            break; // every client's state is unknown: nothing left to check against
        };
        next += 1;
        let add = belief[&client] == Belief::Absent;
        let client_id = client.to_string();
        let s = if add {
            let path = format!("/systemtilganger/{agent}/kunder");
            let form = [
                ("skjema", "1"),
                ("handling", "bekreft"),
                ("bevart", &client_id),
            ];
            load.measure(Kind::Add, person.post_request(&path, &form).send())
                .await
        } else {
            let path = format!("/systemtilganger/{agent}/kunder/{client}/fjern");
            load.measure(Kind::Remove, person.post_request(&path, &[]).send())
                .await
        };
        match (s.status, add) {
            (303, true) => {
                // "Already added" would mean a confirmed removal was undone. The message is
                // on the next page; when that page cannot be read (the database went away
                // again), the add is not checked, so the client's state becomes unknown
                // rather than believed.
                match person.visit(&format!("/systemtilganger/{agent}")).await {
                    Ok((200, html)) if html.contains("Ingen nye kunder ble lagt til") => {
                        contradictions.push(format!("{client}: a confirmed removal was lost"));
                        belief.insert(client, Belief::Unknown)
                    }
                    Ok((200, html)) if html.contains("er lagt til") => {
                        belief.insert(client, Belief::Present)
                    }
                    _ => belief.insert(client, Belief::Unknown),
                }
            }
            (303, false) => belief.insert(client, Belief::Absent),
            (404, false) => {
                contradictions.push(format!("{client}: a confirmed add was lost"));
                belief.insert(client, Belief::Unknown)
            }
            _ => belief.insert(client, Belief::Unknown),
        };
    }
    (belief, contradictions)
}

/// Page loads: the system access, the dialog, the client list.
async fn reader(load: Arc<Load>, person: Portal, agent: Uuid) {
    let pages = [
        format!("/systemtilganger/{agent}"),
        format!("/systemtilganger/{agent}/legg-til-kunder"),
        "/klienter".to_owned(),
    ];
    let mut i = 0;
    while !load.done.load(Ordering::SeqCst) {
        let url = person.url(&pages[i % pages.len()]);
        load.measure(Kind::Page, person.get(url).send()).await;
        i += 1;
    }
}

async fn api_reader(load: Arc<Load>, base: String, token: String) {
    let c = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    while !load.done.load(Ordering::SeqCst) {
        let req = c.get(format!("{base}{SYSTEMS}")).bearer_auth(&token).send();
        load.measure(Kind::Api, req).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn prober(load: Arc<Load>, base: String) {
    let c = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    while !load.done.load(Ordering::SeqCst) {
        load.measure(Kind::Live, c.get(format!("{base}/health/live")).send())
            .await;
        load.measure(Kind::Ready, c.get(format!("{base}/health/ready")).send())
            .await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `done` holds, polling; panics with `what` after `limit`.
async fn until(limit: Duration, what: &str, done: impl Fn() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// No answer may take longer than this, database or not (the pool gives up after 2 s).
const BOUND: Duration = Duration::from_secs(5);
const WRITERS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_rides_out_a_database_restart_and_loses_nothing_confirmed() {
    klientdelegering::telemetry::init(); // the app's log, shown when the test fails
    let started = Instant::now();
    let cluster = PgCluster::start();
    let url = cluster.create_database("klientdelegering");
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    store.seed_demo().await.unwrap();
    let (firm, agent) = demo_firm(&store).await;
    let available: Vec<Uuid> = store
        .client_options(firm.id, agent.id)
        .await
        .unwrap()
        .unwrap()
        .into_iter()
        .filter(|o| o.eligibility.is_available() && !o.already_added)
        .map(|o| o.facts.client.id)
        .collect();
    let vendor: String = sqlx::query_scalar("SELECT org_number FROM organizations WHERE name = $1")
        .bind(seed::VENDOR_NAME)
        .fetch_one(store.pool())
        .await
        .unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = web::server_on(listener, Config::for_tests(url.clone()), store.clone()).unwrap();
    let server_handle = server.handle();
    tokio::spawn(server);
    let token = vendor_token(&base, &vendor).await;
    println!("cluster and app up in {:.1?}", started.elapsed());

    let load = Arc::new(Load {
        phase: AtomicU8::new(Phase::Up as u8),
        done: AtomicBool::new(false),
        samples: Mutex::new(Vec::new()),
    });
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let person = Portal::log_in(&base, KADM, firm.id).await;
        let mine: Vec<Uuid> = available.iter().skip(w).step_by(WRITERS).copied().collect();
        writers.push(tokio::spawn(writer(load.clone(), person, agent.id, mine)));
    }
    let mut others = Vec::new();
    // (Logins are limited to 5 a minute per person: the readers are the general manager.)
    for _ in 0..2 {
        let person = Portal::log_in(&base, DAGL, firm.id).await;
        others.push(tokio::spawn(reader(load.clone(), person, agent.id)));
    }
    others.push(tokio::spawn(api_reader(load.clone(), base.clone(), token)));
    others.push(tokio::spawn(prober(load.clone(), base.clone())));

    // Up: the load runs and succeeds.
    let ok = |s: &Sample| s.status == 303 || s.status == 200;
    until(
        Duration::from_secs(20),
        "writes and reads before the outage",
        || {
            load.count(Kind::Add, ok) >= 2 * WRITERS
                && load.count(Kind::Remove, ok) >= WRITERS
                && load.count(Kind::Page, ok) >= 3
        },
    )
    .await;

    // The database goes away the way an operator stops it.
    load.set(Phase::Stopping);
    let stop = Instant::now();
    cluster.stop_async().await;
    load.set(Phase::Down);
    println!("database stopped in {:.1?}", stop.elapsed());
    let down = |s: &Sample| s.began == Phase::Down && s.ended == Phase::Down;
    until(
        Duration::from_secs(30),
        "answers while the database is down",
        || {
            load.count(Kind::Add, down) + load.count(Kind::Remove, down) >= WRITERS
                && load.count(Kind::Page, down) >= 2
                && load.count(Kind::Api, down) >= 2
                && load.count(Kind::Ready, down) >= 2
        },
    )
    .await;

    // Back again: nobody touches the app; it must find the database by itself.
    load.set(Phase::Starting);
    cluster.start_async().await;
    load.set(Phase::Recovered);
    let back = |s: &Sample| s.began == Phase::Recovered && ok(s);
    let recovered_in = until(
        Duration::from_secs(15),
        "recovery after the restart",
        || {
            load.count(Kind::Ready, back) >= 1
                && load.count(Kind::Page, back) >= 1
                && load.count(Kind::Api, back) >= 1
                && load.count(Kind::Add, back) + load.count(Kind::Remove, back) >= WRITERS
        },
    )
    .await;
    println!("recovered {recovered_in:.1?} after the database was back");
    load.done.store(true, Ordering::SeqCst);
    let mut beliefs = HashMap::new();
    let mut contradictions = Vec::new();
    for w in writers {
        let (b, c) = w.await.unwrap();
        beliefs.extend(b);
        contradictions.extend(c);
    }
    for o in others {
        o.await.unwrap();
    }
    let samples = load.samples.lock().unwrap().clone();

    // Never a 500, never a hang, never without an answer.
    let bad: Vec<&Sample> = samples
        .iter()
        .filter(|s| !matches!(s.status, 200 | 303 | 503) || s.took > BOUND)
        .collect();
    assert!(
        bad.is_empty(),
        "answers that are not 200/303/503 in time: {bad:#?}"
    );
    // The 503s are the clear kind.
    let unclear: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.status == 503 && !(s.retry_after && s.well_formed))
        .collect();
    assert!(
        unclear.is_empty(),
        "503s without Retry-After or message: {unclear:#?}"
    );
    // While it is down: 503 for everything that needs the database; alive all along.
    let down_wrong: Vec<&Sample> = samples
        .iter()
        .filter(|s| down(s) && s.kind != Kind::Live && s.status != 503)
        .collect();
    assert!(down_wrong.is_empty(), "not 503 while down: {down_wrong:#?}");
    assert!(
        samples
            .iter()
            .filter(|s| s.kind == Kind::Live)
            .all(|s| s.status == 200),
        "/health/live answers 200 throughout"
    );
    // Before and after: everything works.
    let up_wrong: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.began == s.ended && matches!(s.began, Phase::Up) && !ok(s))
        .collect();
    assert!(
        up_wrong.is_empty(),
        "failures before the outage: {up_wrong:#?}"
    );
    let after: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.began == Phase::Recovered)
        .collect();
    // Once it is back, the pool has healed: no request fails on a dead connection.
    let failed_after: Vec<&&Sample> = after.iter().filter(|s| !ok(s)).collect();
    assert!(
        failed_after.is_empty(),
        "failures after the restart: {failed_after:#?}"
    );
    println!(
        "{} answers: {} before, {} while stopping, {} down, {} after the restart",
        samples.len(),
        samples.iter().filter(|s| s.began == Phase::Up).count(),
        samples
            .iter()
            .filter(|s| s.began == Phase::Stopping)
            .count(),
        samples.iter().filter(|s| down(s)).count(),
        after.len(),
    );
    let slowest_down = samples
        .iter()
        .filter(|s| down(s))
        .map(|s| s.took)
        .max()
        .unwrap();
    println!("slowest answer while down: {slowest_down:.1?}");
    assert!(
        recovered_in < Duration::from_secs(10),
        "recovery took {recovered_in:?}"
    );

    // Nothing confirmed was lost: every client stands where its last clear answer left it.
    assert!(contradictions.is_empty(), "{contradictions:#?}");
    let now: Vec<Uuid> =
        sqlx::query_scalar("SELECT client_id FROM client_delegations WHERE system_user_id = $1")
            .bind(agent.id)
            .fetch_all(store.pool())
            .await
            .unwrap();
    let mut known = 0;
    for (client, belief) in &beliefs {
        let present = now.contains(client);
        match belief {
            Belief::Present => assert!(present, "{client}: confirmed added, but gone"),
            Belief::Absent => assert!(!present, "{client}: confirmed removed, but there"),
            Belief::Unknown => continue,
        }
        known += 1;
    }
    // And the audit trail agrees with the table for every client, known or not.
    for client in beliefs.keys() {
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_events WHERE system_user_id = $1 AND client_id = $2
               AND action IN ('client_delegation.added', 'client_delegation.removed')
             ORDER BY id",
        )
        .bind(agent.id)
        .bind(client)
        .fetch_all(store.pool())
        .await
        .unwrap();
        let last_added = actions
            .last()
            .is_some_and(|a| a == "client_delegation.added");
        assert_eq!(now.contains(client), last_added, "{client}: {actions:?}");
    }
    println!(
        "{known} of {} clients in a known state, all as answered; {:.1?} in all",
        beliefs.len(),
        started.elapsed()
    );
    server_handle.stop(false).await;
    store.pool().close().await;
    drop(cluster);
}
