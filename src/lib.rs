//! Porchlight: turns an issue tracker export and a Markdown knowledge base into a static,
//! customer-facing support site.
//!
//! Data flows one way through one module per stage:
//! `sources` (tracker formats, docs folder) → `model` (normalized, may be private) →
//! `privacy` (the only way to build the public model) → `plan` (pages and URLs) →
//! `render` / `search` (HTML, feeds, index) → `output` (atomic, deterministic write).

pub mod cli;
pub mod config;
pub mod markup;
pub mod model;
pub mod output;
pub mod plan;
pub mod privacy;
pub mod pull;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
#[cfg(test)]
mod test_rng;
