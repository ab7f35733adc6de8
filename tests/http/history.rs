//! *Historikk* over HTTP against the real app: what each side sees and never sees, every
//! filter, wrong dates, paging, the CSV export (headers, content, quoting, formulas, a
//! long history in chunks) and who may read it.

use crate::common::*;
use klientdelegering::store::seed;
use uuid::Uuid;

const FIRM: &str = seed::FIRM_ORG_NUMBER;
const AGENT: &str = seed::AGENT_SYSTEM_USER_NAME;

async fn remove_client(app: &TestApp, c: &reqwest::Client, client: Uuid) {
    let path = format!("/systemtilganger/{}/kunder/{client}/fjern", app.agent.id);
    assert_eq!(post_form(c, app.url(&path), &[]).await.0, 303);
}

/// The rows of a history page: one string per row with its cells' text. Refuses a page
/// that is not *Historikk* (its filter form is on every one), so that "no rows" cannot
/// pass on an error page.
fn rows(html: &str) -> Vec<String> {
    assert!(
        html.contains(r#"id="systemtilgang""#),
        "not the Historikk page: {html}"
    );
    let Some(body) = html.split("<tbody>").nth(1) else {
        return Vec::new();
    };
    let body = body.split("</tbody>").next().unwrap_or("");
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            // Tags out, whitespace squeezed: "24.11.2026 14:03 | Ola Klientsen | …".
            let mut text = String::new();
            let mut in_tag = false;
            for c in row.replace("</td>", " | ").replace("<br>", " ").chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

async fn history(c: &reqwest::Client, app: &TestApp, query: &str) -> (u16, String) {
    get_page(c, app.url(&format!("/historikk{query}"))).await
}

/// Today's date in Norway as the database sees it, as "2026-11-24".
async fn today(app: &TestApp) -> String {
    sqlx::query_scalar("SELECT to_char(now() AT TIME ZONE 'Europe/Oslo', 'YYYY-MM-DD')")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

/// An event written straight into the trail (for times and actions the app would not
/// produce today): a role given to `person` at `at`, by a non-person, for `org`.
async fn insert_role_event(app: &TestApp, org: Uuid, at: &str, person: &str) {
    sqlx::query(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_name, on_behalf_of_id, action,
                                   details)
         VALUES ($1::timestamptz, 'person', 'Testdata', $2, 'role.granted',
                 jsonb_build_object('person_name', $3::text, 'role', 'KADM'))",
    )
    .bind(at)
    .bind(org)
    .bind(person)
    .execute(app.store.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn the_firm_sees_what_was_done_newest_first_with_who_and_when() {
    let app = TestApp::spawn().await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    add_clients(&kadm, app.agent.id, &[fjordkanten.id]).await;
    remove_client(&app, &kadm, fjordkanten.id).await;
    let dagl = app.logged_in(DAGL, app.firm.id).await;
    let (status, _) = post_form(
        &dagl,
        app.url("/roller"),
        &[
            ("fodselsnummer", NO_RELATIONSHIP),
            ("etternavn", "Bakke"),
            ("rolle", "TILG"),
        ],
    )
    .await;
    assert_eq!(status, 303);

    let (status, html) = history(&dagl, &app, "").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1 class=\"ds-heading\" data-size=\"lg\">Historikk</h1>"));
    assert!(
        html.contains("href=\"/historikk\">Historikk</a>"),
        "in the menu"
    );
    assert!(html.contains("3 hendelser"));
    let rows = rows(&html);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let number = fjordkanten.org_number_formatted();
    assert!(
        rows[0].ends_with("| Ingrid Apeland | Ga Per Bakke rollen Tilgangsstyrer | – | – |"),
        "newest first: {}",
        rows[0]
    );
    assert!(
        rows[1].ends_with(&format!(
            "| Ola Klientsen | Fjernet Fjordkanten Rørlegger AS fra {AGENT} | Fjordkanten Rørlegger AS {number} | {AGENT} |"
        )),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains(&format!(
        "| Ola Klientsen | La til Fjordkanten Rørlegger AS i {AGENT} |"
    )));
    // "24.11.2026 14:03": a date and a time on a Norwegian clock.
    let when: Vec<char> = rows[0].chars().take(16).collect();
    let shape: String = when
        .iter()
        .map(|c| if c.is_ascii_digit() { '9' } else { *c })
        .collect();
    assert_eq!(shape, "99.99.9999 99:99", "{}", rows[0]);
    assert!(html.contains("datetime=\""), "machine-readable time");
}

#[tokio::test]
async fn each_side_sees_what_concerns_it_and_never_another_organizations_business() {
    let app = TestApp::spawn().await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    let (per, bakeri) = app.bakery_gives_fullmakt().await;
    add_clients(&kadm, app.agent.id, &[bakeri]).await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    add_clients(&kadm, app.agent.id, &[fjordkanten]).await;
    let (status, _) = post_form(
        &per,
        app.url(&format!("/fullmakter/{FIRM}/trekk-tilbake")),
        &[("pakke", "regnskapsforer-lonn")],
    )
    .await;
    assert_eq!(status, 303);
    let vendor = app.org(seed::VENDOR_NAME).await;
    app.vendor_asks("historikk", None).await;

    // The firm: its own people by name, the client and the vendor as organizations.
    let (_, html) = history(&kadm, &app, "").await;
    let firm_rows = rows(&html).join("\n");
    for expected in [
        "| Fjellbekk Bakeri AS | Ga fullmakt til Varm Økonomisk Ape med tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn |",
        "| Fjellbekk Bakeri AS | Trakk tilbake tilgangspakken Regnskapsfører lønn fra Varm Økonomisk Ape |",
        &format!(
            "| Fjellbekk Bakeri AS | Fjernet automatisk: Fjellbekk Bakeri AS fra {AGENT} Årsak: Kunden trakk tilbake tilgangspakken Regnskapsfører lønn. Mangler nå tilgangspakken Regnskapsfører lønn. |"
        ),
        &format!("| Ola Klientsen | La til Fjellbekk Bakeri AS i {AGENT} |"),
        &format!("| Ola Klientsen | La til Fjordkanten Rørlegger AS i {AGENT} |"),
        "| Smart Regnskap AS (leverandør-API) | Ba om en systemtilgang for klienter til Smart Regnskap Klient hos Varm Økonomisk Ape med tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn |",
    ] {
        assert!(firm_rows.contains(expected), "{expected}\nin\n{firm_rows}");
    }
    assert!(
        !html.contains("Per Bakke"),
        "the client's person is not named"
    );
    assert!(html.contains(r#"id="kunde""#), "the firm filters by client");

    // The client: its own person by name, the firm as an organization, nothing else of
    // the firm's (not its other client, not the vendor's request).
    let (_, html) = history(&per, &app, "").await;
    let client_rows = rows(&html).join("\n");
    for expected in [
        "| Per Bakke | Ga fullmakt til Varm Økonomisk Ape med tilgangspakkene",
        &format!("| Varm Økonomisk Ape | La til Fjellbekk Bakeri AS i {AGENT} |"),
        &format!("| Per Bakke | Fjernet automatisk: Fjellbekk Bakeri AS fra {AGENT} Årsak:"),
    ] {
        assert!(
            client_rows.contains(expected),
            "{expected}\nin\n{client_rows}"
        );
    }
    assert_eq!(rows(&html).len(), 4, "{client_rows}");
    // The client reads its own withdrawal as its own, not as "the client" did it.
    assert!(
        client_rows.contains("Årsak: Dere trakk tilbake tilgangspakken Regnskapsfører lønn."),
        "{client_rows}"
    );
    assert!(!client_rows.contains("Kunden trakk"), "{client_rows}");
    // A client's history is about itself: no Kunde filter (the firm's has one).
    assert!(
        !html.contains(r#"id="kunde""#),
        "the client is offered no Kunde filter"
    );
    for absent in ["Ola Klientsen", "Fjordkanten", "leverandør-API"] {
        assert!(!html.contains(absent), "the client sees {absent}");
    }
    // The firm's system access the client was on is one to filter by.
    assert!(html.contains(&format!("{AGENT} (Varm Økonomisk Ape)</option>")));

    // The vendor: its request; and a system registered on the command line.
    let lonnsmotor = format!(
        "{}/tests/data/systems/lonnsmotor.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_klientdelegering"))
        .args(["system", "register", &lonnsmotor])
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let nid = app.new_person("Vera Leverandør", vendor.id, "DAGL").await;
    let vera = app.logged_in(&nid, vendor.id).await;
    let (_, html) = history(&vera, &app, "").await;
    let vendor_rows = rows(&html).join("\n");
    assert!(vendor_rows.contains("| Kommandolinjen | Registrerte systemet Lønnsmotor (315063000_lonnsmotor) med tilgangspakken Regnskapsfører lønn |"), "{vendor_rows}");
    assert!(vendor_rows.contains("| Smart Regnskap AS (leverandør-API) | Ba om en systemtilgang"));
    assert_eq!(rows(&html).len(), 2, "{vendor_rows}");
    let (_, html) = history(&kadm, &app, "").await;
    assert!(
        !html.contains("Lønnsmotor"),
        "another vendor's system is not the firm's business"
    );

    // Another firm entirely sees nothing of it.
    let other = app.org(seed::OTHER_FIRM_NAME).await;
    let stranger = app.logged_in(OTHER_FIRM, other.id).await;
    let (status, html) = history(&stranger, &app, "").await;
    assert_eq!(status, 200);
    assert!(rows(&html).is_empty());
    assert!(html.contains("Ingen hendelser ennå"));
    let r = stranger
        .get(app.url("/historikk.csv"))
        .send()
        .await
        .unwrap();
    let csv = r.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
}

#[tokio::test]
async fn the_client_filter_finds_by_number_or_part_of_the_name() {
    let app = TestApp::spawn().await;
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await;
    let nordlys = app.org("Nordlys Bakeri AS").await;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    add_clients(&kadm, app.agent.id, &[fjordkanten.id, nordlys.id]).await;
    let c = app.logged_in(TILG, app.firm.id).await;

    let spaced = fjordkanten.org_number_formatted().replace(' ', "+");
    for q in [
        "?kunde=fjordkanten",
        "?kunde=R%C3%B8rlegger",
        &format!("?kunde={spaced}"),
    ] {
        let (status, html) = history(&c, &app, q).await;
        assert_eq!(status, 200, "{q}");
        let rows = rows(&html);
        assert_eq!(rows.len(), 1, "{q}: {rows:#?}");
        assert!(rows[0].contains("Fjordkanten"), "{q}");
        assert!(html.contains("1 hendelse passer med filteret"), "{q}");
    }
    let (_, html) = history(&c, &app, "?kunde=Bakeri").await;
    assert_eq!(rows(&html).len(), 1);
    let (_, html) = history(&c, &app, "?kunde=finnesikke").await;
    assert!(rows(&html).is_empty());
    assert!(html.contains("Ingen hendelser passer med filteret."));
    assert!(
        html.contains("value=\"finnesikke\""),
        "what was typed stays"
    );
    // Wildcards are only characters.
    let (_, html) = history(&c, &app, "?kunde=%25").await;
    assert!(rows(&html).is_empty());
}

#[tokio::test]
async fn the_system_access_filter_knows_deleted_ones_too() {
    let app = TestApp::spawn().await;
    let vendor = app.org(seed::VENDOR_NAME).await.org_number;
    let tilg = app.logged_in(TILG, app.firm.id).await;
    let (status, _) = post_form(
        &tilg,
        app.url(&format!("/systemtilganger/ny/{vendor}_smartlonn")),
        &[("navn", "Lønn hver måned")],
    )
    .await;
    assert_eq!(status, 303);
    let standard = app
        .store
        .system_users(app.firm.id)
        .await
        .unwrap()
        .into_iter()
        .find(|su| su.name == "Lønn hver måned")
        .unwrap();
    let (status, _) = post_form(
        &tilg,
        app.url(&format!("/systemtilganger/{}/slett", standard.id)),
        &[],
    )
    .await;
    assert_eq!(status, 303);
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await.id;
    let kadm = app.logged_in(KADM, app.firm.id).await;
    add_clients(&kadm, app.agent.id, &[fjordkanten]).await;

    let (_, html) = history(&tilg, &app, "").await;
    assert!(html.contains(&format!(
        "<option value=\"{}\">Lønn hver måned – slettet</option>",
        standard.id
    )));
    assert!(html.contains(&format!(
        "<option value=\"{}\">{AGENT}</option>",
        app.agent.id
    )));

    let (_, html) = history(&tilg, &app, &format!("?systemtilgang={}", standard.id)).await;
    let got = rows(&html);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].contains(
            "| Tone Tilgangsen | Slettet systemtilgangen Lønn hver måned | – | Lønn hver måned |"
        ),
        "{}",
        got[0]
    );
    assert!(
        got[1].contains(
            "Opprettet systemtilgangen Lønn hver måned for Smart Lønn med tilgangspakken"
        ),
        "{}",
        got[1]
    );
    assert!(html.contains(&format!("<option value=\"{}\" selected>", standard.id)));

    let (_, html) = history(&tilg, &app, &format!("?systemtilgang={}", app.agent.id)).await;
    let got = rows(&html);
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("La til Fjordkanten"));

    // A system access that is not the organization's to filter by: said at the field.
    let (status, html) = history(&tilg, &app, &format!("?systemtilgang={}", Uuid::new_v4())).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"systemtilgang-feil\""));
    assert!(html.contains("Velg en systemtilgang fra listen."));
}

