//! WCAG 2.1 AA in a real headless Chromium: axe-core (WCAG 2.0/2.1 A and AA rules) on every
//! page and state the demo users reach, with JavaScript and without.

use crate::common::browser::Browser;
use crate::common::*;
use fantoccini::key::Key;
use klientdelegering::store::seed;

/// The seed's pending vendor request for the firm.
async fn pending_request(app: &TestApp) -> uuid::Uuid {
    sqlx::query_scalar("SELECT id FROM system_user_requests WHERE status = 'pending' LIMIT 1")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_page_a_client_administrator_sees_passes_axe() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;

    b.goto(&app.url("/logg-inn")).await;
    b.wait_text("Testinnlogging").await;
    b.axe_check("the login page").await;
    b.fill("Fødselsnummer", "123").await;
    b.click_text("Logg inn").await;
    b.wait_xpath("//*[@id='fodselsnummer-feil']").await;
    b.axe_check("the login page with an error").await;

    b.fill("Fødselsnummer", KADM).await;
    b.click_text("Logg inn").await;
    // One organization to represent: straight in; the choice is under Bytt aktør.
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.click_text("Bytt aktør").await;
    b.wait_text("Hvem vil du representere?").await;
    b.axe_check("party selection").await;
    b.click_text(seed::FIRM_NAME).await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.wait_text("Forespørsler som venter på svar").await;
    b.axe_check("Systemtilganger with a pending request").await;

    b.click_text(&app.agent.name).await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", app.agent.name))
        .await;
    b.axe_check("the agent system access").await;

    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]//h2[normalize-space()='Legg til eller fjern kunder']")
        .await;
    b.axe_check("the Legg til kunder dialog").await;
    b.click_xpath("//dialog//summary").await;
    b.axe_check("the dialog with the clients that cannot be added")
        .await;

    b.fill("Søk etter kunde", "finnes ikke").await;
    b.wait_text("Ingen tilgjengelige kunder passer med «finnes ikke».")
        .await;
    b.axe_check("the dialog with a search that finds nothing")
        .await;
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_text("1 kunde valgt").await;
    b.fill("Søk etter kunde", "Elvebredden").await;
    b.tick("Elvebredden Kafé AS").await;
    b.wait_text("2 kunder valgt").await;
    b.axe_check("the dialog with two clients chosen").await;
    b.click_text("Fjern alle valg").await;
    b.wait_text("Ingen kunder valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_xpath("//*[@id='kundevalg-feil']").await;
    b.axe_check("the dialog saying nothing is chosen").await;
    b.click_text("Velg alle 33 tilgjengelige").await;
    b.wait_text("Alle 33 tilgjengelige kunder er valgt").await;
    b.axe_check("the dialog with every client chosen").await;
    b.click_text("Fjern alle valg").await;
    b.wait_text("Ingen kunder valgt").await;
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_text("1 kunde valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text("Fjordkanten Rørlegger AS er lagt til.").await;
    b.axe_check("the system access after Bekreft og lukk").await;

    let remove = "//tr[td[normalize-space()='Aurora Optikk AS']]//a[normalize-space()='Fjern']";
    b.click_xpath(remove).await;
    b.wait_xpath("//dialog[@open]//h2[normalize-space()='Fjerne Aurora Optikk AS?']")
        .await;
    b.axe_check("the remove client dialog").await;
    b.escape_dialog().await;

    b.click_text("Klienter").await;
    b.wait_xpath("//h1[normalize-space()='Klienter']").await;
    b.axe_check("Klienter").await;
    b.click_text("Aurora Optikk AS").await;
    b.wait_xpath("//h1[normalize-space()='Aurora Optikk AS']")
        .await;
    b.axe_check("a client").await;
    b.goto(&app.url("/klienter?q=finnes+ikke")).await;
    b.wait_text("Ingen klienter passer med «finnes ikke».")
        .await;
    b.axe_check("Klienter with a search that finds nothing")
        .await;

    b.click_text("Historikk").await;
    b.wait_xpath("//h1[normalize-space()='Historikk']").await;
    b.axe_check("Historikk").await;
    b.fill("Fra dato", "32.01.2026").await;
    b.click_text("Vis hendelser").await;
    b.wait_xpath("//*[@id='fra-feil']").await;
    b.axe_check("Historikk with a filter error").await;
    b.goto(&app.url("/historikk?kunde=finnes+ikke")).await;
    b.wait_text("Ingen hendelser passer med filteret.").await;
    b.axe_check("Historikk with a filter that matches nothing")
        .await;

    b.goto(&app.url("/fullmakter")).await;
    b.wait_xpath("//h1[normalize-space()='Du har ikke tilgang']")
        .await;
    b.axe_check("the 403 page").await;
    b.goto(&app.url("/finnes-ikke")).await;
    b.wait_xpath("//h1[normalize-space()='Fant ikke siden']")
        .await;
    b.axe_check("the 404 page").await;
    b.close().await;
}

#[tokio::test]
async fn every_page_a_general_manager_sees_passes_axe() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    let request = pending_request(&app).await;

    // The vendor's confirm address, not logged in: log in, and (one organization to
    // represent, the request's customer) straight to the request.
    b.goto(&app.url(&format!("/foresporsler/{request}"))).await;
    b.wait_text("Testinnlogging").await;
    b.fill("Fødselsnummer", DAGL).await;
    b.click_text("Logg inn").await;
    b.wait_xpath("//h1[normalize-space()='Forespørsel om systemtilgang']")
        .await;
    b.wait_text("Dette får systemet lov til").await;
    b.axe_check("the vendor request").await;

    b.goto(&app.url("/systemtilganger/ny")).await;
    b.wait_xpath("//h1[normalize-space()='Opprett systemtilgang']")
        .await;
    b.axe_check("choosing a system").await;
    b.goto(&app.url("/systemtilganger/ny?q=finnes+ikke")).await;
    b.wait_text("Ingen systemer passer med «finnes ikke».")
        .await;
    b.axe_check("choosing a system, nothing found").await;
    b.goto(&app.url("/systemtilganger/ny")).await;
    b.click_text("Smart Lønn").await;
    b.wait_xpath("//h1[normalize-space()='Opprett systemtilgang for Smart Lønn']")
        .await;
    b.axe_check("the new system access form").await;
    b.fill("Navn på systemtilgangen", "").await;
    b.click_button("Opprett systemtilgang").await;
    b.wait_text("Skriv et navn på systemtilgangen.").await;
    b.axe_check("the new system access form with an error")
        .await;

    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.click_text("Slett systemtilgang").await;
    b.wait_xpath("//dialog[@open]//h2").await;
    b.axe_check("the delete system access dialog").await;
    b.screenshot("slett-systemtilgang-dialog").await;
    b.escape_dialog().await;

    b.click_text("Roller").await;
    b.wait_xpath("//h1[normalize-space()='Roller']").await;
    b.axe_check("Roller").await;
    b.fill("Fødselsnummer", "123").await;
    b.fill("Etternavn", "Bakke").await;
    b.click_text("Gi rolle").await;
    b.wait_xpath("//*[contains(@class, 'ds-validation-message')]")
        .await;
    b.axe_check("Roller with a field error").await;
    b.click_xpath("//a[starts-with(@aria-label, 'Fjern rollen Klientadministrator')]")
        .await;
    b.wait_xpath("//dialog[@open]//h2").await;
    b.axe_check("the revoke role dialog").await;
    b.escape_dialog().await;

    b.click_text("Fullmakter").await;
    b.wait_xpath("//h1[normalize-space()='Fullmakter']").await;
    b.axe_check("the firm's Fullmakter").await;

    let own = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| !su.kind.is_agent())
        .expect("the demo's standard system access");
    b.goto(&app.url(&format!("/systemtilganger/{}", own.id)))
        .await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", own.name))
        .await;
    b.axe_check("a standard system access").await;

    // The vendor request answered (in the database: answering in the browser would send
    // it on to the vendor's address): the page says so instead of offering the buttons.
    sqlx::query(
        "UPDATE system_user_requests SET status = 'rejected', decided_at = now() WHERE id = $1",
    )
    .bind(request)
    .execute(app.store.pool())
    .await
    .unwrap();
    b.goto(&app.url(&format!("/foresporsler/{request}"))).await;
    b.wait_page("an answered vendor request").await;
    b.axe_check("an answered vendor request").await;

    b.goto(&app.url("/api/dokumentasjon")).await;
    b.wait_page("the API documentation").await;
    b.axe_check("the API documentation").await;

    // A Tilgangsstyrer sees the clients read-only.
    b.log_in_as(&app.base, TILG, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.wait_text("Kun klientadministratorer kan administrere klienter.")
        .await;
    b.axe_check("a system access, read-only").await;
    b.close().await;
}

