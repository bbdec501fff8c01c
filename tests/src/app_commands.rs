//! The app's commands and who may invoke them, read from the sources of truth instead of a
//! hand-kept list: `src-tauri/src/lib.rs` (`generate_handler!`), `src-tauri/build.rs` (the
//! permissions), the `#[tauri::command]` functions under `src-tauri/src/commands/`, and
//! `src-tauri/capabilities/*.json`. A command added to the app is in here the moment it is
//! registered. Also compiled into `src-tauri/tests/capabilities.rs` (`#[path]`), so it uses
//! nothing but std and serde_json, and panics (it is test code) with what is wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The commands of the manager's back office are the ones defined in this folder.
pub const MANAGER_FOLDER: &str = "src/commands/manager";

/// What `src-tauri/` says about the app's commands.
#[derive(Debug, Clone)]
pub struct AppCommands {
    /// Registered with `generate_handler!`.
    pub registered: BTreeSet<String>,
    /// Declared as permissions in `build.rs`.
    pub declared: BTreeSet<String>,
    /// Every `#[tauri::command]` function, with its file relative to `src-tauri/`.
    pub functions: BTreeMap<String, PathBuf>,
    /// The app commands each window label is granted (`allow-<command>`).
    pub granted: BTreeMap<String, BTreeSet<String>>,
    /// Every other permission (core, plugins) each window label holds.
    pub other_permissions: BTreeMap<String, BTreeSet<String>>,
}

impl AppCommands {
    /// Reads `src_tauri` (the `src-tauri/` folder).
    pub fn read(src_tauri: &Path) -> Self {
        let (granted, other_permissions) = grants(src_tauri);
        Self {
            registered: registered(src_tauri),
            declared: declared(src_tauri),
            functions: functions(src_tauri),
            granted,
            other_permissions,
        }
    }

    /// The repository's `src-tauri/`, from a crate beside it.
    pub fn of_repository(crate_dir: &str) -> Self {
        let repo = Path::new(crate_dir).parent().expect("a crate inside the repository");
        Self::read(&repo.join("src-tauri"))
    }

    /// The commands defined under `src/commands/manager/`.
    pub fn manager(&self) -> BTreeSet<String> {
        self.functions
            .iter()
            .filter(|(_, file)| file.starts_with(MANAGER_FOLDER))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The app commands granted to the window with this label.
    pub fn granted_to(&self, window: &str) -> BTreeSet<String> {
        self.granted.get(window).cloned().unwrap_or_default()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str, file: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{file} has no `{start}`")) + start.len();
    let length = text[from..].find(end).unwrap_or_else(|| panic!("{file}: no `{end}` after `{start}`"));
    &text[from..from + length]
}

fn without_comments(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn registered(src_tauri: &Path) -> BTreeSet<String> {
    let lib = read(&src_tauri.join("src/lib.rs"));
    let list = without_comments(between(&lib, "generate_handler![", "]", "src/lib.rs"));
    let commands: BTreeSet<String> = list
        .split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_owned())
        .collect();
    assert!(commands.len() > 10, "generate_handler! in src/lib.rs lists only {commands:?}");
    commands
}

fn declared(src_tauri: &Path) -> BTreeSet<String> {
    let build = read(&src_tauri.join("build.rs"));
    let list = without_comments(between(&build, "let commands = &[", "];", "build.rs"));
    list.split(',')
        .map(|item| item.trim().trim_matches('"').to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

fn functions(src_tauri: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    for path in files(&src_tauri.join("src/commands"), "rs") {
        let text = read(&path);
        for (at, _) in text.match_indices("#[tauri::command") {
            let after = &text[at..];
            let signature = &after[after.find("fn ").expect("a command is a function") + 3..];
            let name: String = signature.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(name, path.strip_prefix(src_tauri).unwrap().to_path_buf());
        }
    }
    found
}

type Grants = BTreeMap<String, BTreeSet<String>>;

fn grants(src_tauri: &Path) -> (Grants, Grants) {
    let (mut commands, mut other) = (Grants::new(), Grants::new());
    for path in files(&src_tauri.join("capabilities"), "json") {
        let capability: Value = serde_json::from_str(&read(&path)).unwrap();
        assert!(
            capability.get("remote").is_none(),
            "{} grants commands to remote pages: nothing in StableTill loads remote content",
            path.display()
        );
        let windows =
            capability["windows"].as_array().unwrap_or_else(|| panic!("{}: no windows", path.display()));
        let permissions: Vec<String> = capability["permissions"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no permissions", path.display()))
            .iter()
            .map(|permission| match permission {
                Value::String(name) => name.clone(),
                other => other["identifier"].as_str().unwrap_or_default().to_owned(),
            })
            .collect();
        for window in windows.iter().map(|w| w.as_str().expect("a window label").to_owned()) {
            for permission in &permissions {
                match permission.strip_prefix("allow-") {
                    Some(command) => {
                        commands.entry(window.clone()).or_default().insert(command.replace('-', "_"))
                    }
                    None => other.entry(window.clone()).or_default().insert(permission.clone()),
                };
            }
        }
    }
    (commands, other)
}

/// Every file ending in `.extension` under `folder`.
fn files(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()));
        for path in entries.map(|entry| entry.expect("a directory entry").path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
