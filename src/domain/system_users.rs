//! System users (*systembrukere*, shown as *systemtilganger*): standard ones act for
//! their owner, agent ones act for the owner's clients.

use super::packages::UnknownCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemUserKind {
    Standard,
    Agent,
}

impl SystemUserKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Agent => "agent",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        match code {
            "standard" => Ok(Self::Standard),
            "agent" => Ok(Self::Agent),
            other => Err(UnknownCode(other.to_owned())),
        }
    }

    pub fn is_agent(self) -> bool {
        self == Self::Agent
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Eget system",
            Self::Agent => "Klientsystem",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in [SystemUserKind::Standard, SystemUserKind::Agent] {
            assert_eq!(SystemUserKind::from_code(k.code()), Ok(k));
        }
        assert!(SystemUserKind::from_code("vendor").is_err());
    }
}
