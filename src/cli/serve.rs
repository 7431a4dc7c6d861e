//! `porchlight serve` and `porchlight watch`: the rebuild loop, with and without a server.

use std::path::PathBuf;

use anyhow::Result;

use super::args::Common;
use crate::serve;

/// Options of the `serve` / `watch` rebuild loop.
fn loop_options(common: Common) -> serve::LoopOptions {
    serve::LoopOptions {
        config: common.config,
        now: common.now,
        strict: common.strict,
        quiet: common.quiet,
    }
}

pub(super) fn serve(common: Common, port: u16, open: bool) -> Result<()> {
    serve::serve(&serve::ServeOptions {
        common: loop_options(common),
        port,
        open,
    })
}

pub(super) fn watch(common: Common, out: Option<PathBuf>) -> Result<()> {
    serve::watch(&loop_options(common), out)
}
