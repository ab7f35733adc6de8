//! `NationalId::parse` on any text. It must never panic, it must accept exactly the
//! numbers whose two MOD11 check digits an independent check accepts (spaces allowed),
//! and what it accepts must parse back from `as_str()` to itself.
#![no_main]

use klientdelegering::domain::NationalId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    check(&String::from_utf8_lossy(data));
});

fn check(input: &str) {
    let parsed = NationalId::parse(input);
    if let Err(e) = &parsed {
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(
        parsed.as_ref().ok().map(NationalId::as_str),
        expected(input).as_deref(),
        "input {input:?}"
    );
    let Ok(id) = parsed else { return };
    assert_valid(id.as_str());
    assert_eq!(id.to_string(), id.as_str());
    assert_eq!(NationalId::parse(id.as_str()).as_ref(), Ok(&id));
}

/// Eleven ASCII digits with both check digits valid, once whitespace is dropped.
fn expected(input: &str) -> Option<String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.len() == 11 && compact.bytes().all(|b| b.is_ascii_digit()) && checks_ok(&compact))
        .then_some(compact)
}

fn assert_valid(id: &str) {
    assert_eq!(id.len(), 11, "{id:?}");
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id:?}");
    assert!(checks_ok(id), "{id:?}");
}

/// The two MOD11 check digits of a fødselsnummer, written out again (not the crate's code).
fn checks_ok(id: &str) -> bool {
    let d: Vec<u32> = id.bytes().map(|b| u32::from(b - b'0')).collect();
    let check = |weights: &[u32], at: usize| {
        let sum: u32 = weights.iter().zip(&d).map(|(w, d)| w * d).sum();
        let c = (11 - sum % 11) % 11;
        c != 10 && c == d[at]
    };
    check(&[3, 7, 6, 1, 8, 9, 4, 5, 2], 9) && check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 10)
}
