//! The portal with the keyboard alone, in a real headless Chromium: the seed's flow from
//! the login page to *Bekreft og lukk* with Tab, Shift+Tab, Enter, Space and Escape; every
//! dialog takes focus, keeps it, closes on Escape and gives focus back; and what an action
//! did is put into a live region.

use crate::common::browser::Browser;
use crate::common::*;
use fantoccini::key::Key;
use klientdelegering::store::seed;
use serde_json::json;

/// What can take focus with Tab inside the open dialog, in order.
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The label of the focused checkbox.
async fn focused_label(b: &Browser) -> String {
    b.js("const a = document.activeElement;
          return document.querySelector('label[for=\"' + a.id + '\"]').textContent.trim();")
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_seed_flow_with_the_keyboard_only() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/logg-inn")).await;
    b.wait_text("Testinnlogging").await;
    b.press(Key::Tab).await;
    assert!(
        b.focus_matches("a.ds-skip-link").await,
        "the first Tab reaches the skip link, not {}",
        b.focused().await
    );
    b.tab_to("#fodselsnummer", 10).await;
    b.type_keys(KADM).await;
    b.press(Key::Enter).await;
    // Straight in (one organization); Bytt aktør offers the choice by keyboard too.
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.tab_to("a[href='/velg-aktor']", 20).await;
    b.press(Key::Enter).await;
    b.wait_text("Hvem vil du representere?").await;
    b.tab_to("button.party", 20).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.tab_to("a[href='/systemtilganger']", 20).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.tab_to(&format!("a[href='/systemtilganger/{}']", app.agent.id), 30)
        .await;
    b.press(Key::Enter).await;
    b.wait_xpath(&format!("//h1[normalize-space()='{}']", app.agent.name))
        .await;

    // Open the dialog, close it with Escape: focus comes back to the button.
    b.tab_to("#legg-til-kunder", 30).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@open]").await;
    b.wait_focus_on("dialog[open] *").await;
    b.wait_animations().await;
    b.press(Key::Escape).await;
    b.wait_dialog_gone().await;
    b.wait_focus_on("#legg-til-kunder").await;

    // Again, and choose one client, then two more, with Space.
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@open]").await;
    b.wait_focus_on("dialog[open] *").await;
    let mut chosen = Vec::new();
    for n in 1..=3 {
        b.tab_to("dialog[open] input[name=valgt]:not(:checked)", 40)
            .await;
        chosen.push(focused_label(&b).await);
        b.press(Key::Space).await;
        b.wait_text(&if n == 1 {
            "1 kunde valgt".to_owned()
        } else {
            format!("{n} kunder valgt")
        })
        .await;
        // The list was redrawn; focus stays on the box just ticked.
        b.wait_focus_on("dialog[open] input[name=valgt]:checked")
            .await;
    }
    b.tab_to("dialog[open] button[value=bekreft]", 60).await;
    b.press(Key::Enter).await;
    b.wait_text("3 kunder er lagt til.").await;
    let text = b.page_text().await;
    for name in &chosen {
        assert!(text.contains(name.as_str()), "{name} is listed: {text}");
    }
    assert!(text.contains("Kunder (6)"), "{text}");
    b.assert_no_csp_violation().await;
    b.close().await;

    let delegated = app.delegated().await;
    assert_eq!(delegated.len(), 6);
    for name in &chosen {
        assert!(delegated.contains(&app.org(name).await.id), "{name} added");
    }
}

/// Opens the dialog from the control `opener` with Enter and checks what a keyboard needs:
/// focus moves in, Tab and Shift+Tab go round inside, Escape closes, focus comes back.
async fn check_dialog(b: &Browser, opener: &str, what: &str) {
    b.client
        .execute(
            "document.querySelector(arguments[0]).focus();",
            vec![json!(opener)],
        )
        .await
        .unwrap();
    assert!(
        b.focus_matches(opener).await,
        "{what}: {opener} takes focus"
    );
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@open]").await;
    b.wait_focus_on("dialog[open] *").await;
    b.wait_animations().await;
    let count = b
        .client
        .execute(
            // What Tab reaches: shown, and not inside a closed <details> (Chromium gives
            // its hidden content boxes, but no focus).
            "return Array.from(document.querySelector('dialog[open]').querySelectorAll(arguments[0]))
               .filter((e) => e.getClientRects().length > 0 &&
                 !e.closest('details:not([open]) > :not(summary)')).length;",
            vec![json!(TABBABLE)],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(count >= 2, "{what}: {count} controls");
    b.js("document.activeElement.setAttribute('data-start', ''); return true;")
        .await;
    for (backwards, way) in [(false, "Tab"), (true, "Shift+Tab")] {
        for i in 1..=count {
            if backwards {
                b.shift_tab().await;
            } else {
                b.press(Key::Tab).await;
            }
            assert!(
                b.focus_matches("dialog[open] *").await,
                "{what}: {way} number {i} left the dialog for {}",
                b.focused().await
            );
        }
        assert!(
            b.focus_matches("[data-start]").await,
            "{what}: {count} presses of {way} go round to where they began, not to {}",
            b.focused().await
        );
    }
    b.press(Key::Escape).await;
    b.wait_dialog_gone().await;
    b.wait_focus_on(opener).await;
}

