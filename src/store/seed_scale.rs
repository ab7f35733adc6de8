//! `seed scale`: a Norway-sized data set on top of the demo data, to measure the portal at
//! the size it must serve. 1,000,000 organizations; 2,000 other firms with 150 clients
//! each; the demo firm with 52,000 clients, 20 agent system accesses (one with 10,000
//! clients) and 200,000 events in its history.
//!
//! Everything is made by a few set-based statements in one transaction, so the triggers
//! that keep `client_packages` and `system_users.client_count` current run once per
//! statement, as they do for any bulk change; nothing goes around them. Names, numbers and
//! times come from the row's index by hashing and mixed-radix arithmetic, so a run is the
//! same every time (except the generated ids) and needs no random source.

use std::time::{Duration, Instant};

use sqlx::PgConnection;
use uuid::Uuid;

use super::seed::{AGENT_SYSTEM_USER_NAME, FIRM_ORG_NUMBER};
use super::{Store, StoreError, StoreResult};
use crate::domain::{AccessPackage, NationalId, OrgNumber, Role};

/// Organizations in all at Norway's size, the demo's included.
pub const ORGANIZATIONS: i64 = 1_000_000;
const AUDIT_EVENTS: i64 = 200_000;
const AGENTS: i64 = 20;
const DEMO_REGN_CLIENTS: i32 = 50_000;
/// Fullmakter to the demo firm with both packages its agents need.
const FULLMAKT_BOTH: i32 = 1_500;
/// Fullmakter with one of the two (half each), so these clients are not available.
const FULLMAKT_ONE: i32 = 500;
const OTHER_FIRMS: i32 = 2_000;
const CLIENTS_PER_FIRM: i32 = 150;
/// The other firms' 300,000 relationships fall on this many clients: half of them have two
/// firms (an accountant and an auditor, say).
const OTHER_CLIENTS: i32 = 200_000;
/// The stride that spreads relationships and agents' clients over their pools, and
/// scrambles n before it picks the words of a name; a prime, so it is coprime with any pool
/// that is not a multiple of it and with the product of the word lists' lengths (no two
/// organizations get the same words).
const STRIDE: i64 = 7_919;

/// How large a data set `seed scale` makes: Norway's size, or a fraction of it (every count
/// divided by the same number), so that the test suite can check the loader in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleSize {
    divisor: i32,
}

impl ScaleSize {
    pub const NATIONAL: Self = Self { divisor: 1 };
    /// The largest divisor: below this the firms and agents would have no clients.
    pub const MAX_DIVISOR: i32 = 1_000;

    /// Norway's size divided by `divisor` (1 ..= `MAX_DIVISOR`).
    pub fn divided_by(divisor: i32) -> Option<Self> {
        (1..=Self::MAX_DIVISOR)
            .contains(&divisor)
            .then_some(Self { divisor })
    }

    fn part(self, n: i32) -> i32 {
        n / self.divisor
    }

    /// Organizations in all, the demo's included.
    pub fn organizations(self) -> i64 {
        ORGANIZATIONS / i64::from(self.divisor)
    }

    /// With more organizations than this the data set is taken to be there already.
    fn already_loaded(self) -> i64 {
        self.organizations() * 9 / 10
    }

    fn audit_events(self) -> i64 {
        AUDIT_EVENTS / i64::from(self.divisor)
    }

    /// Organization numbers are 80000000 + 17·i with their check digit; one prefix in
    /// eleven has none. A tenth more candidates than organizations leaves enough.
    fn number_candidates(self) -> i32 {
        (self.organizations() * 11 / 10 + 100) as i32
    }

    // Every generated organization has an index n (1, 2, …) that decides its role in the
    // data set; the ranges follow each other in this order.
    fn demo_regn_clients(self) -> i32 {
        self.part(DEMO_REGN_CLIENTS)
    }
    fn first_fullmakt(self) -> i32 {
        self.demo_regn_clients() + 1
    }
    fn first_fullmakt_one(self) -> i32 {
        self.first_fullmakt() + self.part(FULLMAKT_BOTH)
    }
    fn first_firm(self) -> i32 {
        self.first_fullmakt_one() + self.part(FULLMAKT_ONE)
    }
    fn other_firms(self) -> i32 {
        self.part(OTHER_FIRMS)
    }
    fn last_firm(self) -> i32 {
        self.first_firm() + self.other_firms() - 1
    }
    fn first_other_client(self) -> i32 {
        self.last_firm() + 1
    }
    fn other_clients(self) -> i32 {
        self.part(OTHER_CLIENTS)
    }
    /// The demo firm's scale clients that its agents may be given (n = 1 ..= this).
    fn available_pool(self) -> i32 {
        self.part(DEMO_REGN_CLIENTS) + self.part(FULLMAKT_BOTH)
    }

    /// Whether the ranges fit in the organizations and the strides cover their pools.
    fn check(self) -> StoreResult<()> {
        let fits = i64::from(self.first_other_client() + self.other_clients())
            < self.organizations()
            && self.other_clients() >= CLIENTS_PER_FIRM
            && self.available_pool() % STRIDE as i32 != 0
            && self.other_clients() % STRIDE as i32 != 0;
        if fits {
            Ok(())
        } else {
            Err(StoreError::Corrupt(format!(
                "seed scale cannot be divided by {}",
                self.divisor
            )))
        }
    }
}

