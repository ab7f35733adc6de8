//! *Legg til kunder*'s words and states over HTTP: the empty states say why the list is
//! empty and what to do, *Bekreft og lukk* cannot be pressed when nothing could ever be
//! confirmed, counts read as Norwegian, a search can be cleared, and the system access
//! page's heading counts what a search shows against all.

use crate::common::*;
use uuid::Uuid;

fn dialog(app: &TestApp) -> String {
    format!("/systemtilganger/{}/legg-til-kunder", app.agent.id)
}

/// The panel after a post of `form` (a search, a page, a tick): as htmx gets it.
async fn panel(app: &TestApp, c: &Portal, form: &[(&str, &str)]) -> String {
    let request = c
        .post_request(&dialog(app), form)
        .header("HX-Request", "true");
    let (status, html) = portal::try_send_form(request).await.unwrap();
    assert_eq!(status, 200, "{html}");
    assert!(!html.contains("<html"), "a fragment: {html}");
    html
}

/// What `html` says once tags are dropped and spaces folded: a check on words.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The *Bekreft og lukk* button's tag.
fn confirm_button(html: &str) -> &str {
    let at = html.find("id=\"bekreft\"").expect("the confirm button");
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

#[tokio::test]
async fn an_empty_search_names_what_was_searched_and_offers_to_clear_it() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", "finnes ikke"), ("handling", "sok")],
    )
    .await;
    assert!(
        words(&html).contains("Ingen tilgjengelige kunder passer med «finnes ikke». Tøm søket"),
        "{html}"
    );
    assert!(html.contains("value=\"tom_sok\""));
    // *Tøm søket* lists every available client again, from the first page.
    let html = panel(
        &app,
        &c,
        &[
            ("skjema", "1"),
            ("q", "finnes ikke"),
            ("handling", "tom_sok"),
            ("side", "3"),
        ],
    )
    .await;
    let text = words(&html);
    assert!(text.contains("Blåbærlia Gård"), "{text}");
    assert!(text.contains("side 1 av 4"), "{text}");
    assert!(!text.contains("finnes ikke"), "{text}");
    // Without JavaScript the whole page comes back, its search field empty.
    let (status, page) = Portal::log_in(&app.base, DAGL, app.firm.id)
        .await
        .submit(
            &dialog(&app),
            &[("skjema", "1"), ("q", "x"), ("handling", "tom_sok")],
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"kundesok\" name=\"q\" value=\"\""),
        "{page}"
    );
}

#[tokio::test]
async fn a_firm_without_clients_is_told_how_clients_come_and_cannot_confirm() {
    let app = TestApp::spawn().await;
    // The firm's relationships all end (and with them the delegations).
    for sql in [
        "DELETE FROM client_delegations WHERE firm_id = $1",
        "DELETE FROM register_roles WHERE firm_id = $1",
        "DELETE FROM fullmakter WHERE firm_id = $1",
    ] {
        sqlx::query(sql)
            .bind(app.firm.id)
            .execute(app.store.pool())
            .await
            .unwrap();
    }
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = c.page(&dialog(&app)).await;
    let text = words(&html);
    assert!(
        text.contains("Virksomheten har ingen kunder ennå En kunde kommer til når den gir virksomheten fullmakt"),
        "{text}"
    );
    assert!(html.contains("href=\"/klienter\""));
    assert!(
        !text.contains("Alle tilgjengelige kunder er allerede lagt til"),
        "{text}"
    );
    assert!(!text.contains("Velg alle"), "{text}");
    assert!(confirm_button(&html).contains(" disabled"), "{html}");
}

