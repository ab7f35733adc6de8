//! Command line: `serve` (the default) starts the portal, `migrate` updates the schema,
//! `seed demo` loads the demo data. Configuration comes from the environment (README.md).

use std::process::ExitCode;

use klientdelegering::domain::OrgNumber;
use klientdelegering::domain::systems::{RegisterError, SystemId};
use klientdelegering::store::audit::Actor;
use klientdelegering::store::systems::{SaveMode, VendorError};
use klientdelegering::web::api::vendor::SystemJson;
use klientdelegering::{Config, Store, enhetsregisteret, telemetry, web};

const USAGE: &str =
    "usage: klientdelegering [serve | migrate | seed demo | register import ORGNR FILE
                         | system register FILE | system list]

  register import ORGNR FILE   synchronizes the REGN, REVI and FFØR roles that firms hold for
                               organization ORGNR with FILE, the JSON that Enhetsregisteret's
                               /enhetsregisteret/api/enheter/{orgnr}/roller returns
  system register FILE         registers or updates the system in FILE, the JSON the vendor
                               API takes (POST /authentication/api/v1/systemregister/vendor);
                               the vendor is the organization its id starts with
  system list                  lists the systems of the system register";

#[actix_web::main]
async fn main() -> ExitCode {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("klientdelegering: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[&str]) -> Result<(), String> {
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
        ["register", "import", orgnr, file] => register_import(&store, orgnr, file).await,
        ["system", "register", file] => system_register(&store, file).await,
        ["system", "list"] => system_list(&store).await,
        _ => Err(USAGE.to_owned()),
    }
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
            "{} ({}): ingen endringer",
            client.name,
            client.org_number_formatted()
        );
        return Ok(());
    }
    println!("{} ({}):", client.name, client.org_number_formatted());
    for org in &report.new_organizations {
        println!(
            "  ny virksomhet fra Enhetsregisteret: {} ({}, {})",
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
            "    avsluttet: {} handler ikke lenger for {}",
            e.system_user_name, e.client.name
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