#[tokio::test]
async fn every_dialog_takes_keeps_and_gives_back_focus() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.wait_xpath("//h1").await;
    check_dialog(&b, "#legg-til-kunder", "Legg til kunder").await;
    check_dialog(&b, "a[aria-label='Fjern Aurora Optikk AS']", "Fjern kunde").await;
    check_dialog(&b, "#slett-systemtilgang", "Slett systemtilgang").await;
    b.goto(&app.url("/roller")).await;
    b.wait_xpath("//h1").await;
    check_dialog(
        &b,
        "a[aria-label^='Fjern rollen Klientadministrator']",
        "Fjern rolle",
    )
    .await;

    b.log_in_as(&app.base, NO_RELATIONSHIP, seed::NO_RELATIONSHIP_CLIENT)
        .await;
    b.goto(&app.url(&format!("/fullmakter/ny/{}", seed::FIRM_ORG_NUMBER)))
        .await;
    b.tick("Regnskapsfører lønn").await;
    b.click_button("Gi fullmakt").await;
    b.wait_text("har fått fullmakt").await;
    check_dialog(
        &b,
        &format!(
            "a[href='/fullmakter/{}/trekk-tilbake']",
            seed::FIRM_ORG_NUMBER
        ),
        "Trekk tilbake fullmakten",
    )
    .await;
    b.close().await;
}

/// The text of the element `css`, trimmed.
#[tokio::test]
async fn results_are_announced_in_live_regions() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    let status = "dialog[open] #listestatus[role=status]";
    assert_eq!(b.text_of(status).await, "", "nothing to say yet");

    // A search says what it found, nothing found included.
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.wait_live(status, "1 kunde passer med «Fjordkanten».")
        .await;
    b.fill("Søk etter kunde", "finnes ikke").await;
    b.wait_live(
        status,
        "Ingen tilgjengelige kunder passer med «finnes ikke».",
    )
    .await;
    b.fill("Søk etter kunde", "Fjordkanten").await;
    b.wait_live(status, "1 kunde passer med «Fjordkanten».")
        .await;

    // Ticking a box changes the selection's live summary.
    let summary = "dialog[open] #utvalg[aria-live=polite]";
    assert_eq!(b.text_of(summary).await, "Ingen kunder valgt");
    b.tick("Fjordkanten Rørlegger AS").await;
    b.wait_live(summary, "1 kunde valgt").await;

    // After Bekreft og lukk the message is on the page from the start (never shown
    // empty), and the page's status region reads it out once the page has loaded.
    b.click_text("Bekreft og lukk").await;
    let flash = b.wait_xpath("//*[contains(@class, 'flash')]").await;
    assert_eq!(
        flash.text().await.unwrap().trim(),
        "Fjordkanten Rørlegger AS er lagt til."
    );
    b.wait_live(
        "#kunngjoring[role=status]",
        "Fjordkanten Rørlegger AS er lagt til.",
    )
    .await;
    assert_eq!(
        b.text_of(".flash[role=status][data-announced]").await,
        "Fjordkanten Rørlegger AS er lagt til."
    );

    // A failed htmx request (here: a CSRF token that no longer holds) says so in #varsel.
    b.click_text("Legg til kunder").await;
    b.wait_xpath("//dialog[@open]").await;
    b.js(
        "document.querySelector('meta[name=csrf-token]').content = 'utgatt';
          document.querySelectorAll('input[name=_csrf]').forEach((i) => { i.value = 'utgatt'; });
          return true;",
    )
    .await;
    b.tick("Bjørkelunden Hudpleie AS").await;
    let mut alert = String::new();
    for _ in 0..50 {
        alert = b.text_of("#varsel[role=alert]:not([hidden])").await;
        if !alert.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!alert.is_empty(), "the error is announced");

    // Historikk's filter (htmx swaps the results) says how many events it found.
    b.goto(&app.url("/historikk")).await;
    b.wait_xpath("//h1[normalize-space()='Historikk']").await;
    b.fill("Kunde", "Fjordkanten").await;
    b.click_text("Vis hendelser").await;
    b.wait_live(
        "#kunngjoring[role=status]",
        "1 hendelse passer med filteret",
    )
    .await;
    b.close().await;
}