#[tokio::test]
async fn dates_are_whole_days_in_norway_summer_and_winter() {
    let app = TestApp::spawn().await;
    let firm = app.firm.id;
    // Around midnight in Oslo, in winter (UTC+1) and in summer (UTC+2).
    insert_role_event(&app, firm, "2021-03-27 22:59:59+00", "Anne Vinter").await;
    insert_role_event(&app, firm, "2021-03-27 23:00:00+00", "Bjørn Vinter").await;
    insert_role_event(&app, firm, "2021-06-30 21:59:59+00", "Cecilie Sommer").await;
    insert_role_event(&app, firm, "2021-06-30 22:00:00+00", "David Sommer").await;
    let c = app.logged_in(DAGL, firm).await;

    for (query, only) in [
        ("?til=27.03.2021", "Anne"),
        ("?fra=28.03.2021&til=28.03.2021", "Bjørn"),
        ("?fra=2021-06-30&til=2021-06-30", "Cecilie"),
        ("?fra=1.7.2021&til=01.07.2021", "David"),
    ] {
        let (status, html) = history(&c, &app, query).await;
        assert_eq!(status, 200, "{query}");
        let got = rows(&html);
        assert_eq!(got.len(), 1, "{query}: {got:#?}");
        assert!(
            got[0].contains(&format!("Ga {only} ")),
            "{query}: {}",
            got[0]
        );
    }
    let (_, html) = history(&c, &app, "?fra=28.03.2021&til=30.06.2021").await;
    assert_eq!(rows(&html).len(), 2);
    let (_, html) = history(&c, &app, "?fra=28.03.2021&til=01.07.2021").await;
    let got = rows(&html);
    assert_eq!(got.len(), 3);
    assert!(
        got[0].starts_with(
            "01.07.2021 00:00 | Testdata | Ga David Sommer rollen Klientadministrator"
        )
    );
    assert!(got[2].starts_with("28.03.2021 00:00 |"));
    assert!(html.contains("datetime=\"2021-07-01T00:00:00+02:00\""));
    assert!(html.contains("datetime=\"2021-03-28T00:00:00+01:00\""));
}

