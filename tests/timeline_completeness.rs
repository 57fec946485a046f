//! For any date, every region has exactly one controller.

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

#[test]
fn every_interval_names_a_known_source() {
    let atlas = Atlas::builtin().unwrap();
    for (id, region) in atlas.regions() {
        for iv in atlas.timeline(id).intervals() {
            assert!(
                !iv.sources.is_empty(),
                "{} {} has no source",
                region.id,
                iv.start
            );
            for k in &iv.sources {
                assert!(atlas.sources.get(k).is_some(), "{} cites {k}", region.id);
            }
        }
    }
}
