//! The system register's checks (`domain::systems`, `domain::requests`) on any input: `SystemId::parse`,
//! `RedirectUrl::parse`, `SystemDefinition::validate` of a vendor's draft, and a vendor
//! request's `RequestDraft::check_shape` and `validate` against that system. None may
//! panic, and what they accept must hold what the API promises (see `check_*`).
//!
//! The input is text, one field a line, so the seeds in corpus/system_register/ can be
//! read and written by hand. The first line says what follows:
//!
//! - `id` or `url`: the rest of the input is a system id or a redirect address;
//! - `system`: a vendor's draft, SYSTEM below;
//! - `request`: SYSTEM, then the kind (`agent` or anything else for standard), the
//!   system id, the customer, the packages, the redirect address and the external
//!   reference; a missing line is a field left out.
//!
//! SYSTEM is six lines: the vendor's organization number (another valid one when it is
//! not valid), the system id, the name and the description as `nb|nn|en`, the package
//! URNs separated by `,`, the redirect addresses separated by spaces, and `true` when
//! visible. Any other first line: the whole input goes to both parsers.
#![no_main]

use klientdelegering::domain::requests::{MAX_EXTERNAL_REF, RequestDraft};
use klientdelegering::domain::systems::{
    FieldError, Localized, MAX_DESCRIPTION, MAX_NAME, MAX_REDIRECT_URLS, RedirectUrl,
    SystemDefinition, SystemDraft, SystemId, allows_redirect,
};
use klientdelegering::domain::{OrgNumber, SystemUserKind};
use klientdelegering::web::api::problem::register_code;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (mode, rest) = input.split_once('\n').unwrap_or((&input, ""));
    match mode {
        "id" => check_system_id(rest),
        "url" => check_redirect_url(rest),
        "system" => {
            let mut lines = rest.split('\n');
            let (vendor, draft) = system_draft(&mut lines);
            check_system(&draft, &vendor);
        }
        "request" => {
            let mut lines = rest.split('\n');
            let (vendor, draft) = system_draft(&mut lines);
            let system = check_system(&draft, &vendor);
            let kind = match lines.next() {
                Some("agent") => SystemUserKind::Agent,
                _ => SystemUserKind::Standard,
            };
            check_request(&request_draft(&mut lines), kind, system.as_ref());
        }
        _ => {
            check_system_id(&input);
            check_redirect_url(&input);
        }
    }
});

fn check_system_id(text: &str) {
    let Ok(id) = SystemId::parse(text) else {
        return;
    };
    assert_eq!(id.as_str(), text);
    assert_eq!(SystemId::parse(id.as_str()).as_ref(), Ok(&id));
    // The vendor is the part before the first '_', a valid organization number.
    let vendor = id.vendor();
    assert_eq!(Some(vendor.as_str()), text.split('_').next());
    let name = &text[10..];
    assert!(!name.is_empty() && name.len() <= SystemId::MAX_NAME);
}

fn check_redirect_url(text: &str) {
    let url = match RedirectUrl::parse(text, "f") {
        Ok(url) => url,
        Err(e) => return assert_refusal(&e, "f"),
    };
    let s = url.as_str();
    let shown = || format!("{} became {}", short(text), short(s));
    assert!(s.starts_with("https://"), "{}", shown());
    assert!(!s.contains('#'), "{}", shown());
    // What is stored is read back with the same parser: it must come back unchanged.
    assert_eq!(RedirectUrl::parse(s, "f").as_ref(), Ok(&url), "{}", shown());
    // An address may always send a person to itself.
    assert!(allows_redirect(std::slice::from_ref(&url), &url));
}

