//! System users in a real headless Chromium: a vendor's request approved from the link
//! the vendor hands out (login first, then straight to the request and back to the
//! vendor), another rejected, one passed on by a client administrator and approved from
//! *Systemtilganger* (staying in the portal, with a receipt), a standard system user
//! created from the register, and an agent deleted in the dialog that names what goes
//! with it.

use crate::common::browser::Browser;
use crate::common::*;
use klientdelegering::store::seed;

/// The demo vendor asks the firm for an agent system user; returns the confirm URL.
async fn vendor_asks(app: &TestApp, reference: &str, redirect: Option<&str>) -> String {
    let created = app.vendor_asks(reference, redirect).await;
    created["confirmUrl"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_vendor_request_is_approved_from_its_link_and_the_person_is_sent_back() {
    let app = TestApp::spawn().await;
    let back = format!("{}ferdig", seed::VENDOR_REDIRECT_URL);
    let confirm = vendor_asks(&app, "nettleser", Some(&back)).await;

    let b = Browser::start(true).await;
    b.goto(&confirm).await;
    b.wait_text("Testinnlogging").await;
    b.fill("Fødselsnummer", DAGL).await;
    b.click_text("Logg inn").await;
    // Straight to the request: she represents one organization, its customer.
    b.wait_xpath("//h2[normalize-space()='Dette får systemet lov til']")
        .await;
    let text = b.page_text().await;
    assert!(text.contains("Smart Regnskap AS ber om"), "{text}");
    assert!(text.contains("Regnskapsfører lønn"));
    assert!(text.contains("smartregnskap.example"));
    b.assert_no_csp_violation().await;
    b.screenshot("foresporsel").await;

    b.click_button("Godkjenn").await;
    // The browser leaves for the vendor's address (which does not resolve here).
    let mut left = String::new();
    for _ in 0..50 {
        left = b.client.current_url().await.unwrap().to_string();
        if left.starts_with("https://smartregnskap.example/") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(left, back, "sent back to the vendor");

    // The new system user is on the overview, ready for Legg til kunder.
    b.goto(&app.url("/systemtilganger")).await;
    b.click_text("Smart Regnskap Klient").await;
    b.wait_xpath("//h1[normalize-space()='Smart Regnskap Klient']")
        .await;
    b.wait_xpath("//a[normalize-space()='Legg til kunder']")
        .await;
    b.close().await;
    assert_eq!(app.audit_count("system_user_request.accepted").await, 1);
}

#[tokio::test]
async fn a_request_is_rejected_and_a_standard_system_user_created() {
    let app = TestApp::spawn().await;
    vendor_asks(&app, "avvises", None).await;
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, TILG, seed::FIRM_NAME).await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.screenshot("systemtilganger-foresporsler").await;
    // Two requests wait: the demo one from the audit system and this one.
    b.click_text("Smart Regnskap Klient").await;
    b.wait_xpath("//h1[normalize-space()='Forespørsel om systemtilgang']")
        .await;
    b.click_button("Avvis").await;
    b.wait_text("Forespørselen fra Smart Regnskap AS er avvist.")
        .await;
    assert_eq!(app.audit_count("system_user_request.rejected").await, 1);

    // A standard system user for the firm's own payroll.
    b.click_text("Opprett systemtilgang").await;
    b.wait_xpath("//h1[normalize-space()='Opprett systemtilgang']")
        .await;
    b.fill("Søk etter system", "lønn").await;
    b.click_button("Søk").await;
    // The search has answered (the field's value comes back from the server) before a
    // link of the list is clicked: the unfiltered list has the same link.
    b.wait_xpath("//input[@id='systemsok' and @value='lønn']")
        .await;
    b.click_text("Smart Lønn").await;
    b.wait_xpath("//h1[normalize-space()='Opprett systemtilgang for Smart Lønn']")
        .await;
    b.fill("Navn på systemtilgangen", "").await;
    b.click_button("Opprett systemtilgang").await;
    b.wait_text("Skriv et navn på systemtilgangen.").await;
    b.screenshot("systemtilgang-ny-feil").await;
    b.fill("Navn på systemtilgangen", "Lønn hver måned").await;
    // The button says what it does from the submit on, and a second click does not post
    // the form again (a plain form post: a second one would reach the server).
    let before = app.store.system_users(app.firm.id).await.unwrap().len();
    let seen = b
        .js("const button = [...document.querySelectorAll('button')]
               .find((b) => b.textContent.trim() === 'Opprett systemtilgang');
             let posts = 0;
             button.form.addEventListener('submit', () => { posts += 1; });
             button.click();
             const busy = [button.textContent.trim(), button.getAttribute('aria-disabled')];
             button.click();
             return [busy, posts];")
        .await;
    assert_eq!(
        seen,
        serde_json::json!([["Oppretter systemtilgangen …", "true"], 1])
    );
    b.wait_text("Systemtilgangen «Lønn hver måned» er opprettet.")
        .await;
    let after = app.store.system_users(app.firm.id).await.unwrap();
    assert_eq!(after.len(), before + 1, "one click, one system access");
    b.wait_xpath("//h1[normalize-space()='Lønn hver måned']")
        .await;
    b.assert_no_csp_violation().await;
    b.close().await;
}

#[tokio::test]
async fn an_agent_is_deleted_in_the_dialog_that_names_its_clients() {
    let app = TestApp::spawn().await;
    let clients = app.delegated().await.len();
    let b = Browser::start(true).await;
    b.log_in_as(&app.base, DAGL, seed::FIRM_NAME).await;
    b.goto(&app.url(&format!("/systemtilganger/{}", app.agent.id)))
        .await;
    b.click_text("Slett systemtilgang").await;
    b.wait_xpath(&format!(
        "//dialog[@open]//h2[normalize-space()='Slette {}?']",
        seed::AGENT_SYSTEM_USER_NAME
    ))
    .await;
    b.wait_xpath(&format!(
        "//dialog[@open]//p[contains(., '{clients} kunder blir fjernet')]"
    ))
    .await;
    b.screenshot("systemtilgang-slett").await;
    b.click_button("Slett systemtilgangen").await;
    b.wait_text(&format!(
        "Systemtilgangen «{}» er slettet, og {clients} kunder er fjernet fra den.",
        seed::AGENT_SYSTEM_USER_NAME
    ))
    .await;
    b.close().await;
    assert!(app.delegated().await.is_empty());
}

async fn passed_on_and_approved_inside_the_portal(javascript: bool) {
    let app = TestApp::spawn().await;
    let back = format!("{}ferdig", seed::VENDOR_REDIRECT_URL);
    vendor_asks(&app, "videre", Some(&back)).await;
    let b = Browser::start(javascript).await;

    // The client administrator may not answer, and passes it on.
    b.log_in_as(&app.base, KADM, seed::FIRM_NAME).await;
    b.wait_xpath("//h1[normalize-space()='Systemtilganger']")
        .await;
    b.click_text("Smart Regnskap Klient").await;
    b.wait_xpath("//h1[normalize-space()='Forespørsel om systemtilgang']")
        .await;
    b.wait_text("Bare daglig leder, hovedadministrator eller en tilgangsstyrer kan godkjenne eller avvise forespørselen.").await;
    if javascript {
        b.axe_check("a request for one who may not answer").await;
    }
    b.click_button("Send til tilgangsstyrer").await;
    b.wait_text("Forespørselen om Smart Regnskap Klient er sendt til tilgangsstyrer.")
        .await;
    b.screenshot(&format!("foresporsel-sendt-videre-{javascript}"))
        .await;

    // The access manager sees it first, marked, and approves it from the overview.
    b.log_in_as(&app.base, TILG, seed::FIRM_NAME).await;
    b.wait_xpath("//h2[normalize-space()='Forespørsler som venter på svar']")
        .await;
    let first = b
        .js("return document.querySelector('main .card-list h3').textContent.trim();")
        .await;
    assert_eq!(
        first, "Smart Regnskap Klient",
        "the one passed on comes first"
    );
    b.wait_text("Sendt til tilgangsstyrer").await;
    b.click_text("Smart Regnskap Klient").await;
    b.wait_xpath("//h1[normalize-space()='Forespørsel om systemtilgang']")
        .await;
    let text = b.page_text().await;
    assert!(!text.contains("blir du sendt tilbake"), "{text}");
    b.click_button("Godkjenn").await;

    // Still in the portal: the new system access with the receipt and the way back.
    b.wait_xpath("//h1[normalize-space()='Smart Regnskap Klient']")
        .await;
    b.wait_text("Forespørselen er godkjent").await;
    b.wait_text("Neste steg: en klientadministrator legger til kundene systemet skal handle for.")
        .await;
    b.wait_xpath(&format!(
        "//a[normalize-space()='Tilbake til Smart Regnskap AS'][@href='{back}']"
    ))
    .await;
    assert!(
        b.client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(&app.base)
    );
    if javascript {
        b.axe_check("the receipt after approval").await;
    }
    b.screenshot(&format!("kvittering-{javascript}")).await;
    b.close().await;
}

#[tokio::test]
async fn a_request_passed_on_is_approved_inside_the_portal_with_javascript() {
    passed_on_and_approved_inside_the_portal(true).await;
}

#[tokio::test]
async fn a_request_passed_on_is_approved_inside_the_portal_without_javascript() {
    passed_on_and_approved_inside_the_portal(false).await;
}
