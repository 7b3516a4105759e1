//! Rules of the code's shape that the compiler cannot check, checked on the source.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let files = rust_files(&root);
    assert!(!files.is_empty(), "{}", root.display());
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

/// The simulator and the Webex client are both written from the spec, each on its own, so a
/// misreading of the API cannot hide in both (ARCHITECTURE.md): neither names the other.
#[test]
fn the_simulator_and_the_webex_client_share_no_code() {
    for (file, text) in src("simulator") {
        assert!(
            !text.contains("crate::webex"),
            "{} names the Webex client",
            file.display()
        );
    }
    for (file, text) in src("webex") {
        assert!(
            !text.contains("crate::simulator"),
            "{} names the simulator",
            file.display()
        );
    }
}

/// Person-scoped routes come from one table (`web::settings::person_routes`), which the
/// authorization matrix test walks: a route path with `{person_id}` anywhere else would escape it.
#[test]
fn person_scoped_routes_are_declared_in_one_table() {
    let table = Path::new("web").join("settings").join("mod.rs");
    for (file, text) in src("") {
        if file.ends_with(&table) {
            continue;
        }
        let routed = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .any(|l| l.contains("\"/hx/people/") || l.contains("{person_id}"));
        assert!(
            !routed,
            "{} declares a person-scoped route outside the route table",
            file.display()
        );
    }
}
