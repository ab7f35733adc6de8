//! The command line: `serve` (the default) starts the portal, `migrate` updates the schema,
//! `seed demo` loads the demo data, `seed scale` a Norway-sized data set on top of it,
//! `register import` and `system register|list` for operators. Configuration comes from
//! the environment (README.md). Its messages are in English, as the logs are.

use crate::domain::OrgNumber;
use crate::domain::systems::{RegisterError, SystemId};
use crate::store::audit::Actor;
use crate::store::seed_scale::{ScaleOutcome, ScaleSize};
use crate::store::systems::{SaveMode, VendorError};
use crate::web::api::vendor::SystemJson;
use crate::{Config, Store, enhetsregisteret, web};

const USAGE: &str =
    "usage: klientdelegering [serve | migrate | seed demo | seed scale [--divide-by N]
                         | register import ORGNR FILE | register import-all FILE
                         | system register FILE | system list]

  seed scale                   loads the demo data and, on top, a Norway-sized data set:
                               1,000,000 organizations, the demo firm with 52,000 clients,
                               20 agent system accesses and 200,000 audit events (once;
                               later runs see it is there and change nothing);
                               --divide-by N makes every count N times smaller (1 to 1000)
  register import ORGNR FILE   synchronizes the REGN, REVI and FFØR roles that firms hold for
                               organization ORGNR with FILE, the JSON that Enhetsregisteret's
                               /enhetsregisteret/api/enheter/{orgnr}/roller returns
  register import-all FILE     the same for every organization in FILE, Enhetsregisteret's
                               bulk download of roles (/enhetsregisteret/api/roller/totalbestand:
                               a JSON array of such answers with their organisasjonsnummer,
                               plain or gzipped); organizations not in FILE are left alone
  system register FILE         registers or updates the system in FILE, the JSON the vendor
                               API takes (POST /authentication/api/v1/systemregister/vendor);
                               the vendor is the organization its id starts with
  system list                  lists the systems of the system register";

/// Runs the command in `args` (without the program's name); the error is the message
/// to print.
pub async fn run(args: &[&str]) -> Result<(), String> {
    crate::auth::install_crypto_provider();
    if matches!(args, ["-h" | "--help" | "help"]) {
        println!("{USAGE}");
        return Ok(());
    }
    // Every command needs the database; only serving needs the rest of the configuration.
    let database_url =
        std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set".to_owned())?;
    let store = Store::connect(&database_url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    match args {
        [] | ["serve"] => {
            let config = Config::from_env().map_err(|e| e.to_string())?;
            if config.demo_mode {
                store
                    .seed_demo()
                    .await
                    .map_err(|e| format!("demo data: {e}"))?;
            }
            let server = web::server(config, store).map_err(|e| e.to_string())?;
            server.await.map_err(|e| e.to_string())
        }
        ["migrate"] => Ok(()),
        ["seed", "demo"] => {
            store
                .seed_demo()
                .await
                .map_err(|e| format!("demo data: {e}"))?;
            println!("demo data loaded");
            Ok(())
        }
        ["seed", "scale"] => seed_scale(&store, ScaleSize::NATIONAL).await,
        ["seed", "scale", "--divide-by", n] => {
            let size = n
                .parse()
                .ok()
                .and_then(ScaleSize::divided_by)
                .ok_or_else(|| {
                    format!(
                        "--divide-by takes a whole number from 1 to {}, not {n:?}",
                        ScaleSize::MAX_DIVISOR
                    )
                })?;
            seed_scale(&store, size).await
        }
        ["register", "import", orgnr, file] => register_import(&store, orgnr, file).await,
        ["register", "import-all", file] => register_import_all(&store, file).await,
        ["system", "register", file] => system_register(&store, file).await,
        ["system", "list"] => system_list(&store).await,
        _ => Err(USAGE.to_owned()),
    }
}

/// Loads the scale data set; progress with timings goes to stderr, the counts to stdout.
async fn seed_scale(store: &Store, size: ScaleSize) -> Result<(), String> {
    let started = std::time::Instant::now();
    let outcome = store
        .seed_scale(size, |step, took| {
            eprintln!("seed scale: {step} ({:.1} s)", took.as_secs_f64());
        })
        .await
        .map_err(|e| format!("scale data: {e}"))?;
    match outcome {
        ScaleOutcome::AlreadyLoaded { organizations } => {
            println!("scale data already loaded ({organizations} organizations); nothing changed");
        }
        ScaleOutcome::Loaded(c) => {
            println!(
                "scale data loaded in {:.1} s: {} organizations, {} register roles; \
                 the demo firm: {} clients ({} with both packages its agents need), \
                 {} agent system accesses, the largest with {} clients; \
                 {} client delegations, {} audit events",
                started.elapsed().as_secs_f64(),
                c.organizations,
                c.register_roles,
                c.firm_clients,
                c.firm_available,
                c.firm_agents,
                c.big_agent_clients,
                c.delegations,
                c.audit_events
            );
        }
    }
    Ok(())
}

/// Reads a roles file from Enhetsregisteret and synchronizes the register roles; prints
/// what changed. Nothing is changed when the file or an organization in it is wrong.
async fn register_import(store: &Store, orgnr: &str, file: &str) -> Result<(), String> {
    let orgnr = OrgNumber::parse(orgnr).map_err(|e| format!("{orgnr:?}: {e}"))?;
    let json = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let entries =
        enhetsregisteret::parse_roles(&json, &orgnr).map_err(|e| format!("{file}: {e}"))?;
    let report = store
        .sync_register_roles(&orgnr, &entries)
        .await
        .map_err(|e| e.to_string())?;
    let client = &report.client;
    if !report.changed() {
        println!(
            "{} ({}): no changes",
            client.name,
            client.org_number_formatted()
        );
        return Ok(());
    }
    println!("{} ({}):", client.name, client.org_number_formatted());
    for org in &report.new_organizations {
        println!(
            "  new organization from Enhetsregisteret: {} ({}, {})",
            org.name,
            org.org_number_formatted(),
            org.org_form
        );
    }
    for (role, firm) in &report.added {
        println!(
            "  + {} {} ({})",
            role.code(),
            firm.name,
            firm.org_number_formatted()
        );
    }
    for (role, firm) in &report.removed {
        println!(
            "  - {} {} ({})",
            role.code(),
            firm.name,
            firm.org_number_formatted()
        );
    }
    for e in &report.ended {
        println!(
            "    ended: {} no longer acts for {}",
            e.system_user_name, e.client.name
        );
    }
    if report.added_automatically > 0 {
        println!(
            "    added automatically to {} system access(es) that take new clients",
            report.added_automatically
        );
    }
    Ok(())
}

/// Reads a bulk roles file and synchronizes every organization in it; prints the counts.
/// Nothing is changed when the file is wrong anywhere.
async fn register_import_all(store: &Store, file: &str) -> Result<(), String> {
    let started = std::time::Instant::now();
    let reader = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
    let organizations = enhetsregisteret::parse_bulk(reader).map_err(|e| format!("{file}: {e}"))?;
    let read = started.elapsed();
    let r = store
        .sync_register_roles_bulk(&organizations)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{} organizations read in {:.1} s, synchronized in {:.1} s",
        r.organizations,
        read.as_secs_f64(),
        (started.elapsed() - read).as_secs_f64()
    );
    println!("  register roles added: {}", r.added);
    println!("  register roles removed: {}", r.removed);
    println!("  client delegations ended: {}", r.ended);
    println!(
        "  clients added automatically to system accesses that take new clients: {}",
        r.added_automatically
    );
    if r.new_organizations > 0 {
        println!(
            "  new organizations from Enhetsregisteret: {}",
            r.new_organizations
        );
    }
    let list = |numbers: &mut dyn Iterator<Item = String>, total: usize| {
        let named: Vec<String> = numbers.collect();
        let more = total - named.len();
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", named.join(", "))
    };
    if r.unknown > 0 {
        println!(
            "  left alone, not known to the portal: {}",
            list(
                &mut r.unknown_named.iter().map(|n| n.formatted()),
                r.unknown
            )
        );
    }
    if r.skipped_roles > 0 {
        println!(
            "  roles left out, held by a firm the portal does not know and the file does not describe: {}",
            list(
                &mut r.skipped_named.iter().map(|(firm, client)| format!(
                    "{} for {}",
                    firm.formatted(),
                    client.formatted()
                )),
                r.skipped_roles
            )
        );
    }
    Ok(())
}