const PREFIXES: [&str; 40] = [
    "Fjord", "Berg", "Sol", "Nord", "Sør", "Øst", "Vest", "Elve", "Skog", "Lyng", "Bjørke",
    "Fjell", "Sjø", "Strand", "Furu", "Gran", "Eike", "Å", "Mo", "Vik", "Dal", "Haug", "Rose",
    "Blå", "Kvit", "Stein", "Storm", "Lunde", "Hage", "Tinde", "Myr", "Øy", "Bekke", "Sæter",
    "Holm", "Aske", "Rogn", "Hassel", "Linde", "Ørne",
];
const STEMS: [&str; 30] = [
    "kanten", "lia", "heim", "vik", "dal", "nes", "haug", "bakken", "moen", "li", "sund", "stad",
    "berg", "land", "by", "rud", "vold", "set", "gård", "tun", "ly", "eng", "vang", "strand",
    "holm", "åsen", "bu", "stua", "bekk", "toppen",
];
const TRADES: [&str; 24] = [
    "Bakeri",
    "Rørlegger",
    "Bygg",
    "Regnskap",
    "Transport",
    "Kiosk",
    "Frisør",
    "Elektro",
    "Maskin",
    "Eiendom",
    "Økonomi",
    "Snekkeri",
    "Maling",
    "Hudpleie",
    "Kafé",
    "Blomster",
    "Fiskeutsalg",
    "Gartneri",
    "Bilverksted",
    "Taxi",
    "Tømrer",
    "Kjæledyr",
    "Data",
    "Consulting",
];
const PLACES: [&str; 80] = [
    "Ålesund",
    "Tromsø",
    "Bodø",
    "Bergen",
    "Stavanger",
    "Trondheim",
    "Oslo",
    "Drammen",
    "Kristiansand",
    "Fredrikstad",
    "Sandnes",
    "Sarpsborg",
    "Skien",
    "Haugesund",
    "Tønsberg",
    "Moss",
    "Porsgrunn",
    "Arendal",
    "Hamar",
    "Larvik",
    "Halden",
    "Lillehammer",
    "Molde",
    "Harstad",
    "Gjøvik",
    "Kongsberg",
    "Narvik",
    "Steinkjer",
    "Røros",
    "Førde",
    "Florø",
    "Lærdal",
    "Voss",
    "Hønefoss",
    "Jessheim",
    "Asker",
    "Sandvika",
    "Lillestrøm",
    "Elverum",
    "Kongsvinger",
    "Alta",
    "Hammerfest",
    "Vadsø",
    "Kirkenes",
    "Mosjøen",
    "Sandnessjøen",
    "Brønnøysund",
    "Namsos",
    "Levanger",
    "Stjørdal",
    "Orkanger",
    "Kristiansund",
    "Ørsta",
    "Volda",
    "Stryn",
    "Sogndal",
    "Odda",
    "Stord",
    "Egersund",
    "Flekkefjord",
    "Mandal",
    "Grimstad",
    "Risør",
    "Kragerø",
    "Notodden",
    "Rjukan",
    "Geilo",
    "Gol",
    "Fagernes",
    "Otta",
    "Tynset",
    "Åndalsnes",
    "Sunndalsøra",
    "Bryne",
    "Værøy",
    "Svolvær",
    "Finnsnes",
    "Vardø",
    "Ås",
    "Os",
];
/// Owners of sole proprietorships (an ENK's name must carry its owner's name).
const FIRST_NAMES: [&str; 40] = [
    "Kari", "Ola", "Ingrid", "Per", "Anne", "Lars", "Marit", "Bjørn", "Solveig", "Knut", "Åse",
    "Øystein", "Liv", "Jørgen", "Sigrid", "Håkon", "Ragnhild", "Tor", "Astrid", "Espen", "Hilde",
    "Geir", "Turid", "Ståle", "Berit", "Ørjan", "Randi", "Trond", "Eli", "Åge", "Gro", "Svein",
    "Kjersti", "Rune", "Hege", "Arne", "Tove", "Jon", "Siri", "Nils",
];
/// Associations (FLI).
const CLUBS: [&str; 8] = [
    "Idrettslag",
    "Skytterlag",
    "Musikkorps",
    "Sanitetsforening",
    "Velforening",
    "Sjakklubb",
    "Skiklubb",
    "Historielag",
];

// The demo's people (src/store/seed.rs) who act in the seeded history.
const CLIENT_ADMINISTRATOR: &str = "03828040110";
const GENERAL_MANAGER: &str = "12817540048";
const ACCESS_MANAGER: &str = "24898840189";

/// More client administrators of the demo firm: (name, day, month, year of birth).
const NEW_CLIENT_ADMINISTRATORS: [(&str, u32, u32, u32); 3] = [
    ("Marte Solberg", 14, 3, 86),
    ("Jonas Haugen", 2, 11, 79),
    ("Åshild Ødegård", 27, 6, 91),
];

/// The packages the demo's agent system access needs; every seeded agent needs them too.
const AGENT_PACKAGES: [AccessPackage; 2] = [
    AccessPackage::RegnskapsforerMedSignering,
    AccessPackage::RegnskapsforerLonn,
];

/// A new agent system access of the demo firm: its name, how many days ago it was made,
/// and how many clients it has now.
struct AgentPlan {
    name: &'static str,
    age_days: i32,
    clients: i32,
    /// Clients added in one sitting.
    batch: i32,
    /// Clients added and removed again (filled in to reach `AUDIT_EVENTS`).
    removed: i32,
}

/// The big one, then two empty ones (a benchmark adds every client to one of them), then
/// the rest, the first of which gets the most clients.
const BIG_AGENT: &str = "Lønnskjøring – 10 000 kunder";
const AGENT_NAMES: [&str; 19] = [
    BIG_AGENT,
    "Lønnskjøring – ny avdeling",
    "Årsoppgjør 2026 – klargjøres",
    "Smart Regnskap – Bergen-kontoret",
    "Smart Regnskap – Oslo-kontoret",
    "Smart Regnskap – Trondheim-kontoret",
    "Smart Regnskap – Tromsø-kontoret",
    "MVA-meldinger",
    "Årsoppgjør 2025",
    "A-meldinger – team Nord",
    "A-meldinger – team Sør",
    "Fakturering og purring",
    "Bilagsregistrering – team Øst",
    "Bilagsregistrering – team Vest",
    "Lønn – landbruk",
    "Lønn – helse og omsorg",
    "Regnskap – borettslag og sameier",
    "Regnskap – enkeltpersonforetak",
    "Skattemelding næring",
];

