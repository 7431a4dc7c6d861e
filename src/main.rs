//! The `porchlight` command: parses arguments and dispatches to the library. No build logic
//! lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use porchlight::serve;
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
        /// Pull first, as the config's [pull] table says; a failed pull fails the build and
        /// leaves the previous site untouched.
        #[arg(long)]
        pull: bool,
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
    /// Build into a private folder, serve it on 127.0.0.1 and rebuild and reload on changes.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port on 127.0.0.1 (0 picks a free one; the URL is the first line printed).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in the browser (xdg-open) once it is built.
        #[arg(long)]
        open: bool,
    },
    /// Build, then rebuild into the output folder after every change (no server).
    Watch {
        #[command(flatten)]
        common: Common,
        /// Output folder (default: public/ next to porchlight.toml).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Fetch a tracker's issues from its live API into a snapshot file that `build` reads.
    /// Private issues, private notes and internal fields never reach the snapshot.
    Pull {
        /// Which tracker speaks at --url.
        #[arg(value_enum)]
        tracker: PullTracker,
        /// Base URL: the Redmine or MantisBT root, or the GitHub API root (https://api.github.com).
        #[arg(long)]
        url: String,
        /// Redmine project identifier or id, MantisBT project id, or GitHub owner/name.
        #[arg(long)]
        project: String,
        /// Name of the environment variable that holds the API key (the key is never a flag).
        #[arg(long, value_name = "VAR")]
        key_env: String,
        /// Snapshot file to write (updated incrementally when it exists).
        #[arg(long, short)]
        out: PathBuf,
        /// Ignore an existing snapshot and fetch every issue again.
        #[arg(long)]
        full: bool,
        /// Per-issue requests in flight.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
        concurrency: u16,
        /// Redmine: folder for the wiki pages as Markdown docs (default: wiki/ beside the
        /// snapshot). Replaced as a whole on every pull, and only if pull wrote it before.
        #[arg(long, value_name = "DIR", conflicts_with = "no_wiki")]
        wiki: Option<PathBuf>,
        /// Redmine: do not pull the wiki.
        #[arg(long)]
        no_wiki: bool,
        /// Redmine: the text formatting of the wiki (Administration → Settings → General).
        #[arg(long, value_enum, default_value_t = WikiMarkup::Markdown)]
        markup: WikiMarkup,
    },
    /// Reports for the support team (printed, never published).
    Report {
        #[command(subcommand)]
        what: ReportKind,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum PullTracker {
    /// Redmine 4/5 and plan.io (REST API, key in X-Redmine-API-Key).
    Redmine,
    /// MantisBT 2.x REST API (token in Authorization).
    Mantis,
    /// GitHub issues (token as Authorization: Bearer).
    Github,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum WikiMarkup {
    Markdown,
    Textile,
}

#[derive(Subcommand, Debug)]
enum ReportKind {
    /// Doc pages by how many public tickets readers filed after "Did this answer your
    /// question? — No" (the same data as reports/docs-feedback.json in the output).
    Docs {
        /// The site's config file.
        #[arg(long, short, default_value = "porchlight.toml")]
        config: PathBuf,
        /// Print the report as JSON instead of a table.
        #[arg(long)]
        json: bool,
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
        progress: !common.quiet && !common.json,
        write,
    }
}

/// Options of the `serve` / `watch` rebuild loop.
fn loop_options(common: Common) -> serve::LoopOptions {
    serve::LoopOptions {
        config: common.config,
        now: common.now,
        strict: common.strict,
        quiet: common.quiet,
    }
}

/// Prints an error with its whole chain of causes, one "Reason:" line each.
fn report(e: &anyhow::Error) {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  Reason: {cause}");
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes mimalloc give freed memory back to the system 10 ms after it is freed instead of
/// its default 1,000 ms (mimalloc 3). A build frees as it goes (the export buffer after the
/// read, each page once written, the page text once its excerpts are compressed), and with
/// the long delay that memory stayed resident. Measured (tmpfs, `MIMALLOC_PURGE_DELAY`):
/// 100,000 tickets 917-930 MiB peak against 977-1,006 MiB, for 0.3 s more of ~8 s;
/// 10,000 tickets 119-124 MiB against 156-186 MiB, for 0.02 s more of 0.85 s. A delay of
/// 0 (purge at once) cost 0.5 s more at 100,000 tickets and saved no more memory.
fn return_freed_memory_soon() {
    // `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the -sys crate names no
    // constant for it); the version is pinned in Cargo.lock.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // An explicit MIMALLOC_PURGE_DELAY in the environment still wins (for measuring).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain option value, before any thread is started.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { common, out, pull } => {
            let (q, j) = (common.quiet, common.json);
            let pulled = if pull {
                porchlight::config::Config::load(&common.config)
                    .and_then(|cfg| porchlight::pull::pull_for_build(&cfg))
                    .map(|(s, snapshot)| {
                        if j {
                            eprintln!("{}", s.line(&snapshot));
                        } else if !q {
                            println!("{}", s.line(&snapshot));
                        }
                    })
            } else {
                Ok(())
            };
            pulled.and_then(|()| {
                site::build(&options(common, out, true)).map(|s| print(q, j, &s, true))
            })
        }
        Command::Check { common } => {
            let (q, j) = (common.quiet, common.json);
            site::build(&options(common, None, false)).map(|s| print(q, j, &s, false))
        }
        Command::Report {
            what: ReportKind::Docs { config, json },
        } => site::report_docs(&config, Utc::now()).map(|r| {
            if json {
                print!(
                    "{}",
                    String::from_utf8_lossy(&porchlight::feedback::report_json(&r))
                );
            } else {
                print!("{}", porchlight::feedback::report_text(&r));
            }
        }),
        Command::Serve { common, port, open } => serve::serve(&serve::ServeOptions {
            common: loop_options(common),
            port,
            open,
        }),
        Command::Watch { common, out } => serve::watch(&loop_options(common), out),
        Command::Pull {
            tracker,
            url,
            project,
            key_env,
            out,
            full,
            concurrency,
            wiki,
            no_wiki,
            markup,
        } => {
            use porchlight::pull::{self, Tracker};
            let tracker = match tracker {
                PullTracker::Redmine => Tracker::Redmine,
                PullTracker::Mantis => Tracker::Mantis,
                PullTracker::Github => Tracker::Github,
            };
            let mut o = pull::PullOptions::new(tracker, &url, &project, &key_env, &out);
            o.full = full;
            o.concurrency = usize::from(concurrency);
            if no_wiki || tracker != Tracker::Redmine {
                o.wiki = None;
            } else if let Some(w) = wiki {
                o.wiki = Some(w);
            }
            o.markup = match markup {
                WikiMarkup::Markdown => porchlight::model::Markup::Markdown,
                WikiMarkup::Textile => porchlight::model::Markup::Textile,
            };
            pull::pull(&o).map(|s| println!("{}", s.line(&out)))
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
