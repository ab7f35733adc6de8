//! The portal in bokmål, nynorsk and English: every text comes from the Fluent files, each
//! language has every message, no template holds text of its own, and a visitor's choice
//! (or browser) decides the language of every page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::*;
use klientdelegering::domain::AccessPackage;
use klientdelegering::web::i18n::{Arg, Lang, RESOURCES, format_in};

// ---------------------------------------------------------------------------------------
// The Fluent files and the keys the code uses

/// Each language's messages: id → the variables its text refers to.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let (_, files) = RESOURCES.iter().find(|(l, _)| *l == lang).unwrap();
    let mut out = BTreeMap::new();
    for (name, text) in *files {
        assert!(
            fluent_bundle::FluentResource::try_new((*text).to_owned()).is_ok(),
            "{name} does not parse"
        );
        let mut current: Option<String> = None;
        for line in text.lines() {
            let id: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !id.is_empty() && line[id.len()..].trim_start().starts_with('=') {
                assert!(
                    out.insert(id.clone(), BTreeSet::new()).is_none(),
                    "{name}: {id} twice"
                );
                current = Some(id);
            }
            if let Some(id) = &current {
                let vars = out.get_mut(id).unwrap();
                for (i, _) in line.match_indices('$') {
                    let var: String = line[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(var);
                }
            }
        }
    }
    out
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The web layer's Rust files and every template, with their text.
fn sources() -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    files_under(&root().join("src/web"), "rs", &mut paths);
    // The JSON APIs answer in English problem details, with codes of their own; only
    // the documentation page's title is the portal's.
    paths.retain(|p| !p.starts_with(root().join("src/web/api")) || p.ends_with("docs.rs"));
    files_under(&root().join("templates"), "html", &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The keys named at a call of the translating functions: `t("key")`, `t_args("key", …)`,
/// `msg("key")`, and the history's `say("key", …)`.
fn keys_called(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in ["t(", "t_args(", "msg(", "say("] {
        for (i, _) in text.match_indices(call) {
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[i + call.len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                let key: String = rest.chars().take_while(|c| *c != '"').collect();
                keys.push(key);
            }
        }
    }
    keys
}

/// Every string literal of a Rust file that looks like a message id ("error-not-found").
fn key_like_literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('-')
                && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

/// Keys made at run time: each access package's name and description, each role's
/// description.
fn dynamic_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for p in AccessPackage::ALL {
        keys.insert(format!("package-{}", p.slug()));
        keys.insert(format!("package-{}-description", p.slug()));
    }
    for role in ["dagl", "hadm", "tilg", "kadm"] {
        keys.insert(format!("role-{role}-description"));
    }
    keys
}

/// Literals of the web layer that look like keys but are not texts: element ids, form
/// field names, header names.
const NOT_KEYS: &[&str] = &[
    "rolle-kadm",
    "rolle-tilg",
    "not-a-uuid",
    "no-store",
    "no-cache",
    "permissions-policy",
    "same-origin",
    "same-site",
    "cross-site",
    "key",
    "x-request-id",
];

#[test]
fn every_language_has_the_same_messages() {
    let nb = messages(Lang::Nb);
    assert!(
        nb.len() > 300,
        "bokmål has the portal's texts ({})",
        nb.len()
    );
    for lang in [Lang::Nn, Lang::En] {
        let other = messages(lang);
        let missing: Vec<_> = nb.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !nb.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in bokmål {extra:?}",
            lang.code()
        );
        for (key, vars) in &nb {
            assert_eq!(
                &other[key],
                vars,
                "{}: {key} takes other arguments than in bokmål",
                lang.code()
            );
        }
    }
}