/// The dialog's newer controls with the keyboard alone: a search, *Velg de N treffene*,
/// *Vis valgte*, a search that finds nothing and *Tøm søket*, the discard question on
/// Escape, *Bekreft og lukk*; then on
/// the system access page a search and *Fjern de N treffene* with its question.
#[tokio::test]
async fn select_the_hits_review_and_remove_them_with_the_keyboard_only() {
    let app = TestApp::spawn().await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.wait_xpath("//h1").await;
    b.tab_to("#legg-til-kunder", 30).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@open]").await;
    b.wait_focus_on("dialog[open] *").await;
    b.wait_animations().await;

    b.tab_to("dialog[open] #kundesok", 20).await;
    b.type_keys("fisk").await;
    b.wait_xpath(
        "//dialog[@open]//button[@id='velg-treff'][normalize-space()='Velg de 2 treffene']",
    )
    .await;
    b.tab_to("dialog[open] #velg-treff", 20).await;
    b.press(Key::Enter).await;
    b.wait_live("dialog[open] #utvalg", "2 kunder valgt").await;

    b.tab_to("dialog[open] #valgte > summary", 40).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//details[@id='valgte'][@open]//li[normalize-space()='Havbris Fiskemottak AS']")
        .await;

    // A search that finds nothing offers *Tøm søket* (focusing the field selects its
    // text, so what is typed replaces it, or adds to it: either finds nothing).
    b.tab_to("dialog[open] #kundesok", 40).await;
    b.type_keys("zzz").await;
    b.wait_xpath("//dialog[@open]//button[@value='tom_sok']")
        .await;
    b.tab_to("dialog[open] button[value=tom_sok]", 40).await;
    b.press(Key::Enter).await;
    // htmx swaps the panel: wait for the field to be empty and the full list back.
    const FIELD: &str = "return document.querySelector('dialog[open] #kundesok').value;";
    for _ in 0..50 {
        if b.js(FIELD).await == "" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(b.js(FIELD).await, "", "Tøm søket empties the field");
    b.wait_xpath("//dialog[@open]//label[normalize-space()='Fjordkanten Rørlegger AS']")
        .await;
    assert_eq!(b.text_of("dialog[open] #utvalg").await, "2 kunder valgt");

    // Escape asks before the selection is lost; Enter on the question goes on choosing.
    b.press(Key::Escape).await;
    b.wait_xpath(
        "//dialog[@open]//dialog[@open]//h2[normalize-space()='Forkaste 2 valgte kunder?']",
    )
    .await;
    b.wait_focus_on("dialog[data-discard-question][open] [data-autofocus]")
        .await;
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@data-discard-question][not(@open)]")
        .await;
    b.tab_to("dialog[open] button[value=bekreft]", 80).await;
    b.press(Key::Enter).await;
    b.wait_text("2 kunder er lagt til.").await;
    assert_eq!(app.delegated().await.len(), 5);

    // On the system access page: search, then remove the hits after one question.
    b.tab_to("#kundesok-liste", 60).await;
    b.type_keys("fisk").await;
    b.press(Key::Enter).await;
    b.wait_xpath("//button[normalize-space()='Fjern de 2 treffene']")
        .await;
    b.tab_to("button[value=treff]", 60).await;
    b.press(Key::Enter).await;
    b.wait_xpath("//dialog[@open]//h2[starts-with(normalize-space(), 'Fjerne 2 kunder fra')]")
        .await;
    b.wait_focus_on("dialog[open] [data-autofocus]").await;
    b.tab_to("dialog[open] button[type=submit]", 10).await;
    b.press(Key::Enter).await;
    b.wait_text("2 kunder er fjernet.").await;
    assert_eq!(app.delegated().await.len(), 3);
    b.close().await;
}
