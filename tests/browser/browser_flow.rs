//! End to end in a real headless Chromium: the seed's flow by visible texts, with
//! JavaScript (htmx dialog) and without (plain forms and full pages).

use crate::common::browser::Browser;
use crate::common::*;
use fantoccini::Locator;
use fantoccini::key::Key;

async fn log_in_as_client_administrator(app: &TestApp, b: &Browser) {
    b.goto(&app.url("/")).await;
    b.wait_text("Testinnlogging").await;
    b.fill("Fødselsnummer", "0382804011").await;
    b.click_text("Logg inn").await;
    b.wait_text("Må ha 11 sifre (du skrev 10).").await;
    b.screenshot("0-logg-inn-feil").await;
    b.fill("Fødselsnummer", KADM).await;
    b.click_text("Logg inn").await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.goto(&app.url("/velg-aktor")).await;
    b.wait_text("Hvem vil du representere?").await;
    b.screenshot("0-hvem-vil-du-representere").await;
    b.click_text("Varm Økonomisk Ape").await;
    b.click_text("Systemtilganger").await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
}

/// A client administrator in a browser with JavaScript, the *Legg til kunder* dialog open.
async fn with_the_dialog_open() -> (TestApp, Browser) {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    (app, b)
}

#[tokio::test]
async fn the_seed_flow_in_a_browser_with_javascript() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    log_in_as_client_administrator(&app, &b).await;
    b.screenshot("1-systemtilganger").await;

    b.click_text(&app.agent.name).await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", app.agent.name))
        .await;
    b.click_text("Legg til kunder").await;
    // htmx opens the list in a modal dialog on the same page.
    b.wait_xpath("//dialog[@open]//h2[normalize-space()='Legg til eller fjern kunder']")
        .await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_text("1 kunde valgt").await;
    b.tick("Elvebredden Kafé AS").await;
    b.wait_text("2 kunder valgt").await;
    b.screenshot("2-legg-til-kunder").await;
    b.click_text("Bekreft og lukk").await;

    b.wait_text("2 kunder er lagt til.").await;
    let rows = b
        .client
        .find_all(Locator::Css("table tbody tr"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for row in rows {
        names.push(row.text().await.unwrap());
    }
    let listed = names.join("\n");
    assert!(listed.contains("Fjordkanten Rørlegger AS"), "{listed}");
    assert!(listed.contains("Elvebredden Kafé AS"), "{listed}");
    assert!(b.page_text().await.contains("Kunder (5)"));
    b.assert_no_csp_violation().await;
    let shot = b.screenshot("3-kunder-lagt-til").await;
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000);
    b.close().await;
    assert_eq!(app.delegated().await.len(), 5);
}

#[tokio::test]
async fn the_seed_flow_without_javascript_keeps_the_selection_across_pages() {
    let app = TestApp::spawn().await;
    let b = Browser::start(false).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    b.click_text("Legg til kunder").await;
    // Without JavaScript it is a page of its own.
    b.wait_xpath("//h1[normalize-space()='Legg til eller fjern kunder']")
        .await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.click_text("Neste").await;
    b.wait_xpath("//nav//button[@aria-current='page' and normalize-space()='2']")
        .await;
    b.wait_text("1 kunde valgt").await;
    b.tick("Lyngheia Transport AS").await;
    b.screenshot("nojs-legg-til-kunder").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text("2 kunder er lagt til.").await;
    let text = b.page_text().await;
    assert!(text.contains("Fjordkanten Rørlegger AS") && text.contains("Lyngheia Transport AS"));

    // Removing asks first.
    let remove =
        "//tr[td[normalize-space()='Fjordkanten Rørlegger AS']]//a[normalize-space()='Fjern']";
    b.wait_xpath(remove).await.click().await.unwrap();
    b.wait_xpath("//h1[normalize-space()='Fjerne Fjordkanten Rørlegger AS?']")
        .await;
    b.click_text("Fjern kunden").await;
    b.wait_text("Fjordkanten Rørlegger AS er fjernet fra systemtilgangen.")
        .await;
    b.close().await;
    assert_eq!(app.delegated().await.len(), 4);
}