fn check_system(draft: &SystemDraft, vendor: &OrgNumber) -> Option<SystemDefinition> {
    let system = match SystemDefinition::validate(draft, vendor) {
        Ok(system) => system,
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason: {draft:?}");
            for e in &errors {
                assert_refusal(e, "");
            }
            return None;
        }
    };
    assert_eq!(&system.id.vendor(), vendor);
    assert_eq!(system.id.as_str(), draft.id.trim());
    assert!(!system.packages.is_empty());
    assert!(!(system.visible && system.packages.iter().all(|p| p.client_delegable())));
    for (text, max, required) in [
        (&system.name, MAX_NAME, true),
        (&system.description, MAX_DESCRIPTION, false),
    ] {
        for t in [&text.nb, &text.nn, &text.en] {
            assert_eq!(t.trim(), t);
            assert!(t.chars().count() <= max);
            assert!(!required || !t.is_empty());
        }
    }
    assert!(system.redirect_urls.len() <= MAX_REDIRECT_URLS);
    for (i, url) in system.redirect_urls.iter().enumerate() {
        assert!(url.as_str().starts_with("https://"));
        assert!(!system.redirect_urls[..i].contains(url), "a duplicate");
        assert!(system.allows_redirect(url));
    }
    // Each package goes to exactly one kind of system user.
    let standard = system.packages_for(SystemUserKind::Standard);
    let agent = system.packages_for(SystemUserKind::Agent);
    assert_eq!(standard.len() + agent.len(), system.packages.len());
    assert!(system.fits(SystemUserKind::Standard, &standard).is_ok());
    assert!(system.fits(SystemUserKind::Agent, &agent).is_ok());
    let _ = system.offers_standard();
    Some(system)
}

fn check_request(request: &RequestDraft, kind: SystemUserKind, system: Option<&SystemDefinition>) {
    match request.check_shape() {
        Ok((id, customer)) => {
            assert_eq!(id.as_str(), request.system_id.trim());
            assert_eq!(OrgNumber::parse(&request.customer).as_ref(), Ok(&customer));
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without a reason: {request:?}");
            for e in &errors {
                assert_refusal(e, "");
            }
        }
    }
    let Some(system) = system else { return };
    match request.validate(kind, system) {
        Ok(valid) => {
            assert_eq!(valid.kind, kind);
            assert!(!valid.packages.is_empty());
            assert!(valid.packages.is_subset(&system.packages_for(kind)));
            let r = &valid.external_ref;
            assert!(!r.is_empty() && r.trim() == r && r.chars().count() <= MAX_EXTERNAL_REF);
            if let Some(url) = &valid.redirect_url {
                assert!(system.allows_redirect(url));
            }
        }
        Err(e) => {
            assert!(!register_code(&e).is_empty());
            let _ = e.to_string();
        }
    }
}

/// The start of a long text, for a readable failure (the whole input is in the artifact).
fn short(text: &str) -> String {
    match text.char_indices().nth(100) {
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
        None => format!("{text:?}"),
    }
}

/// A refusal names its field and has a code and words for the vendor.
fn assert_refusal(e: &FieldError, field: &str) {
    assert!(!e.code.is_empty() && !e.detail.is_empty());
    assert!(field.is_empty() || e.field == field);
    assert!(!e.field.is_empty());
}

fn system_draft<'a>(lines: &mut impl Iterator<Item = &'a str>) -> (OrgNumber, SystemDraft) {
    let mut line = || lines.next().unwrap_or_default();
    let vendor = OrgNumber::parse(line())
        .unwrap_or_else(|_| OrgNumber::parse("314250052").expect("a valid number"));
    let draft = SystemDraft {
        id: line().into(),
        name: localized(line()),
        description: localized(line()),
        packages: list(line(), ','),
        redirect_urls: list(line(), ' '),
        visible: line() == "true",
    };
    (vendor, draft)
}

fn request_draft<'a>(lines: &mut impl Iterator<Item = &'a str>) -> RequestDraft {
    RequestDraft {
        system_id: lines.next().unwrap_or_default().into(),
        customer: lines.next().unwrap_or_default().into(),
        packages: list(lines.next().unwrap_or_default(), ','),
        redirect_url: lines.next().map(Into::into),
        external_ref: lines.next().map(Into::into),
    }
}

fn localized(line: &str) -> Localized {
    let mut parts = line.splitn(3, '|').map(String::from);
    Localized {
        nb: parts.next().unwrap_or_default(),
        nn: parts.next().unwrap_or_default(),
        en: parts.next().unwrap_or_default(),
    }
}

/// The items of a line; an empty line is an empty list.
fn list(line: &str, separator: char) -> Vec<String> {
    if line.is_empty() {
        return Vec::new();
    }
    line.split(separator).map(String::from).collect()
}