#[tokio::test]
async fn every_page_of_a_client_giving_fullmakt_passes_axe() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, NO_RELATIONSHIP, seed::NO_RELATIONSHIP_CLIENT)
        .await;
    b.click_text("Historikk").await;
    b.wait_text("Ingen hendelser ennå.").await;
    b.axe_check("Historikk with no events").await;

    b.click_text("Fullmakter").await;
    b.wait_text("Dere har ikke gitt fullmakt til noen virksomheter.")
        .await;
    b.axe_check("Fullmakter with none given").await;
    b.click_text("Gi fullmakt").await;
    b.wait_xpath("//h1[normalize-space()='Gi fullmakt']").await;
    b.axe_check("finding a firm").await;
    b.fill("Organisasjonsnummer eller navn", "311 037 888")
        .await;
    b.click_text("Finn virksomhet").await;
    b.wait_xpath("//*[@id='virksomhet-feil']").await;
    b.axe_check("finding a firm, with a field error").await;
    b.fill("Organisasjonsnummer eller navn", "finnes ikke")
        .await;
    b.click_text("Finn virksomhet").await;
    b.wait_text("Ingen treff").await;
    b.axe_check("finding a firm, nothing found").await;
    b.fill("Organisasjonsnummer eller navn", "økonomisk").await;
    b.click_text("Finn virksomhet").await;
    b.click_text(seed::FIRM_NAME).await;
    b.wait_xpath("//h1[normalize-space()='Gi fullmakt til Varm Økonomisk Ape']")
        .await;
    b.axe_check("the grant page").await;
    b.click_button("Gi fullmakt").await;
    b.wait_xpath("//*[@id='pakker-feil']").await;
    b.axe_check("the grant page with an error").await;
    b.tick("Regnskapsfører lønn").await;
    b.click_button("Gi fullmakt").await;
    b.wait_text("har fått fullmakt med tilgangspakken Regnskapsfører lønn.")
        .await;
    b.axe_check("Fullmakter with one given").await;
    b.click_text("Trekk tilbake fullmakten til Varm Økonomisk Ape")
        .await;
    b.wait_xpath("//dialog[@open]//h2").await;
    b.axe_check("the withdraw dialog").await;
    b.escape_dialog().await;
    b.close().await;
}

