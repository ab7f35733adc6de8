//! Benchmark (ignored in the normal run; `scripts/bench` runs it): a firm with 5,000
//! clients, the way a large accounting firm looks. Prints figures; asserts only behaviour,
//! which the suite checks at a small size on every run.

mod common;

use std::time::Instant;

use common::timing::time_requests;
use common::*;

const CLIENTS: u32 = 5_000;

#[tokio::test]
#[ignore = "benchmark: run with scripts/bench"]
async fn a_firm_with_five_thousand_clients() {
    exercise(CLIENTS, 50).await;
}

#[tokio::test]
async fn the_benchmarks_behaviour_holds_at_a_small_size() {
    exercise(300, 1).await;
}

/// A firm with `clients` more clients: every page and call the benchmark times, each
/// `reps` times, with the behaviour it relies on asserted.
async fn exercise(clients: u32, reps: usize) {
    let app = TestApp::spawn().await;
    let numbers = large_firm::add_regn_clients(&app, clients as usize).await;
    let last_page = (clients / 20).max(1).to_string();

    let c = app.logged_in(KADM, app.firm.id).await;
    let su = app.agent.id;
    let dialog = app.url(&format!("/systemtilganger/{su}/legg-til-kunder"));
    time_requests(
        "GET Legg til kunder (dialog, first page)",
        reps,
        async || {
            c.get(&dialog)
                .header("HX-Request", "true")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        },
    )
    .await;
    time_requests("POST search \"Kunde 04\" (panel)", reps, async || {
        c.post(&dialog)
            .header("HX-Request", "true")
            .form(&[("skjema", "1"), ("q", "Kunde 04"), ("handling", "sok")])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
    .await;
    time_requests(
        "POST the last page with select-all (panel)",
        reps,
        async || {
            c.post(&dialog)
                .header("HX-Request", "true")
                .form(&[
                    ("skjema", "1"),
                    ("modus", "alle"),
                    ("til_side", last_page.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        },
    )
    .await;

    // The client delegation API on the same firm: a page of the available clients, and
    // one bulk call that adds 2,000 of them and removes them again.
    let token = app
        .person_token(KADM, "altinn:clientdelegations.write")
        .await;
    let api = TestApp::client();
    let p = "/authentication/api/v1/enduser/systemuser";
    let available = app.url(&format!("{p}/clients/available?agent={su}&pageSize=100"));
    time_requests(
        "API GET available clients (a page of 100)",
        reps,
        async || {
            api.get(&available)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        },
    )
    .await;
    let bulk = app.url(&format!("{p}/clients/bulk?agent={su}"));
    let some: Vec<&String> = numbers.iter().take(2_000).collect();
    for (label, body) in [
        (
            format!("API bulk add of {} clients", some.len()),
            serde_json::json!({ "add": some }),
        ),
        (
            format!("API bulk removal of the same {}", some.len()),
            serde_json::json!({ "remove": some }),
        ),
    ] {
        let start = Instant::now();
        let r = api
            .post(&bulk)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{label}");
        let result: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            result["results"].as_array().map(Vec::len),
            Some(some.len()),
            "{label}: one result per client"
        );
        println!("{label}: {:.1?}", start.elapsed());
    }

    let start = Instant::now();
    let r = c
        .post(app.url(&format!("/systemtilganger/{su}/kunder")))
        .form(&[("skjema", "1"), ("modus", "alle"), ("handling", "bekreft")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    println!(
        "Bekreft og lukk, all {} available clients: {:.1?}",
        clients + 33,
        start.elapsed()
    );
    assert_eq!(app.delegated().await.len(), clients as usize + 36);

    let detail = app.url(&format!(
        "/systemtilganger/{su}?q=Kunde&side={}",
        (clients / 50).max(1)
    ));
    time_requests(
        "GET system access, a page far into its clients",
        reps,
        async || c.get(&detail).send().await.unwrap().status().as_u16(),
    )
    .await;

    for (label, path) in [
        (
            "GET Klienter, a page far in",
            format!("/klienter?side={}", (clients / 33).max(1)),
        ),
        (
            "GET Klienter search \"Kunde 049\"",
            "/klienter?q=Kunde+049".to_owned(),
        ),
        (
            "GET one client (Klienter)",
            format!("/klienter/{}", numbers[numbers.len() * 86 / 100]),
        ),
    ] {
        let url = app.url(&path);
        time_requests(label, reps, async || {
            c.get(&url).send().await.unwrap().status().as_u16()
        })
        .await;
    }
}