fn agent_plans(size: ScaleSize, count: usize) -> Vec<AgentPlan> {
    AGENT_NAMES
        .iter()
        .take(count)
        .enumerate()
        .map(|(i, &name)| {
            let k = i as i32;
            match i {
                0 => AgentPlan {
                    name,
                    age_days: 350,
                    clients: size.part(10_000),
                    batch: 250,
                    removed: 0,
                },
                1 | 2 => AgentPlan {
                    name,
                    age_days: 30 - 10 * k,
                    clients: 0,
                    batch: 1,
                    removed: 0,
                },
                _ => AgentPlan {
                    name,
                    age_days: 330 - 12 * (k - 2),
                    clients: size.part(150 * (19 - k)),
                    batch: 100,
                    removed: 0,
                },
            }
        })
        .collect()
}

/// Spreads the events left over after the fixed ones as clients added and later removed
/// again, over the agents that have clients (pairs of events, so nothing dangles); an odd
/// one out becomes one more client on the smallest of the rest.
fn spread_removals(size: ScaleSize, plans: &mut [AgentPlan], events_left: i64) {
    let current: i64 = plans.iter().map(|p| i64::from(p.clients)).sum();
    let mut rest = (events_left - current).max(0);
    if rest % 2 == 1
        && let Some(last) = plans.iter_mut().skip(3).last()
    {
        last.clients += 1;
        rest -= 1;
    }
    let busy: Vec<usize> = (0..plans.len()).filter(|&i| plans[i].clients > 0).collect();
    if busy.is_empty() {
        return;
    }
    let pairs = rest / 2;
    let each = pairs / busy.len() as i64;
    let extra = pairs % busy.len() as i64;
    for (k, &i) in busy.iter().enumerate() {
        let removed = each + i64::from((k as i64) < extra);
        let room = i64::from(size.available_pool() - plans[i].clients);
        plans[i].removed = removed.min(room) as i32;
    }
}

/// What `seed scale` found or made.
#[derive(Debug)]
pub enum ScaleOutcome {
    AlreadyLoaded { organizations: i64 },
    Loaded(ScaleCounts),
}

#[derive(Debug)]
pub struct ScaleCounts {
    pub organizations: i64,
    pub register_roles: i64,
    pub firm_clients: i64,
    /// Clients of the demo firm that hold both packages its agents need.
    pub firm_available: i64,
    pub firm_agents: i64,
    pub big_agent_clients: i64,
    pub delegations: i64,
    pub audit_events: i64,
}

/// Times the steps for the progress lines.
struct Lap(Instant);

impl Lap {
    fn next(&mut self) -> Duration {
        let now = Instant::now();
        let took = now - self.0;
        self.0 = now;
        took
    }
}

/// The demo's parties the data set hangs on.
struct Demo {
    firm: Uuid,
    agent_system: String,
    client_admin: (Uuid, String),
    general_manager: (Uuid, String),
    access_manager: (Uuid, String),
}

impl Store {
    /// Loads the demo data and then the scale data set of `size` on top, unless it is there
    /// already. `progress` hears of each step and how long it took.
    pub async fn seed_scale(
        &self,
        size: ScaleSize,
        mut progress: impl FnMut(&str, Duration),
    ) -> StoreResult<ScaleOutcome> {
        size.check()?;
        let organizations: i64 = sqlx::query_scalar("SELECT count(*) FROM organizations")
            .fetch_one(&self.pool)
            .await?;
        if organizations > size.already_loaded() {
            return Ok(ScaleOutcome::AlreadyLoaded { organizations });
        }
        let mut lap = Lap(Instant::now());
        self.seed_demo().await?;
        progress("demo data", lap.next());

        let mut tx = self.pool.begin().await?;
        // Nothing here must survive a crash that the transaction would not; a larger
        // work_mem keeps the sorts and hashes of a million rows in memory.
        sqlx::raw_sql("SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '128MB'")
            .execute(&mut *tx)
            .await?;
        let demo = demo_parties(&mut tx).await?;

        let made = generate_organizations(&mut tx, size).await?;
        progress(&format!("{made} organizations planned"), lap.next());
        let inserted = sqlx::query(
            "INSERT INTO organizations (id, org_number, name, org_form)
             SELECT id, org_number, name, org_form FROM scale_orgs ORDER BY org_number
             ON CONFLICT (org_number) DO NOTHING",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted != made {
            return Err(StoreError::Corrupt(format!(
                "{} of the generated organization numbers are taken",
                made - inserted
            )));
        }
        progress(&format!("{inserted} organizations"), lap.next());

        let roles = firm_register_roles(&mut tx, size, demo.firm).await?;
        progress(
            &format!("{roles} REGN roles for {FIRM_ORG_NUMBER}"),
            lap.next(),
        );
        let roles = other_register_roles(&mut tx, size).await?;
        progress(
            &format!(
                "{roles} REGN/REVI roles for {} other firms",
                size.other_firms()
            ),
            lap.next(),
        );
        let given = fullmakter(&mut tx, size, demo.firm).await?;
        progress(
            &format!("{given} fullmakter to {FIRM_ORG_NUMBER} with their packages"),
            lap.next(),
        );

        let admins = client_administrators(&mut tx, &demo).await?;
        let existing_agents: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM system_users WHERE owner_id = $1 AND kind = 'agent'",
        )
        .bind(demo.firm)
        .fetch_one(&mut *tx)
        .await?;
        let mut plans = agent_plans(size, (AGENTS - existing_agents).max(0) as usize);
        let events_so_far: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_events")
            .fetch_one(&mut *tx)
            .await?;
        // Per new agent: the vendor's request and its approval.
        let fixed = events_so_far + 2 * plans.len() as i64;
        spread_removals(size, &mut plans, size.audit_events() - fixed);
        agents(&mut tx, &demo, &plans).await?;
        progress(
            &format!("{} agent system accesses with their requests", plans.len()),
            lap.next(),
        );

