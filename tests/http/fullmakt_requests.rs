//! *Forespørsel om fullmakt*: the firm asks an organization for a fullmakt with the
//! packages a system access needs; the organization accepts in one step (the fullmakt,
//! exactly those packages and, when asked, the client on the system access, in one
//! transaction) or declines; withdrawn and expired requests cannot be answered; one open
//! request per firm and client; bad input is told at its field and stores nothing.

use crate::common::*;
use klientdelegering::domain::AccessPackage;
use klientdelegering::store::seed;
use uuid::Uuid;

const SIGNING: &str = "regnskapsforer-med-signeringsrettighet";
const PAYROLL: &str = "regnskapsforer-lonn";
const NEW: &str = "/klienter/foresporsler/ny";

/// The firm's request form, sent: (status, where a 303 points, else the page).
async fn ask(
    c: &Portal,
    orgnr: &str,
    agent: Option<Uuid>,
    packages: &[&str],
    message: &str,
) -> (u16, String) {
    let agent = agent.map(|a| a.to_string()).unwrap_or_default();
    let mut form = vec![
        ("orgnr", orgnr),
        ("systemtilgang", agent.as_str()),
        ("legg_til", "1"),
        ("melding", message),
        ("handling", "send"),
    ];
    form.extend(packages.iter().map(|p| ("pakke", *p)));
    c.submit(NEW, &form).await.unwrap()
}

/// The request id at the end of the address a 303 points to.
fn id_in(to: &str) -> Uuid {
    Uuid::parse_str(to.rsplit('/').next().unwrap()).unwrap()
}

