//! Small helpers the templates share: paging and dates in the page's language.

/// Page links for a list: which page we are on and which others to offer.
pub struct Pager {
    pub page: i64,
    pub page_count: i64,
    pub total: i64,
}

impl Pager {
    pub fn new(page: i64, total: i64, per_page: i64) -> Self {
        let page_count = ((total + per_page - 1) / per_page).max(1);
        Self {
            page: page.clamp(1, page_count),
            page_count,
            total,
        }
    }

    pub fn prev(&self) -> Option<i64> {
        (self.page > 1).then(|| self.page - 1)
    }

    pub fn next(&self) -> Option<i64> {
        (self.page < self.page_count).then(|| self.page + 1)
    }

    /// Up to seven page numbers around the current one; 0 marks a gap ("…").
    pub fn numbers(&self) -> Vec<i64> {
        let (p, n) = (self.page, self.page_count);
        if n <= 7 {
            return (1..=n).collect();
        }
        let mut out = vec![1];
        let start = (p - 1).max(2);
        let end = (p + 1).min(n - 1);
        if start > 2 {
            out.push(0);
        }
        out.extend(start..=end);
        if end < n - 1 {
            out.push(0);
        }
        out.push(n);
        out
    }
}

/// The address of a page of a list with a search, up to the page number ("?q=bakeri&side="),
/// for `templates/macros.html`'s pager.
pub fn search_page_prefix(q: &str) -> String {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    format!("?q={q}&side=")
}

/// A page number from a query string or form, where anything odd means the first page.
pub fn page_number(s: &str) -> i64 {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// A date in the current language: 24.11.2026 in Norwegian, 24 Nov 2026 in English.
pub fn date(t: &time::OffsetDateTime) -> String {
    date_in(super::i18n::lang(), t)
}

pub fn date_in(lang: super::i18n::Lang, t: &time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    match lang {
        super::i18n::Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS[usize::from(u8::from(t.month())) - 1];
            format!("{} {month} {}", t.day(), t.year())
        }
        _ => format!("{:02}.{:02}.{}", t.day(), u8::from(t.month()), t.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_shows_all_pages_when_few() {
        let p = Pager::new(2, 50, 20);
        assert_eq!(p.numbers(), vec![1, 2, 3]);
        assert_eq!(p.prev(), Some(1));
        assert_eq!(p.next(), Some(3));
    }

    #[test]
    fn pager_elides_when_many() {
        let p = Pager::new(10, 400, 20);
        assert_eq!(p.numbers(), vec![1, 0, 9, 10, 11, 0, 20]);
        assert_eq!(Pager::new(1, 400, 20).numbers(), vec![1, 2, 0, 20]);
    }

    #[test]
    fn pager_clamps_out_of_range_pages() {
        assert_eq!(Pager::new(99, 30, 20).page, 2);
        assert_eq!(Pager::new(1, 0, 20).page_count, 1);
    }

    #[test]
    fn dates_read_the_norwegian_way() {
        let t = time::macros::datetime!(2026-11-04 10:00 UTC);
        assert_eq!(date_in(super::super::i18n::Lang::Nb, &t), "04.11.2026");
        assert_eq!(date_in(super::super::i18n::Lang::Nn, &t), "04.11.2026");
        assert_eq!(date_in(super::super::i18n::Lang::En, &t), "4 Nov 2026");
    }

    #[test]
    fn odd_page_numbers_mean_the_first_page() {
        assert_eq!(page_number("3"), 3);
        assert_eq!(page_number("-1"), 1);
        assert_eq!(page_number("abc"), 1);
    }
}
