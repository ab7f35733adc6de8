//! Command line: `serve` (the default) starts the portal, `migrate` updates the schema,
//! `seed demo` loads the demo data. Configuration comes from the environment (README.md).

use std::process::ExitCode;

use klientdelegering::domain::OrgNumber;
use klientdelegering::{Config, Store, enhetsregisteret, telemetry, web};

const USAGE: &str =
    "usage: klientdelegering [serve | migrate | seed demo | register import ORGNR FILE]

  register import ORGNR FILE   synchronizes the REGN, REVI and FFØR roles that firms hold for
                               organization ORGNR with FILE, the JSON that Enhetsregisteret's
                               /enhetsregisteret/api/enheter/{orgnr}/roller returns";

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