#[tokio::test]
async fn removing_a_client_in_the_dialog_with_javascript() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    let remove = "//tr[td[normalize-space()='Aurora Optikk AS']]//a[normalize-space()='Fjern']";
    b.wait_xpath(remove).await.click().await.unwrap();
    b.wait_xpath("//dialog[@open]//h2[normalize-space()='Fjerne Aurora Optikk AS?']")
        .await;
    b.screenshot("fjern-dialog").await;
    b.click_text("Fjern kunden").await;
    b.wait_text("Aurora Optikk AS er fjernet fra systemtilgangen.")
        .await;
    b.close().await;
    assert_eq!(app.delegated().await.len(), 2);
}

#[tokio::test]
async fn select_all_in_the_dialog_then_untick_one() {
    let (app, b) = with_the_dialog_open().await;
    b.click_text("Velg alle 33 tilgjengelige").await;
    b.wait_text("Alle 33 tilgjengelige kunder er valgt").await;
    // The button is gone; focus must not fall to the page, but land on the summary.
    b.wait_focus("utvalg").await;
    b.click_text("Neste").await;
    b.wait_xpath("//dialog//button[@aria-current='page' and normalize-space()='2']")
        .await;
    // Another page: focus on the list (its name says which page), its top in view.
    b.wait_focus("kundeliste").await;
    let top = b
        .js(
            "const list = document.getElementById('kundeliste').getBoundingClientRect();
             const dialog = document.querySelector('dialog[open]').getBoundingClientRect();
             return list.top >= dialog.top && list.top < dialog.top + dialog.height / 2;",
        )
        .await;
    assert_eq!(top, true, "the new page's first rows are in view");
    b.tick("Lyngheia Transport AS").await;
    b.wait_text("32 kunder valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text("32 kunder er lagt til.").await;
    b.close().await;
    let lyngheia = app.org("Lyngheia Transport AS").await;
    let delegated = app.delegated().await;
    assert_eq!(delegated.len(), 35);
    assert!(!delegated.contains(&lyngheia.id));
}

#[tokio::test]
async fn pages_fit_a_phone_screen() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.client.set_window_size(390, 844).await.unwrap();
    log_in_as_client_administrator(&app, &b).await;
    b.assert_no_sideways_scroll("Systemtilganger").await;
    b.screenshot("mobil-systemtilganger").await;
    b.click_text(&app.agent.name).await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", app.agent.name))
        .await;
    b.assert_no_sideways_scroll("the system access page").await;
    b.screenshot("mobil-systemtilgang").await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.assert_no_sideways_scroll("the dialog").await;
    b.screenshot("mobil-legg-til-kunder").await;
    b.close().await;
}

