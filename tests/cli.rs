//! The headless command line: good and bad input, exit codes, messages.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

fn atlas() -> Command {
    Command::cargo_bin("baltic-atlas").unwrap()
}

#[test]
fn query_prints_region_names_controller_interval_and_status() {
    let out = atlas()
        .args([
            "query",
            "--date",
            "1946-01-01",
            "--lon",
            "24.11",
            "--lat",
            "56.95",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Riga"), "{text}");
    assert!(text.contains("USSR – Latvian SSR"), "{text}");
    assert!(text.contains("From 13 October 1944"), "{text}");
    assert!(text.contains("not recognised"), "{text}");
    assert!(text.contains("Source:"), "{text}");
}

/// During a campaign the answer names the front: Riga on the day it was
/// taken is a sourced place; a point between towns is interpolated, with
/// the places it rests on and their pages.
#[test]
fn query_names_the_front_during_a_campaign() {
    let run = |date: &str, lon: &str, lat: &str| {
        let out = atlas()
            .args(["query", "--date", date, "--lon", lon, "--lat", lat])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let riga = run("1944-10-13", "24.11", "56.95");
    assert!(riga.contains("USSR – Latvian SSR"), "{riga}");
    assert!(
        riga.contains("Front:      a sourced place: taken by the Soviet side on 13 October 1944"),
        "{riga}"
    );
    let between = run("1944-09-20", "25.6", "58.9");
    assert!(
        between.contains("interpolated front (modelled, not recorded)"),
        "{between}"
    );
    assert!(between.matches("Between:").count() >= 2, "{between}");
    assert!(between.contains("Capture:    <http"), "{between}");
}

#[test]
fn query_json_is_machine_readable() {
    let out = atlas()
        .args([
            "query",
            "--date",
            "1939-03-24",
            "--lon",
            "21.14",
            "--lat",
            "55.71",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["controller"]["id"], "DE");
    assert_eq!(v["region"]["id"], "LT-KLAIPEDA-CITY");
    assert_eq!(v["from"], "1939-03-23");
    assert_eq!(v["to"], "1945-01-27");
    assert!(
        v["names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["name"] == "Memel")
    );
    assert!(!v["sources"].as_array().unwrap().is_empty());
}

fn one_line_error(args: &[&str], needle: &str) {
    let assert = atlas().args(args).assert().failure();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_arguments_give_one_line_and_a_non_zero_exit() {
    one_line_error(
        &[
            "query",
            "--date",
            "1944-02-30",
            "--lon",
            "24.1",
            "--lat",
            "56.9",
        ],
        "no such day",
    );
    one_line_error(
        &[
            "query",
            "--date",
            "1938-12-31",
            "--lon",
            "24.1",
            "--lat",
            "56.9",
        ],
        "outside the atlas period",
    );
    one_line_error(
        &[
            "query",
            "--date",
            "2000-01-01",
            "--lon",
            "24.1",
            "--lat",
            "56.9",
        ],
        "outside the atlas period",
    );
    one_line_error(
        &[
            "query",
            "--date",
            "1944-10-13",
            "--lon",
            "13.4",
            "--lat",
            "52.5",
        ],
        "outside the area the atlas covers",
    );
    one_line_error(
        &[
            "query",
            "--date",
            "1944-10-13",
            "--lon",
            "400",
            "--lat",
            "52.5",
        ],
        "invalid coordinate",
    );
    one_line_error(
        &["query", "--date", "1944-10-13", "--lon", "x", "--lat", "1"],
        "invalid value",
    );
    one_line_error(&["territories", "--date", "yesterday"], "invalid date");
    one_line_error(
        &[
            "territories",
            "--date",
            "1944-10-13",
            "--out",
            "/nonexistent-dir/x.geojson",
        ],
        "cannot create",
    );
    one_line_error(
        &[
            "--geodata-dir",
            "/nonexistent-dir",
            "query",
            "--date",
            "1944-10-13",
            "--lon",
            "24",
            "--lat",
            "56",
        ],
        "cannot read",
    );
}

#[test]
fn territories_writes_a_feature_collection_with_the_required_properties() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.geojson");
    atlas()
        .args(["territories", "--date", "1941-07-15", "--out"])
        .arg(&path)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    let controllers: Vec<&str> = features
        .iter()
        .map(|f| f["properties"]["controller"].as_str().unwrap())
        .collect();
    // Mid-July 1941: Germany holds Lithuania, Latvia and southern Estonia;
    // the USSR still holds northern Estonia.
    assert!(controllers.contains(&"DE"), "{controllers:?}");
    assert!(controllers.contains(&"SU-EE"), "{controllers:?}");
    for f in features {
        let p = &f["properties"];
        assert!(p["area_km2"].as_f64().unwrap() > 0.0);
        assert!(p["start_date"].as_str().unwrap() <= "1941-07-15");
        assert!(p["end_date"].as_str().unwrap() >= "1941-07-15");
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
    }
}

#[test]
fn territories_to_stdout_parses() {
    let out = atlas()
        .args(["territories", "--date", "1995-01-01"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<&str> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["controller"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["EE", "LV", "LT", "RU"]);
}

#[test]
fn a_broken_geodata_folder_is_refused_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    for file in baltic_atlas::geodata::GeodataFile::ALL {
        let name = file.name();
        let to = dir.path().join(name);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::copy(format!("geodata/{name}"), to).unwrap();
    }
    let control = dir.path().join("control.csv");
    let text = std::fs::read_to_string(&control).unwrap();
    // Make Harju's first interval overlap the next one.
    let broken = text.replacen(
        "EE-HARJU,1939-01-01,1940-06-16",
        "EE-HARJU,1939-01-01,1940-06-18",
        1,
    );
    assert_ne!(text, broken);
    std::fs::write(&control, broken).unwrap();
    let assert = atlas()
        .arg("--geodata-dir")
        .arg(dir.path())
        .args([
            "query",
            "--date",
            "1950-01-01",
            "--lon",
            "24.7",
            "--lat",
            "59.4",
        ])
        .assert()
        .failure();
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("control.csv, line 3, field \"start_date\""),
        "{err}"
    );
    assert!(err.contains("overlaps"), "{err}");
}

#[test]
fn export_chart_png_at_2x() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deportations.png");
    let text = atlas()
        .args([
            "export",
            "chart",
            "deportations",
            "--date",
            "1949-03-25",
            "--format",
            "png",
            "--scale",
            "2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(text).unwrap().contains("3200×1800"));
    let img = image::open(&out).unwrap();
    assert_eq!((img.width(), img.height()), (3200, 1800));
}

#[test]
fn export_map_svg_and_chart_csv_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("map.svg");
    atlas()
        .args([
            "export",
            "map",
            "--date",
            "1944-10-13",
            "--format",
            "svg",
            "--width",
            "1600",
            "--height",
            "1200",
            "--out",
        ])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<?xml"));
    assert!(text.contains("width=\"1600\" height=\"1200\""));
    let csv = dir.path().join("troops.csv");
    atlas()
        .args(["export", "chart", "troops", "--date", "1994-08-31", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(
        table.starts_with("chart,series,country,date,value"),
        "{table}"
    );
}

#[test]
fn export_map_sequence_writes_frames_and_animation() {
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    let text = atlas()
        .args([
            "export",
            "map",
            "--from",
            "1944-07-01",
            "--to",
            "1944-07-22",
            "--every",
            "1w",
            "--width",
            "400",
            "--height",
            "320",
            "--out-dir",
        ])
        .arg(&frames)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("wrote 4 frames"), "{text}");
    assert!(frames.join("map-1944-07-22.png").exists());
    assert!(
        frames
            .join("map-1944-07-01-to-1944-07-22-animated.png")
            .exists()
    );
}

/// Runs a failing export and returns its one-line error and exit code.
fn failing(args: &[&str]) -> (String, i32) {
    let out = atlas().args(args).assert().failure().get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    (err, out.status.code().unwrap())
}

#[test]
fn export_failures_are_one_line_with_a_nonzero_code() {
    let (err, code) = failing(&[
        "export",
        "chart",
        "weather",
        "--date",
        "1949-03-25",
        "--out",
        "x.png",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("weather"), "{err}");
    let (err, code) = failing(&[
        "export",
        "chart",
        "troops",
        "--date",
        "1949-02-30",
        "--out",
        "x.png",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("1949-02-30"), "{err}");
    let (err, code) = failing(&[
        "export",
        "map",
        "--date",
        "1944-10-13",
        "--out",
        "/nonexistent-folder/map.png",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot create"), "{err}");
    let (err, code) = failing(&[
        "export",
        "map",
        "--date",
        "1944-10-13",
        "--out",
        "m.png",
        "--scale",
        "8",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("scale 8"), "{err}");
    let (err, _) = failing(&["export", "map", "--out", "m.png"]);
    assert_eq!(
        err.trim_end(),
        "error: cannot export: give --date and --out for one map, \
         or --from, --to, --every and --out-dir for a sequence"
    );
    let (err, _) = failing(&[
        "export",
        "map",
        "--from",
        "1944-07-01",
        "--to",
        "1944-06-01",
        "--every",
        "1w",
        "--out-dir",
        "f",
    ]);
    assert!(err.contains("before it starts"), "{err}");
    let (err, code) = failing(&[
        "export",
        "map",
        "--from",
        "1944-07-01",
        "--to",
        "1944-08-01",
        "--every",
        "1q",
        "--out-dir",
        "f",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid step"), "{err}");
    let (err, _) = failing(&[
        "export",
        "map",
        "--date",
        "1944-10-13",
        "--format",
        "csv",
        "--out",
        "m.csv",
    ]);
    assert!(err.contains("PNG or SVG"), "{err}");
}

#[test]
fn export_map_of_a_box_and_a_bad_box() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("courland.svg");
    atlas()
        .args([
            "export",
            "map",
            "--date",
            "1945-03-01",
            "--bbox",
            "20.9,56.0,23.6,57.9",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    // Courland's towns are on the map; Tallinn and Vilnius are outside it.
    assert!(
        svg.contains(">Libau</text>"),
        "Liepāja was Libau under German rule"
    );
    assert!(!svg.contains(">Tallinn</text>"));
    assert!(!svg.contains(">Vilnius</text>"));
    let (err, code) = failing(&[
        "export",
        "map",
        "--date",
        "1945-03-01",
        "--bbox",
        "25,56,20,57",
        "--out",
        "x.png",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("west < east"), "{err}");
}

#[test]
fn export_map_draws_a_users_layer_and_refuses_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("front.svg");
    let layer = format!(
        "{}/tests/user_files/ohm_front_1944.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    atlas()
        .args([
            "export",
            "map",
            "--date",
            "1944-12-01",
            "--layer",
            &layer,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains("ohm_front_1944.geojson (your layer)"),
        "no legend entry"
    );
    // "German-held Courland" exists from October 1944 to 9 May 1945.
    assert!(svg.contains("id=\"layer-ohm_front_1944.geojson\""));
    let broken = format!(
        "{}/tests/broken_inputs/truncated.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    let (err, code) = failing(&[
        "export",
        "map",
        "--date",
        "1944-12-01",
        "--layer",
        &broken,
        "--out",
        "x.svg",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("truncated.geojson"), "{err}");
}

fn query_place(args: &[&str]) -> (bool, String) {
    let out = atlas().arg("query").args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn query_place_finds_a_town_by_an_old_name_and_answers_for_its_position() {
    // Dünaburg, typed without the umlaut, is Daugavpils; German-held in 1942.
    let (ok, text) = query_place(&["--place", "Dunaburg", "--date", "1942-05-01"]);
    assert!(ok, "{text}");
    assert!(
        text.contains("Place:      Daugavpils (daugavpils), 26.5333°E 55.8833°N"),
        "{text}"
    );
    assert!(text.contains("Dünaburg [German]"), "{text}");
    assert!(
        text.contains("Controller: Germany (German Reich)"),
        "{text}"
    );
    // The name in use on the date: Kuressaare was Kingissepa in 1960.
    let (ok, json) = query_place(&["--place", "Kuressaare", "--date", "1960-01-01", "--json"]);
    assert!(ok, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["place"]["name_on_date"], "Kingissepa");
    assert_eq!(v["place"]["lon"], 22.4922);
    assert_eq!(v["lon"], 22.4922);
    assert_eq!(v["controller"]["name"], "USSR – Estonian SSR");
}

#[test]
fn query_place_unknown_or_ambiguous_names_exit_1_with_choices() {
    let (ok, text) = query_place(&["--place", "Siaulai", "--date", "1942-05-01"]);
    assert!(!ok);
    assert!(text.contains("no place called \"Siaulai\""), "{text}");
    assert!(text.contains("Šiauliai (LT"), "{text}");
    let (ok, text) = query_place(&["--place", "Priekule", "--date", "1942-05-01"]);
    assert!(!ok);
    assert!(text.contains("names 2 places"), "{text}");
    assert!(text.contains("id priekule-lt"), "{text}");
    let (ok, text) = query_place(&["--place", "id:priekule-lt", "--date", "1942-05-01"]);
    assert!(ok, "{text}");
    assert!(text.contains("Priekulė"), "{text}");
    // A place and a position at once is a usage error.
    let out = atlas()
        .args([
            "query",
            "--place",
            "Riga",
            "--lon",
            "24",
            "--lat",
            "57",
            "--date",
            "1942-05-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn export_map_in_the_de_jure_view_draws_the_states_under_occupation() {
    let dir = tempfile::tempdir().unwrap();
    let svg = |view: &str| {
        let path = dir.path().join(format!("{view}.svg"));
        atlas()
            .args([
                "export",
                "map",
                "--date",
                "1950-01-01",
                "--view",
                view,
                "--out",
            ])
            .arg(&path)
            .assert()
            .success();
        std::fs::read_to_string(&path).unwrap()
    };
    let de_jure = svg("de-jure");
    assert!(de_jure.contains("as most Western states saw them"));
    assert!(de_jure.contains("Sovereign (Western view)"));
    assert!(de_jure.contains("data-controller=\"EE\""));
    assert!(de_jure.contains("Occupied by USSR – Estonian SSR"));
    assert!(de_jure.contains("url(#occupied-"));
    assert!(de_jure.contains("Welles Declaration"));
    let de_facto = svg("de-facto");
    assert!(de_facto.contains("Who controlled the Baltic states on 1 January 1950"));
    assert!(!de_facto.contains("data-controller=\"EE\""));
    assert!(!de_facto.contains("Occupied by"));
    one_line_error(
        &[
            "export",
            "map",
            "--date",
            "1950-01-01",
            "--view",
            "legal",
            "--out",
            "x.svg",
        ],
        "--view",
    );
}

#[test]
fn export_compare_side_by_side_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let side = dir.path().join("side.png");
    let text = atlas()
        .args([
            "export",
            "compare",
            "--date",
            "1939-06-01",
            "--date",
            "1945-06-01",
            "--width",
            "800",
            "--height",
            "600",
            "--out",
        ])
        .arg(&side)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("(1600×600 px)"), "{text}");
    let png = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&side).unwrap()))
        .read_info()
        .unwrap();
    assert_eq!((png.info().width, png.info().height), (1600, 600));

    let changes = dir.path().join("changes.svg");
    atlas()
        .args([
            "export",
            "compare",
            "--date",
            "1939-06-01",
            "--date",
            "1945-06-01",
            "--mode",
            "changes",
            "--out",
        ])
        .arg(&changes)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&changes).unwrap();
    assert!(svg.contains("What changed between 1 June 1939 and 1 June 1945"));
    assert!(svg.contains("Republic of Latvia → USSR – Latvian SSR: "));
    // Both dates' sources: 1939 (interwar) and 1945 (reoccupation).
    assert!(svg.contains("Sources:"));

    one_line_error(
        &[
            "export",
            "compare",
            "--date",
            "1939-06-01",
            "--out",
            "x.png",
        ],
        "give --date twice",
    );
}