#[tokio::test]
async fn a_wrong_date_is_named_at_its_field_and_the_rest_of_the_filter_is_kept() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let (status, html) = history(
        &c,
        &app,
        &format!(
            "?kunde=Bergtatt&systemtilgang={}&fra=32.01.2026&til=i+g%C3%A5r",
            app.agent.id
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains(
        "<div class=\"ds-validation-message\" id=\"fra-feil\" data-field=\"validation\">Datoen 32.01.2026 finnes ikke.</div>"
    ));
    assert!(html.contains(
        "<div class=\"ds-validation-message\" id=\"til-feil\" data-field=\"validation\">Skriv datoen som dd.mm.åååå, for eksempel 24.11.2026.</div>"
    ));
    assert!(html.contains("ds-error-summary"));
    assert!(
        html.contains("href=\"#fra\""),
        "the summary links to the field"
    );
    assert_eq!(html.matches("aria-invalid=\"true\"").count(), 2);
    for kept in [
        "value=\"Bergtatt\"",
        "value=\"32.01.2026\"",
        "value=\"i går\"",
    ] {
        assert!(html.contains(kept), "{kept}");
    }
    assert!(html.contains(&format!("<option value=\"{}\" selected>", app.agent.id)));
    assert!(
        !html.contains("<table"),
        "no results for a filter that cannot be used"
    );

    let (status, html) = history(&c, &app, "?fra=02.01.2026&til=01.01.2026").await;
    assert_eq!(status, 422);
    assert!(html.contains("Til-datoen kan ikke være før fra-datoen."));

    // The export says the same, as a page.
    let r = c
        .get(app.url("/historikk.csv?fra=32.01.2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Datoen 32.01.2026 finnes ikke.")
    );
}

