//! The command line: every command, flag and its help (clap derive), and the checks that turn
//! flag text into values. Nothing here does any work.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "porchlight",
    version,
    about = "Turns an issue tracker export into a static, customer-facing support site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    Pull(PullArgs),
    /// Search the built site's index as the site's search box does, and print the ranked
    /// results with their links (to paste into a reply, or for relevance scripts).
    Search(SearchArgs),
    /// Reports for the support team (printed, never published).
    Report {
        #[command(subcommand)]
        what: ReportKind,
    },
}

/// `porchlight search`'s flags.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The words to look for, as a customer types them.
    pub query: String,
    /// The site's config file (its output folder holds the index).
    #[arg(long, short, default_value = "porchlight.toml")]
    pub config: PathBuf,
    /// The built site's folder (default: the output folder `build` writes).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Print one JSON object per result, one per line.
    #[arg(long)]
    pub json: bool,
    /// Only docs or only tickets.
    #[arg(long, value_enum)]
    pub kind: Option<SearchKind>,
    /// Only tickets in this stage (its name as the site shows it, e.g. "In progress").
    #[arg(long)]
    pub stage: Option<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// On a site in several languages, the index of this language's part (its code, e.g.
    /// "fr"; default: the default language's).
    #[arg(long)]
    pub language: Option<String>,
}

/// `--kind` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum SearchKind {
    Doc,
    Ticket,
}

/// `porchlight pull`'s flags.
#[derive(clap::Args, Debug)]
pub struct PullArgs {
    /// Which tracker speaks at --url.
    #[arg(value_enum)]
    pub tracker: PullTracker,
    /// Base URL: the Redmine or MantisBT root, the GitHub API root (https://api.github.com),
    /// or the Jira site (https://acme.atlassian.net). GitLab: the GitLab root (default
    /// https://gitlab.com).
    #[arg(long)]
    pub url: Option<String>,
    /// Redmine project identifier or id, MantisBT project id, GitHub owner/name, or Jira
    /// project key.
    #[arg(long)]
    pub project: String,
    /// Name of the environment variable that holds the API key (the key is never a flag).
    #[arg(long, value_name = "VAR")]
    pub key_env: String,
    /// Snapshot file to write (updated incrementally when it exists).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Ignore an existing snapshot and fetch every issue again.
    #[arg(long)]
    pub full: bool,
    /// Per-issue requests in flight.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
    /// Redmine: folder for the wiki pages as Markdown docs (default: wiki/ beside the
    /// snapshot). Replaced as a whole on every pull, and only if pull wrote it before.
    #[arg(long, value_name = "DIR", conflicts_with = "no_wiki")]
    pub wiki: Option<PathBuf>,
    /// Redmine: do not pull the wiki.
    #[arg(long)]
    pub no_wiki: bool,
    /// The longest wait, in seconds, for a rate limit to reset (GitHub's primary limit resets
    /// within the hour); a later reset fails the pull with the server's message.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub rate_limit_wait: u64,
    /// Redmine: a public subproject whose issues are published too (repeat for several).
    /// Issues of other subprojects, which Redmine lists under the parent, are left out.
    #[arg(long, value_name = "ID")]
    pub subproject: Vec<String>,
    /// Redmine: the server's text formatting (Administration → Settings → General). Without
    /// it the pull finds out from how Redmine renders a wiki page, else takes Redmine's
    /// default, Textile; the snapshot records it for `build`.
    #[arg(long, value_enum)]
    pub markup: Option<WikiMarkup>,
    /// Odoo: name of the environment variable that holds the login the API key belongs to
    /// (default ODOO_USER); --project names the database.
    #[arg(long, value_name = "VAR")]
    pub user_env: Option<String>,
    /// Jira: which REST API the site speaks (default: cloud for *.atlassian.net, else
    /// data-center).
    #[arg(long, value_enum)]
    pub jira_api: Option<JiraApiArg>,
    /// Jira: the JQL that selects the issues, without ORDER BY (default: project = PROJECT).
    #[arg(long)]
    pub jql: Option<String>,
    /// Jira Cloud: the environment variable that holds the account's e-mail (the API token
    /// is in --key-env).
    #[arg(long, value_name = "VAR")]
    pub email_env: Option<String>,
    /// Jira: an issue security level whose issues may be published (repeat for several);
    /// issues with any other level are left out as private.
    #[arg(long, value_name = "NAME")]
    pub public_security_level: Vec<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum JiraApiArg {
    /// Jira Cloud: REST v3, e-mail + API token.
    Cloud,
    /// Jira Data Center / Server: REST v2, personal access token.
    DataCenter,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum PullTracker {
    /// Redmine 4/5 and plan.io (REST API, key in X-Redmine-API-Key).
    Redmine,
    /// MantisBT 2.x REST API (token in Authorization).
    Mantis,
    /// GitHub issues (token as Authorization: Bearer).
    Github,
    /// GitLab issues, API v4 (token in PRIVATE-TOKEN); --url is the GitLab root
    /// (https://gitlab.com or a self-managed one).
    Gitlab,
    /// Odoo Helpdesk (JSON-RPC /jsonrpc; login and API key from the environment).
    Odoo,
    /// Jira Cloud or Data Center, with Service Management (API token or personal access
    /// token).
    Jira,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum WikiMarkup {
    Markdown,
    Textile,
}

#[derive(Subcommand, Debug)]
pub enum ReportKind {
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
pub struct Common {
    /// The site's config file.
    #[arg(long, short, default_value = "porchlight.toml")]
    pub config: PathBuf,
    /// The build's moment, as RFC 3339 (2026-11-23T12:00:00Z): promises ("Past our target") are
    /// judged at it to the second, ages and due dates by its date; default: the clock.
    #[arg(long, value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    /// Treat input warnings (unknown statuses, broken doc links, …) as errors (exit code 3).
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but warnings and errors (for CI logs).
    #[arg(long, short, conflicts_with = "json")]
    pub quiet: bool,
    /// Print the summary as one JSON object on stdout (for scripts).
    #[arg(long)]
    pub json: bool,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected RFC 3339 such as 2026-11-23T12:00:00Z"))
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
