//! Demo data (DOMAIN.md §9): the firm Varm Økonomisk Ape with its people, an agent system
//! access that needs two packages, clients of every kind, a vendor with systems, a pending
//! vendor request, an open request for fullmakt from the firm to a client, and a client
//! with no relationship yet. Loading twice changes nothing.

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::{AccessPackage, OrgNumber, RegisterRole, Role};

pub const FIRM_ORG_NUMBER: &str = "311037889";
pub const FIRM_NAME: &str = "Varm Økonomisk Ape";
pub const AGENT_SYSTEM_USER_NAME: &str = "Smart Regnskap – klientportefølje";

/// How the firm is related to a demo client.
#[derive(Clone, Copy)]
enum Rel {
    Regn,
    FullmaktBoth,
    FullmaktSigningOnly,
    FullmaktPayrollOnly,
    Revi,
    Ffor,
}

/// (name, organization form, relationship). Order fixes their organization numbers.
const CLIENTS: &[(&str, &str, Rel)] = &[
    ("Fjordkanten Rørlegger AS", "AS", Rel::Regn),
    ("Nordlys Bakeri AS", "AS", Rel::Regn),
    ("Solsiden Frisør", "ENK", Rel::Regn),
    ("Bergtatt Bygg AS", "AS", Rel::Regn),
    ("Havbris Fiskemottak AS", "AS", Rel::Regn),
    ("Lunden Barnehage AS", "AS", Rel::Regn),
    ("Granly Gartneri", "ENK", Rel::Regn),
    ("Stormkast Elektro AS", "AS", Rel::Regn),
    ("Kvitfjell Snekkeri AS", "AS", Rel::Regn),
    ("Elvebredden Kafé AS", "AS", Rel::Regn),
    ("Tindetopp Klatresenter AS", "AS", Rel::Regn),
    ("Lyngheia Transport AS", "AS", Rel::Regn),
    ("Myrull Design", "ENK", Rel::Regn),
    ("Saltvann Marina AS", "AS", Rel::Regn),
    ("Furuly Maskin AS", "AS", Rel::Regn),
    ("Blåbærlia Gård", "ENK", Rel::Regn),
    ("Nattsvermer Lys AS", "AS", Rel::Regn),
    ("Skjærgården Seilmakeri AS", "AS", Rel::Regn),
    ("Vindharpe Musikk AS", "AS", Rel::Regn),
    ("Torvtak Tømrer AS", "AS", Rel::Regn),
    ("Isbre Kjøleteknikk AS", "AS", Rel::Regn),
    ("Kornåker Mølle AS", "AS", Rel::Regn),
    ("Fossefall Kraft AS", "AS", Rel::Regn),
    ("Lettvint Regnskapstjenester", "ENK", Rel::Regn),
    ("Måkeskrik Fiskeutsalg AS", "AS", Rel::Regn),
    ("Rimfrost Verksted AS", "AS", Rel::Regn),
    ("Sjøstjerne Dykkersenter AS", "AS", Rel::Regn),
    ("Tyttebær Catering AS", "AS", Rel::Regn),
    ("Ulvehiet Friluft AS", "AS", Rel::Regn),
    ("Aurora Optikk AS", "AS", Rel::Regn),
    ("Bjørkelunden Hudpleie AS", "AS", Rel::FullmaktBoth),
    ("Drivved Interiør AS", "AS", Rel::FullmaktBoth),
    ("Eikenøtt Bokhandel AS", "AS", Rel::FullmaktBoth),
    ("Fjellvann Kaffebrenneri AS", "AS", Rel::FullmaktBoth),
    ("Gjøkur Urmaker", "ENK", Rel::FullmaktBoth),
    ("Hestehov Ridesenter AS", "AS", Rel::FullmaktBoth),
    ("Jordbær Juice AS", "AS", Rel::FullmaktSigningOnly),
    ("Kobberkjelen Bryggeri AS", "AS", Rel::FullmaktSigningOnly),
    ("Lakseelva Camping AS", "AS", Rel::FullmaktSigningOnly),
    ("Mosegrodd Antikk", "ENK", Rel::FullmaktPayrollOnly),
    ("Nøttekrakken Leker AS", "AS", Rel::Revi),
    ("Orkanen Takservice AS", "AS", Rel::Revi),
    ("Pepperkake Konditori AS", "AS", Rel::Revi),
    ("Rypetoppen Hytteutleie AS", "AS", Rel::Revi),
    ("Sildesalat Delikatesse AS", "AS", Rel::Revi),
    ("Tårnfalken Borettslag", "BRL", Rel::Ffor),
    ("Utsikten Sameie", "ESEK", Rel::Ffor),
    ("Vaktmester Vidar AS", "AS", Rel::Ffor),
];