        plan_client_events(&mut tx, size, admins.len()).await?;
        let delegated = delegations(&mut tx, demo.firm, &admins).await?;
        progress(&format!("{delegated} client delegations"), lap.next());
        let events = audit_events(&mut tx, &demo, &admins).await?;
        progress(&format!("{events} audit events"), lap.next());

        check_numbers(&mut tx).await?;
        tx.commit().await?;
        progress("committed", lap.next());
        sqlx::raw_sql("ANALYZE").execute(&self.pool).await?;
        progress("analyzed", lap.next());
        Ok(ScaleOutcome::Loaded(self.scale_counts(demo.firm).await?))
    }

    async fn scale_counts(&self, firm: Uuid) -> StoreResult<ScaleCounts> {
        let mask: i32 = AGENT_PACKAGES.iter().map(|p| 1 << p.bit()).sum();
        let row: (i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM organizations),
                    (SELECT count(*) FROM register_roles),
                    (SELECT count(*) FROM client_packages WHERE firm_id = $1),
                    (SELECT COALESCE(sum(clients), 0)::bigint FROM client_package_counts
                      WHERE firm_id = $1 AND packages & $2 = $2),
                    (SELECT count(*) FROM system_users WHERE owner_id = $1 AND kind = 'agent'),
                    (SELECT COALESCE(max(client_count), 0)::bigint FROM system_users
                      WHERE owner_id = $1 AND name = $3),
                    (SELECT count(*) FROM client_delegations),
                    (SELECT count(*) FROM audit_events)",
        )
        .bind(firm)
        .bind(mask)
        .bind(BIG_AGENT)
        .fetch_one(&self.pool)
        .await?;
        Ok(ScaleCounts {
            organizations: row.0,
            register_roles: row.1,
            firm_clients: row.2,
            firm_available: row.3,
            firm_agents: row.4,
            big_agent_clients: row.5,
            delegations: row.6,
            audit_events: row.7,
        })
    }
}

async fn demo_parties(conn: &mut PgConnection) -> StoreResult<Demo> {
    let firm: Uuid =
        sqlx::query_scalar("SELECT id FROM organizations WHERE org_number = $1 FOR NO KEY UPDATE")
            .bind(FIRM_ORG_NUMBER)
            .fetch_one(&mut *conn)
            .await?;
    // The system of the demo's agent; the seeded agents are its siblings.
    let agent_system: String =
        sqlx::query_scalar("SELECT system_id FROM system_users WHERE owner_id = $1 AND name = $2")
            .bind(firm)
            .bind(AGENT_SYSTEM_USER_NAME)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!("no demo agent {AGENT_SYSTEM_USER_NAME:?}"))
            })?;
    let mut person = async |national_id: &str| -> StoreResult<(Uuid, String)> {
        sqlx::query_as("SELECT id, name FROM persons WHERE national_id = $1")
            .bind(national_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("no demo person {national_id}")))
    };
    Ok(Demo {
        firm,
        agent_system,
        client_admin: person(CLIENT_ADMINISTRATOR).await?,
        general_manager: person(GENERAL_MANAGER).await?,
        access_manager: person(ACCESS_MANAGER).await?,
    })
}