#[test]
fn every_key_the_code_uses_exists_in_every_language() {
    let known: BTreeSet<String> = messages(Lang::Nb).into_keys().collect();
    let mut unknown = Vec::new();
    for (path, text) in sources() {
        let mut keys = keys_called(&text);
        if path.extension().is_some_and(|e| e == "rs") {
            keys.extend(key_like_literals(&text));
        }
        for key in keys {
            if !known.contains(&key) && !NOT_KEYS.contains(&key.as_str()) {
                unknown.push(format!("{}: {key}", path.display()));
            }
        }
    }
    for key in dynamic_keys() {
        if !known.contains(&key) {
            unknown.push(format!("(made at run time): {key}"));
        }
    }
    assert!(
        unknown.is_empty(),
        "keys without a message:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn every_message_is_used() {
    let mut used = dynamic_keys();
    for (_, text) in sources() {
        used.extend(keys_called(&text));
        used.extend(key_like_literals(&text));
    }
    let unused: Vec<String> = messages(Lang::Nb)
        .into_keys()
        .filter(|k| !used.contains(k))
        .collect();
    assert!(unused.is_empty(), "messages nobody uses: {unused:?}");
}

#[test]
fn every_message_formats_without_errors() {
    for lang in Lang::ALL {
        for (key, vars) in messages(lang) {
            for n in [0, 1, 2, 5033] {
                let args: Vec<(&str, Arg)> =
                    vars.iter().map(|v| (v.as_str(), Arg::Number(n))).collect();
                let (text, errors) = format_in(lang, &key, &args);
                assert!(errors.is_empty(), "{}: {key}: {errors:?}", lang.code());
                assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
            }
        }
    }
}

#[test]
fn counts_are_grouped_the_way_the_language_writes_them() {
    let count = |lang| format_in(lang, "history-count", &[("count", Arg::Number(5033))]).0;
    assert_eq!(count(Lang::Nb), "5\u{a0}033 hendelser");
    assert_eq!(count(Lang::Nn), "5\u{a0}033 hendingar");
    assert_eq!(count(Lang::En), "5,033 events");
    let one = format_in(Lang::En, "history-count", &[("count", Arg::Number(1))]).0;
    assert_eq!(one, "1 event");
}

#[test]
fn bokmal_keeps_the_seeds_words_and_nynorsk_and_english_have_their_own() {
    let text = |lang, key| format_in(lang, key, &[]).0;
    for (key, nb, nn, en) in [
        (
            "nav-system-access",
            "Systemtilganger",
            "Systemtilgangar",
            "System access",
        ),
        (
            "add-clients",
            "Legg til kunder",
            "Legg til kundar",
            "Add clients",
        ),
        (
            "add-confirm",
            "Bekreft og lukk",
            "Stadfest og lukk",
            "Confirm and close",
        ),
        (
            "give-fullmakt",
            "Gi fullmakt",
            "Gje fullmakt",
            "Give authorization",
        ),
        (
            "national-id",
            "Fødselsnummer",
            "Fødselsnummer",
            "National identity number",
        ),
    ] {
        assert_eq!(text(Lang::Nb, key), nb);
        assert_eq!(text(Lang::Nn, key), nn);
        assert_eq!(text(Lang::En, key), en);
    }
}

// ---------------------------------------------------------------------------------------
// No text of their own in the templates

/// Words a template may hold as they are: the portal's name and marks without language.
const ALLOWED_IN_TEMPLATES: &[&str] = &["Klientdelegering"];

/// Attributes people read (or hear).
const READ_ATTRIBUTES: &[&str] = &["aria-label", "placeholder", "alt", "title", "data-label"];

/// A template with every `{{ … }}`, `{% … %}` and `{# … #}` taken out.
fn without_template_code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|i| (i, *open)))
            .min();
        let Some((i, open)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = rest[i..].find(close).expect("a closed template tag");
        out.push(' ');
        rest = &rest[i + end + close.len()..];
    }
}