/// Clients that start out on the agent system access, so "hide those already added" shows.
const ALREADY_ADDED: &[&str] = &[
    "Aurora Optikk AS",
    "Bergtatt Bygg AS",
    "Drivved Interiør AS",
];

/// The demo persons: (national id, name, organization number, role).
const PEOPLE: &[(&str, &str, &str, Role)] = &[
    (
        "12817540048",
        "Ingrid Apeland",
        FIRM_ORG_NUMBER,
        Role::GeneralManager,
    ),
    (
        "03828040110",
        "Ola Klientsen",
        FIRM_ORG_NUMBER,
        Role::ClientAdministrator,
    ),
    (
        "24898840189",
        "Tone Tilgangsen",
        FIRM_ORG_NUMBER,
        Role::AccessManager,
    ),
];

/// The client the firm has asked for the package it lacks (an open request for fullmakt).
pub const ASKED_CLIENT: &str = "Jordbær Juice AS";
pub const NO_RELATIONSHIP_PERSON: &str = "07916940046";
pub const NO_RELATIONSHIP_CLIENT: &str = "Fjellbekk Bakeri AS";
pub const VENDOR_NAME: &str = "Smart Regnskap AS";
/// Where the demo vendor's systems may send a person back after answering a request.
pub const VENDOR_REDIRECT_URL: &str = "https://smartregnskap.example/systemtilgang/";
pub const OTHER_FIRM_NAME: &str = "Kald Revisjon AS";
/// Kald Revisjon's agent system access, which takes new clients by itself.
pub const OTHER_FIRM_AGENT_NAME: &str = "Smart Revisjon – kunder";
/// Daglig leder of Kald Revisjon AS, a firm with nothing to do with Varm Økonomisk Ape.
pub const OTHER_FIRM_PERSON: &str = "01887010095";

/// The n-th valid organization number in the demo range (prefixes 315xxxxx).
fn demo_org_number(n: u32) -> OrgNumber {
    (31_500_000 + n * 7..)
        .find_map(OrgNumber::with_check_digit)
        .expect("the demo range has valid numbers")
}

impl Store {
    /// Loads the demo data; safe to run on every start.
    #[tracing::instrument(skip(self))]
    pub async fn seed_demo(&self) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        let firm = upsert_org(&mut tx, FIRM_ORG_NUMBER, FIRM_NAME, "AS").await?;
        for (nid, name, org, role) in PEOPLE {
            let person = upsert_person(&mut tx, nid, name).await?;
            let org_id = upsert_org(&mut tx, org, FIRM_NAME, "AS").await?;
            grant_role(&mut tx, person, org_id, *role).await?;
        }

        // A vendor and its systems.
        let vendor_number = demo_org_number(900);
        let vendor = upsert_org(&mut tx, vendor_number.as_str(), VENDOR_NAME, "AS").await?;
        let agent_system = format!("{vendor_number}_smartregnskap_klient");
        upsert_system(
            &mut tx,
            &agent_system,
            vendor,
            [
                "Smart Regnskap Klient",
                "Smart Rekneskap Klient",
                "Smart Accounting Client",
            ],
            "Fører regnskap og lønn for kundene dine.",
            false,
            &[
                AccessPackage::RegnskapsforerMedSignering,
                AccessPackage::RegnskapsforerLonn,
            ],
        )
        .await?;
        let own_system = format!("{vendor_number}_smartregnskap_aarsoppgjor");
        upsert_system(
            &mut tx,
            &own_system,
            vendor,
            [
                "Smart Årsoppgjør",
                "Smart Årsoppgjer",
                "Smart Annual Accounts",
            ],
            "Sender inn virksomhetens egne skattemeldinger og a-meldinger.",
            true,
            &[AccessPackage::Skattegrunnlag, AccessPackage::AOrdningen],
        )
        .await?;
        upsert_system(
            &mut tx,
            &format!("{vendor_number}_smartlonn"),
            vendor,
            ["Smart Lønn", "Smart Løn", "Smart Payroll"],
            "Sender a-meldinger for virksomheten hver måned.",
            true,
            &[AccessPackage::AOrdningen],
        )
        .await?;
        let revisor_system = format!("{vendor_number}_smartrevisjon");
        upsert_system(
            &mut tx,
            &revisor_system,
            vendor,
            ["Smart Revisjon", "Smart Revisjon", "Smart Audit"],
            "Revisjon av kundenes regnskap.",
            false,
            &[
                AccessPackage::AnsvarligRevisor,
                AccessPackage::Revisormedarbeider,
            ],
        )
        .await?;

        let agent = upsert_system_user(
            &mut tx,
            firm,
            &agent_system,
            "agent",
            AGENT_SYSTEM_USER_NAME,
            &[
                AccessPackage::RegnskapsforerMedSignering,
                AccessPackage::RegnskapsforerLonn,
            ],
        )
        .await?;
        upsert_system_user(
            &mut tx,
            firm,
            &own_system,
            "standard",
            "Årsoppgjør for Varm Økonomisk Ape",
            &[AccessPackage::Skattegrunnlag, AccessPackage::AOrdningen],
        )
        .await?;