/// Plans every organization in a temporary table: index, id, a valid number (first digit 8
/// or 9, so never one of the demo's), name and form. Returns how many.
async fn generate_organizations(conn: &mut PgConnection, size: ScaleSize) -> StoreResult<u64> {
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM organizations")
        .fetch_one(&mut *conn)
        .await?;
    let needed = (size.organizations() - existing).max(0) as i32;
    sqlx::raw_sql(
        "CREATE TEMP TABLE scale_orgs (
             n integer NOT NULL, id uuid NOT NULL, org_number text NOT NULL,
             name text NOT NULL, org_form text NOT NULL
         ) ON COMMIT DROP",
    )
    .execute(&mut *conn)
    .await?;
    // The organization number's check digit is the rule of domain::identifiers (MOD11,
    // weights 3,2,7,6,5,4,3,2; 11 → 0; 10 → no number), checked again by `check_numbers`.
    // n is a scrambled order of the numbers, so neither names nor roles follow them.
    let made = sqlx::query(
        "INSERT INTO scale_orgs (n, id, org_number, name, org_form)
         SELECT v.n, gen_random_uuid(), v.org_number,
                CASE w.kind
                    WHEN 'FIRM' THEN w.c || CASE WHEN (v.n - $3) % 3 = 0 THEN ' Revisjon '
                                                 ELSE ' Regnskap ' END || w.l || ' AS'
                    WHEN 'AS' THEN w.c || ' ' || w.t || ' ' || w.l || ' AS'
                    WHEN 'ENK' THEN w.f || ' ' || w.c || ' ' || w.t
                                    || CASE WHEN d.d3 % 2 = 0 THEN ' ENK' ELSE '' END
                    WHEN 'ANS' THEN w.c || ' & ' || w.c2 || ' ' || w.t || ' ANS'
                    WHEN 'DA' THEN w.c || ' & ' || w.c2 || ' ' || w.t || ' DA'
                    WHEN 'FLI' THEN w.c || ' ' || w.club
                    WHEN 'BRL' THEN CASE WHEN d.d3 % 2 = 0 THEN w.c || ' Borettslag'
                                         ELSE 'Borettslaget ' || w.c END
                    WHEN 'ESEK' THEN 'Sameiet ' || w.c || 'veien ' || (d.d3 + 24 * (d.d4 % 4))
                    WHEN 'NUF' THEN w.c || ' ' || w.t || ' ' || w.l || ' NUF'
                    WHEN 'SA' THEN w.c || ' Samvirkelag SA'
                    ELSE 'Stiftelsen ' || w.c || ' ' || w.l
                END,
                CASE w.kind WHEN 'FIRM' THEN 'AS' ELSE w.kind END
           FROM (SELECT (row_number() OVER (ORDER BY hashint4(c.i), c.i))::int AS n, c.org_number
                   FROM (SELECT s.i, s.p::text || (CASE s.r WHEN 11 THEN 0 ELSE s.r END)::text
                                     AS org_number
                           FROM (SELECT g.i, g.p,
                                        11 - (3 * (g.p / 10000000) + 2 * (g.p / 1000000 % 10)
                                              + 7 * (g.p / 100000 % 10) + 6 * (g.p / 10000 % 10)
                                              + 5 * (g.p / 1000 % 10) + 4 * (g.p / 100 % 10)
                                              + 3 * (g.p / 10 % 10) + 2 * (g.p % 10)) % 11 AS r
                                   FROM (SELECT i, 80000000 + i * 17 AS p
                                           FROM generate_series(0, $1) AS i) g) s
                          WHERE s.r <> 10) c) v
          CROSS JOIN (SELECT $5::text[] AS pre, $6::text[] AS stem, $7::text[] AS trade,
                             $8::text[] AS place, $9::text[] AS first, $10::text[] AS club) a
          CROSS JOIN LATERAL (
                SELECT (v.n::bigint * $11) % (cardinality(a.pre) * cardinality(a.stem)
                                              * cardinality(a.trade) * cardinality(a.place)) AS m,
                       ((hashint4(v.n)::bigint + 2147483648) % 100)::int AS b) h
          CROSS JOIN LATERAL (
                SELECT (h.m % cardinality(a.pre))::int + 1 AS d1,
                       (h.m / cardinality(a.pre) % cardinality(a.stem))::int + 1 AS d2,
                       (h.m / (cardinality(a.pre) * cardinality(a.stem))
                            % cardinality(a.trade))::int + 1 AS d3,
                       (h.m / (cardinality(a.pre) * cardinality(a.stem) * cardinality(a.trade))
                            % cardinality(a.place))::int + 1 AS d4) d
          CROSS JOIN LATERAL (
                SELECT a.pre[d.d1] || a.stem[d.d2] AS c, a.trade[d.d3] AS t, a.place[d.d4] AS l,
                       a.first[(d.d4 - 1) % cardinality(a.first) + 1] AS f,
                       a.pre[(d.d4 - 1) % cardinality(a.pre) + 1]
                           || a.stem[(d.d3 + d.d4) % cardinality(a.stem) + 1] AS c2,
                       a.club[(d.d3 - 1) % cardinality(a.club) + 1] AS club,
                       CASE WHEN v.n BETWEEN $3 AND $4 THEN 'FIRM'
                            WHEN h.b < 46 THEN 'AS' WHEN h.b < 76 THEN 'ENK'
                            WHEN h.b < 79 THEN 'ANS' WHEN h.b < 80 THEN 'DA'
                            WHEN h.b < 86 THEN 'FLI' WHEN h.b < 89 THEN 'BRL'
                            WHEN h.b < 92 THEN 'ESEK' WHEN h.b < 94 THEN 'NUF'
                            WHEN h.b < 95 THEN 'SA' WHEN h.b < 97 THEN 'STI'
                            ELSE 'AS' END AS kind) w
          WHERE v.n <= $2",
    )
    .bind(size.number_candidates())
    .bind(needed)
    .bind(size.first_firm())
    .bind(size.last_firm())
    .bind(&PREFIXES[..])
    .bind(&STEMS[..])
    .bind(&TRADES[..])
    .bind(&PLACES[..])
    .bind(&FIRST_NAMES[..])
    .bind(&CLUBS[..])
    .bind(STRIDE)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::raw_sql("CREATE UNIQUE INDEX ON scale_orgs (n); ANALYZE scale_orgs")
        .execute(&mut *conn)
        .await?;
    Ok(made)
}

/// The demo firm is accountant (REGN) for the first 50,000, registered years ago.
async fn firm_register_roles(
    conn: &mut PgConnection,
    size: ScaleSize,
    firm: Uuid,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "INSERT INTO register_roles (firm_id, client_id, role, registered_at)
         SELECT $1, o.id, 'REGN', now() - make_interval(days => 400 + o.n % 2500)
           FROM scale_orgs o WHERE o.n <= $2",
    )
    .bind(firm)
    .bind(size.demo_regn_clients())
    .execute(conn)
    .await?
    .rows_affected())
}

/// Each other firm has 150 clients; every third firm is an auditor (REVI), the rest are
/// accountants (REGN), as their names say. Relationship r falls on a client by a stride
/// coprime with the pool, so r and r + 200,000 share a client and every pair is distinct.
async fn other_register_roles(conn: &mut PgConnection, size: ScaleSize) -> StoreResult<u64> {
    Ok(sqlx::query(
        "INSERT INTO register_roles (firm_id, client_id, role, registered_at)
         SELECT f.id, c.id, CASE WHEN r.r / $3 % 3 = 0 THEN 'REVI' ELSE 'REGN' END,
                now() - make_interval(days => 400 + r.r % 2500)
           FROM generate_series(0, $2 * $3 - 1) AS r(r)
           JOIN scale_orgs f ON f.n = $1 + r.r / $3
           JOIN scale_orgs c ON c.n = $4 + (r.r::bigint * $6 % $5)::int",
    )
    .bind(size.first_firm())
    .bind(size.other_firms())
    .bind(CLIENTS_PER_FIRM)
    .bind(size.first_other_client())
    .bind(size.other_clients())
    .bind(STRIDE)
    .execute(conn)
    .await?
    .rows_affected())
}