/// Registers or updates a system from a file in the vendor API's format. Every problem
/// with the file is printed with the field it concerns; nothing is changed then.
async fn system_register(store: &Store, file: &str) -> Result<(), String> {
    let json = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let system: SystemJson =
        serde_json::from_str(&json).map_err(|e| format!("{file}: not a system entry: {e}"))?;
    let vendor = SystemId::parse(system.id.trim())
        .map_err(|e| format!("{file}: id: {}", e.detail))?
        .vendor();
    let refused = |e: RegisterError| match e {
        RegisterError::Invalid(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("  {}: {}", e.field, e.detail))
                .collect();
            format!(
                "{file}: the system entry is not valid:\n{}",
                lines.join("\n")
            )
        }
        RegisterError::UnknownVendor => format!(
            "{file}: the vendor {} is not an organization the portal knows",
            vendor.formatted()
        ),
        other => format!("{file}: {other}"),
    };
    let def = system.validate(&vendor).map_err(refused)?;
    let (saved, created) = store
        .save_system(&Actor::command_line(), &def, SaveMode::CreateOrUpdate)
        .await
        .map_err(|e| match e {
            VendorError::Refused(e) => refused(e),
            VendorError::Store(e) => e.to_string(),
        })?;
    println!(
        "{} {} ({}, {})",
        if created { "registered" } else { "updated" },
        saved.id(),
        saved.name(),
        saved.vendor_name
    );
    Ok(())
}

/// Prints the system register: id, name, vendor, packages, whether visible.
async fn system_list(store: &Store) -> Result<(), String> {
    let systems = store.all_systems().await.map_err(|e| e.to_string())?;
    for s in systems {
        let packages: Vec<&str> = s.definition.packages.iter().map(|p| p.urn()).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}",
            s.id(),
            s.name(),
            s.vendor_name,
            if s.definition.visible {
                "visible"
            } else {
                "hidden"
            },
            packages.join(" ")
        );
    }
    Ok(())
}
