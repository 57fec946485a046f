//! Launches the real binary in a window (under Xvfb in CI), takes a
//! screenshot of the screen and checks that the map shows the day's
//! territories: large areas in the colours of the powers that held them.
//! Needs a display: `bash .ci/test` provides one with xvfb-run; without one
//! the test fails rather than skipping.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

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
    let mut found = Vec::new();
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
        found = TERRITORIES_1944_11_01
            .iter()
            .map(|(id, rgb)| (*id, largest_patch(&img, *rgb)))
            .collect();
        if found.iter().all(|(_, px)| *px >= MIN_PATCH) {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        found.iter().all(|(_, px)| *px >= MIN_PATCH),
        "the map does not show the territories of 1 November 1944 \
         (largest patch of each power's colour, in pixels): {found:?}"
    );
}

/// Powers holding large areas on 1 November 1944, with their fills from
/// geodata/controllers.csv: the Latvian SSR (Riga and the east), the
/// Estonian SSR and the Lithuanian SSR.
const TERRITORIES_1944_11_01: [(&str, [u8; 3]); 3] = [
    ("SU-LV", [0xD5, 0x5E, 0x00]),
    ("SU-EE", [0xE8, 0x8B, 0x5A]),
    ("SU-LT", [0xF2, 0xB0, 0x7E]),
];

/// A filled territory on the map covers thousands of pixels; a chart line
/// or a legend swatch of the same colour covers a few hundred.
const MIN_PATCH: usize = 4000;

/// The size in pixels of the largest 4-connected patch of `rgb` (within
/// a small tolerance for blending at edges).
fn largest_patch(img: &image::RgbImage, rgb: [u8; 3]) -> usize {
    let (w, h) = img.dimensions();
    let matches = |x: u32, y: u32| {
        let p = img.get_pixel(x, y);
        (0..3).all(|k| p[k].abs_diff(rgb[k]) <= 6)
    };
    let mut seen = vec![false; (w * h) as usize];
    let mut best = 0;
    for start in 0..w * h {
        let (sx, sy) = (start % w, start / w);
        if seen[start as usize] || !matches(sx, sy) {
            continue;
        }
        seen[start as usize] = true;
        let mut stack = vec![(sx, sy)];
        let mut size = 0;
        while let Some((x, y)) = stack.pop() {
            size += 1;
            let around = [
                (x.wrapping_sub(1), y),
                (x + 1, y),
                (x, y.wrapping_sub(1)),
                (x, y + 1),
            ];
            for (nx, ny) in around {
                if nx < w && ny < h && !seen[(ny * w + nx) as usize] && matches(nx, ny) {
                    seen[(ny * w + nx) as usize] = true;
                    stack.push((nx, ny));
                }
            }
        }
        best = best.max(size);
    }
    best
}