/// 2,000 clients gave the demo firm a fullmakt before the history begins: 1,500 with both
/// packages its agents need, 500 with one of them (so these are not available).
async fn fullmakter(conn: &mut PgConnection, size: ScaleSize, firm: Uuid) -> StoreResult<u64> {
    let given = sqlx::query(
        "INSERT INTO fullmakter (client_id, firm_id, created_at)
         SELECT o.id, $1, now() - make_interval(days => 400 + o.n % 700)
           FROM scale_orgs o WHERE o.n BETWEEN $2 AND $3",
    )
    .bind(firm)
    .bind(size.first_fullmakt())
    .bind(size.first_firm() - 1)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let [signing, payroll] = AGENT_PACKAGES.map(|p| p.urn());
    sqlx::query(
        "INSERT INTO fullmakt_packages (fullmakt_id, package_urn, delegated_at)
         SELECT f.id, p.urn, f.created_at
           FROM scale_orgs o
           JOIN fullmakter f ON f.client_id = o.id AND f.firm_id = $1
          CROSS JOIN LATERAL unnest(CASE WHEN o.n < $3 THEN ARRAY[$4, $5]
                                         WHEN o.n % 2 = 0 THEN ARRAY[$4]
                                         ELSE ARRAY[$5] END) AS p(urn)
          WHERE o.n BETWEEN $2 AND $6",
    )
    .bind(firm)
    .bind(size.first_fullmakt())
    .bind(size.first_fullmakt_one())
    .bind(signing)
    .bind(payroll)
    .bind(size.first_firm() - 1)
    .execute(&mut *conn)
    .await?;
    Ok(given)
}

/// A synthetic national id (month + 80, as Norway's Tenor test persons have) for a birth
/// date: the first individual number whose check digits exist, by the domain's own rule.
fn synthetic_national_id(day: u32, month: u32, year: u32) -> Option<NationalId> {
    (0..500u32).find_map(|individual| {
        (0..100u32).find_map(|checks| {
            let candidate = format!(
                "{day:02}{:02}{year:02}{individual:03}{checks:02}",
                month + 80
            );
            NationalId::parse(&candidate).ok()
        })
    })
}

/// The people who add and remove the demo firm's clients in the seeded history, as
/// (id, name); Ola Klientsen does most of it. The new client administrators were given
/// their role by the general manager before the history's year began.
async fn client_administrators(
    conn: &mut PgConnection,
    demo: &Demo,
) -> StoreResult<Vec<(Uuid, String)>> {
    let mut admins = vec![
        demo.client_admin.clone(),
        demo.client_admin.clone(),
        demo.client_admin.clone(),
        demo.general_manager.clone(),
    ];
    for (i, (name, day, month, year)) in NEW_CLIENT_ADMINISTRATORS.iter().enumerate() {
        let national_id = synthetic_national_id(*day, *month, *year)
            .ok_or_else(|| StoreError::Corrupt(format!("no national id for {name}")))?;
        let id: Uuid = sqlx::query_scalar(
            "INSERT INTO persons (national_id, name) VALUES ($1, $2)
             ON CONFLICT (national_id) DO UPDATE SET national_id = EXCLUDED.national_id
             RETURNING id",
        )
        .bind(national_id.as_str())
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
        let days = 380 - 7 * i as i32;
        let granted = sqlx::query(
            "INSERT INTO person_roles (person_id, organization_id, role, granted_at)
             VALUES ($1, $2, $3, now() - make_interval(days => $4))
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(demo.firm)
        .bind(Role::ClientAdministrator.code())
        .bind(days)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if granted == 1 {
            // As src/store/person_roles.rs records a grant.
            sqlx::query(
                "INSERT INTO audit_events
                     (occurred_at, actor_kind, actor_person_id, actor_name, on_behalf_of_id,
                      action, details)
                 VALUES (now() - make_interval(days => $1), 'person', $2, $3, $4, 'role.granted',
                         jsonb_build_object('person_id', $5::uuid, 'person_name', $6::text,
                                            'role', $7::text))",
            )
            .bind(days)
            .bind(demo.general_manager.0)
            .bind(&demo.general_manager.1)
            .bind(demo.firm)
            .bind(id)
            .bind(name)
            .bind(Role::ClientAdministrator.code())
            .execute(&mut *conn)
            .await?;
        }
        admins.push((id, (*name).to_owned()));
    }
    Ok(admins)
}

/// The new agent system accesses, each made by approving a request from the demo vendor
/// (as src/store/requests.rs does), with the packages of the demo's agent. Their plans go
/// to the temporary table `scale_agents`.
async fn agents(conn: &mut PgConnection, demo: &Demo, plans: &[AgentPlan]) -> StoreResult<()> {
    sqlx::raw_sql(
        "CREATE TEMP TABLE scale_agents (
             idx integer PRIMARY KEY, id uuid NOT NULL, created_at timestamptz NOT NULL,
             age_days integer NOT NULL, clients integer NOT NULL, batch integer NOT NULL,
             removed integer NOT NULL
         ) ON COMMIT DROP",
    )
    .execute(&mut *conn)
    .await?;
    let names: Vec<&str> = plans.iter().map(|p| p.name).collect();
    let refs: Vec<String> = (0..plans.len())
        .map(|i| format!("avdeling-{:02}", i + 1))
        .collect();
    let ages: Vec<i32> = plans.iter().map(|p| p.age_days).collect();
    let clients: Vec<i32> = plans.iter().map(|p| p.clients).collect();
    let batches: Vec<i32> = plans.iter().map(|p| p.batch).collect();
    let removed: Vec<i32> = plans.iter().map(|p| p.removed).collect();
    let urns: Vec<&str> = AGENT_PACKAGES.iter().map(|p| p.urn()).collect();
    sqlx::query(
        "WITH plan AS (
             SELECT (p.ord - 1)::int AS idx, p.name, p.ref, p.age, p.clients, p.batch, p.removed,
                    date_trunc('day', now() - make_interval(days => p.age))
                        + make_interval(hours => 9 + (p.ord::int % 6), mins => p.ord::int * 7 % 60)
                        AS created_at
               FROM unnest($4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[])
                    WITH ORDINALITY AS p(name, ref, age, clients, batch, removed, ord)
         ), made AS (
             INSERT INTO system_users (owner_id, system_id, kind, name, external_ref,
                                       created_at, created_by)
             SELECT $1, $2, 'agent', plan.name, plan.ref, plan.created_at, $3 FROM plan
             RETURNING id, name
         )
         INSERT INTO scale_agents (idx, id, created_at, age_days, clients, batch, removed)
         SELECT plan.idx, made.id, plan.created_at, plan.age, plan.clients, plan.batch,
                plan.removed
           FROM plan JOIN made ON made.name = plan.name",
    )
    .bind(demo.firm)
    .bind(&demo.agent_system)
    .bind(demo.access_manager.0)
    .bind(&names)
    .bind(&refs)
    .bind(&ages)
    .bind(&clients)
    .bind(&batches)
    .bind(&removed)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
         SELECT a.id, 'agent', ap.urn, ap.client_delegable
           FROM scale_agents a CROSS JOIN access_packages ap WHERE ap.urn = ANY($1)",
    )
    .bind(&urns)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "WITH asked AS (
             INSERT INTO system_user_requests
                 (system_id, customer_id, kind, external_ref, status, created_at, expires_at,
                  decided_at, decided_by, system_user_id)
             SELECT su.system_id, su.owner_id, 'agent', su.external_ref, 'accepted',
                    su.created_at - interval '2 hours', su.created_at + interval '30 days',
                    su.created_at, su.created_by, su.id
               FROM scale_agents a JOIN system_users su ON su.id = a.id
             RETURNING id, kind
         )
         INSERT INTO system_user_request_packages (request_id, kind, package_urn, client_delegable)
         SELECT asked.id, asked.kind, ap.urn, ap.client_delegable
           FROM asked CROSS JOIN access_packages ap WHERE ap.urn = ANY($1)",
    )
    .bind(&urns)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Plans the client events of the seeded history in `scale_client_events`: the clients on