async fn requests(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM fullmakt_requests")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

async fn status_of(app: &TestApp, id: Uuid) -> String {
    sqlx::query_scalar("SELECT status FROM fullmakt_requests WHERE id = $1")
        .bind(id)
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

/// The packages the firm holds from `client` under a fullmakt.
async fn given(app: &TestApp, client: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT fp.package_urn FROM fullmakter f JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
          WHERE f.client_id = $1 AND f.firm_id = $2 ORDER BY 1",
    )
    .bind(client)
    .bind(app.firm.id)
    .fetch_all(app.store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn the_firm_asks_the_client_accepts_and_is_on_the_system_access() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;

    // From a link with the system access, its two packages are ticked.
    let form = kadm
        .page(&format!(
            "{NEW}?orgnr={}&systemtilgang={}",
            bakeri.org_number, app.agent.id
        ))
        .await;
    for slug in [SIGNING, PAYROLL] {
        assert!(
            form.contains(&format!(r#"value="{slug}" id="pakke-{slug}""#))
                && form.contains(&format!(
                    r#"id="pakke-{slug}"
               aria-describedby="pakke-{slug}-om" checked"#
                )),
            "{slug} is ticked: {form}"
        );
    }
    assert!(form.contains(r#"id="legg_til" name="legg_til" value="1" checked"#));

    let created = app.audit_count("fullmakt_request.created").await;
    let (status, to) = ask(
        &kadm,
        &bakeri.org_number,
        Some(app.agent.id),
        &[SIGNING, PAYROLL],
        "Hei! Vi trenger disse for å føre regnskapet.",
    )
    .await;
    assert_eq!(status, 303, "{to}");
    let id = id_in(&to);
    let page = kadm.page(&to).await;
    assert!(
        page.contains("Forespørselen til Fjellbekk Bakeri AS er sendt."),
        "{page}"
    );
    assert!(page.contains("Venter på svar"), "{page}");
    assert!(
        page.contains(&format!("{}/fullmakter/foresporsler/{id}", app.base)),
        "the link to send: {page}"
    );
    assert_eq!(
        app.audit_count("fullmakt_request.created").await,
        created + 1
    );
    // One open request per firm and client.
    let (status, page) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Fjellbekk Bakeri AS har allerede en åpen forespørsel fra dere"),
        "{page}"
    );
    assert_eq!(status_of(&app, id).await, "pending");

    // The client's general manager sees it on Fullmakter and at the link, and accepts.
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let list = per.page("/fullmakter").await;
    assert!(
        list.contains("Varm Økonomisk Ape ber om: Regnskapsfører med signeringsrettighet og Regnskapsfører lønn"),
        "{list}"
    );
    let answer = per.page(&format!("/fullmakter/foresporsler/{id}")).await;
    assert!(answer.contains("Hei! Vi trenger disse for å føre regnskapet."));
    assert!(
        answer.contains("Smart Regnskap – klientportefølje"),
        "{answer}"
    );
    let (status, to) = per
        .submit(&format!("/fullmakter/foresporsler/{id}/godta"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303, "{to}");
    let page = per.page(&to).await;
    assert!(
        page.contains("Varm Økonomisk Ape har fått fullmakt med Regnskapsfører med signeringsrettighet og Regnskapsfører lønn.")
            && page.contains("Dere er lagt til i systemtilgangen Smart Regnskap – klientportefølje."),
        "{page}"
    );
    assert_eq!(
        given(&app, bakeri.id).await,
        vec![
            AccessPackage::RegnskapsforerLonn.urn().to_owned(),
            AccessPackage::RegnskapsforerMedSignering.urn().to_owned()
        ]
    );
    assert!(app.delegated().await.contains(&bakeri.id), "on the agent");
    assert_eq!(status_of(&app, id).await, "accepted");

    // A second answer changes nothing and says where the request stands.
    let (status, to) = per
        .submit(&format!("/fullmakter/foresporsler/{id}/avsla"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(
        per.page(&to)
            .await
            .contains("kan ikke endres lenger: Godtatt")
    );
    assert_eq!(status_of(&app, id).await, "accepted");
    assert!(
        kadm.page(&format!("/klienter/foresporsler/{id}"))
            .await
            .contains("Godtatt")
    );
    // Both sides read it in their history.
    assert!(
        kadm.page("/historikk")
            .await
            .contains("Ba Fjellbekk Bakeri AS om fullmakt"),
        "the firm's history"
    );
    assert!(
        per.page("/historikk")
            .await
            .contains("Godtok forespørselen fra Varm Økonomisk Ape om fullmakt"),
        "the client's history"
    );
}

#[tokio::test]
async fn bad_input_is_told_at_its_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let before = requests(&app).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await.org_number;
    let cases: [(&str, &[&str], String, &str, &str); 6] = [
        (
            "12",
            &[SIGNING],
            String::new(),
            "orgnr-feil",
            "Må ha 9 sifre",
        ),
        (
            seed::FIRM_ORG_NUMBER,
            &[SIGNING],
            String::new(),
            "orgnr-feil",
            "deres egen virksomhet",
        ),
        (&bakeri, &[], String::new(), "pakker-feil", "Velg minst én"),
        (
            &bakeri,
            &["skattegrunnlag"],
            String::new(),
            "pakker-feil",
            "kan ikke",
        ),
        (
            &bakeri,
            &[SIGNING],
            "x".repeat(501),
            "melding-feil",
            "høyst 500 tegn",
        ),
        (
            seed::VENDOR_NAME,
            &[SIGNING],
            String::new(),
            "orgnr-feil",
            "",
        ),
    ];
    for (orgnr, packages, message, field, says) in cases {
        let (status, page) = ask(&kadm, orgnr, None, packages, &message).await;
        assert_eq!(status, 422, "{orgnr} {packages:?}: {page}");
        assert!(
            page.contains(&format!(r#"id="{field}""#)),
            "{field}: {page}"
        );
        assert!(page.contains(says), "{says}: {page}");
        // What was typed is kept.
        assert!(
            page.contains(&format!(r#"name="orgnr" value="{orgnr}""#)),
            "{page}"
        );
    }
    // A system access that is not the firm's client system access.
    let standard: Uuid = sqlx::query_scalar(
        "SELECT id FROM system_users WHERE owner_id = $1 AND kind = 'standard' LIMIT 1",
    )
    .bind(app.firm.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    let (status, page) = ask(&kadm, &bakeri, Some(standard), &[SIGNING], "").await;
    assert_eq!(status, 422);
    assert!(page.contains("systemtilgang-feil"), "{page}");
    // Packages the client has given already.
    let both = app.org("Bjørkelunden Hudpleie AS").await.org_number;
    let (status, page) = ask(&kadm, &both, None, &[SIGNING, PAYROLL], "").await;
    assert_eq!(status, 422);
    assert!(page.contains("har allerede gitt dere alle disse"), "{page}");
    assert_eq!(requests(&app).await, before, "nothing stored");
    // A Tilgangsstyrer does not ask (the firm's client administrators do).
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (status, _) = ask(&tilg, &bakeri, None, &[SIGNING], "").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn declined_withdrawn_and_expired_requests_cannot_be_answered() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let answer = |id: Uuid, what: &str| format!("/fullmakter/foresporsler/{id}/{what}");

    // Declined: nothing given; a new request may follow.
    let (_, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    let id = id_in(&to);
    let (status, to) = per.submit(&answer(id, "avsla"), &[]).await.unwrap();
    assert_eq!(status, 303);
    assert!(
        per.page(&to)
            .await
            .contains("Forespørselen fra Varm Økonomisk Ape er avslått.")
    );
    assert_eq!(status_of(&app, id).await, "declined");
    assert!(given(&app, bakeri.id).await.is_empty());

    // Withdrawn by the firm: the client's answer finds it closed.
    let (status, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    assert_eq!(status, 303, "{to}");
    let id = id_in(&to);
    let (status, html) = kadm
        .visit(&format!("/klienter/foresporsler/{id}/trekk-tilbake"))
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(html.contains("Trekke tilbake forespørselen til Fjellbekk Bakeri AS?"));
    let (status, to) = kadm
        .submit(&format!("/klienter/foresporsler/{id}/trekk-tilbake"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303);
    assert!(kadm.page(&to).await.contains("er trukket tilbake"));
    let (status, to) = per.submit(&answer(id, "godta"), &[]).await.unwrap();
    assert_eq!(status, 303);
    assert!(
        per.page(&to)
            .await
            .contains("kan ikke endres lenger: Trukket tilbake")
    );
    assert!(given(&app, bakeri.id).await.is_empty());

    // Past its expiry: written down as expired when answered, and nothing given.
    let (_, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    let id = id_in(&to);
    sqlx::query(
        "UPDATE fullmakt_requests SET created_at = now() - interval '31 days',
                expires_at = now() - interval '1 day' WHERE id = $1",
    )
    .bind(id)
    .execute(app.store.pool())
    .await
    .unwrap();
    assert!(
        !per.page("/fullmakter").await.contains("ber om"),
        "an expired request is not offered"
    );
    let (status, to) = per.submit(&answer(id, "godta"), &[]).await.unwrap();
    assert_eq!(status, 303);
    assert!(
        per.page(&to)
            .await
            .contains("kan ikke endres lenger: Utløpt")
    );
    assert_eq!(status_of(&app, id).await, "expired");
    assert!(given(&app, bakeri.id).await.is_empty());
    assert_eq!(app.audit_count("fullmakt_request.expired").await, 1);
    // An expired request does not stand in the way of a new one.
    let (status, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    assert_eq!(status, 303, "{to}");
}

/// The system access needs more than the firm asked for: the fullmakt is given, and the
/// client is told it was not put on the system access, and why.
#[tokio::test]
async fn accepting_less_than_the_system_access_needs_gives_the_fullmakt_only() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let (status, to) = ask(
        &kadm,
        &bakeri.org_number,
        Some(app.agent.id),
        &[SIGNING],
        "",
    )
    .await;
    assert_eq!(status, 303, "{to}");
    let id = id_in(&to);
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let (status, to) = per
        .submit(&format!("/fullmakter/foresporsler/{id}/godta"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303);
    let page = per.page(&to).await;
    assert!(
        page.contains("Dere ble ikke lagt til i systemtilgangen Smart Regnskap – klientportefølje: den trenger også Regnskapsfører lønn."),
        "{page}"
    );
    assert_eq!(given(&app, bakeri.id).await.len(), 1);
    assert!(!app.delegated().await.contains(&bakeri.id));
}

/// The link works whoever the person last acted for: someone acting for another
/// organization is asked to switch, and a person with no role for the client is refused.
#[tokio::test]
async fn the_link_asks_to_switch_and_refuses_those_without_a_role() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let (_, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    let id = id_in(&to);
    let link = format!("/fullmakter/foresporsler/{id}");
    // Not logged in: to the login, which brings the person back.
    let (status, _) = app.visitor().await.visit(&link).await.unwrap();
    assert_eq!(status, 303);
    // The firm's own people hold no role for the client.
    let (status, page) = kadm.visit(&link).await.unwrap();
    assert_eq!(status, 403);
    assert!(
        page.contains("Du kan ikke svare for Fjellbekk Bakeri AS"),
        "{page}"
    );
    // A person of the client who acts for nobody yet (two organizations to represent, so
    // none is chosen at login) is asked to switch.
    let bakery = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let both = app.new_person("Berit Begge", bakery.id, "DAGL").await;
    sqlx::query(
        "INSERT INTO person_roles (person_id, organization_id, role)
         SELECT id, $2, 'KADM' FROM persons WHERE national_id = $1",
    )
    .bind(&both)
    .bind(app.firm.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let per = Portal::open(&app.base).await;
    let (status, to) = per
        .submit("/logg-inn", &[("fodselsnummer", both.as_str())])
        .await
        .unwrap();
    assert_eq!((status, to.as_str()), (303, "/velg-aktor"));
    let page = per.page(&link).await;
    assert!(
        page.contains("For å svare må du representere Fjellbekk Bakeri AS."),
        "{page}"
    );
    assert!(page.contains(&format!(r#"name="neste" value="{link}""#)));
}

/// Two answers at once, and an answer racing the firm's withdrawal: exactly one wins,
/// the other is told the request is closed, and what was given matches the state.
#[tokio::test]
async fn concurrent_answers_and_a_withdrawal_leave_one_outcome() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let per2 = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;

    let (_, to) = ask(&kadm, &bakeri.org_number, None, &[SIGNING], "").await;
    let id = id_in(&to);
    let accept = format!("/fullmakter/foresporsler/{id}/godta");
    let decline = format!("/fullmakter/foresporsler/{id}/avsla");
    let (a, b) = tokio::join!(per.submit(&accept, &[]), per2.submit(&decline, &[]));
    assert_eq!((a.unwrap().0, b.unwrap().0), (303, 303));
    let answered = app.audit_count("fullmakt_request.accepted").await
        + app.audit_count("fullmakt_request.declined").await;
    assert_eq!(answered, 1, "one answer stands");
    match status_of(&app, id).await.as_str() {
        "accepted" => assert_eq!(given(&app, bakeri.id).await.len(), 1),
        "declined" => assert!(given(&app, bakeri.id).await.is_empty()),
        other => panic!("{other}"),
    }

    // An answer racing a withdrawal (on a client with nothing given yet).
    let other = app.org("Mosegrodd Antikk").await;
    let nid = app.new_person("Mona Mose", other.id, "DAGL").await;
    let mona = app.logged_in(&nid, other.id).await;
    let before = given(&app, other.id).await;
    let (_, to) = ask(&kadm, &other.org_number, None, &[SIGNING], "").await;
    let id = id_in(&to);
    let accept = format!("/fullmakter/foresporsler/{id}/godta");
    let withdraw = format!("/klienter/foresporsler/{id}/trekk-tilbake");
    let (a, b) = tokio::join!(mona.submit(&accept, &[]), kadm.submit(&withdraw, &[]));
    assert_eq!((a.unwrap().0, b.unwrap().0), (303, 303));
    match status_of(&app, id).await.as_str() {
        "accepted" => assert_eq!(given(&app, other.id).await.len(), before.len() + 1),
        "withdrawn" => assert_eq!(given(&app, other.id).await, before),
        other => panic!("{other}"),
    }
}

/// From *Legg til kunder*, a client that cannot be added links to a request pre-filled
/// with exactly the packages it lacks for that system access.
#[tokio::test]
async fn a_client_that_cannot_be_added_links_to_a_request_for_what_it_lacks() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let dialog = kadm
        .page(&format!(
            "/systemtilganger/{}/legg-til-kunder",
            app.agent.id
        ))
        .await;
    let start = dialog
        .find("/klienter/foresporsler/ny?orgnr=")
        .expect("a link to ask an unavailable client");
    let link = dialog[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    assert!(
        link.contains(&format!("systemtilgang={}", app.agent.id)),
        "{link}"
    );
    let lacking: Vec<&str> = link
        .split('&')
        .filter_map(|p| p.strip_prefix("pakke="))
        .collect();
    assert_eq!(
        lacking.len(),
        1,
        "one of the two packages is missing: {link}"
    );
    let form = kadm.page(&link).await;
    for slug in [SIGNING, PAYROLL] {
        let checked = form.contains(&format!(
            r#"id="pakke-{slug}"
               aria-describedby="pakke-{slug}-om" checked"#
        ));
        assert_eq!(checked, lacking.contains(&slug), "{slug}: {link}");
    }
}

/// The system access changed between the request and the answer (it needs one more
/// package now): the rule is applied as it is at acceptance, so the fullmakt is given
/// and the client told why it was not put on the system access.
#[tokio::test]
async fn accepting_after_the_system_access_changed_applies_the_rule_as_it_is_then() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let bakeri = app.org(seed::NO_RELATIONSHIP_CLIENT).await;
    let (status, to) = ask(
        &kadm,
        &bakeri.org_number,
        Some(app.agent.id),
        &[SIGNING, PAYROLL],
        "",
    )
    .await;
    assert_eq!(status, 303, "{to}");
    let id = id_in(&to);
    // The vendor's system now needs a third package (as a change request would do).
    sqlx::query(
        "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
         VALUES ($1, 'agent', 'urn:altinn:accesspackage:regnskapsforer-uten-signeringsrettighet', true)",
    )
    .bind(app.agent.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let per = app.logged_in(NO_RELATIONSHIP, bakeri.id).await;
    let (status, to) = per
        .submit(&format!("/fullmakter/foresporsler/{id}/godta"), &[])
        .await
        .unwrap();
    assert_eq!(status, 303);
    let page = per.page(&to).await;
    assert!(
        page.contains("har fått fullmakt med")
            && page.contains("den trenger også Regnskapsfører uten signeringsrettighet."),
        "{page}"
    );
    assert_eq!(given(&app, bakeri.id).await.len(), 2);
    assert!(!app.delegated().await.contains(&bakeri.id));
}
