//! Brønnøysundregistrene's open data: the JSON that Enhetsregisteret's API returns for an
//! organization's roles (`/enhetsregisteret/api/enheter/{orgnr}/roller`), and the bulk
//! download of every organization's roles (`/enhetsregisteret/api/roller/totalbestand`: a
//! JSON array of such answers, each naming its `organisasjonsnummer`, usually gzipped).
//! Only the roles firms hold for the organization and that give access packages are read:
//! REGN, REVI and FFØR.

use std::collections::HashSet;
use std::fmt;
use std::io::{BufReader, Read};

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

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
    #[error("element {index} names no organisasjonsnummer")]
    NoOrganization { index: usize },
    #[error("{} appears twice (elements {first} and {second})", .number.formatted())]
    Duplicate {
        number: OrgNumber,
        first: usize,
        second: usize,
    },
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
    if let Some(number) = &response.organisasjonsnummer {
        let file = organization_of(number)?;
        if &file != organization {
            return Err(ParseError::OtherOrganization {
                file,
                asked: organization.clone(),
            });
        }
    }
    entries_of(response)
}

/// One organization's register roles from a bulk file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRoles {
    pub organization: OrgNumber,
    pub entries: Vec<RegisterEntry>,
}

/// Every organization's register roles in a bulk file (plain or gzipped JSON), read one
/// element at a time: what is kept is the firms' roles, not the file. An element without
/// an organization number, an organization named twice or a bad number refuses the file.
pub fn parse_bulk(reader: impl Read) -> Result<Vec<OrganizationRoles>, ParseError> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let gzipped = std::io::BufRead::fill_buf(&mut reader)
        .map_err(|e| ParseError::Malformed(e.to_string()))?
        .starts_with(&[0x1f, 0x8b]);
    let mut de = if gzipped {
        let inner: Box<dyn Read> = Box::new(flate2::bufread::MultiGzDecoder::new(reader));
        serde_json::Deserializer::from_reader(inner)
    } else {
        serde_json::Deserializer::from_reader(Box::new(reader) as Box<dyn Read>)
    };
    let bulk = Bulk::deserialize(&mut de)
        .and_then(|b| de.end().map(|()| b))
        .map_err(|e| ParseError::Malformed(e.to_string()))?;
    bulk.0
}

/// The elements of a bulk file, or the first problem with one (the rest of the file is
/// still read through, so a problem in an element is told as itself, not as bad JSON).
struct Bulk(Result<Vec<OrganizationRoles>, ParseError>);

impl<'de> Deserialize<'de> for Bulk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Elements;
        impl<'de> Visitor<'de> for Elements {
            type Value = Bulk;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON array of roles answers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bulk, A::Error> {
                let mut out: Vec<OrganizationRoles> = Vec::new();
                let mut seen: HashSet<OrgNumber> = HashSet::new();
                while let Some(response) = seq.next_element::<RolesResponse>()? {
                    match element(response, out.len(), &mut seen, &out) {
                        Ok(o) => out.push(o),
                        Err(problem) => {
                            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                            return Ok(Bulk(Err(problem)));
                        }
                    }
                }
                Ok(Bulk(Ok(out)))
            }
        }
        d.deserialize_seq(Elements)
    }
}

fn element(
    response: RolesResponse,
    index: usize,
    seen: &mut HashSet<OrgNumber>,
    before: &[OrganizationRoles],
) -> Result<OrganizationRoles, ParseError> {
    let number = response
        .organisasjonsnummer
        .as_deref()
        .ok_or(ParseError::NoOrganization { index })
        .and_then(organization_of)?;
    if !seen.insert(number.clone()) {
        let first = before
            .iter()
            .position(|o| o.organization == number)
            .unwrap_or_default();
        return Err(ParseError::Duplicate {
            number,
            first,
            second: index,
        });
    }
    Ok(OrganizationRoles {
        organization: number,
        entries: entries_of(response)?,
    })
}

fn organization_of(number: &str) -> Result<OrgNumber, ParseError> {
    OrgNumber::parse(number).map_err(|e| ParseError::BadOrgNumber {
        role: "organisasjonsnummer".into(),
        number: number.to_owned(),
        reason: e.to_string(),
    })
}

/// The firms' register roles in one answer, sorted, each once.
fn entries_of(response: RolesResponse) -> Result<Vec<RegisterEntry>, ParseError> {
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

    fn bulk_of(elements: &[String]) -> String {
        format!("[{}]", elements.join(","))
    }

    fn answer(orgnr: &OrgNumber, body: &str) -> String {
        let mut with_number = format!(r#"{{"organisasjonsnummer": "{}","#, orgnr.as_str());
        with_number.push_str(SAMPLE.trim_start().trim_start_matches('{'));
        if body.is_empty() {
            with_number
        } else {
            body.to_owned()
        }
    }

    #[test]
    fn a_bulk_file_is_read_plain_and_gzipped() {
        let a = OrgNumber::with_check_digit(31500000).unwrap();
        let b = OrgNumber::with_check_digit(31500001).unwrap();
        let json = bulk_of(&[
            answer(&a, ""),
            format!(
                r#"{{"organisasjonsnummer": "{}", "rollegrupper": []}}"#,
                b.as_str()
            ),
        ]);
        let plain = parse_bulk(json.as_bytes()).unwrap();
        assert_eq!(plain.len(), 2);
        assert_eq!(plain[0].organization, a);
        assert_eq!(plain[0].entries, parse_roles(SAMPLE, &a).unwrap());
        assert_eq!(plain[1].organization, b);
        assert!(
            plain[1].entries.is_empty(),
            "no firm roles: every role goes"
        );

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, json.as_bytes()).unwrap();
        let gzipped = gz.finish().unwrap();
        assert_eq!(parse_bulk(gzipped.as_slice()).unwrap(), plain);
        assert_eq!(parse_bulk(&b"[]"[..]).unwrap(), vec![]);
    }

    #[test]
    fn a_bulk_file_with_a_problem_is_refused_as_a_whole() {
        let a = OrgNumber::with_check_digit(31500000).unwrap();
        let twice = bulk_of(&[answer(&a, ""), answer(&a, "")]);
        assert!(matches!(
            parse_bulk(twice.as_bytes()),
            Err(ParseError::Duplicate {
                first: 0,
                second: 1,
                ..
            })
        ));
        let nameless = bulk_of(&[answer(&a, ""), r#"{"rollegrupper": []}"#.into()]);
        assert!(matches!(
            parse_bulk(nameless.as_bytes()),
            Err(ParseError::NoOrganization { index: 1 })
        ));
        let bad = bulk_of(&[r#"{"organisasjonsnummer": "311037888", "rollegrupper": []}"#.into()]);
        assert!(matches!(
            parse_bulk(bad.as_bytes()),
            Err(ParseError::BadOrgNumber { .. })
        ));
        for broken in ["", "{}", "[{\"rollegrupper\": 3}]", "[] []", "[{}"] {
            assert!(
                matches!(parse_bulk(broken.as_bytes()), Err(ParseError::Malformed(_))),
                "{broken:?}"
            );
        }
    }
}
