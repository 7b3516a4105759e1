//! Configuration as an operator meets it: the README's reference is the one the code generates.

#[test]
fn readme_embeds_the_generated_configuration_reference() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let generated = calling_portal::config::reference_markdown();
    assert!(
        readme.contains(&generated),
        "README.md's configuration table is out of date; replace it with `cargo run -- config-reference`"
    );
}
