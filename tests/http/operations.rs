//! What operators read: the Prometheus metrics on the internal address (and not on the
//! public one), and the request id on every answer.

use crate::common::pg_cluster::free_port;
use crate::common::*;

/// The value of the sample `name{labels}` in a text exposition (labels exactly as
/// written, in the exposition's order), if there is one.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

#[tokio::test]
async fn metrics_are_served_on_the_internal_address_and_count_what_happened() {
    let internal = format!("127.0.0.1:{}", free_port());
    let app = TestApp::spawn_with(|c| c.metrics_listen = Some(internal.parse().unwrap())).await;
    let http = TestApp::client();

    // Not on the public listener.
    let r = http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // Something to count: page views, a change of clients, a refused login.
    let kadm = app.logged_in(KADM, app.firm.id).await;
    for _ in 0..3 {
        kadm.page("/systemtilganger").await;
    }
    let available: Vec<_> = app.addable(2).await;
    assert_eq!(available.len(), 2);
    add_clients(&kadm, app.agent.id, &available).await;
    for path in ["/finnes-ikke", "/heller-ikke/42"] {
        http.get(app.url(path)).send().await.unwrap();
    }
    let visitor = app.visitor().await;
    for _ in 0..6 {
        visitor
            .post_request("/logg-inn", &[("fodselsnummer", "15897210034")])
            .send()
            .await
            .unwrap();
    }

    let r = http
        .get(format!("http://{internal}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = r.text().await.unwrap();
    let get = |series: &str| sample(&text, series).unwrap_or_else(|| panic!("{series} in\n{text}"));
    assert_eq!(
        get(r#"kd_http_requests_total{method="GET",route="/systemtilganger",status="200"}"#),
        3.0
    );
    assert_eq!(
        get(r#"kd_http_request_duration_seconds_count{method="GET",route="/systemtilganger"}"#),
        3.0
    );
    assert_eq!(
        get(
            r#"kd_http_requests_total{method="POST",route="/systemtilganger/{id}/kunder",status="303"}"#
        ),
        1.0
    );
    // Addresses no route has are one series, whatever the address (/metrics on the
    // public listener was one of them).
    assert_eq!(
        get(r#"kd_http_requests_total{method="GET",route="unmatched",status="404"}"#),
        3.0
    );
    assert_eq!(get(r#"kd_bulk_changes_total{change="added"}"#), 1.0);
    assert_eq!(get(r#"kd_bulk_change_clients_total{change="added"}"#), 2.0);
    assert_eq!(
        get(r#"kd_rate_limit_refusals_total{limit="login_person"}"#),
        1.0
    );
    // The client administrator's (the visitor who only tried has none).
    assert_eq!(get("kd_sessions_active"), 1.0);
    assert!(get(r#"kd_db_pool_connections{state="idle"}"#) >= 1.0);
    assert!(get(r#"kd_db_pool_connections{state="in_use"}"#) >= 0.0);
    assert_eq!(get("kd_db_pool_max_connections"), 10.0);
    assert_eq!(get("kd_db_unavailable_total"), 0.0);
    assert_eq!(get("kd_http_requests_in_flight"), 0.0);
    assert_eq!(get("kd_draining"), 0.0);
    assert!(text.trim_end().ends_with("# EOF"));
}

#[tokio::test]
async fn every_answer_names_its_request_id() {
    let app = TestApp::spawn().await;
    let http = TestApp::client();
    let mut seen = std::collections::HashSet::new();
    for path in ["/logg-inn", "/logg-inn", "/finnes-ikke", "/health/live"] {
        let r = http.get(app.url(path)).send().await.unwrap();
        let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{path}: {id}");
        assert!(seen.insert(id), "a new id for every request");
    }
}
