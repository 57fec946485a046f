//! The `baltic-atlas` binary: the window, or a headless subcommand.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use baltic_atlas::cli::{self, Cli};
use clap::Parser;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help and --version: print as clap formats them.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // One line, as scripts expect: "error: invalid value ...".
            let text = e.to_string();
            eprintln!("{}", text.lines().next().unwrap_or("error: bad arguments"));
            return ExitCode::from(2);
        }
    };
    if let Some(command) = &args.command {
        let stdout = std::io::stdout();
        return match cli::run(command, args.geodata_dir.as_deref(), &mut stdout.lock()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    open_window(args, started)
}

/// The window at the requested date, with the user's files opened.
#[cfg(feature = "gui")]
fn open_window(args: Cli, started: std::time::Instant) -> ExitCode {
    let atlas = match cli::load_atlas(args.geodata_dir.as_deref()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let chronicle = match baltic_atlas::chronicle::Chronicle::builtin(&atlas.sources) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = args.startup_report.then_some(started);
    match baltic_atlas::ui::run(atlas, chronicle, args.date, report, args.open.clone()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A build without the `gui` feature has the command line only.
#[cfg(not(feature = "gui"))]
fn open_window(_args: Cli, _started: std::time::Instant) -> ExitCode {
    eprintln!(
        "error: this build of baltic-atlas has no window (built without the \"gui\" feature); \
         use a subcommand such as `query`, `export` or `check` (see --help)"
    );
    ExitCode::from(2)
}
