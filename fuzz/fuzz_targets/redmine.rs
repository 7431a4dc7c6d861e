#![no_main]
//! Redmine REST JSON reader, both markups.
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use porchlight::model::Markup;

fuzz_target!(|data: &[u8]| {
    let _ = porchlight::sources::redmine::parse(Path::new("fuzz.json"), data, Markup::Textile);
});
