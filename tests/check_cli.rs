//! `baltic-atlas check`: exit codes and one line per issue, for layers,
//! figures CSVs, geodata folders and paths that do not exist.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn check(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("baltic-atlas")
        .unwrap()
        .current_dir(ROOT)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_good_layer_exits_0_with_a_summary() {
    let (code, out, err) = check(&["tests/user_files/ohm_front_1944.geojson"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "tests/user_files/ohm_front_1944.geojson: loaded 6 features\n"
    );
}

#[test]
fn a_partly_bad_layer_exits_0_and_lists_each_issue_on_one_line() {
    let (code, out, _) = check(&["tests/user_files/mixed.geojson"]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains("loaded 3 features, skipped 3 with errors"));
    assert!(
        lines[1].starts_with("error: tests/user_files/mixed.geojson: feature 2 (\"bad date\"): ")
    );
    assert!(
        lines[2].starts_with("warning: tests/user_files/mixed.geojson: feature 3 (\"good 2\"): ")
    );
    assert!(
        lines[3].starts_with("error: tests/user_files/mixed.geojson: feature 4 (\"bad coords\"): ")
    );
    assert!(
        lines[4]
            .starts_with("error: tests/user_files/mixed.geojson: feature 6 (\"no geometry\"): ")
    );
}

#[test]
fn repairs_are_warnings_and_exit_0() {
    let (code, out, _) = check(&[
        "tests/broken_inputs/bowtie.geojson",
        "tests/broken_inputs/unclosed_ring.geojson",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning: tests/broken_inputs/bowtie.geojson: feature 2 (\"Sector 0\"): the polygon crosses itself; rebuilt"), "{out}");
    assert!(out.contains("warning: tests/broken_inputs/unclosed_ring.geojson: feature 2 (\"Sector 0\"): the outer ring was not closed"), "{out}");
}

#[test]
fn a_file_that_cannot_load_exits_1() {
    let (code, out, _) = check(&["tests/broken_inputs/truncated.geojson"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("error: tests/broken_inputs/truncated.geojson: the JSON ends too early"),
        "{out}"
    );
}

#[test]
fn one_bad_file_among_good_ones_exits_1_and_reports_all() {
    let (code, out, _) = check(&[
        "tests/user_files/ohm_front_1944.geojson",
        "tests/broken_inputs/binary_png.geojson",
        "tests/user_files/figures_good.csv",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].contains("binary file"), "{out}");
    assert_eq!(
        lines[2],
        "tests/user_files/figures_good.csv: loaded 1 figure"
    );
}

#[test]
fn every_broken_input_is_handled_without_a_panic() {
    let mut args: Vec<String> = std::fs::read_dir(format!("{ROOT}/tests/broken_inputs"))
        .unwrap()
        .map(|e| {
            format!(
                "tests/broken_inputs/{}",
                e.unwrap().file_name().to_string_lossy()
            )
        })
        .collect();
    args.sort();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = check(&refs);
    assert_eq!(code, 1);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.lines().all(|l| l.contains("tests/broken_inputs/")),
        "{out}"
    );
}

#[test]
fn a_csv_with_a_wrong_header_lists_the_expected_columns() {
    let (code, out, _) = check(&["tests/user_files/figures_wrong_header.csv"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "error: tests/user_files/figures_wrong_header.csv, line 1: wrong header: expected columns \
         series,country,date,period_end,value,unit,label,sources,note, found series,country,year,value\n"
    );
}

#[test]
fn the_shipped_figures_and_geodata_folder_check_clean() {
    let (code, out, _) = check(&["assets/figures.csv", "geodata"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("assets/figures.csv: loaded"), "{out}");
    assert!(out.contains("geodata: geodata folder loads"), "{out}");
}

#[test]
fn a_broken_geodata_folder_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(format!("{ROOT}/geodata")).unwrap() {
        let f = f.unwrap();
        if f.path().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    std::fs::write(dir.path().join("control.csv"), "nonsense\n").unwrap();
    let (code, out, _) = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("error: ") && out.contains("control.csv"),
        "{out}"
    );
}

#[test]
fn a_missing_file_is_a_clear_message_and_exit_1() {
    let (code, out, err) = check(&["no/such/file.geojson"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("error: no/such/file.geojson: cannot read the file: "),
        "{out}"
    );
}

#[test]
fn the_label_property_option_is_used() {
    let (code, out, _) = check(&[
        "--label-property",
        "controller",
        "tests/user_files/ohm_front_1944.geojson",
    ]);
    assert_eq!(code, 0);
    // Five features lack it: one grouped line, five with --verbose.
    assert_eq!(out.matches("labelled \"feature N\"").count(), 1, "{out}");
    assert!(
        out.contains(
            "5 features: no \"controller\" property; labelled \"feature N\" by its number"
        ),
        "{out}"
    );
    let (code, verbose, _) = check(&[
        "--verbose",
        "--label-property",
        "controller",
        "tests/user_files/ohm_front_1944.geojson",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        verbose.matches("labelled \"feature N\"").count(),
        5,
        "{verbose}"
    );
    assert_eq!(verbose.matches(": feature ").count(), 5, "{verbose}");
}

#[test]
fn check_without_paths_is_a_usage_error() {
    let (code, _, err) = check(&[]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error:"), "{err}");
}