#[tokio::test]
async fn the_history_is_paged_and_the_pages_keep_the_filter() {
    let app = TestApp::spawn().await;
    let regn: Vec<Uuid> = sqlx::query_scalar(
        "SELECT r.client_id FROM register_roles r JOIN organizations o ON o.id = r.client_id
          WHERE r.firm_id = $1 AND r.role = 'REGN'
            AND NOT EXISTS (SELECT 1 FROM client_delegations d
                             WHERE d.client_id = r.client_id AND d.system_user_id = $2)
          ORDER BY o.name LIMIT 27",
    )
    .bind(app.firm.id)
    .bind(app.agent.id)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(regn.len(), 27);
    let c = app.logged_in(KADM, app.firm.id).await;
    add_clients(&c, app.agent.id, &regn).await;

    let filter = format!("systemtilgang={}", app.agent.id);
    let (_, html) = history(&c, &app, &format!("?{filter}")).await;
    assert!(html.contains("27 hendelser passer med filteret"));
    assert_eq!(rows(&html).len(), 25);
    assert!(html.contains(&format!("href=\"/historikk?{filter}&#38;side=2\"")));
    assert!(html.contains("aria-current=\"page\""));
    let (_, page2) = history(&c, &app, &format!("?{filter}&side=2")).await;
    assert_eq!(rows(&page2).len(), 2);
    assert!(page2.contains("Forrige"));
    let all: std::collections::BTreeSet<String> =
        rows(&html).into_iter().chain(rows(&page2)).collect();
    assert_eq!(all.len(), 27, "no event twice, none missing");
    // A page past the end shows the last one.
    let (status, past) = history(&c, &app, &format!("?{filter}&side=99")).await;
    assert_eq!(status, 200);
    assert_eq!(rows(&past), rows(&page2));
}

