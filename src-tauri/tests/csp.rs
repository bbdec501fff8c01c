//! The content security policy the app ships, and pages that need nothing it forbids: scripts
//! only from the app's own files (no inline script, no inline event handler, no eval, nothing
//! remote), so text a gateway slips into the page can never run. The running app's part (an
//! inline script inserted into the real page does not run) is in
//! `tests/tests/security_hostile_text.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("src-tauri is in the repository").to_path_buf()
}

/// The policy in `tauri.conf.json` as directive → sources.
fn csp() -> BTreeMap<String, Vec<String>> {
    let path = repo().join("tauri.conf.json");
    let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let csp = &config["app"]["security"]["csp"];
    let text = csp.as_str().unwrap_or_else(|| {
        panic!("app.security.csp in {} must be one policy string, found {csp}", path.display())
    });
    text.split(';')
        .map(str::trim)
        .filter(|directive| !directive.is_empty())
        .map(|directive| {
            let mut words = directive.split_whitespace().map(str::to_owned);
            let name = words.next().unwrap().to_ascii_lowercase();
            (name, words.collect())
        })
        .collect()
}

/// The sources a directive falls back to `default-src` for.
fn sources<'a>(csp: &'a BTreeMap<String, Vec<String>>, directive: &str) -> &'a [String] {
    csp.get(directive).or_else(|| csp.get("default-src")).map(Vec::as_slice).unwrap_or_default()
}

#[test]
fn the_policy_allows_scripts_only_from_the_apps_own_files() {
    let csp = csp();
    assert_eq!(sources(&csp, "default-src"), ["'self'"], "{csp:?}");
    assert_eq!(sources(&csp, "script-src"), ["'self'"], "scripts come from the app's files only: {csp:?}");
    for directive in ["script-src", "script-src-elem", "script-src-attr", "style-src", "default-src"] {
        for source in sources(&csp, directive) {
            let lower = source.to_ascii_lowercase();
            assert!(
                ![
                    "'unsafe-inline'",
                    "'unsafe-eval'",
                    "'unsafe-hashes'",
                    "'wasm-unsafe-eval'",
                    "*",
                    "data:",
                    "blob:",
                    "http:",
                    "https:"
                ]
                .contains(&lower.as_str())
                    && !lower.starts_with("http"),
                "{directive} allows {source}: {csp:?}"
            );
        }
    }
    // Plugins, <base> and form posts are other ways to run or send what a page did not mean to.
    assert_eq!(sources(&csp, "object-src"), ["'none'"], "{csp:?}");
    assert_eq!(csp.get("base-uri").map(Vec::as_slice), Some(&["'none'".to_owned()][..]), "{csp:?}");
    assert_eq!(csp.get("form-action").map(Vec::as_slice), Some(&["'none'".to_owned()][..]), "{csp:?}");
    // Nothing is fetched from elsewhere: the only connection is Tauri's own IPC.
    for (directive, list) in &csp {
        for source in list {
            let remote = source.contains("://") && source != "http://ipc.localhost";
            assert!(!remote, "{directive} lets the page reach {source}: {csp:?}");
        }
    }
}

#[test]
fn the_pages_have_no_inline_script_handler_or_style() {
    let mut pages = Vec::new();
    let mut folders = vec![repo().join("ui")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") {
                pages.push(path);
            }
        }
    }
    assert!(pages.len() >= 3, "the cashier, manager and customer pages: found {pages:?}");
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap().to_ascii_lowercase();
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..at + html[at..].find('>').expect("a closed <script> tag")];
            assert!(
                tag.contains(" src="),
                "{}: an inline <script> (the policy blocks it): {tag}>",
                page.display()
            );
        }
        // ` onclick=`, ` onload=` …: handlers in markup are inline script.
        let handler = html.split(|c: char| c.is_whitespace()).find(|word| {
            word.starts_with("on")
                && word.split_once('=').is_some_and(|(name, _)| name.chars().all(|c| c.is_ascii_alphabetic()))
        });
        assert!(handler.is_none(), "{}: an inline event handler {handler:?}", page.display());
        for forbidden in ["javascript:", "<style", " style="] {
            assert!(!html.contains(forbidden), "{}: {forbidden} (the policy blocks it)", page.display());
        }
    }
}

#[test]
fn the_scripts_build_no_code_from_text() {
    let mut scripts = Vec::new();
    let mut folders = vec![repo().join("ui")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "js") {
                scripts.push(path);
            }
        }
    }
    for script in scripts {
        // Code only: the vendored Tauri modules' doc comments mention `eval()`.
        let text: String = std::fs::read_to_string(&script)
            .unwrap()
            .lines()
            .filter(|line| !["//", "/*", "*"].iter().any(|comment| line.trim_start().starts_with(comment)))
            .collect::<Vec<_>>()
            .join("\n");
        // innerHTML and friends parse text as markup; the UI builds elements and sets textContent.
        for forbidden in [
            "eval(",
            "new Function",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "createContextualFragment",
        ] {
            assert!(!text.contains(forbidden), "{}: uses {forbidden}", script.display());
        }
    }
}