#[tokio::test]
async fn clients_lacking_a_package_are_told_apart_from_no_clients() {
    let app = TestApp::spawn().await;
    // Every client keeps its relationship but lacks the payroll package.
    sqlx::query("DELETE FROM client_delegations WHERE firm_id = $1")
        .bind(app.firm.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let related: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT client_id) FROM (
             SELECT client_id FROM register_roles WHERE firm_id = $1
             UNION SELECT client_id FROM fullmakter WHERE firm_id = $1) r",
    )
    .bind(app.firm.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    sqlx::query("DELETE FROM register_roles WHERE firm_id = $1 AND role = 'REGN'")
        .bind(app.firm.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    sqlx::query(
        "DELETE FROM fullmakt_packages WHERE package_urn LIKE '%regnskapsforer-lonn'
            AND fullmakt_id IN (SELECT id FROM fullmakter WHERE firm_id = $1)",
    )
    .bind(app.firm.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = c.page(&dialog(&app)).await;
    let text = words(&html);
    let left = app.agent_options().await.len() as i64;
    assert!(left > 0 && left <= related, "{left} of {related}");
    assert!(
        text.contains(&format!(
            "Ingen av virksomhetens {left} kunder har alle tilgangspakkene systemtilgangen krever. Se hva som mangler nedenfor."
        )),
        "{text}"
    );
    assert!(confirm_button(&html).contains(" disabled"), "{html}");
}

#[tokio::test]
async fn one_client_left_is_one_client_in_words() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let mut available: Vec<(String, Uuid)> = app
        .agent_options()
        .await
        .into_iter()
        .filter(|o| o.eligibility.is_available() && !o.already_added)
        .map(|o| (o.facts.client.name, o.facts.client.id))
        .collect();
    available.sort();
    let (last, _) = available.pop().unwrap();
    let ids: Vec<Uuid> = available.iter().map(|(_, id)| *id).collect();
    add_clients(&c, app.agent.id, &ids).await;
    let html = c.page(&dialog(&app)).await;
    let text = words(&html);
    assert!(text.contains("Velg den ene tilgjengelige kunden"), "{text}");
    assert!(!text.contains("Velg alle 1"), "{text}");
    assert!(text.contains(&last), "{text}");
    assert!(!confirm_button(&html).contains(" disabled"));
    // All added: the list says so, and there is nothing to confirm.
    let id = app.org(&last).await.id;
    add_clients(&c, app.agent.id, &[id]).await;
    let html = c.page(&dialog(&app)).await;
    assert!(words(&html).contains("Alle tilgjengelige kunder er allerede lagt til."));
    assert!(confirm_button(&html).contains(" disabled"), "{html}");
}

#[tokio::test]
async fn the_confirm_button_says_what_it_will_do_while_it_works() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = c.page(&dialog(&app)).await;
    assert!(
        confirm_button(&html).contains("data-busy=\"Et øyeblikk …\""),
        "{html}"
    );
    // "Select all" answers with the button drawn again (out of band) with the new count.
    let html = panel(&app, &c, &[("skjema", "1"), ("handling", "velg_alle")]).await;
    let button = confirm_button(&html);
    assert!(button.contains("hx-swap-oob=\"true\""), "{button}");
    assert!(
        button.contains("data-busy=\"Legger til 33 kunder …\""),
        "{button}"
    );
}

#[tokio::test]
async fn the_system_access_heading_counts_a_search_against_all() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let path = format!("/systemtilganger/{}", app.agent.id);
    assert!(c.page(&path).await.contains(">Kunder (3)</h2>"));
    let html = c.page(&format!("{path}?q=Aurora")).await;
    assert!(html.contains(">Kunder (1 av 3)</h2>"), "{html}");
}