/// The full pages a browser without JavaScript gets instead of the dialogs (axe is a script,
/// so it runs with scripts on, on the same HTML, with what `<noscript>` holds shown).
#[tokio::test]
async fn the_pages_without_javascript_pass_axe() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    let agent = app.agent.id;
    let aurora = app.org("Aurora Optikk AS").await;
    let pages = [
        (
            format!("/systemtilganger/{agent}/legg-til-kunder"),
            "the Legg til kunder page",
        ),
        (
            format!("/systemtilganger/{agent}/legg-til-kunder?q=finnes+ikke"),
            "the Legg til kunder page, nothing found",
        ),
        (
            format!("/systemtilganger/{agent}/kunder/{}/fjern", aurora.id),
            "the remove client page",
        ),
        (
            format!("/systemtilganger/{agent}/slett"),
            "the delete system access page",
        ),
        (
            "/historikk?fra=32.01.2026".into(),
            "Historikk with a filter error",
        ),
    ];
    for (path, what) in pages {
        b.goto(&app.url(&path)).await;
        b.wait_page(what).await;
        b.show_noscript().await;
        b.axe_check(what).await;
        b.screenshot(&format!("uten-js-{}", what.replace([' ', ','], "-")))
            .await;
    }
    b.goto(&app.url(&format!("/systemtilganger/{agent}/legg-til-kunder")))
        .await;
    b.show_noscript().await;
    b.click_button("Bekreft og lukk").await;
    b.wait_xpath("//*[@id='kundevalg-feil']").await;
    b.axe_check("the Legg til kunder page with an error").await;

    b.goto(&app.url("/roller")).await;
    let revoke = b
        .wait_xpath("//a[starts-with(@aria-label, 'Fjern rollen Klientadministrator')]")
        .await;
    let href = revoke.attr("href").await.unwrap().unwrap();
    b.goto(&app.url(&href)).await;
    b.wait_xpath("//h1[starts-with(normalize-space(), 'Fjerne rollen')]")
        .await;
    b.axe_check("the revoke role page").await;

    b.log_in_as(&app.base, NO_RELATIONSHIP, seed::NO_RELATIONSHIP_CLIENT)
        .await;
    b.goto(&app.url(&format!("/fullmakter/ny/{}", seed::FIRM_ORG_NUMBER)))
        .await;
    b.tick("Regnskapsfører lønn").await;
    b.click_button("Gi fullmakt").await;
    b.wait_text("har fått fullmakt").await;
    b.goto(&app.url(&format!(
        "/fullmakter/{}/trekk-tilbake",
        seed::FIRM_ORG_NUMBER
    )))
    .await;
    b.wait_xpath("//h1[normalize-space()='Trekke tilbake fullmakten til Varm Økonomisk Ape?']")
        .await;
    b.axe_check("the withdraw page").await;
    b.close().await;
}

