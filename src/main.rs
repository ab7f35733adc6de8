//! Command line: `serve` (the default) starts the portal, `migrate` updates the schema,
//! `seed demo` loads the demo data. Configuration comes from the environment (README.md).

use std::process::ExitCode;

use klientdelegering::{Config, Store, telemetry, web};

const USAGE: &str = "usage: klientdelegering [serve | migrate | seed demo]";

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
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let store = Store::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    match args {
        [] | ["serve"] => {
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
        _ => Err(USAGE.to_owned()),
    }
}
