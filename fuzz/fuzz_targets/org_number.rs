//! `OrgNumber::parse` on any text. It must never panic, it must accept exactly the
//! numbers an independent MOD11 check accepts (spaces allowed), and what it accepts must
//! come back unchanged from `formatted()` and `as_str()`.
#![no_main]

use klientdelegering::domain::OrgNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    check(&String::from_utf8_lossy(data));
    // Demo data is made from eight digits; the first four bytes name them.
    if let Some(prefix) = data.first_chunk::<4>() {
        check_made(u32::from_le_bytes(*prefix) % 100_000_000);
    }
});

fn check(input: &str) {
    let parsed = OrgNumber::parse(input);
    // The error is shown to the user: it must render.
    if let Err(e) = &parsed {
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        parsed.as_ref().ok().map(OrgNumber::as_str),
        expected(input).as_deref(),
        "input {input:?}"
    );
    let Ok(n) = parsed else { return };
    assert_valid(n.as_str());
    assert_eq!(n.to_string(), n.as_str());
    assert_eq!(OrgNumber::parse(&n.formatted()).as_ref(), Ok(&n));
    assert_eq!(OrgNumber::parse(n.as_str()).as_ref(), Ok(&n));
}

fn check_made(prefix: u32) {
    let Some(n) = OrgNumber::with_check_digit(prefix) else {
        return;
    };
    assert!(n.as_str().starts_with(&format!("{prefix:08}")));
    assert_valid(n.as_str());
    assert_eq!(OrgNumber::parse(n.as_str()).as_ref(), Ok(&n));
}

/// What the parser should make of `input`: its digits, if it is nine ASCII digits with
/// a valid check digit once whitespace is dropped.
fn expected(input: &str) -> Option<String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.len() == 9 && compact.bytes().all(|b| b.is_ascii_digit()) && mod11_ok(&compact))
        .then_some(compact)
}

fn assert_valid(number: &str) {
    assert_eq!(number.len(), 9, "{number:?}");
    assert!(number.bytes().all(|b| b.is_ascii_digit()), "{number:?}");
    assert!(mod11_ok(number), "{number:?}");
}

/// The MOD11 rule for organization numbers, written out again (not the crate's code).
fn mod11_ok(number: &str) -> bool {
    let d: Vec<u32> = number.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = [3, 2, 7, 6, 5, 4, 3, 2]
        .iter()
        .zip(&d)
        .map(|(w, d)| w * d)
        .sum();
    let check = (11 - sum % 11) % 11;
    check != 10 && check == d[8]
}