/// each agent now, added in sittings since it was made, and clients added and removed again
/// (twelve to a sitting, removed 1–45 days later). Agent i's clients are the pool in a
/// stride coprime with its size, from an offset of its own: its current clients first, then
/// the removed ones, so none is both. Sittings are on weekdays in office hours, Oslo time,
/// each by one person.
async fn plan_client_events(
    conn: &mut PgConnection,
    size: ScaleSize,
    actors: usize,
) -> StoreResult<()> {
    sqlx::raw_sql(
        "CREATE TEMP TABLE scale_client_events (
             occurred_at timestamptz NOT NULL, action text NOT NULL, system_user_id uuid NOT NULL,
             client_n integer NOT NULL, actor integer NOT NULL, current boolean NOT NULL
         ) ON COMMIT DROP",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO scale_client_events
             (occurred_at, action, system_user_id, client_n, actor, current)
         SELECT (t.local + make_interval(days => CASE extract(isodow FROM t.local)::int
                                                     WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END))
                    AT TIME ZONE 'Europe/Oslo',
                e.action, e.system_user_id, e.client_n, e.h % $2, e.current
           FROM (SELECT 'client_delegation.added' AS action, a.id AS system_user_id,
                        1 + (j * 7919 + a.idx * 1009) % $1 AS client_n, a.created_at AS since,
                        1 + (j / a.batch) * (a.age_days - 15)
                              / ((a.clients + a.batch - 1) / a.batch) AS day,
                        hashint4(a.idx * 100000 + j / a.batch) & 2147483647 AS h,
                        true AS current
                   FROM scale_agents a, generate_series(0, a.clients - 1) AS j
                 UNION ALL
                 SELECT CASE side WHEN 0 THEN 'client_delegation.added'
                                  ELSE 'client_delegation.removed' END,
                        a.id, 1 + ((a.clients + k) * 7919 + a.idx * 1009) % $1, a.created_at,
                        1 + x.h % (a.age_days - 60) + side * (1 + x.h2 % 45),
                        CASE side WHEN 0 THEN x.h ELSE x.h2 END,
                        false
                   FROM scale_agents a, generate_series(0, a.removed - 1) AS k,
                        LATERAL (SELECT hashint4(a.idx * 100000 + 50000 + k / 12) & 2147483647 AS h,
                                        hashint4(a.idx * 100000 + 80000 + k / 12) & 2147483647 AS h2) x,
                        generate_series(0, 1) AS side
                  WHERE a.age_days > 60) e
          CROSS JOIN LATERAL (
                SELECT date_trunc('day', e.since AT TIME ZONE 'Europe/Oslo')
                       + make_interval(days => e.day, hours => 8 + e.h % 8, mins => e.h % 60)
                       AS local) t",
    )
    .bind(size.available_pool())
    .bind(actors as i32)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The clients on the agents now, with the time and person of the sitting that added them.
