//! The `porchlight` command line: parses the arguments and hands each command to its file
//! below. No build logic lives here; every command calls the library's stages.
//!
//! - `args`: the flags and their help;
//! - `build`, `pull`, `report`, `search`, `serve`, `init`: one file per command;
//! - `summary`: what `build` and `check` print;
//! - `messages`: the error chain, exit codes and a closed stdout.

mod args;
mod build;
mod init;
mod messages;
mod pull;
mod report;
mod search;
mod serve;
mod summary;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Runs the command line and returns the process exit code (docs/guide/commands.md "Exit codes").
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { common, out, pull } => build::build(common, out, pull),
        Command::Check { common } => build::check(common),
        Command::Report { what } => report::report(what),
        Command::Search(a) => search::search(a),
        Command::Serve { common, port, open } => serve::serve(common, port, open),
        Command::Watch { common, out } => serve::watch(common, out),
        Command::Pull(p) => pull::pull(p),
        Command::Init { dir } => init::init(&dir),
    };
    messages::exit(result)
}
