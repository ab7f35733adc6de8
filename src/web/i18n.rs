//! The portal's languages: bokmål (default), nynorsk and English. Every text a person
//! sees comes from the Fluent files in `src/web/i18n/{nb,nn,en}/`, built into the binary.
//! The middleware decides the request's language (the choice in the session, else
//! `Accept-Language`, else bokmål) and keeps it in a task-local, so templates and handlers
//! call `t("key")` without every page struct carrying it — as `csrf::field()` does.

use std::fmt;
use std::sync::LazyLock;

use actix_session::SessionExt;
use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;

use super::error::WebError;
use super::forms::Form;

/// Where the choice lives in the session.
const SESSION_KEY: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nb,
    Nn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Nb, Lang::Nn, Lang::En];

    /// The code for `<html lang>` and the switch: nb, nn or en.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }

    /// Whether this is the current request's language.
    pub fn is_current(&self) -> bool {
        *self == lang()
    }

    /// The language's own name, as the switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Nb => "Bokmål",
            Lang::Nn => "Nynorsk",
            Lang::En => "English",
        }
    }

    /// A language tag as a browser or the switch sends it: nb, nn, no (bokmål), en, with
    /// or without a region (nb-NO, en-GB).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" => Some(Lang::Nb),
            "nn" => Some(Lang::Nn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best language of an `Accept-Language` header, honouring q-values; bokmål when
    /// it names none of ours.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut offers: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, lang))
            })
            .collect();
        // Stable: of equal weights, the first named wins.
        offers.sort_by(|a, b| b.0.total_cmp(&a.0));
        offers.first().map(|(_, l)| *l).unwrap_or_default()
    }
}

/// The languages the switch offers.
pub fn languages() -> [Lang; 3] {
    Lang::ALL
}

/// One file per area of the portal, the same names in every language.
macro_rules! resources {
    ($lang:literal: $($area:literal),* $(,)?) => {
        &[$( (concat!($lang, "/", $area, ".ftl"), include_str!(concat!("i18n/", $lang, "/", $area, ".ftl"))) ),*]
    };
}

macro_rules! every_language {
    ($($area:literal),* $(,)?) => {
        /// Every Fluent file per language: (file name, text).
        pub const RESOURCES: [(Lang, &[(&str, &str)]); 3] = [
            (Lang::Nb, resources!("nb": $($area),*)),
            (Lang::Nn, resources!("nn": $($area),*)),
            (Lang::En, resources!("en": $($area),*)),
        ];
    };
}

every_language!(
    "common",
    "errors",
    "login",
    "system_access",
    "add_clients",
    "system_users",
    "requests",
    "clients",
    "fullmakt",
    "fullmakt_requests",
    "roles",
    "history",
    "domain",
);

struct Bundles {
    nb: FluentBundle<FluentResource>,
    nn: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// Numbers the way the language writes them: 5 033 (a no-break space) or 5,033.
fn group_thousands(n: &FluentValue, separator: char) -> Option<String> {
    let FluentValue::Number(n) = n else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 {
        return None;
    }
    Some(grouped(n.value as i64, separator))
}

fn grouped(n: i64, separator: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn norwegian_number<M>(n: &FluentValue, _: &M) -> Option<String> {
    group_thousands(n, '\u{a0}')
}

fn english_number<M>(n: &FluentValue, _: &M) -> Option<String> {
    group_thousands(n, ',')
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the portal's texts are all
    // left-to-right, and the marks would sit invisibly inside names people copy.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => english_number,
        Lang::Nb | Lang::Nn => norwegian_number,
    }));
    let files = RESOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, f)| *f)
        .unwrap_or_default();
    for (name, text) in files {
        let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, errors)| {
            tracing::error!(file = name, ?errors, "a Fluent file does not parse");
            r
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(file = name, ?errors, "a Fluent file repeats a message");
        }
    }
    bundle
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    nb: bundle(Lang::Nb),
    nn: bundle(Lang::Nn),
    en: bundle(Lang::En),
});

fn bundle_for(lang: Lang) -> &'static FluentBundle<FluentResource> {
    match lang {
        Lang::Nb => &BUNDLES.nb,
        Lang::Nn => &BUNDLES.nn,
        Lang::En => &BUNDLES.en,
    }
}

/// Whether a language has a message (tests use it).
pub fn has_message(lang: Lang, key: &str) -> bool {
    bundle_for(lang).has_message(key)
}

/// The text of `key` in `lang`, with the errors Fluent met (tests check there are none).
pub fn format_in(lang: Lang, key: &str, args: &[(&str, Arg)]) -> (String, Vec<String>) {
    let mut errors = Vec::new();
    for lang in [lang, Lang::Nb] {
        let bundle = bundle_for(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            errors.push(format!("{}: no message {key}", lang.code()));
            continue;
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.to_fluent());
        }
        let mut found = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut found);
        errors.extend(found.iter().map(|e| format!("{}: {key}: {e}", lang.code())));
        return (text.into_owned(), errors);
    }
    (key.to_owned(), errors)
}

/// A value for a message's argument: text or a count.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(s) => FluentValue::from(s.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
        }
    }
}

macro_rules! text_args {
    ($($t:ty),*) => { $( impl From<$t> for Arg { fn from(v: $t) -> Self { Arg::Text(v.to_string()) } } )* };
}
macro_rules! number_args {
    ($($t:ty),*) => { $(
        impl From<$t> for Arg { fn from(v: $t) -> Self { Arg::Number(v as i64) } }
        impl From<&$t> for Arg { fn from(v: &$t) -> Self { Arg::Number(*v as i64) } }
    )* };
}
text_args!(&str, String, &String, &&str, &&String);
number_args!(i64, i32, u32, u64, usize);

tokio::task_local! {
    static CURRENT: Current;
}

