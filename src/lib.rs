//! Porchlight: turns an issue tracker export and a Markdown knowledge base into a static,
//! customer-facing support site.
//!
//! Data flows one way through one module per stage:
//! `sources` (tracker formats, docs folder) → `model` (normalized, may be private) →
//! `privacy` (the only way to build the public model) → `plan` (pages and URLs) →
//! `render` / `search` (HTML, feeds, index) → `output` (atomic, deterministic write).

pub mod cli;
pub mod config;
pub mod i18n;
pub mod markup;
pub mod model;
pub mod output;
pub(crate) mod plan;
pub(crate) mod privacy;
pub(crate) mod pull;
pub mod render;
pub mod search;
pub(crate) mod serve;
pub mod site;
pub mod sources;
#[cfg(test)]
mod test_rng;