        // The clients and how the firm is related to each.
        let mut asked = None;
        for (i, (name, form, rel)) in CLIENTS.iter().enumerate() {
            let number = demo_org_number(i as u32);
            let client = upsert_org(&mut tx, number.as_str(), name, form).await?;
            if *name == ASKED_CLIENT {
                asked = Some(client);
            }
            match rel {
                Rel::Regn => register_role(&mut tx, firm, client, RegisterRole::Accountant).await?,
                Rel::Revi => register_role(&mut tx, firm, client, RegisterRole::Auditor).await?,
                Rel::Ffor => {
                    register_role(&mut tx, firm, client, RegisterRole::BusinessManager).await?
                }
                Rel::FullmaktBoth => {
                    fullmakt(
                        &mut tx,
                        client,
                        firm,
                        &[
                            AccessPackage::RegnskapsforerMedSignering,
                            AccessPackage::RegnskapsforerLonn,
                        ],
                    )
                    .await?
                }
                Rel::FullmaktSigningOnly => {
                    fullmakt(
                        &mut tx,
                        client,
                        firm,
                        &[AccessPackage::RegnskapsforerMedSignering],
                    )
                    .await?
                }
                Rel::FullmaktPayrollOnly => {
                    fullmakt(&mut tx, client, firm, &[AccessPackage::RegnskapsforerLonn]).await?
                }
            }
            if let Some(agent) = agent
                && ALREADY_ADDED.contains(name)
            {
                sqlx::query!(
                    "INSERT INTO client_delegations (system_user_id, firm_id, client_id)
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    agent,
                    firm,
                    client
                )
                .execute(&mut *tx)
                .await?;
            }
        }

        // The firm has asked one client for the package it lacks, for the agent.
        if let Some(client) = asked {
            sqlx::query!(
                "INSERT INTO fullmakt_requests
                     (firm_id, client_id, packages, system_user_id, message, expires_at)
                 SELECT $1, $2, $3, $4, $5, now() + interval '30 days'
                  WHERE NOT EXISTS (SELECT 1 FROM fullmakt_requests
                                     WHERE firm_id = $1 AND client_id = $2)",
                firm,
                client,
                &[AccessPackage::RegnskapsforerLonn.urn().to_owned()] as &[String],
                agent,
                "Hei! For at vi kan kjøre lønn for dere i Smart Regnskap, trenger vi også \
                 tilgangspakken Regnskapsfører lønn."
            )
            .execute(&mut *tx)
            .await?;
        }

        // The client with no relationship yet (seed steps 1–2), and its general manager.
        let lonely = upsert_org(
            &mut tx,
            demo_org_number(500).as_str(),
            NO_RELATIONSHIP_CLIENT,
            "AS",
        )
        .await?;
        let person = upsert_person(&mut tx, NO_RELATIONSHIP_PERSON, "Per Bakke").await?;
        grant_role(&mut tx, person, lonely, Role::GeneralManager).await?;

        // Another firm, for checking that nobody sees another organization's data.
        let other = upsert_org(
            &mut tx,
            demo_org_number(700).as_str(),
            OTHER_FIRM_NAME,
            "AS",
        )
        .await?;
        let other_person = upsert_person(&mut tx, OTHER_FIRM_PERSON, "Kåre Kald").await?;
        grant_role(&mut tx, other_person, other, Role::GeneralManager).await?;
        let audit_agent = upsert_system_user(
            &mut tx,
            other,
            &revisor_system,
            "agent",
            OTHER_FIRM_AGENT_NAME,
            &[
                AccessPackage::AnsvarligRevisor,
                AccessPackage::Revisormedarbeider,
            ],
        )
        .await?;
        // It takes new clients by itself (a client that gives the auditor packages is on it
        // at once), unless someone has turned that off since.
        sqlx::query!(
            "UPDATE system_users SET auto_add = true
              WHERE id = $1 AND NOT auto_add
                AND NOT EXISTS (SELECT 1 FROM audit_events
                                 WHERE system_user_id = $1
                                   AND action = 'system_user.auto_add_changed')",
            audit_agent
        )
        .execute(&mut *tx)
        .await?;

