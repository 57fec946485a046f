//! `export map --format gif`: an animated GIF for slides, decoded back
//! and checked frame by frame.
// Tests may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;

fn atlas() -> Command {
    Command::cargo_bin("baltic-atlas").unwrap()
}

/// Runs `export map` with `args` and the output `gif`; returns stdout.
fn export_gif(args: &[&str], gif: &Path) -> String {
    let out = atlas()
        .args(["export", "map", "--width", "800", "--height", "600"])
        .args(args)
        .arg("--out")
        .arg(gif)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// Every frame of a GIF: (left, top, width, height, delay in 1/100 s).
fn frames(gif: &Path) -> Vec<(u16, u16, u16, u16, u16)> {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(std::fs::File::open(gif).unwrap()).unwrap();
    assert_eq!((dec.width(), dec.height()), (800, 600));
    let mut out = Vec::new();
    while let Some(f) = dec.read_next_frame().unwrap() {
        out.push((f.left, f.top, f.width, f.height, f.delay));
    }
    out
}

#[test]
fn a_weekly_gif_decodes_with_a_frame_and_a_date_stamp_per_week() {
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("front.gif");
    let text = export_gif(
        &[
            "--from",
            "1944-07-01",
            "--to",
            "1944-07-29",
            "--every",
            "1w",
        ],
        &gif,
    );
    assert!(text.contains("(5 dates, 5 frames)"), "{text}");
    let f = frames(&gif);
    assert_eq!(f.len(), 5);
    assert_eq!(f[0], (0, 0, 800, 600, 50));
    // Each later frame stores what changed, and the date stamp in the
    // map's bottom-left corner changes every week.
    for (left, top, width, height, _) in &f[1..] {
        assert!(*left < 100 && top + height > 480, "{f:?}");
        assert!(*width > 0);
    }
    // The last frame holds two seconds longer by default.
    assert_eq!(f[4].4, 50 + 200);
}

#[test]
fn quiet_weeks_can_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("quiet.gif");
    let text = export_gif(
        &[
            "--from",
            "1960-01-01",
            "--to",
            "1960-02-26",
            "--every",
            "1w",
            "--skip-unchanged",
            "--hold-last",
            "1",
            "--frame-seconds",
            "0.25",
        ],
        &gif,
    );
    assert!(
        text.contains("(9 dates, 8 unchanged left out, 1 frames)"),
        "{text}"
    );
    // One frame, shown for the nine weeks and the hold.
    assert_eq!(frames(&gif), vec![(0, 0, 800, 600, 9 * 25 + 100)]);
}

#[test]
fn a_gif_of_one_day_or_of_a_chart_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["export", "map", "--date", "1944-07-01", "--out"],
        vec![
            "export",
            "chart",
            "population",
            "--date",
            "1944-07-01",
            "--out",
        ],
    ] {
        let out = atlas()
            .args(&args)
            .arg(dir.path().join("x.gif"))
            .assert()
            .failure()
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("a GIF is an animation of the map"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(!dir.path().join("x.gif").exists());
}
