//! For any date, every region has exactly one controller.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::geodata::GeodataFiles;
use baltic_atlas::{Atlas, Date};

/// A small deterministic generator, so the 2,000 dates are the same on
/// every run and a failure can be reproduced.
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[test]
fn every_region_has_exactly_one_controller_on_2000_random_dates() {
    let atlas = Atlas::builtin().unwrap();
    let span = (Date::LAST.day_index() - Date::FIRST.day_index() + 1) as u64;
    let mut rng = SplitMix(1939);
    let mut dates: Vec<Date> = (0..2000)
        .map(|_| Date::from_day_index((rng.next() % span) as i64))
        .collect();
    dates.extend([Date::FIRST, Date::LAST]);
    dates.extend(
        atlas
            .change_dates()
            .iter()
            .flat_map(|d| [*d, d.add_days(-1)]),
    );
    for (id, region) in atlas.regions() {
        let intervals = atlas.timeline(id).intervals();
        for d in &dates {
            let holding = intervals.iter().filter(|iv| iv.contains(*d)).count();
            assert_eq!(holding, 1, "{} on {d}: {holding} intervals", region.id);
            assert_eq!(
                atlas.timeline(id).at(*d).controller,
                intervals
                    .iter()
                    .find(|iv| iv.contains(*d))
                    .unwrap()
                    .controller
            );
        }
    }
}

/// The built-in files with one `control.csv` row changed by `edit`.
fn with_control_row(edit: impl Fn(&str) -> String) -> GeodataFiles {
    let mut files = GeodataFiles::builtin();
    let mut lines: Vec<String> = files.control.lines().map(str::to_string).collect();
    lines[1] = edit(&lines[1]);
    files.control = lines.join("\n") + "\n";
    files
}

#[test]
fn a_control_row_without_a_known_source_is_refused_with_its_line() {
    // The shipped file loads...
    assert!(Atlas::from_files(&GeodataFiles::builtin()).is_ok());
    // ...a row citing a key that sources.csv lacks does not,
    let unknown = with_control_row(|row| {
        let mut cols: Vec<&str> = row.split(',').collect();
        cols[5] = "no-such-source";
        cols.join(",")
    });
    let err = Atlas::from_files(&unknown).unwrap_err().to_string();
    assert!(
        err.contains("control.csv") && err.contains("line 2"),
        "{err}"
    );
    assert!(err.contains("no-such-source"), "{err}");
    // ...and neither does a row citing nothing.
    let empty = with_control_row(|row| {
        let mut cols: Vec<&str> = row.split(',').collect();
        cols[5] = "";
        cols.join(",")
    });
    let err = Atlas::from_files(&empty).unwrap_err().to_string();
    assert!(err.contains("no source given"), "{err}");
}
