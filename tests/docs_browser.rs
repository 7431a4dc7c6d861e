//! Real-browser test of docs with images and aliases (`tests/browser/docs.mjs`): the images of
//! the YAML and no-front-matter fixture shapes load in Chromium, and an alias redirect lands on
//! the moved page with its `#anchor`. Needs what `tests/search_browser.rs` needs.

mod common;

use common::browser::{run_scenario, serve};

#[test]
fn images_load_and_redirects_keep_the_anchor() {
    // Two shapes in one site folder: YAML (an alias, a JPEG) and no front matter (PNGs).
    let yaml = common::docs_shape("yaml");
    let plain = common::docs_shape("no-front-matter");
    common::copy_dir(&plain.path().join("docs"), &yaml.path().join("docs"));
    yaml.build(&["--strict"]).ok();
    let url = serve(yaml.out());
    run_scenario("docs", &url, &[]);
}