#[tokio::test]
async fn the_export_is_csv_for_norwegian_excel_with_every_matching_event() {
    let app = TestApp::spawn().await;
    // A client whose name is a formula with separators and quotes in it.
    let nordlys = app.org("Nordlys Bakeri AS").await;
    let sly = r#"=HYPERLINK("http://x";"Nordlys; Bakeri")"#;
    sqlx::query("UPDATE organizations SET name = $1 WHERE id = $2")
        .bind(sly)
        .bind(nordlys.id)
        .execute(app.store.pool())
        .await
        .unwrap();
    let fjordkanten = app.org("Fjordkanten Rørlegger AS").await;
    let c = app.logged_in(KADM, app.firm.id).await;
    add_clients(&c, app.agent.id, &[fjordkanten.id, nordlys.id]).await;
    let (per, bakeri) = app.bakery_gives_fullmakt().await;
    add_clients(&c, app.agent.id, &[bakeri]).await;
    let (status, _) = post_form(
        &per,
        app.url(&format!("/fullmakter/{FIRM}/trekk-tilbake")),
        &[],
    )
    .await;
    assert_eq!(status, 303);

    let (_, html) = history(&c, &app, "").await;
    assert!(html.contains("6 hendelser"));
    assert!(html.contains("href=\"/historikk.csv\" download>Last ned som CSV</a>"));
    let r = c.get(app.url("/historikk.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers()["content-disposition"].to_str().unwrap(),
        format!(
            "attachment; filename=\"historikk-{FIRM}-{}.csv\"",
            today(&app).await
        )
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "tidspunkt;handling;beskrivelse;utført av;på vegne av;kunde;kunde navn;systemtilgang;årsak"
    );
    assert_eq!(lines.len(), 1 + 6, "{text}");

    let row = |needle: &str| -> String {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row with {needle} in\n{text}"))
            .to_string()
    };
    let added = row(&format!(";La til Fjordkanten Rørlegger AS i {AGENT};"));
    let (when, rest) = added.split_once(';').unwrap();
    assert_eq!(
        rest,
        format!(
            "client_delegation.added;La til Fjordkanten Rørlegger AS i {AGENT};Ola Klientsen;Varm Økonomisk Ape;{};Fjordkanten Rørlegger AS;{AGENT};",
            fjordkanten.org_number
        )
    );
    // ISO 8601 with Norway's offset: 2026-11-24T14:03:07+01:00.
    assert_eq!(when.len(), 25, "{when}");
    assert!(
        when.ends_with("+01:00") || when.ends_with("+02:00"),
        "{when}"
    );
    assert_eq!(&when[10..11], "T");

    // The formula is defused and the cell quoted, by RFC 4180.
    let sly_row = row("HYPERLINK");
    assert!(
        sly_row.contains(r#";"La til =HYPERLINK(""http://x"";""Nordlys; Bakeri"") i "#),
        "{sly_row}"
    );
    assert!(
        sly_row.contains(r#";"'=HYPERLINK(""http://x"";""Nordlys; Bakeri"")";"#),
        "the name cell starts with an apostrophe: {sly_row}"
    );

    // A cascade: who, for whom and why.
    let ended = row("client_delegation.ended");
    assert!(
        ended.contains(&format!(
            ";Fjernet automatisk: Fjellbekk Bakeri AS fra {AGENT};Fjellbekk Bakeri AS;Fjellbekk Bakeri AS;"
        )),
        "the client's person is not named to the firm: {ended}"
    );
    assert!(ended.ends_with(";Kunden trakk tilbake fullmakten. Mangler nå tilgangspakkene Regnskapsfører med signeringsrettighet og Regnskapsfører lønn."));

    // The same filter as the page.
    let r = c
        .get(app.url("/historikk.csv?kunde=fjordkanten"))
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    let (_, html) = history(&c, &app, "?kunde=fjordkanten").await;
    assert!(html.contains("href=\"/historikk.csv?kunde=fjordkanten\""));
}

#[tokio::test]
async fn a_long_export_comes_in_chunks_without_losing_or_repeating_an_event() {
    let app = TestApp::spawn().await;
    // 2,500 events in one statement share one time: the chunks must go by id too.
    sqlx::query(
        "INSERT INTO audit_events (actor_kind, actor_name, on_behalf_of_id, action, details)
         SELECT 'person', 'Testdata', $1, 'role.granted',
                jsonb_build_object('person_name', 'Person ' || n, 'role', 'KADM')
           FROM generate_series(1, 2500) n",
    )
    .bind(app.firm.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let c = app.logged_in(DAGL, app.firm.id).await;
    let r = c.get(app.url("/historikk.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let people: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(';').nth(2).unwrap())
        .collect();
    assert_eq!(people.len(), 2500);
    let unique: std::collections::BTreeSet<&str> = people.iter().copied().collect();
    assert_eq!(unique.len(), 2500, "an event twice");
    assert_eq!(
        people[0], "Ga Person 2500 rollen Klientadministrator",
        "newest first"
    );
    assert_eq!(people[2499], "Ga Person 1 rollen Klientadministrator");
    let (_, html) = history(&c, &app, "").await;
    assert!(html.contains("2\u{a0}500 hendelser"));
}

#[tokio::test]
async fn everyone_who_represents_the_organization_may_read_its_history() {
    let app = TestApp::spawn().await;
    for role in ["DAGL", "HADM", "TILG", "KADM"] {
        let nid = app
            .new_person(&format!("Rolle {role}"), app.firm.id, role)
            .await;
        let c = app.logged_in(&nid, app.firm.id).await;
        let (status, html) = history(&c, &app, "").await;
        assert_eq!(status, 200, "{role}");
        assert!(
            html.contains("href=\"/historikk\">Historikk</a>"),
            "{role}: menu"
        );
        let r = c.get(app.url("/historikk.csv")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{role}: export");
    }
    // Not logged in: to the login, both the page and the export.
    for path in ["/historikk", "/historikk.csv"] {
        let r = TestApp::client().get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert!(is_login(&location(&r)), "{path}");
    }
}

#[tokio::test]
async fn an_action_this_version_does_not_know_still_shows() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "INSERT INTO audit_events (actor_kind, actor_name, on_behalf_of_id, action, details)
         VALUES ('person', 'Fremtiden', $1, 'invitation.sent', '{\"to\": \"=Fjellbekk\"}')",
    )
    .bind(app.firm.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let c = app.logged_in(DAGL, app.firm.id).await;
    let (status, html) = history(&c, &app, "").await;
    assert_eq!(status, 200);
    let got = rows(&html);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].contains(
            "| Fremtiden | Hendelse invitation.sent {&#34;to&#34;:&#34;=Fjellbekk&#34;} |"
        ),
        "{}",
        got[0]
    );
    let text = ok_page(&c, app.url("/historikk.csv")).await;
    assert!(
        text.contains(
            r#";invitation.sent;"Hendelse invitation.sent {""to"":""=Fjellbekk""}";Fremtiden;"#
        ),
        "{text}"
    );
}

#[tokio::test]
async fn htmx_gets_the_filter_and_the_events_without_the_page_around_them() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(KADM, app.firm.id).await;
    let r = c
        .get(app.url("/historikk?kunde=x"))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("<div id=\"historikk\">"));
    assert!(html.contains("hx-push-url=\"true\""));
    assert!(!html.contains("<html"), "a fragment");
    let r = c
        .get(app.url("/historikk?fra=x"))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "htmx swaps 422 in place (base.html)");
    assert!(r.text().await.unwrap().contains("id=\"fra-feil\""));
}

#[tokio::test]
async fn a_history_longer_than_the_pages_reach_says_so_and_the_export_has_it_all() {
    let app = TestApp::spawn().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_events")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    // A day of events on each of 10,050 days back, so the newest page is known.
    sqlx::query(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_name, on_behalf_of_id, action,
                                   details)
         SELECT now() - make_interval(days => n), 'person', 'Testdata', $1, 'role.granted',
                jsonb_build_object('person_name', 'Person ' || n, 'role', 'KADM')
           FROM generate_series(1, 10050) n",
    )
    .bind(app.firm.id)
    .execute(app.store.pool())
    .await
    .unwrap();
    let c = app.logged_in(DAGL, app.firm.id).await;
    let (status, html) = history(&c, &app, "").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Over 10\u{a0}000 hendelser"), "{html}");
    assert!(
        html.contains("Sidene viser de 10\u{a0}000 nyeste"),
        "{html}"
    );
    // 25 to a page: the pages reach the 10,000 newest, and no further.
    let (status, last) = history(&c, &app, "?side=400").await;
    assert_eq!(status, 200);
    assert_eq!(rows(&last).len(), 25, "page 400 is full");
    let (_, beyond) = history(&c, &app, "?side=401").await;
    assert_eq!(rows(&beyond), rows(&last), "a page beyond is the last one");
    // A period narrows it below the cap: the count is exact again.
    let (_, narrowed) = history(&c, &app, "?fra=&til=01.01.2000").await;
    assert!(!narrowed.contains("Over 10"), "{narrowed}");
    assert!(
        narrowed.contains("hendelser passer med filteret"),
        "{narrowed}"
    );
    // The export has every event.
    let r = c.get(app.url("/historikk.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let lines = r.text().await.unwrap().lines().count() as i64 - 1;
    let now: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events WHERE on_behalf_of_id = $1 OR firm_id = $1",
    )
    .bind(app.firm.id)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    assert!(lines >= 10_050 && now - before >= 10_050, "{lines} lines");
}
