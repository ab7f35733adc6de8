//! Norwegian identifiers: organization numbers (9 digits, MOD11) and national identity
//! numbers (11 digits, two MOD11 check digits). Input may contain spaces; a value that
//! exists has been validated, so the rest of the code never checks again.

use std::fmt;

/// Why a typed identifier was refused. The page words it in the user's language
/// (`web::texts`); this text is for logs and the command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("empty")]
    Empty,
    #[error("may only hold digits and spaces")]
    NotDigits,
    #[error("must have {expected} digits, not {actual}")]
    WrongLength { expected: usize, actual: usize },
    #[error("the check digit does not match")]
    Checksum,
}

/// Strips spaces and checks that what is left is `expected` digits.
fn digits(input: &str, expected: usize) -> Result<Vec<u32>, IdError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(IdError::Empty);
    }
    let digits: Option<Vec<u32>> = compact.chars().map(|c| c.to_digit(10)).collect();
    let digits = digits.ok_or(IdError::NotDigits)?;
    if digits.len() != expected {
        return Err(IdError::WrongLength {
            expected,
            actual: digits.len(),
        });
    }
    Ok(digits)
}

/// MOD11 check digit for `digits` with `weights`: 11 − (sum mod 11), where 11 → 0 and
/// 10 means that no valid number has these leading digits.
fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        check => Some(check),
    }
}

fn to_string(digits: &[u32]) -> String {
    digits
        .iter()
        .filter_map(|d| char::from_digit(*d, 10))
        .collect()
}

/// An organization number (*organisasjonsnummer*) from Enhetsregisteret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct OrgNumber(String);

impl OrgNumber {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

    pub fn parse(input: &str) -> Result<Self, IdError> {
        let d = digits(input, 9)?;
        if mod11(&d[..8], &Self::WEIGHTS) != Some(d[8]) {
            return Err(IdError::Checksum);
        }
        Ok(Self(to_string(&d)))
    }

    /// Completes eight digits with their check digit; None when no valid number has them.
    /// Used to make demo and test data.
    pub fn with_check_digit(prefix: u32) -> Option<Self> {
        let prefix = format!("{prefix:08}");
        let d = digits(&prefix, 8).ok()?;
        let check = mod11(&d, &Self::WEIGHTS)?;
        Some(Self(format!("{prefix}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// "311 037 889", the way Norwegians write it.
    pub fn formatted(&self) -> String {
        format!("{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A national identity number (*fødselsnummer*), including synthetic test persons (month + 80).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct NationalId(String);

impl NationalId {
    const WEIGHTS_1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const WEIGHTS_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

    pub fn parse(input: &str) -> Result<Self, IdError> {
        let d = digits(input, 11)?;
        if mod11(&d[..9], &Self::WEIGHTS_1) != Some(d[9]) {
            return Err(IdError::Checksum);
        }
        if mod11(&d[..10], &Self::WEIGHTS_2) != Some(d[10]) {
            return Err(IdError::Checksum);
        }
        Ok(Self(to_string(&d)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_number_from_the_seed_is_valid() {
        assert_eq!(OrgNumber::parse("311037889").unwrap().as_str(), "311037889");
    }

    #[test]
    fn org_number_accepts_spaces_and_formats_them_back() {
        let n = OrgNumber::parse(" 311 037 889 ").unwrap();
        assert_eq!(n.as_str(), "311037889");
        assert_eq!(n.formatted(), "311 037 889");
    }

    #[test]
    fn org_number_mistakes_each_have_their_message() {
        assert_eq!(OrgNumber::parse("  "), Err(IdError::Empty));
        assert_eq!(OrgNumber::parse("31103788x"), Err(IdError::NotDigits));
        assert_eq!(
            OrgNumber::parse("31103788"),
            Err(IdError::WrongLength {
                expected: 9,
                actual: 8
            })
        );
        assert_eq!(OrgNumber::parse("311037888"), Err(IdError::Checksum));
    }

    #[test]
    fn org_number_whose_check_would_be_ten_is_invalid_for_every_last_digit() {
        // Find the first prefix whose weighted sum leaves remainder 1 (check digit 10).
        let prefix = (0..100_000_000u32)
            .map(|n| format!("{n:08}"))
            .find(|p| {
                let d: Vec<u32> = p.chars().map(|c| c.to_digit(10).unwrap()).collect();
                mod11(&d, &OrgNumber::WEIGHTS).is_none()
            })
            .unwrap();
        for last in 0..=9 {
            assert_eq!(
                OrgNumber::parse(&format!("{prefix}{last}")),
                Err(IdError::Checksum)
            );
        }
    }

    #[test]
    fn with_check_digit_completes_valid_numbers() {
        assert_eq!(
            OrgNumber::with_check_digit(31103788).unwrap().as_str(),
            "311037889"
        );
        let made = (31500000..31500100).filter_map(OrgNumber::with_check_digit);
        for n in made {
            assert!(OrgNumber::parse(n.as_str()).is_ok());
        }
    }

    #[test]
    fn check_digit_eleven_becomes_zero() {
        // Sum divisible by 11 gives check digit 0: "00000000" + "0".
        assert!(OrgNumber::parse("000000000").is_ok());
    }

    #[test]
    fn national_ids_from_the_demo_data_are_valid() {
        for id in ["12817540048", "03828040110", "24898840189", "07916940046"] {
            assert!(NationalId::parse(id).is_ok(), "{id} should be valid");
        }
    }

    #[test]
    fn national_id_mistakes_each_have_their_message() {
        assert_eq!(NationalId::parse(""), Err(IdError::Empty));
        assert_eq!(NationalId::parse("1281754004a"), Err(IdError::NotDigits));
        assert_eq!(
            NationalId::parse("1281754004"),
            Err(IdError::WrongLength {
                expected: 11,
                actual: 10
            })
        );
        // First check digit wrong, then only the second.
        assert_eq!(NationalId::parse("12817540038"), Err(IdError::Checksum));
        assert_eq!(NationalId::parse("12817540049"), Err(IdError::Checksum));
    }

    #[test]
    fn national_id_accepts_spaces() {
        assert_eq!(
            NationalId::parse("128175 40048").unwrap().as_str(),
            "12817540048"
        );
    }
}