#[tokio::test]
async fn one_confirmation_adds_and_removes_without_javascript() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let aurora = app.org("Aurora Optikk AS").await.id.to_string();
    let bergtatt = app.org("Bergtatt Bygg AS").await.id.to_string();
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id.to_string();
    let added_before = app.audit_count("client_delegation.added").await;
    let removed_before = app.audit_count("client_delegation.removed").await;
    // Aurora is unticked on page 1 (carried on as `fjernes`), Bergtatt stays ticked,
    // Fjordkanten is chosen: the page shows the state before anything is confirmed.
    let html = c
        .submit(
            &dialog(&app),
            &[
                ("skjema", "1"),
                ("lagt_vist", &aurora),
                ("lagt_vist", &bergtatt),
                ("beholdt", &bergtatt),
                ("vist", &fjordkanten),
                ("valgt", &fjordkanten),
                ("handling", "oppdater"),
            ],
        )
        .await
        .unwrap()
        .1;
    assert!(
        words(&html).contains("1 kunde valgt · 1 kunde fjernes"),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"fjernes\" value=\"{aurora}\"")));
    // Nothing has changed yet.
    assert_eq!(app.delegated().await.len(), 3);
    let (status, to) = c
        .submit(
            &format!("/systemtilganger/{}/kunder", app.agent.id),
            &[
                ("skjema", "1"),
                ("fjernes", &aurora),
                ("bevart", &fjordkanten),
                ("handling", "bekreft"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(status, 303);
    let page = c.page(&to).await;
    assert!(
        page.contains(
            "Fjordkanten Rørlegger AS er lagt til. Aurora Optikk AS er fjernet fra systemtilgangen."
        ),
        "{page}"
    );
    let delegated: Vec<String> = app.delegated().await.iter().map(Uuid::to_string).collect();
    assert!(delegated.contains(&fjordkanten) && delegated.contains(&bergtatt));
    assert!(!delegated.contains(&aurora));
    assert_eq!(
        app.audit_count("client_delegation.added").await,
        added_before + 1
    );
    assert_eq!(
        app.audit_count("client_delegation.removed").await,
        removed_before + 1
    );
    // Removing only, and a client someone else removed meanwhile needs nothing more.
    let (status, to) = c
        .submit(
            &format!("/systemtilganger/{}/kunder", app.agent.id),
            &[
                ("skjema", "1"),
                ("fjernes", &aurora),
                ("fjernes", &bergtatt),
                ("handling", "bekreft"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(
        c.page(&to)
            .await
            .contains("Bergtatt Bygg AS er fjernet fra systemtilgangen.")
    );
    assert_eq!(app.delegated().await.len(), 2, "Drivved and Fjordkanten");
}

#[tokio::test]
async fn a_search_finds_clients_already_added_and_says_so() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    // "Skjul kunder som allerede er lagt til" is on (the default), yet the hit is shown.
    let html = panel(
        &app,
        &c,
        &[
            ("skjema", "1"),
            ("skjul", "1"),
            ("q", "Aurora"),
            ("handling", "sok"),
        ],
    )
    .await;
    let text = words(&html);
    assert!(
        text.contains("Aurora Optikk AS Org.nr. 315 002 036 · Allerede lagt til"),
        "{text}"
    );
    assert!(
        !text.contains("Ingen tilgjengelige kunder passer"),
        "{text}"
    );
    // Already added, so nothing to select among the hits.
    assert!(!html.contains("value=\"velg_treff\""), "{html}");
}

#[tokio::test]
async fn a_search_hit_that_cannot_be_added_says_why_and_links_to_the_client() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let stuck = app.unavailable_client().await;
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", &stuck.name), ("handling", "sok")],
    )
    .await;
    let text = words(&html);
    assert!(
        text.contains("1 kunde som passer, kan ikke legges til; se hvorfor nedenfor."),
        "{text}"
    );
    assert!(
        html.contains("<details class=\"ds-details unavailable\" open>"),
        "{html}"
    );
    assert!(
        html.contains(&format!("href=\"/klienter/{}\"", stuck.org_number)),
        "{html}"
    );
    assert!(text.contains("Mangler"), "the reason: {text}");
}

#[tokio::test]
async fn select_the_hits_selects_them_and_nothing_else() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", "Fjordkanten"), ("handling", "sok")],
    )
    .await;
    assert!(words(&html).contains("Velg treffet"), "{html}");
    let html = panel(
        &app,
        &c,
        &[
            ("skjema", "1"),
            ("q", "Fjordkanten"),
            ("handling", "velg_treff"),
        ],
    )
    .await;
    assert!(words(&html).contains("1 kunde valgt"), "{html}");
    // Several hits: each chosen, the other available clients not.
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", "AS"), ("handling", "sok")],
    )
    .await;
    let text = words(&html);
    let n: usize = text
        .split("Velg de ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("Velg de N treffene: {text}"));
    assert!(n > 1 && n < 33, "{n}");
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", "AS"), ("handling", "velg_treff")],
    )
    .await;
    assert!(
        words(&html).contains(&format!("{n} kunder valgt")),
        "{html}"
    );
    let carried: Vec<(&str, String)> = html
        .split("name=\"bevart\" value=\"")
        .skip(1)
        .map(|rest| ("bevart", rest.split('"').next().unwrap().to_owned()))
        .collect();
    assert_eq!(carried.len(), n);
    let mut form: Vec<(&str, &str)> = vec![("skjema", "1"), ("handling", "bekreft")];
    form.extend(carried.iter().map(|(k, v)| (*k, v.as_str())));
    let before = app.delegated().await.len();
    let (status, _) = c
        .submit(&format!("/systemtilganger/{}/kunder", app.agent.id), &form)
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert_eq!(app.delegated().await.len(), before + n);
}

#[tokio::test]
async fn show_selected_names_the_selection_or_those_left_out() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id.to_string();
    let blabaerlia = app.org("Blåbærlia Gård").await.id.to_string();
    let html = panel(
        &app,
        &c,
        &[
            ("skjema", "1"),
            ("vist", &fjordkanten),
            ("valgt", &fjordkanten),
            ("vist", &blabaerlia),
            ("valgt", &blabaerlia),
        ],
    )
    .await;
    let text = words(&html);
    assert!(
        text.contains("Vis valgte (2) Blåbærlia Gård Fjordkanten Rørlegger AS"),
        "{text}"
    );
    // "All" with one unticked names the one left out.
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("modus", "alle"), ("vist", &fjordkanten)],
    )
    .await;
    let text = words(&html);
    assert!(
        text.contains("Vis de som ikke er valgt (1) Fjordkanten Rørlegger AS"),
        "{text}"
    );
    // Nothing selected: nothing to show.
    let html = panel(&app, &c, &[("skjema", "1")]).await;
    assert!(!html.contains("id=\"valgte\""), "{html}");
}

#[tokio::test]
async fn an_added_hit_says_when_and_by_whom() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    add_clients(&c, app.agent.id, &[fjordkanten]).await;
    let kadm: String = sqlx::query_scalar("SELECT name FROM persons WHERE national_id = $1")
        .bind(KADM)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let today = klientdelegering::web::view::date_in(
        klientdelegering::web::i18n::Lang::Nb,
        &time::OffsetDateTime::now_utc(),
    );
    let html = panel(
        &app,
        &c,
        &[("skjema", "1"), ("q", "Fjordkanten"), ("handling", "sok")],
    )
    .await;
    assert!(
        words(&html).contains(&format!("Allerede lagt til {today} av {kadm}")),
        "{html}"
    );
}