/// The text people read in a template: text between tags, and read attributes' values.
fn readable(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push(rest[..lt].to_owned());
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt];
        for attr in READ_ATTRIBUTES {
            let pattern = format!(" {attr}=\"");
            if let Some(i) = tag.find(&pattern) {
                let value: String = tag[i + pattern.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect();
                out.push(value);
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push(rest.to_owned());
    out
}

#[test]
fn templates_hold_no_text_of_their_own() {
    let mut paths = Vec::new();
    files_under(&root().join("templates"), "html", &mut paths);
    // The API's documentation describes an English API and says so (lang="en").
    paths.retain(|p| !p.starts_with(root().join("templates/api")));
    assert!(paths.len() > 25, "found the templates");
    let mut found = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for piece in readable(&without_template_code(&text)) {
            let mut piece = piece;
            for allowed in ALLOWED_IN_TEMPLATES {
                piece = piece.replace(allowed, "");
            }
            if piece.chars().any(char::is_alphabetic) {
                found.push(format!("{}: {:?}", path.display(), piece.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "text outside the Fluent files:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_template_check_notices_text() {
    let html = r#"<p class="x">{{ t("a") }} Hei</p><a aria-label="Lukk" href="/">{{ x }}</a>"#;
    let pieces: Vec<String> = readable(&without_template_code(html))
        .into_iter()
        .filter(|p| p.chars().any(char::is_alphabetic))
        .map(|p| p.trim().to_owned())
        .collect();
    assert_eq!(pieces, ["Hei", "Lukk"]);
}

// ---------------------------------------------------------------------------------------
// Over HTTP

/// The `lang` of a page's `<html>`.
fn html_lang(page: &str) -> &str {
    let start = page
        .find("<html lang=\"")
        .expect("an html element with lang")
        + 12;
    let len = page[start..].find('"').unwrap();
    &page[start..start + len]
}

/// Chooses a language with the switch, from `page`, and follows it back.
async fn choose(app: &TestApp, c: &reqwest::Client, lang: &str, page: &str) -> String {
    let (status, to) = post_form(c, app.url("/sprak"), &[("sprak", lang), ("tilbake", page)]).await;
    assert_eq!(status, 303, "the switch answers with a redirect");
    assert_eq!(to, page, "the switch goes back to the page");
    let (status, body) = get_page(c, app.url(page)).await;
    assert_eq!(status, 200, "{page}");
    body
}

#[tokio::test]
async fn every_main_page_reads_in_the_chosen_language() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let agent = format!("/systemtilganger/{}", app.agent.id);
    // (page, something bokmål says there, the same in nynorsk, and in English)
    let pages: [(&str, &str, &str, &str); 6] = [
        (
            "/systemtilganger",
            "Systemtilganger for kunder",
            "Systemtilgangar for kundar",
            "System access for clients",
        ),
        (&agent, "Legg til kunder", "Legg til kundar", "Add clients"),
        (
            "/klienter",
            "Søk blant klientene",
            "Søk blant klientane",
            "Search the clients",
        ),
        (
            "/fullmakter",
            "Gi fullmakt",
            "Gje fullmakt",
            "Give authorization",
        ),
        (
            "/roller",
            "Personer med roller",
            "Personar med roller",
            "People with roles",
        ),
        (
            "/historikk",
            "Vis hendelser",
            "Vis hendingar",
            "Show events",
        ),
    ];
    for (page, nb, _, _) in &pages {
        let (status, body) = get_page(&c, app.url(page)).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(html_lang(&body), "nb", "{page}");
        assert!(body.contains(nb), "{page} in bokmål says {nb:?}");
    }
    for (lang, pick) in [("nn", 2), ("en", 3)] {
        for (i, (page, nb, nn, en)) in pages.iter().enumerate() {
            // The first page through the switch; the others on the next requests.
            let body = if i == 0 {
                choose(&app, &c, lang, page).await
            } else {
                get_page(&c, app.url(page)).await.1
            };
            let expected = if pick == 2 { nn } else { en };
            assert_eq!(html_lang(&body), lang, "{page}");
            assert!(
                body.contains(expected),
                "{page} in {lang} says {expected:?}"
            );
            if lang == "en" {
                assert!(!body.contains(nb), "{page} in English still says {nb:?}");
            }
        }
    }
    // And back to bokmål.
    let body = choose(&app, &c, "nb", "/klienter").await;
    assert_eq!(html_lang(&body), "nb");
    assert!(body.contains("Søk blant klientene"));
}

#[tokio::test]
async fn the_login_page_switches_and_the_choice_outlives_the_login() {
    let app = TestApp::spawn().await;
    let mut c = app.visitor().await;
    let body = ok_page(&c, app.url("/logg-inn")).await;
    assert_eq!(html_lang(&body), "nb");
    assert!(body.contains("Fødselsnummer") && body.contains("Logg inn"));
    assert!(
        body.contains(r#"action="/sprak""#),
        "the switch is on the login page"
    );
    assert!(body.contains(">Nynorsk<") && body.contains(">English<"));

    let body = choose(&app, &c, "nn", "/logg-inn").await;
    assert_eq!(html_lang(&body), "nn");
    assert!(body.contains("Denne innlogginga er berre for test og demo"));
    let body = choose(&app, &c, "en", "/logg-inn").await;
    assert_eq!(html_lang(&body), "en");
    assert!(body.contains("National identity number"));

    // A wrong national id is told at the field in English.
    let (status, body) = post_form(&c, app.url("/logg-inn"), &[("fodselsnummer", "123")]).await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Must have 11 digits (you entered 3)."),
        "{body}"
    );

    // Logging in starts a new session; the language comes along.
    let (status, _) = post_form(&c, app.url("/logg-inn"), &[("fodselsnummer", DAGL)]).await;
    assert_eq!(status, 303);
    c.refresh().await;
    let body = ok_page(&c, app.url("/velg-aktor")).await;
    assert_eq!(html_lang(&body), "en");
    assert!(body.contains("Whom do you want to represent?"));

    // Logging out ends the login, not the choice of language.
    let (status, _) = post_form(&c, app.url("/logg-ut"), &[]).await;
    assert_eq!(status, 303);
    let body = ok_page(&c, app.url("/logg-inn")).await;
    assert_eq!(html_lang(&body), "en", "the login page after logging out");
    let (status, _) = get_page(&c, app.url("/velg-aktor")).await;
    assert_eq!(status, 303, "logged out");
}

#[tokio::test]
async fn the_browsers_language_decides_until_a_choice_is_made() {
    let app = TestApp::spawn().await;
    for (header, lang, text) in [
        ("nn-NO,nn;q=0.9,nb;q=0.8", "nn", "Logg inn"),
        ("en-GB,en;q=0.9", "en", "Log in"),
        ("no,en;q=0.5", "nb", "Logg inn"),
        ("de-DE,en;q=0.3,nn;q=0.7", "nn", "Logg inn"),
        ("fr", "nb", "Fødselsnummer"),
    ] {
        let r = TestApp::client()
            .get(app.url("/logg-inn"))
            .header("accept-language", header)
            .send()
            .await
            .unwrap();
        let body = r.text().await.unwrap();
        assert_eq!(html_lang(&body), lang, "{header}");
        assert!(body.contains(text), "{header}");
    }
    // A choice beats the browser.
    let c = app.visitor().await;
    choose(&app, &c, "en", "/logg-inn").await;
    let r = c
        .get(app.url("/logg-inn"))
        .header("accept-language", "nn")
        .send()
        .await
        .unwrap();
    assert_eq!(html_lang(&r.text().await.unwrap()), "en");
}

#[tokio::test]
async fn pages_format_dates_counts_and_domain_words_for_the_language() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let page = format!("/systemtilganger/{}", app.agent.id);
    let nb = ok_page(&c, app.url(&page)).await;
    assert!(
        nb.contains("Regnskapsfører lønn"),
        "package names in bokmål"
    );
    assert!(nb.contains("Klientsystem"));
    let en = choose(&app, &c, "en", &page).await;
    assert!(
        en.contains("Accountant payroll"),
        "package names in English"
    );
    assert!(en.contains("Client system"));
    assert!(!en.contains("Regnskapsfører lønn"));
    // The system's name as the register has it in the language.
    assert!(nb.contains("Smart Regnskap Klient"));
    assert!(
        en.contains("Smart Accounting Client"),
        "the system's English name"
    );
    let (_, nn) = {
        choose(&app, &c, "nn", "/systemtilganger").await;
        get_page(&c, app.url(&page)).await
    };
    assert!(
        nn.contains("Smart Rekneskap Klient"),
        "the system's nynorsk name"
    );
    let new = ok_page(&c, app.url("/systemtilganger/ny")).await;
    assert!(
        new.contains("Smart Løn"),
        "the register's systems in nynorsk"
    );
    choose(&app, &c, "en", "/klienter").await;
    let list = ok_page(&c, app.url("/klienter")).await;
    assert!(
        list.contains(" clients<") || list.contains(" clients "),
        "a count in English"
    );
    // A date in English: "24 Nov 2026", never "24.11.2026".
    let fullmakter = ok_page(&c, app.url("/fullmakter")).await;
    assert!(
        !fullmakter.contains("Fullmakt gitt"),
        "no bokmål left on /fullmakter"
    );
}

#[tokio::test]
async fn a_refused_form_and_an_unknown_page_speak_the_chosen_language() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    choose(&app, &c, "nn", "/systemtilganger").await;
    let (status, body) = get_page(&c, app.url("/finst-ikkje")).await;
    assert_eq!(status, 404);
    assert_eq!(html_lang(&body), "nn");
    assert!(body.contains("Fann ikkje sida"), "{body}");
    // A write without the CSRF token is refused in nynorsk too.
    let r = c
        .with_token(None)
        .post(app.url("/logg-ut"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x=1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body = r.text().await.unwrap();
    assert!(body.contains("Skjemaet er for gammalt"), "{body}");
}

#[tokio::test]
async fn the_csv_export_names_its_columns_in_the_language() {
    let app = TestApp::spawn().await;
    let c = app.logged_in(DAGL, app.firm.id).await;
    let csv = |c: &reqwest::Client| {
        let r = c.get(app.url("/historikk.csv")).send();
        async move { String::from_utf8(r.await.unwrap().bytes().await.unwrap().to_vec()).unwrap() }
    };
    let nb = csv(&c).await;
    assert!(nb.starts_with("\u{feff}tidspunkt;handling;beskrivelse;utført av;på vegne av;kunde;kunde navn;systemtilgang;årsak\r\n"));
    choose(&app, &c, "en", "/historikk").await;
    let en = csv(&c).await;
    assert!(
        en.starts_with("\u{feff}time;action;description;done by;on behalf of;client;client name;system access;cause\r\n"),
        "{}",
        &en[..200.min(en.len())]
    );
}

#[tokio::test]
async fn the_switch_goes_home_from_a_foreign_address() {
    let app = TestApp::spawn().await;
    let c = app.visitor().await;
    for back in ["https://evil.example/", "//evil.example", ""] {
        let (status, to) =
            post_form(&c, app.url("/sprak"), &[("sprak", "en"), ("tilbake", back)]).await;
        assert_eq!(status, 303);
        assert_eq!(to, "/", "{back:?}");
    }
    let (status, _) = post_form(&c, app.url("/sprak"), &[("sprak", "de")]).await;
    assert_eq!(status, 400);
}
