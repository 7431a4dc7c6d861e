//! The `porchlight` command: parses arguments and dispatches to the library. No build logic
//! lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use porchlight::site::{self, BuildOptions, StrictFailure};

/// Exit codes (documented in README "Exit codes").
const EXIT_ERROR: u8 = 1;
const EXIT_STRICT: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "porchlight",
    version,
    about = "Turns an issue tracker export into a static, customer-facing support site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default: public/ next to porchlight.toml).
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder. It is replaced as a whole, and only if Porchlight wrote it before.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Read and validate everything, render in memory, write nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Create a new site (porchlight.toml, sample content, the default theme) in DIR.
    Init {
        /// Folder to create the site in (created if missing).
        dir: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
struct Common {
    /// The site's config file.
    #[arg(long, short, default_value = "porchlight.toml")]
    config: PathBuf,
    /// "Today" for SLA and overdue figures, as RFC 3339 (2026-11-23T12:00:00Z); default: the clock.
    #[arg(long, value_parser = parse_now)]
    now: Option<DateTime<Utc>>,
    /// Treat input warnings (unknown statuses, broken doc links, …) as errors (exit code 3).
    #[arg(long)]
    strict: bool,
    /// Print nothing but warnings and errors (for CI logs).
    #[arg(long, short, conflicts_with = "json")]
    quiet: bool,
    /// Print the summary as one JSON object on stdout (for scripts).
    #[arg(long)]
    json: bool,
}

/// How to print the summary.
fn print(common_quiet: bool, json: bool, s: &site::Summary, wrote: bool) {
    if json {
        for w in &s.warnings {
            eprintln!("warning: {w}");
        }
        println!("{}", site::summary_json(s));
    } else if common_quiet {
        for w in &s.warnings {
            eprintln!("warning: {w}");
        }
    } else {
        site::print_summary(s, wrote);
    }
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected RFC 3339 such as 2026-11-23T12:00:00Z"))
}

fn options(common: Common, out: Option<PathBuf>, write: bool) -> BuildOptions {
    BuildOptions {
        config: common.config,
        out,
        now: common.now.unwrap_or_else(Utc::now),
        strict: common.strict,
        write,
    }
}

/// Prints an error with its whole chain of causes, one "Reason:" line each.
fn report(e: &anyhow::Error) {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  Reason: {cause}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { common, out } => {
            let (q, j) = (common.quiet, common.json);
            site::build(&options(common, out, true)).map(|s| print(q, j, &s, true))
        }
        Command::Check { common } => {
            let (q, j) = (common.quiet, common.json);
            site::build(&options(common, None, false)).map(|s| print(q, j, &s, false))
        }
        Command::Init { dir } => site::init(&dir).map(|files| {
            println!(
                "Created a site in {} ({} files). Next: cd {} && porchlight build",
                dir.display(),
                files.len(),
                dir.display()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            if e.downcast_ref::<StrictFailure>().is_some() {
                ExitCode::from(EXIT_STRICT)
            } else {
                ExitCode::from(EXIT_ERROR)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid_and_parses() {
        Cli::command().debug_assert();
        let c = Cli::try_parse_from([
            "porchlight",
            "build",
            "--now",
            "2026-11-23T12:00:00Z",
            "--strict",
            "--out",
            "x",
        ])
        .unwrap();
        assert!(matches!(c.command, Command::Build { .. }));
        let e = Cli::try_parse_from(["porchlight", "build", "--now", "yesterday"]).unwrap_err();
        assert!(e.to_string().contains("expected RFC 3339"), "{e}");
    }
}