/// The main pages a general manager sees (the one who sees them all), by address.
async fn main_pages(app: &TestApp) -> Vec<(String, &'static str)> {
    let request = pending_request(app).await;
    let aurora = app.org("Aurora Optikk AS").await;
    vec![
        ("/velg-aktor".into(), "velg-aktor"),
        ("/systemtilganger".into(), "systemtilganger"),
        (
            format!("/systemtilganger/{}", app.agent.id),
            "systemtilgang",
        ),
        (
            format!("/systemtilganger/{}/legg-til-kunder", app.agent.id),
            "legg-til-kunder-side",
        ),
        ("/klienter".into(), "klienter"),
        (format!("/klienter/{}", aurora.org_number), "klient"),
        ("/fullmakter".into(), "fullmakter"),
        ("/fullmakter/ny?q=311037888".into(), "gi-fullmakt-feil"),
        ("/roller".into(), "roller"),
        ("/systemtilganger/ny".into(), "opprett-systemtilgang"),
        (format!("/foresporsler/{request}"), "foresporsel"),
        ("/historikk".into(), "historikk"),
        ("/historikk?fra=32.01.2026".into(), "historikk-feil"),
        ("/api/dokumentasjon".into(), "api-dokumentasjon"),
    ]
}

/// Sets the viewport (not the window) to `width` CSS pixels.
async fn set_viewport(b: &Browser, width: u32, height: u32) {
    let mut window = width;
    for _ in 0..3 {
        b.client.set_window_size(window, height).await.unwrap();
        // The resize lands a moment later: wait for the page to see a new width settle.
        let (mut inner, mut same) = (0, 0);
        for _ in 0..30 {
            let now = b.js("return window.innerWidth;").await.as_u64().unwrap() as u32;
            if now == width {
                return;
            }
            same = if now == inner { same + 1 } else { 0 };
            inner = now;
            if same == 5 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // The window has borders of its own: make up the difference.
        window = (window + width).saturating_sub(inner);
    }
    let inner = b.js("return window.innerWidth;").await;
    assert_eq!(inner, width, "the viewport is {width} CSS px wide");
}

/// 1.4.10 Reflow: at 320 CSS px (and 640, which is 1280 at 200 % zoom) nothing scrolls
/// sideways. Also writes the screenshots of each main page at 1280 and 390 px.
#[tokio::test]
async fn the_main_pages_reflow_at_320_and_at_200_percent_zoom() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/logg-inn")).await;
    b.wait_text("Testinnlogging").await;
    for (width, name) in [(1280, "desktop"), (390, "390")] {
        set_viewport(&b, width, 900).await;
        b.screenshot_full(&format!("logg-inn-{name}")).await;
    }
    for width in [320, 640] {
        set_viewport(&b, width, 800).await;
        b.assert_no_sideways_scroll(&format!("the login page at {width} px"))
            .await;
    }
    set_viewport(&b, 1280, 900).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    let mut too_wide = Vec::new();
    for (path, name) in main_pages(&app).await {
        b.goto(&app.url(&path)).await;
        b.wait_page(&path).await;
        for (width, suffix) in [(1280, "desktop"), (390, "390")] {
            set_viewport(&b, width, 900).await;
            b.screenshot_full(&format!("{name}-{suffix}")).await;
        }
        for width in [320, 640] {
            set_viewport(&b, width, 800).await;
            if let Some(culprits) = b.sideways_scroll().await {
                too_wide.push(format!("{path} at {width} px:\n{culprits}"));
            }
            // The narrow layout (stacked tables, wrapped bars) must pass axe too.
            let found = b.axe_violations().await;
            if !found.is_empty() {
                too_wide.push(format!("{path} at {width} px breaks WCAG 2.1 AA:\n{found}"));
            }
        }
        set_viewport(&b, 1280, 900).await;
    }
    assert!(
        too_wide.is_empty(),
        "scrolls sideways: {}",
        too_wide.join("\n")
    );
    // The dialog, too.
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.wait_animations().await;
    b.screenshot("legg-til-kunder-desktop").await;
    for width in [320, 640, 390] {
        set_viewport(&b, width, 800).await;
        b.wait_animations().await;
        b.assert_no_sideways_scroll(&format!("the dialog at {width} px"))
            .await;
        let inside = b
            .js("const d = document.querySelector('dialog[open]');
                 return d.scrollWidth <= d.clientWidth;")
            .await;
        assert_eq!(inside, true, "the dialog's content fits it at {width} px");
    }
    b.screenshot("legg-til-kunder-390").await;
    b.close().await;
}

/// 2.4.7 Focus visible: a link and a button reached with Tab draw a visible ring
/// (an outline or a box shadow) that they do not have without focus.
#[tokio::test]
async fn focus_is_visible_on_links_and_buttons() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    const RING: &str = "const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');";
    for (css, what) in [
        ("a.ds-skip-link", "the skip link"),
        ("a.topbar__navlink", "a link in the top bar"),
        ("a.ds-link", "a link in the page"),
        ("button[type=submit]", "a button"),
        ("#legg-til-kunder", "a link that looks like a button"),
        ("input[type=search]", "a search field"),
    ] {
        b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
            .await;
        b.wait_xpath("//h1").await;
        b.tab_to(css, 80).await;
        let focused = b.js(RING).await;
        b.js("document.activeElement.setAttribute('data-probe', ''); return true;")
            .await;
        b.press(Key::Tab).await;
        let unfocused = b
            .js(
                "const s = getComputedStyle(document.querySelector('[data-probe]'));
                 return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');",
            )
            .await;
        let ring = focused.as_str().unwrap();
        let visible =
            (!ring.starts_with("none") && !ring.contains(" | 0px | ")) || !ring.ends_with("| none");
        assert!(visible, "{what} ({css}) shows no focus: {ring}");
        assert_ne!(
            focused, unfocused,
            "{what} ({css}) looks the same with and without focus"
        );
    }
    b.close().await;
}

