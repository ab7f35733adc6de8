//! The history as CSV for Norwegian Excel: UTF-8 with a byte order mark, `;` between
//! cells, CRLF after each row, quoted by RFC 4180, and no cell that a spreadsheet would
//! run as a formula.

use std::borrow::Cow;

use super::describe::EventView;

/// Makes Excel read the file as UTF-8 (æ, ø and å).
pub const BOM: &str = "\u{feff}";

/// The columns' names, as Fluent keys: in bokmål "tidspunkt", "handling", "beskrivelse",
/// "utført av", "på vegne av", "kunde", "kunde navn", "systemtilgang", "årsak".
pub const COLUMNS: [&str; 9] = [
    "csv-when",
    "csv-action",
    "csv-description",
    "csv-actor",
    "csv-on-behalf-of",
    "csv-client",
    "csv-client-name",
    "csv-system-access",
    "csv-cause",
];

/// The header row, in the current language.
pub fn header() -> String {
    let names: Vec<String> = COLUMNS.iter().map(|k| crate::web::i18n::t(k)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    row(&names)
}

/// One event as a row, in the order of `COLUMNS`.
pub fn event_row(v: &EventView) -> String {
    let description = match &v.unknown_details {
        Some(details) => format!("{} {details}", v.what),
        None => v.what.clone(),
    };
    row(&[
        &v.when_iso,
        &v.action,
        &description,
        &v.who,
        &v.on_behalf_of,
        &v.client_number,
        &v.client_name,
        &v.system_access,
        v.cause.as_deref().unwrap_or(""),
    ])
}

fn row(cells: &[&str]) -> String {
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(";");
    line.push_str("\r\n");
    line
}

/// One cell: a leading apostrophe before anything a spreadsheet would take for a formula
/// (OWASP's list), then quotes around anything with a separator, quote or line break.
fn cell(value: &str) -> Cow<'_, str> {
    let value: Cow<'_, str> = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    };
    if value.contains([';', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", value.replace('"', "\"\"")))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_stay_as_they_are() {
        assert_eq!(cell("Bergtatt Bygg AS"), "Bergtatt Bygg AS");
        assert_eq!(cell(""), "");
        assert_eq!(
            cell("2026-11-24T14:03:07+01:00"),
            "2026-11-24T14:03:07+01:00"
        );
    }

    #[test]
    fn separators_quotes_and_line_breaks_are_quoted() {
        assert_eq!(cell("A; B"), "\"A; B\"");
        assert_eq!(cell("Kafé \"Elva\""), "\"Kafé \"\"Elva\"\"\"");
        assert_eq!(cell("to\nlinjer"), "\"to\nlinjer\"");
        assert_eq!(cell("komma, går fint"), "komma, går fint");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+47 22 00 00 00"), "'+47 22 00 00 00");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(
            cell("=HYPERLINK(\"https://x\";\"klikk\")"),
            "\"'=HYPERLINK(\"\"https://x\"\";\"\"klikk\"\")\""
        );
    }

    #[test]
    fn rows_end_with_crlf() {
        assert_eq!(
            header(),
            "tidspunkt;handling;beskrivelse;utført av;på vegne av;kunde;kunde navn;systemtilgang;årsak\r\n"
        );
    }
}
