//! `beak-sim [--bind 127.0.0.1] [--port 8080] [--dist DIR] [--base-path /] [--scenario healthy]`

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use beak_sim::{normalize_base_path, serve_with_shutdown, Config, Scenario};
use clap::Parser;
use tokio::sync::watch;

/// Simulates the beak platform's /beak routes and serves the built Ops Console.
#[derive(Debug, Parser)]
#[command(name = "beak-sim", version)]
struct Cli {
    /// Address to bind (loopback by default; control endpoints only answer loopback peers).
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Port to listen on (0 picks a free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Directory of the built web app to serve as a plain static host.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Mount path of the web app, e.g. "/" or "/ops/" (/beak and /__sim stay at the root).
    #[arg(long, default_value = "/")]
    base_path: String,
    /// Scenario at start.
    #[arg(long, default_value = "healthy", value_parser = parse_scenario)]
    scenario: Scenario,
}

fn parse_scenario(name: &str) -> Result<Scenario, String> {
    Scenario::from_name(name).ok_or_else(|| {
        let known: Vec<_> = Scenario::ALL.iter().map(|s| s.name()).collect();
        format!("unknown scenario; known: {}", known.join(", "))
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(dist) = &cli.dist {
        if !dist.is_dir() {
            eprintln!("beak-sim: --dist {} is not a directory", dist.display());
            return ExitCode::from(2);
        }
    }
    let base_path = normalize_base_path(&cli.base_path);
    let scenario = cli.scenario;
    let config = Config {
        bind: cli.bind,
        port: cli.port,
        dist: cli.dist,
        base_path: base_path.clone(),
        scenario,
    };

    let (signalled_tx, mut signalled) = watch::channel(false);
    let signal = async move {
        shutdown_signal().await;
        signalled_tx.send_replace(true);
    };
    let (addr, server) = match serve_with_shutdown(config, signal).await {
        Ok(v) => v,
        Err(e) => {
            eprintln!("beak-sim: cannot bind {}:{}: {e}", cli.bind, cli.port);
            return ExitCode::FAILURE;
        }
    };

    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "beak-sim listening on http://{addr}{base_path} scenario={}",
        scenario.name()
    );
    let _ = stdout.flush();
    drop(stdout);

    // Graceful shutdown, capped: idle keep-alive connections must not keep us alive.
    let deadline = async {
        let _ = signalled.wait_for(|v| *v).await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    tokio::select! {
        res = server => match res {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("beak-sim: server error: {e}");
                ExitCode::FAILURE
            }
        },
        _ = deadline => {
            eprintln!("beak-sim: forced shutdown after 5 s");
            ExitCode::SUCCESS
        }
    }
}