/// The check itself must be able to fail: a field without a label is reported.
#[tokio::test]
async fn axe_finds_a_planted_violation() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/logg-inn")).await;
    b.wait_text("Testinnlogging").await;
    b.js("document.querySelector('label[for=fodselsnummer]').remove(); return true;")
        .await;
    let found = b.axe_violations().await;
    assert!(found.contains("- label (critical)"), "{found}");
    assert!(found.contains("#fodselsnummer"), "{found}");
    b.close().await;
}

/// Where `<main>` starts and how tall the top bar is, once every font face in use has
/// loaded.
async fn frame(b: &Browser) -> (f64, f64) {
    for _ in 0..50 {
        if b.js("return document.fonts.status === 'loaded';").await == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let r = b
        .js(
            "return [document.querySelector('main').getBoundingClientRect().top,
                     document.querySelector('.topbar').getBoundingClientRect().height];",
        )
        .await;
    (r[0].as_f64().unwrap(), r[1].as_f64().unwrap())
}

/// Nothing moves when the web font arrives: each main page laid out with Inter, and
/// again with the local fallback faces in its place (as a browser shows it until Inter
/// has loaded), keeps `<main>` and the top bar where they were, at 1350 and at 390 px.
#[tokio::test]
async fn the_page_does_not_move_when_the_font_arrives() {
    let app = TestApp::spawn().await;
    let pages = main_pages(&app).await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    for width in [1350, 390] {
        set_viewport(&b, width, 900).await;
        for (path, _) in &pages {
            b.goto(&app.url(path)).await;
            b.wait_xpath("//h1").await;
            let with_inter = frame(&b).await;
            let inter = b
                .js("return [...document.fonts].some((f) => f.family === 'Inter' && f.status === 'loaded');")
                .await;
            assert_eq!(inter, true, "{path}: laid out with Inter first");
            // A constructed style sheet: the page's CSP allows no inline <style>.
            b.js("const sheet = new CSSStyleSheet();
                  sheet.replaceSync('body, body * { font-family: \"Inter Fallback\", \"Inter Fallback DejaVu\", sans-serif !important; }');
                  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
                  document.fonts.load('16px \"Inter Fallback\"');
                  document.fonts.load('16px \"Inter Fallback DejaVu\"');
                  return true;")
                .await;
            let with_fallback = frame(&b).await;
            let used = b
                .js("return [...document.fonts].some((f) => f.family.includes('Inter Fallback') && f.status === 'loaded');")
                .await;
            assert_eq!(used, true, "{path}: a fallback face is in use");
            let moved = (
                (with_fallback.0 - with_inter.0).abs(),
                (with_fallback.1 - with_inter.1).abs(),
            );
            assert!(
                moved.0 <= 2.0 && moved.1 <= 2.0,
                "{path} at {width} px: <main> moves {:.1} px and the top bar {:.1} px \
                 (Inter {with_inter:?}, fallback {with_fallback:?})",
                moved.0,
                moved.1
            );
        }
    }
    b.close().await;
}

/// *Legg til kunder* in each of its states, at 1280 and at 390 px: nothing scrolls
/// sideways, axe finds nothing, and a screenshot of each (`target/screenshots/dialog-*`)
/// to look at.
#[tokio::test]
async fn every_state_of_the_dialog_at_1280_and_390_px() {
    let app = TestApp::spawn().await;
    let stuck = app.unavailable_client().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.wait_xpath("//h1").await;
    let mut problems = Vec::new();

    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    look_at_the_dialog(&b, "opened", &mut problems).await;

    b.tick("Skjul kunder som allerede er lagt til").await;
    b.wait_xpath("//dialog[@open]//span[normalize-space()='Allerede lagt til']")
        .await;
    look_at_the_dialog(&b, "added-shown", &mut problems).await;

    b.fill("Søk etter kunde", &stuck.name).await;
    b.wait_xpath(&format!(
        "//dialog[@open]//details[@open]//a[@href='/klienter/{}']",
        stuck.org_number
    ))
    .await;
    look_at_the_dialog(&b, "search-unavailable", &mut problems).await;

    b.fill("Søk etter kunde", "finnes ikke").await;
    b.wait_text("«finnes ikke»").await;
    look_at_the_dialog(&b, "search-nothing", &mut problems).await;

    b.fill("Søk etter kunde", "fisk").await;
    b.click_text("Velg de 2 treffene").await;
    b.wait_live("dialog[open] #utvalg", "2 kunder valgt").await;
    b.click_xpath("//dialog[@open]//summary[normalize-space()='Vis valgte (2)']")
        .await;
    b.wait_xpath("//details[@id='valgte'][@open]//li[normalize-space()='Havbris Fiskemottak AS']")
        .await;
    look_at_the_dialog(&b, "hits-selected", &mut problems).await;

    b.press(Key::Escape).await;
    b.wait_xpath(
        "//dialog[@open]//dialog[@open]//h2[normalize-space()='Forkaste 2 valgte kunder?']",
    )
    .await;
    look_at_the_dialog(&b, "discard-question", &mut problems).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    b.close().await;
}

/// Lays the open dialog out at 1280 and at 390 px: a screenshot of each, and what
/// scrolls sideways or breaks WCAG put in `problems`.
async fn look_at_the_dialog(b: &Browser, state: &str, problems: &mut Vec<String>) {
    for width in [1280, 390] {
        set_viewport(b, width, 860).await;
        b.wait_animations().await;
        b.screenshot(&format!("dialog-{state}-{width}")).await;
        if let Some(culprits) = b.sideways_scroll().await {
            problems.push(format!(
                "{state} at {width} px scrolls sideways:\n{culprits}"
            ));
        }
        let fits = b
            .js("const d = document.querySelector('dialog[open]');
                 return d.scrollWidth <= d.clientWidth;")
            .await;
        if fits != true {
            problems.push(format!(
                "{state} at {width} px: the dialog's content is wider than it"
            ));
        }
        let found = b.axe_violations().await;
        if !found.is_empty() {
            problems.push(format!(
                "{state} at {width} px breaks WCAG 2.1 AA:\n{found}"
            ));
        }
    }
    set_viewport(b, 1280, 900).await;
}
