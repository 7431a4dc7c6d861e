//! `porchlight build` and `porchlight check`: the same stages, with and without writing.

use std::path::PathBuf;

use anyhow::Result;
use chrono::Utc;

use super::args::Common;
use super::{messages, summary};
use crate::site::{self, BuildOptions};

/// The build options a command's flags ask for.
pub(super) fn options(common: Common, out: Option<PathBuf>, write: bool) -> BuildOptions {
    BuildOptions {
        config: common.config,
        out,
        now: common.now.unwrap_or_else(Utc::now),
        strict: common.strict,
        progress: !common.quiet && !common.json,
        write,
    }
}

/// `build [--pull]`: a failed pull fails the build and leaves the previous site untouched.
pub(super) fn build(common: Common, out: Option<PathBuf>, pull: bool) -> Result<()> {
    let (quiet, json) = (common.quiet, common.json);
    if pull {
        let cfg = crate::config::Config::load(&common.config)?;
        let (s, snapshot) = crate::pull::pull_for_build(&cfg)?;
        if json {
            // stdout holds the one JSON summary; the pull line goes to stderr.
            eprintln!("{}", s.line(&snapshot));
        } else if !quiet {
            messages::out(&format!("{}\n", s.line(&snapshot)))?;
        }
    }
    let s = site::build(&options(common, out, true))?;
    summary::print(quiet, json, &s, true)
}

/// `check`: everything but the write.
pub(super) fn check(common: Common) -> Result<()> {
    let (quiet, json) = (common.quiet, common.json);
    let s = site::build(&options(common, None, false))?;
    summary::print(quiet, json, &s, false)
}
