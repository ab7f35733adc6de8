//! Brønnøysundregistrene's open data: the JSON that Enhetsregisteret's API returns for an
//! organization's roles (`/enhetsregisteret/api/enheter/{orgnr}/roller`). Only the roles
//! firms hold for the organization and that give access packages are read: REGN, REVI and FFØR.

use serde::Deserialize;

use crate::domain::relationships::RegisterEntry;
use crate::domain::{OrgNumber, RegisterRole};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not an answer from Enhetsregisteret's roles API: {0}")]
    Malformed(String),
    #[error("invalid organization number {number:?} in the role {role}: {reason}")]
    BadOrgNumber {
        role: String,
        number: String,
        reason: String,
    },
    #[error("the file is about {}, not {}", .file.formatted(), .asked.formatted())]
    OtherOrganization { file: OrgNumber, asked: OrgNumber },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RolesResponse {
    organisasjonsnummer: Option<String>,
    rollegrupper: Vec<RoleGroup>,
}

#[derive(Deserialize)]
struct RoleGroup {
    roller: Vec<RoleEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleEntry {
    #[serde(rename = "type")]
    kind: Code,
    enhet: Option<Unit>,
    #[serde(default)]
    fratraadt: bool,
}

#[derive(Deserialize)]
struct Code {
    kode: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Unit {
    organisasjonsnummer: String,
    #[serde(default)]
    navn: Vec<String>,
    organisasjonsform: Option<Code>,
    #[serde(default)]
    er_slettet: bool,
}

/// The register roles in one roles response, for `organization`. Other roles (DAGL, STYR,
/// …), roles held by persons, resigned roles and deleted units are left out.
pub fn parse_roles(json: &str, organization: &OrgNumber) -> Result<Vec<RegisterEntry>, ParseError> {
    let response: RolesResponse =
        serde_json::from_str(json).map_err(|e| ParseError::Malformed(e.to_string()))?;
    if let Some(number) = response.organisasjonsnummer {
        let file = OrgNumber::parse(&number).map_err(|e| ParseError::BadOrgNumber {
            role: "organisasjonsnummer".into(),
            number: number.clone(),
            reason: e.to_string(),
        })?;
        if &file != organization {
            return Err(ParseError::OtherOrganization {
                file,
                asked: organization.clone(),
            });
        }
    }
    let mut out = Vec::new();
    for entry in response.rollegrupper.into_iter().flat_map(|g| g.roller) {
        let Ok(role) = RegisterRole::from_code(&entry.kind.kode) else {
            continue;
        };
        let Some(unit) = entry.enhet else { continue };
        if entry.fratraadt || unit.er_slettet {
            continue;
        }
        let firm =
            OrgNumber::parse(&unit.organisasjonsnummer).map_err(|e| ParseError::BadOrgNumber {
                role: entry.kind.kode.clone(),
                number: unit.organisasjonsnummer.clone(),
                reason: e.to_string(),
            })?;
        let name = unit.navn.join(" ");
        out.push(RegisterEntry {
            role,
            firm,
            firm_name: Some(name).filter(|n| !n.trim().is_empty()),
            firm_form: unit.organisasjonsform.map(|f| f.kode),
        });
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: &str) -> OrgNumber {
        OrgNumber::parse(n).unwrap()
    }

    const SAMPLE: &str = r#"{
      "rollegrupper": [
        {"type": {"kode": "DAGL", "beskrivelse": "Daglig leder/ adm.direktør"},
         "sistEndret": "2024-03-01",
         "roller": [{"type": {"kode": "DAGL", "beskrivelse": "Daglig leder/ adm.direktør"},
                     "person": {"fodselsdato": "1975-01-01", "navn": {"fornavn": "Per", "etternavn": "Bakke"}, "erDoed": false},
                     "fratraadt": false, "rekkefolge": 0}]},
        {"type": {"kode": "REGN", "beskrivelse": "Regnskapsfører"},
         "sistEndret": "2024-03-01",
         "roller": [{"type": {"kode": "REGN", "beskrivelse": "Regnskapsfører"},
                     "enhet": {"organisasjonsnummer": "311037889", "organisasjonsform": {"kode": "AS"},
                               "navn": ["VARM ØKONOMISK APE"], "erSlettet": false},
                     "fratraadt": false, "rekkefolge": 0}]},
        {"type": {"kode": "REVI", "beskrivelse": "Revisor"},
         "sistEndret": "2023-01-01",
         "roller": [{"type": {"kode": "REVI", "beskrivelse": "Revisor"},
                     "enhet": {"organisasjonsnummer": "311037889", "erSlettet": false},
                     "fratraadt": true, "rekkefolge": 0}]}
      ]
    }"#;

    #[test]
    fn reads_firm_roles_and_skips_the_rest() {
        let entries = parse_roles(SAMPLE, &org("311037889")).unwrap();
        assert_eq!(
            entries,
            vec![RegisterEntry {
                role: RegisterRole::Accountant,
                firm: org("311037889"),
                firm_name: Some("VARM ØKONOMISK APE".into()),
                firm_form: Some("AS".into()),
            }]
        );
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(matches!(
            parse_roles("{\"rollegrupper\": 3}", &org("311037889")),
            Err(ParseError::Malformed(_))
        ));
        assert!(matches!(
            parse_roles("not json", &org("311037889")),
            Err(ParseError::Malformed(_))
        ));
    }

    #[test]
    fn a_bad_org_number_names_the_role() {
        let json = r#"{"rollegrupper": [{"roller": [{"type": {"kode": "REGN"},
            "enhet": {"organisasjonsnummer": "311037888"}}]}]}"#;
        let err = parse_roles(json, &org("311037889")).unwrap_err();
        assert!(err.to_string().contains("REGN"), "{err}");
    }

    #[test]
    fn a_file_for_another_organization_is_refused() {
        let json = r#"{"organisasjonsnummer": "311037889", "rollegrupper": []}"#;
        assert!(parse_roles(json, &org("311037889")).unwrap().is_empty());
        let other = OrgNumber::with_check_digit(31500000).unwrap();
        assert!(matches!(
            parse_roles(json, &other),
            Err(ParseError::OtherOrganization { .. })
        ));
    }
}