async fn delegations(
    conn: &mut PgConnection,
    firm: Uuid,
    admins: &[(Uuid, String)],
) -> StoreResult<u64> {
    let ids: Vec<Uuid> = admins.iter().map(|(id, _)| *id).collect();
    Ok(sqlx::query(
        "INSERT INTO client_delegations (system_user_id, firm_id, client_id, created_at, created_by)
         SELECT e.system_user_id, $1, o.id, e.occurred_at, ($2::uuid[])[e.actor + 1]
           FROM scale_client_events e JOIN scale_orgs o ON o.n = e.client_n
          WHERE e.current",
    )
    .bind(firm)
    .bind(&ids)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The history: one event per client added or removed, exactly as src/store/delegations.rs
/// writes them, and per new agent its vendor's request (src/store/requests.rs) and the
/// approval, all in time order so that ids grow with time as they would.
async fn audit_events(
    conn: &mut PgConnection,
    demo: &Demo,
    admins: &[(Uuid, String)],
) -> StoreResult<u64> {
    let ids: Vec<Uuid> = admins.iter().map(|(id, _)| *id).collect();
    let names: Vec<&str> = admins.iter().map(|(_, name)| name.as_str()).collect();
    let urns: Vec<&str> = AGENT_PACKAGES.iter().map(|p| p.urn()).collect();
    Ok(sqlx::query(
        "INSERT INTO audit_events (occurred_at, actor_kind, actor_person_id, actor_name,
                                   on_behalf_of_id, action, system_user_id, client_id, firm_id,
                                   details)
         SELECT * FROM (
             SELECT e.occurred_at, 'person', ($2::uuid[])[e.actor + 1], ($3::text[])[e.actor + 1], $1,
                    e.action, e.system_user_id, o.id, $1,
                    jsonb_build_object('client_org_number', o.org_number, 'client_name', o.name)
               FROM scale_client_events e JOIN scale_orgs o ON o.n = e.client_n
             UNION ALL
             SELECT r.created_at, 'vendor', NULL, v.name, v.id,
                    'system_user_request.created', NULL, NULL, r.customer_id,
                    jsonb_build_object('request_id', r.id, 'kind', r.kind,
                                       'system_id', r.system_id,
                                       'customer_org_number', c.org_number,
                                       'external_ref', r.external_ref,
                                       'access_packages', to_jsonb($6::text[]))
               FROM scale_agents a
               JOIN system_user_requests r ON r.system_user_id = a.id
               JOIN systems s ON s.id = r.system_id
               JOIN organizations v ON v.id = s.vendor_id
               JOIN organizations c ON c.id = r.customer_id
             UNION ALL
             SELECT r.decided_at, 'person', $4, $5, r.customer_id, 'system_user_request.accepted', a.id,
                    NULL, NULL,
                    jsonb_build_object('request_id', r.id, 'kind', r.kind,
                                       'system_id', r.system_id, 'vendor_name', v.name,
                                       'system_user_name', su.name,
                                       'access_packages', to_jsonb($6::text[]))
               FROM scale_agents a
               JOIN system_users su ON su.id = a.id
               JOIN system_user_requests r ON r.system_user_id = a.id
               JOIN systems s ON s.id = r.system_id
               JOIN organizations v ON v.id = s.vendor_id
         ) ev
         ORDER BY 1",
    )
    .bind(demo.firm)
    .bind(&ids)
    .bind(&names)
    .bind(demo.access_manager.0)
    .bind(&demo.access_manager.1)
    .bind(&urns)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The SQL above computes check digits itself; one organization in a hundred is read back
/// and parsed by the domain, so a slip there cannot go unnoticed.
async fn check_numbers(conn: &mut PgConnection) -> StoreResult<()> {
    let sample: Vec<String> =
        sqlx::query_scalar("SELECT org_number FROM scale_orgs WHERE n % 100 = 0")
            .fetch_all(conn)
            .await?;
    match sample.iter().find(|n| OrgNumber::parse(n).is_err()) {
        Some(bad) => Err(StoreError::Corrupt(format!(
            "generated an invalid organization number {bad}"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }

    #[test]
    fn no_two_organizations_get_the_same_words() {
        let combinations = (PREFIXES.len() * STEMS.len() * TRADES.len() * PLACES.len()) as i64;
        assert!(combinations >= ORGANIZATIONS);
        assert_eq!(gcd(STRIDE, combinations), 1);
    }

    #[test]
    fn word_lists_have_no_repeats() {
        for list in [
            &PREFIXES[..],
            &STEMS[..],
            &TRADES[..],
            &PLACES[..],
            &FIRST_NAMES[..],
            &CLUBS[..],
        ] {
            let mut sorted = list.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{list:?}");
        }
    }

    #[test]
    fn there_are_numbers_enough_and_they_start_with_8_or_9() {
        let valid = (0..=ScaleSize::NATIONAL.number_candidates())
            .filter_map(|i| OrgNumber::with_check_digit((80_000_000 + i * 17) as u32))
            .inspect(|n| assert!(n.as_str().starts_with(['8', '9'])))
            .count();
        assert!(valid as i64 >= ORGANIZATIONS, "{valid}");
    }

    #[test]
    fn agents_clients_stay_inside_the_pool() {
        for size in [ScaleSize::NATIONAL, ScaleSize::divided_by(100).unwrap()] {
            let mut plans = agent_plans(size, 19);
            spread_removals(size, &mut plans, size.audit_events() - 38 - 3);
            let events: i64 = plans
                .iter()
                .map(|p| i64::from(p.clients) + 2 * i64::from(p.removed))
                .sum();
            assert_eq!(events, size.audit_events() - 38 - 3);
            assert_eq!(plans[0].clients, 10_000 / size.divisor);
            assert_eq!((plans[1].clients, plans[2].clients), (0, 0));
            for p in &plans {
                assert!(p.clients + p.removed <= size.available_pool(), "{}", p.name);
                assert!(p.removed == 0 || p.age_days > 60, "{}", p.name);
            }
        }
    }

    #[test]
    fn new_client_administrators_have_valid_national_ids() {
        for (name, day, month, year) in NEW_CLIENT_ADMINISTRATORS {
            let id = synthetic_national_id(day, month, year).expect(name);
            assert!(NationalId::parse(id.as_str()).is_ok());
        }
    }

    #[test]
    fn the_ranges_follow_each_other_at_every_size() {
        assert_eq!(ScaleSize::NATIONAL.first_other_client(), 54_001);
        for divisor in 1..=ScaleSize::MAX_DIVISOR {
            let size = ScaleSize::divided_by(divisor).unwrap();
            assert_eq!(size.last_firm() - size.first_firm() + 1, size.other_firms());
            // Only sizes whose pools a stride would not cover are refused.
            let covered = size.available_pool() % STRIDE as i32 != 0
                && size.other_clients() % STRIDE as i32 != 0;
            assert_eq!(size.check().is_ok(), covered, "divided by {divisor}");
        }
        assert_eq!(ScaleSize::divided_by(0), None);
        assert_eq!(ScaleSize::divided_by(1_001), None);
    }
}