/// While *Bekreft og lukk* is being answered (held back here), the button says what it
/// is doing, is marked disabled, ignores another click, and the status region says it;
/// the answer then closes the dialog with one message, and one change was made.
#[tokio::test]
async fn a_slow_confirmation_shows_that_it_works_and_takes_one_click() {
    let (app, b) = with_the_dialog_open().await;
    let before = app.delegated().await.len();
    let events = app.audit_count("client_delegation.added").await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_xpath("//button[@id='bekreft'][@data-busy='Legger til 1 kunde …']")
        .await;
    // From now on every request of the page waits 2 s before it leaves, and is counted.
    b.js("window.sent = 0;
          const send = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.send = function (body) {
            window.sent += 1;
            setTimeout(() => send.call(this, body), 2000);
          };
          return true;")
        .await;
    // A click, what the button says right after it, and a second click.
    let seen = b
        .js("const button = document.getElementById('bekreft');
             button.click();
             const busy = [button.textContent.trim(), button.getAttribute('aria-disabled')];
             button.click();
             return [busy, window.sent];")
        .await;
    assert_eq!(
        seen,
        serde_json::json!([["Legger til 1 kunde …", "true"], 1]),
        "busy at once, and the second click sent nothing"
    );
    b.wait_live("#kunngjoring", "Legger til 1 kunde …").await;
    b.screenshot("legg-til-kunder-arbeider").await;
    b.wait_xpath(
        "//*[contains(@class, 'flash')][normalize-space()='Fjordkanten Rørlegger AS er lagt til.']",
    )
    .await;
    b.wait_dialog_gone().await;
    assert_eq!(app.delegated().await.len(), before + 1);
    assert_eq!(app.audit_count("client_delegation.added").await, events + 1);
    b.close().await;
}

/// Closing the dialog with clients selected asks first ("Forkaste 2 valgte kunder?"):
/// going on keeps the selection, discarding closes without a change. ✕, *Avbryt* and
/// Escape all ask.
#[tokio::test]
async fn closing_with_a_selection_asks_before_it_is_lost() {
    let (app, b) = with_the_dialog_open().await;
    let before = app.delegated().await.len();
    let question =
        "//dialog[@open]//dialog[@open]//h2[normalize-space()='Forkaste 2 valgte kunder?']";
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_live("dialog[open] #utvalg", "1 kunde valgt").await;
    b.tick("Blåbærlia Gård").await;
    b.wait_live("dialog[open] #utvalg", "2 kunder valgt").await;

    b.click_xpath("//dialog[@open]//button[@aria-label='Lukk']")
        .await;
    b.wait_xpath(question).await;
    b.wait_focus_on("dialog[data-discard-question][open] [data-autofocus]")
        .await;
    b.screenshot("legg-til-kunder-forkaste").await;
    b.axe_check("the discard question").await;
    // Escape in the question means "go on choosing".
    b.press(Key::Escape).await;
    b.wait_xpath("//dialog[@data-discard-question][not(@open)]")
        .await;
    assert_eq!(b.text_of("dialog[open] #utvalg").await, "2 kunder valgt");
    // Escape on the dialog asks too; so does Avbryt.
    b.press(Key::Escape).await;
    b.wait_xpath(question).await;
    b.click_text("Fortsett å velge").await;
    b.wait_xpath("//dialog[@data-discard-question][not(@open)]")
        .await;
    b.click_xpath("//dialog[@open]//a[normalize-space()='Avbryt']")
        .await;
    b.wait_xpath(question).await;
    b.click_text("Forkast utvalget").await;
    b.wait_dialog_gone().await;
    assert_eq!(app.delegated().await.len(), before, "nothing was added");

    // With nothing selected the dialog closes at once.
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.escape_dialog().await;
    b.close().await;
}

/// Added clients shown in the dialog can be unticked to be removed: one *Bekreft og lukk*
/// adds the ticked and removes the unticked, with one message. Added rows read like the
/// others (no dimmed, disabled look).
#[tokio::test]
async fn one_confirmation_adds_and_removes() {
    let (app, b) = with_the_dialog_open().await;
    let aurora = app.org("Aurora Optikk AS").await.id;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    b.tick("Skjul kunder som allerede er lagt til").await;
    b.wait_xpath("//dialog[@open]//span[normalize-space()='Allerede lagt til']")
        .await;
    let dimmed = b
        .js(
            "const row = document.getElementById('kunde-' + arguments_0).closest('.client-row');
             return [...row.querySelectorAll('*')]
               .map((e) => getComputedStyle(e).opacity)
               .filter((o) => o !== '1').length;"
                .replace("arguments_0", &format!("'{aurora}'"))
                .as_str(),
        )
        .await;
    assert_eq!(dimmed, 0, "no part of an added row is dimmed");
    b.tick("Aurora Optikk AS").await;
    b.wait_live(
        "dialog[open] #utvalg",
        "Ingen kunder valgt · 1 kunde fjernes",
    )
    .await;
    b.wait_xpath("//dialog[@open]//span[normalize-space()='Fjernes']")
        .await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_live("dialog[open] #utvalg", "1 kunde valgt · 1 kunde fjernes")
        .await;
    b.wait_xpath("//button[@id='bekreft'][@data-busy='Legger til 1 og fjerner 1 …']")
        .await;
    b.screenshot("legg-til-og-fjern").await;
    b.axe_check("the dialog adding and removing").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text(
        "Fjordkanten Rørlegger AS er lagt til. Aurora Optikk AS er fjernet fra systemtilgangen.",
    )
    .await;
    let delegated = app.delegated().await;
    assert!(delegated.contains(&fjordkanten));
    assert!(!delegated.contains(&aurora));
    assert_eq!(delegated.len(), 3);
    assert_eq!(
        app.audit_for("client_delegation.removed", aurora)
            .await
            .len(),
        1
    );
    b.close().await;
}

/// On the system access page several clients go at once: "select every client on the
/// page", *Fjern valgte*, one question that names how many and which system access.
#[tokio::test]
async fn several_clients_are_removed_at_once() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", app.agent.name))
        .await;
    b.click_xpath("//input[@data-check-all][@aria-label='Velg alle kundene på siden']")
        .await;
    let ticked = b
        .js("return [...document.querySelectorAll('input[name=kunde]')].filter((b) => b.checked).length;")
        .await;
    assert_eq!(ticked, 3);
    b.click_text("Fjern valgte").await;
    b.wait_xpath(&format!(
        "//dialog[@open]//h2[normalize-space()='Fjerne 3 kunder fra {}?']",
        app.agent.name
    ))
    .await;
    b.wait_xpath("//dialog[@open]//li[contains(., 'Aurora Optikk AS')]")
        .await;
    b.axe_check("the question before removing several").await;
    b.screenshot("fjern-flere").await;
    b.click_text("Fjern 3 kunder").await;
    b.wait_text("3 kunder er fjernet.").await;
    assert!(app.delegated().await.is_empty());
    b.close().await;
}

/// Without JavaScript *Fjern alle* asks on a page of its own, and removes every client.
#[tokio::test]
async fn every_client_is_removed_without_javascript() {
    let app = TestApp::spawn().await;
    let b = Browser::start(false).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    b.click_text("Fjern alle 3 kunder").await;
    b.wait_xpath(&format!(
        "//h1[normalize-space()='Fjerne 3 kunder fra {}?']",
        app.agent.name
    ))
    .await;
    b.click_text("Fjern 3 kunder").await;
    b.wait_text("3 kunder er fjernet.").await;
    b.wait_text("Ingen kunder er lagt til ennå.").await;
    assert!(app.delegated().await.is_empty());
    b.close().await;
}

/// A search shows what it finds for what it is: a client already added as added, one
/// that cannot be added with why (and a link to it), and "Velg de N treffene" selects
/// the hits only. At 1280 and at 390 px, axe clean.
#[tokio::test]
async fn a_search_tells_the_truth_and_selects_its_hits() {
    let (app, b) = with_the_dialog_open().await;
    let stuck = app.unavailable_client().await;
    b.fill("Søk etter kunde", "Aurora").await;
    b.wait_xpath("//dialog[@open]//label[normalize-space()='Aurora Optikk AS']")
        .await;
    b.wait_xpath("//dialog[@open]//span[normalize-space()='Allerede lagt til']")
        .await;
    b.fill("Søk etter kunde", &stuck.name).await;
    b.wait_xpath(&format!(
        "//dialog[@open]//details[@open]//a[@href='/klienter/{}']",
        stuck.org_number
    ))
    .await;
    b.wait_text("1 kunde som passer, kan ikke legges til").await;
    b.axe_check("a search that finds a client that cannot be added")
        .await;
    b.screenshot("legg-til-kunder-sok-utilgjengelig").await;
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.click_text("Velg treffet").await;
    b.wait_live("dialog[open] #utvalg", "1 kunde valgt").await;
    b.axe_check("the hits selected").await;
    b.screenshot("legg-til-kunder-treff-valgt").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.assert_no_sideways_scroll("the dialog on a phone").await;
    b.screenshot("mobil-legg-til-kunder-treff-valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text("Fjordkanten Rørlegger AS er lagt til.").await;
    assert_eq!(app.delegated().await.len(), 4);
    b.close().await;
}

/// *Vis valgte* names the selection and stays open while the user goes on ticking.
#[tokio::test]
async fn show_selected_stays_open_while_ticking() {
    let (_app, b) = with_the_dialog_open().await;
    b.tick("Fjordkanten Rørlegger AS").await;
    b.click_xpath("//dialog[@open]//summary[normalize-space()='Vis valgte (1)']")
        .await;
    b.wait_xpath(
        "//details[@id='valgte'][@open]//li[normalize-space()='Fjordkanten Rørlegger AS']",
    )
    .await;
    b.tick("Blåbærlia Gård").await;
    b.wait_xpath("//details[@id='valgte'][@open]//summary[normalize-space()='Vis valgte (2)']")
        .await;
    b.wait_xpath("//details[@id='valgte'][@open]//li[normalize-space()='Blåbærlia Gård']")
        .await;
    b.axe_check("the dialog showing the selection").await;
    b.screenshot("legg-til-kunder-vis-valgte").await;
    b.close().await;
}

/// Without JavaScript the page tells the same truth: a search for a client that cannot
/// be added says so and links to it, *Velg treffet* selects the hit, *Tøm søket* empties
/// the search, and *Bekreft og lukk* adds exactly the hit.
#[tokio::test]
async fn a_search_and_its_hits_without_javascript() {
    let app = TestApp::spawn().await;
    let stuck = app.unavailable_client().await;
    let b = Browser::start(false).await;
    log_in_as_client_administrator(&app, &b).await;
    b.click_text(&app.agent.name).await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//h1[normalize-space()='Legg til eller fjern kunder']")
        .await;
    b.fill("Søk etter kunde", &stuck.name).await;
    b.click_xpath("//button[@id='sok-knapp']").await;
    b.wait_text("1 kunde som passer, kan ikke legges til").await;
    b.wait_xpath(&format!(
        "//details[@open]//a[@href='/klienter/{}']",
        stuck.org_number
    ))
    .await;
    b.click_text("Tøm søket").await;
    b.wait_xpath("//input[@id='kundesok'][@value='']").await;
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.click_xpath("//button[@id='sok-knapp']").await;
    b.click_text("Velg treffet").await;
    b.wait_text("1 kunde valgt").await;
    b.click_text("Bekreft og lukk").await;
    b.wait_text("Fjordkanten Rørlegger AS er lagt til.").await;
    assert_eq!(app.delegated().await.len(), 4);
    b.close().await;
}

#[tokio::test]
async fn confirming_nothing_shows_the_error_in_the_dialog_and_moves_focus_to_it() {
    let (_app, b) = with_the_dialog_open().await;
    b.click_text("Bekreft og lukk").await;
    b.wait_xpath("//dialog[@open]//*[@id='kundevalg-feil']//h2[normalize-space()='Du har ikke valgt noen kunder.']")
        .await;
    b.wait_focus("kundevalg-feil").await;
    b.screenshot("legg-til-kunder-feil").await;
    b.close().await;
}

#[tokio::test]
async fn a_tilgangsstyrer_sees_the_clients_read_only_in_the_browser() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/logg-inn")).await;
    b.fill("Fødselsnummer", TILG).await;
    b.click_text("Logg inn").await;
    // One organization: straight in.
    b.click_text(&app.agent.name).await;
    b.wait_text("Kun klientadministratorer kan administrere klienter.")
        .await;
    let text = b.page_text().await;
    assert!(text.contains("Aurora Optikk AS"), "the clients are visible");
    assert!(!text.contains("Legg til kunder"), "no button to add");
    assert!(!text.contains("Fjern"), "no button to remove");
    b.screenshot("tilgangsstyrer-lesetilgang").await;
    b.close().await;
}
