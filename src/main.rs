//! The program: the command line is `klientdelegering::cli` (`--help` lists it).

use std::process::ExitCode;

use klientdelegering::{cli, telemetry};

#[actix_web::main]
async fn main() -> ExitCode {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match cli::run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("klientdelegering: {message}");
            ExitCode::FAILURE
        }
    }
}
