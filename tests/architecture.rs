//! The boundary of ARCHITECTURE.md, enforced: the domain, the map scene,
//! the exports and the command line know nothing of the window toolkit.
//! Only `src/ui/` and `src/main.rs` may use egui, eframe, egui_plot or rfd.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

const GUI_CRATES: [&str; 4] = ["egui", "eframe", "egui_plot", "rfd"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The GUI crates a line of code names (comments are not code).
fn gui_uses(line: &str) -> Vec<&'static str> {
    let code = line.split("//").next().unwrap_or_default();
    GUI_CRATES
        .into_iter()
        .filter(|krate| {
            code.match_indices(krate).any(|(i, _)| {
                let before = code[..i].chars().next_back();
                let after = &code[i + krate.len()..];
                let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let is_path = after.starts_with("::");
                let is_use = code.trim_start().starts_with("use ")
                    && (after.is_empty() || after.starts_with([';', ',', ' ', '}', ':']));
                starts_word && (is_path || is_use)
            })
        })
        .collect()
}

#[test]
fn only_the_window_code_uses_the_gui_toolkit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    let mut offences = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&root).expect("under src");
        if rel.starts_with("ui") || rel == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            for krate in gui_uses(line) {
                offences.push(format!("src/{}:{}: uses {krate}", rel.display(), n + 1));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "GUI code outside src/ui:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_detector_sees_what_it_must_and_nothing_else() {
    assert_eq!(gui_uses("use egui::Color32;"), vec!["egui"]);
    assert_eq!(gui_uses("    let c = egui::Color32::RED;"), vec!["egui"]);
    assert_eq!(gui_uses("use egui_plot::{Plot, Line};"), vec!["egui_plot"]);
    assert_eq!(
        gui_uses("fn f() { eframe::run_native(..) }"),
        vec!["eframe"]
    );
    assert_eq!(gui_uses("let d = rfd::FileDialog::new();"), vec!["rfd"]);
    assert!(gui_uses("//! no knowledge of egui; `ui::palette` converts").is_empty());
    assert!(gui_uses("let x = 1; // egui::Color32 in a comment").is_empty());
    assert!(gui_uses("let my_egui_thing = 2;").is_empty());
}