#[derive(Clone)]
struct Current {
    lang: Lang,
    /// The page to come back to after choosing a language.
    here: String,
}

/// The current request's language (bokmål outside a request of the portal).
pub fn lang() -> Lang {
    CURRENT.try_with(|c| c.lang).unwrap_or_default()
}

/// The address of the current page, for the language switch to return to.
pub fn here() -> String {
    CURRENT
        .try_with(|c| c.here.clone())
        .unwrap_or_else(|_| "/".to_owned())
}

/// The text of `key` in the current language.
pub fn t(key: &str) -> String {
    t_args(key, &[])
}

/// The text of `key` in the current language, with arguments (names, counts).
pub fn t_args(key: &str, args: &[(&str, Arg)]) -> String {
    let (text, errors) = format_in(lang(), key, args);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "a text could not be formatted");
    }
    text
}

/// A message with arguments, built where it is shown:
/// `{{ crate::web::i18n::msg("key").arg("count", n) }}`. Displays as plain text (the
/// template escapes it); `html()` gives a message whose Fluent text carries markup, with
/// its arguments escaped.
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

pub fn msg(key: &'static str) -> Msg {
    Msg {
        key,
        args: Vec::new(),
    }
}

impl Msg {
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// For `|safe`: the Fluent text may hold markup; every argument is escaped.
    pub fn html(&self) -> String {
        let escaped: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(n, a)| {
                let a = match a {
                    Arg::Text(s) => Arg::Text(escape_html(s)),
                    n => n.clone(),
                };
                (*n, a)
            })
            .collect();
        t_args(self.key, &escaped)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&t_args(self.key, &self.args))
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A count the language's way: 5 033 or 5,033.
pub fn number(n: impl Into<Arg>) -> String {
    match n.into() {
        Arg::Number(n) => grouped(
            n,
            match lang() {
                Lang::En => ',',
                Lang::Nb | Lang::Nn => '\u{a0}',
            },
        ),
        Arg::Text(s) => s,
    }
}

/// The language for a request: the one chosen in the session, else the browser's.
fn decide(req: &ServiceRequest) -> Lang {
    let chosen: Option<String> = req.get_session().get(SESSION_KEY).ok().flatten();
    chosen
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| accepted(req.request()))
}

/// The browser's preference alone (where no session can be read).
pub fn accepted(req: &actix_web::HttpRequest) -> Lang {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// The page to return to from the language switch: this page for a GET, else the page
/// the form was on.
fn current_page(req: &ServiceRequest) -> String {
    let here = if req.method().is_safe() {
        req.uri()
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned())
    } else {
        req.headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| url::Url::parse(r).ok())
            .map(|u| match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_owned(),
            })
            .unwrap_or_else(|| "/".to_owned())
    };
    if super::session::is_local_path(&here) {
        here
    } else {
        "/".to_owned()
    }
}

/// Runs `f` with `lang` as the current language: where the middleware's does not reach
/// (a streamed export's later chunks, pages made outside the session layer).
pub fn in_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(
        Current {
            lang,
            here: "/".to_owned(),
        },
        f,
    )
}

/// The middleware: decides the language and keeps it for the request. An error from
/// further in (the CSRF check's refusal) gets its page here, so that page is in the
/// language too.
pub async fn negotiate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path();
    if super::session_free(path) {
        return next.call(req).await;
    }
    let current = Current {
        lang: decide(&req),
        here: current_page(&req),
    };
    CURRENT
        .scope(
            current,
            async move { next.call(req).await.map_err(rendered) },
        )
        .await
}

/// An error with its page made now, in the current language.
pub fn rendered(e: actix_web::Error) -> actix_web::Error {
    let page = e.error_response();
    actix_web::error::InternalError::from_response(e, page).into()
}

#[derive(Deserialize)]
pub struct LanguageForm {
    sprak: String,
    #[serde(default)]
    tilbake: String,
}

/// The language switch (POST /sprak): remembers the choice in the session and goes back
/// to the page it was made on.
pub async fn choose(
    req: actix_web::HttpRequest,
    form: Form<LanguageForm>,
) -> Result<HttpResponse, WebError> {
    let lang = Lang::parse(&form.0.sprak).ok_or_else(|| WebError::BadRequest(t("error-form")))?;
    req.get_session()
        .insert(SESSION_KEY, lang.code())
        .map_err(|e| WebError::Session(e.to_string()))?;
    let back = if super::session::is_local_path(&form.0.tilbake) {
        form.0.tilbake
    } else {
        "/".to_owned()
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back))
        .finish())
}

/// The choice made before logging in, carried into the new session.
pub fn chosen(session: &actix_session::Session) -> Option<String> {
    session.get(SESSION_KEY).ok().flatten()
}

pub fn keep_choice(session: &actix_session::Session, choice: Option<String>) {
    if let Some(code) = choice {
        let _ = session.insert(SESSION_KEY, code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_order_and_weights() {
        assert_eq!(Lang::from_accept_language("nn-NO,nb;q=0.8"), Lang::Nn);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("no"), Lang::Nb);
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,nn;q=0.7"),
            Lang::Nn
        );
        assert_eq!(Lang::from_accept_language("en;q=0,nn;q=0.1"), Lang::Nn);
        assert_eq!(Lang::from_accept_language("fr,de"), Lang::Nb);
        assert_eq!(Lang::from_accept_language(""), Lang::Nb);
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(5033, '\u{a0}'), "5\u{a0}033");
        assert_eq!(grouped(1234567, ','), "1,234,567");
        assert_eq!(grouped(999, ','), "999");
        assert_eq!(grouped(-1000, ','), "-1,000");
    }

    #[test]
    fn arguments_of_markup_messages_are_escaped() {
        assert_eq!(escape_html("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