        // A vendor request waiting for the firm's answer.
        sqlx::query!(
            "INSERT INTO system_user_requests
                 (system_id, customer_id, kind, external_ref, expires_at, redirect_url)
             SELECT $1, $2, 'agent', 'demo-revisjon', $3, $4
              WHERE NOT EXISTS (SELECT 1 FROM system_user_requests
                                 WHERE customer_id = $2 AND external_ref = 'demo-revisjon')",
            revisor_system,
            firm,
            OffsetDateTime::now_utc() + Duration::days(180),
            format!("{VENDOR_REDIRECT_URL}revisjon")
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO system_user_request_packages
                 (request_id, kind, package_urn, client_delegable)
             SELECT r.id, r.kind, a.urn, a.client_delegable
               FROM system_user_requests r, access_packages a
              WHERE r.customer_id = $1 AND r.external_ref = 'demo-revisjon'
                AND a.urn = ANY($2::text[])
             ON CONFLICT DO NOTHING",
            firm,
            &[
                AccessPackage::AnsvarligRevisor.urn().to_owned(),
                AccessPackage::Revisormedarbeider.urn().to_owned()
            ] as &[String]
        )
        .execute(&mut *tx)
        .await?;

        tx.commit().await?;
        Ok(())
    }
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Postgres>;

async fn upsert_org(tx: &mut Tx<'_>, number: &str, name: &str, form: &str) -> StoreResult<Uuid> {
    let id = sqlx::query_scalar!(
        "INSERT INTO organizations (org_number, name, org_form) VALUES ($1, $2, $3)
         ON CONFLICT (org_number) DO UPDATE SET org_number = EXCLUDED.org_number
         RETURNING id",
        number,
        name,
        form
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn upsert_person(tx: &mut Tx<'_>, national_id: &str, name: &str) -> StoreResult<Uuid> {
    let id = sqlx::query_scalar!(
        "INSERT INTO persons (national_id, name) VALUES ($1, $2)
         ON CONFLICT (national_id) DO UPDATE SET national_id = EXCLUDED.national_id
         RETURNING id",
        national_id,
        name
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn grant_role(tx: &mut Tx<'_>, person: Uuid, org: Uuid, role: Role) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO person_roles (person_id, organization_id, role) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        person,
        org,
        role.code()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn register_role(
    tx: &mut Tx<'_>,
    firm: Uuid,
    client: Uuid,
    role: RegisterRole,
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO register_roles (firm_id, client_id, role) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        firm,
        client,
        role.code()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn fullmakt(
    tx: &mut Tx<'_>,
    client: Uuid,
    firm: Uuid,
    packages: &[AccessPackage],
) -> StoreResult<()> {
    let id = sqlx::query_scalar!(
        "INSERT INTO fullmakter (client_id, firm_id) VALUES ($1, $2)
         ON CONFLICT (client_id, firm_id) DO UPDATE SET client_id = EXCLUDED.client_id
         RETURNING id",
        client,
        firm
    )
    .fetch_one(&mut **tx)
    .await?;
    let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO fullmakt_packages (fullmakt_id, package_urn)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
        id,
        &urns
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn upsert_system(
    tx: &mut Tx<'_>,
    id: &str,
    vendor: Uuid,
    [nb, nn, en]: [&str; 3],
    description: &str,
    visible: bool,
    packages: &[AccessPackage],
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO systems (id, vendor_id, name_nb, name_nn, name_en,
                              description_nb, description_nn, description_en, visible)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7) ON CONFLICT (id) DO NOTHING",
        id,
        vendor,
        nb,
        nn,
        en,
        description,
        visible
    )
    .execute(&mut **tx)
    .await?;
    let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO system_packages (system_id, package_urn)
         SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
        id,
        &urns
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO system_redirect_urls (system_id, url) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
        id,
        VENDOR_REDIRECT_URL
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn upsert_system_user(
    tx: &mut Tx<'_>,
    owner: Uuid,
    system: &str,
    kind: &str,
    name: &str,
    packages: &[AccessPackage],
) -> StoreResult<Option<Uuid>> {
    sqlx::query!(
        "INSERT INTO system_users (owner_id, system_id, kind, name, external_ref)
         SELECT $1, $2, $3, $4, o.org_number FROM organizations o WHERE o.id = $1
         ON CONFLICT DO NOTHING",
        owner,
        system,
        kind,
        name
    )
    .execute(&mut **tx)
    .await?;
    // The demo's system user for this system, whatever someone has renamed it to since
    // (or one made in the portal in its place).
    let id = sqlx::query_scalar!(
        "SELECT su.id FROM system_users su JOIN organizations o ON o.id = su.owner_id
          WHERE su.owner_id = $1 AND su.system_id = $2 AND su.external_ref = o.org_number",
        owner,
        system
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        // Someone gave the demo's name to a system user of another system: leave theirs.
        tracing::warn!(
            name,
            system,
            "the demo system user's name is taken; not recreated"
        );
        return Ok(None);
    };
    let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
         SELECT su.id, su.kind, a.urn, a.client_delegable
           FROM system_users su, access_packages a
          WHERE su.id = $1 AND a.urn = ANY($2::text[])
            AND a.client_delegable = (su.kind = 'agent')
         ON CONFLICT DO NOTHING",
        id,
        &urns
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}
