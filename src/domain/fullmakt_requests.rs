//! Requests for fullmakt (*forespørsel om fullmakt*): a firm asks an organization for a
//! fullmakt with chosen access packages, and may ask for the client to be put on one of
//! its agent system accesses once granted. What a request may hold, and where it stands.

use super::packages::PackageSet;
use super::relationships::{GrantError, packages_to_delegate};

/// How long a request can be answered when `FULLMAKT_REQUEST_TTL_DAYS` does not say.
pub const DEFAULT_TTL_DAYS: u32 = 30;
/// The longest message a firm may send with a request, in characters.
pub const MAX_MESSAGE: usize = 500;

/// Where a request stands. A pending request past its expiry is reported as expired,
/// even before anything has written that down (by the database's clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullmaktRequestStatus {
    Pending,
    Accepted,
    Declined,
    Withdrawn,
    Expired,
}

impl FullmaktRequestStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Accepted,
        Self::Declined,
        Self::Withdrawn,
        Self::Expired,
    ];

    /// The code in `fullmakt_requests.status`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the request can still be answered or withdrawn.
    pub fn is_open(self) -> bool {
        self == Self::Pending
    }
}

/// What is wrong with a request as the firm filled it in; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// The packages: none, unknown, or one a client cannot delegate.
    Packages(GrantError),
    /// The message is longer than `MAX_MESSAGE` characters.
    MessageTooLong,
}

/// A request's packages and message, checked. The message is trimmed; line breaks are
/// kept, other control characters are not allowed (they cannot be shown).
pub fn check_draft<S: AsRef<str>>(
    packages: &[S],
    message: &str,
) -> Result<(PackageSet, String), Vec<DraftError>> {
    let mut errors = Vec::new();
    let packages = packages_to_delegate(packages)
        .map_err(|e| errors.push(DraftError::Packages(e)))
        .ok();
    let message: String = message
        .trim()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .filter(|c| *c != '\r')
        .collect();
    if message.chars().count() > MAX_MESSAGE {
        errors.push(DraftError::MessageTooLong);
    }
    match packages {
        Some(p) if errors.is_empty() => Ok((p, message)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccessPackage;

    #[test]
    fn a_draft_needs_delegable_packages_and_a_short_message() {
        let signing = AccessPackage::RegnskapsforerMedSignering.slug();
        let (p, m) = check_draft(&[signing], "  Hei!\r\nVi trenger dette.\u{0}  ").unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(m, "Hei!\nVi trenger dette.");
        let none: [&str; 0] = [];
        assert_eq!(
            check_draft(&none, ""),
            Err(vec![DraftError::Packages(GrantError::NoPackages)])
        );
        let long = "x".repeat(MAX_MESSAGE + 1);
        assert_eq!(
            check_draft(&[signing], &long),
            Err(vec![DraftError::MessageTooLong])
        );
        assert_eq!(
            check_draft(&["finnes-ikke"], &long),
            Err(vec![
                DraftError::Packages(GrantError::UnknownPackage),
                DraftError::MessageTooLong
            ])
        );
        assert_eq!(
            check_draft(&[signing], &"x".repeat(MAX_MESSAGE))
                .unwrap()
                .1
                .len(),
            MAX_MESSAGE
        );
    }

    #[test]
    fn statuses_round_trip_and_only_pending_is_open() {
        for s in FullmaktRequestStatus::ALL {
            assert_eq!(FullmaktRequestStatus::from_code(s.code()), Some(s));
            assert_eq!(s.is_open(), s == FullmaktRequestStatus::Pending);
        }
        assert_eq!(FullmaktRequestStatus::from_code("timed_out"), None);
    }
}
