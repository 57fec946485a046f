//! Launches the real binary in a window (under Xvfb in CI), takes a
//! screenshot of the screen and checks that the map area is not blank.
//! Needs a display: `bash .ci/test` provides one with xvfb-run; without one
//! the test fails rather than skipping.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn the_real_window_shows_a_map() {
    let display = std::env::var("DISPLAY")
        .expect("no DISPLAY: run the tests with `bash .ci/test`, which starts a virtual X display");
    assert!(!display.is_empty());
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_baltic-atlas"))
        .args(["--date", "1944-11-01"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start baltic-atlas");
    let shot = home.path().join("shot.png");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut colourful = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_secs(2));
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            panic!("the app exited early with {status}: {err}");
        }
        let ok = Command::new("import")
            .args(["-window", "root"])
            .arg(&shot)
            .status()
            .expect("imagemagick's import is needed for this test (apt-get install imagemagick)")
            .success();
        if !ok {
            continue;
        }
        let img = image::open(&shot).expect("screenshot decodes").to_rgb8();
        // Count distinct colours in the left-centre area where the map is.
        let (w, h) = img.dimensions();
        let mut seen = std::collections::HashSet::new();
        for y in (h / 6..h * 5 / 6).step_by(7) {
            for x in (w / 10..w / 2).step_by(7) {
                let p = img.get_pixel(x, y);
                seen.insert((p[0] >> 3, p[1] >> 3, p[2] >> 3));
            }
        }
        colourful = seen.len();
        if colourful >= 8 {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        colourful >= 8,
        "the map area looks blank ({colourful} distinct colours)"
    );
}
