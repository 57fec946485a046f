//! The daily fronts: sourced places answer their own day, the
//! interpolation stays between the days of the places around a point,
//! areas add up, and held lines hold.
// Tests may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::fronts::field::Anchor;
use baltic_atlas::{Atlas, Date};
use proptest::prelude::*;

fn atlas() -> Atlas {
    Atlas::builtin().unwrap()
}

fn side_of(atlas: &Atlas, controller_id: &str) -> &'static str {
    let _ = atlas;
    if controller_id == "DE" {
        "German"
    } else if controller_id == "SU" || controller_id.starts_with("SU-") {
        "Soviet"
    } else {
        "other"
    }
}

/// A place taken once in its front answers its own day: the old side the
/// day before, the new side on the day and the day after.
#[test]
fn every_sourced_place_answers_its_own_day() {
    let atlas = atlas();
    let fronts = &atlas.fronts;
    let mut checked = 0;
    for field in &fronts.fields {
        for v in &field.vertices {
            let Anchor::Place(rows) = &v.anchor else {
                continue;
            };
            if rows.len() != 1 {
                continue;
            }
            let c = &fronts.captures[rows[0]];
            if c.to != field.to {
                continue;
            }
            let Some(region) = atlas.region_at(c.lon, c.lat) else {
                continue;
            };
            let day = c.date;
            let answer = |d: Date| {
                let control = atlas.point_control(region, d, c.lon, c.lat);
                control
                    .front
                    .as_ref()
                    .map(|_| side_of(&atlas, &control.controller.id))
            };
            // Only places in a region the front passes through.
            let (Some(before), Some(on), Some(after)) = (
                answer(day.add_days(-1)),
                answer(day),
                answer(day.add_days(1)),
            ) else {
                continue;
            };
            assert_eq!(
                before,
                c.from.label(),
                "{} the day before {}",
                c.name,
                day.iso()
            );
            assert_eq!(on, c.to.label(), "{} on {}", c.name, day.iso());
            assert_eq!(
                after,
                c.to.label(),
                "{} the day after {}",
                c.name,
                day.iso()
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} places checked");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Before the earliest day of the places around a point it is held by
    /// the old side; from the latest, by the new.
    #[test]
    fn the_front_passes_between_the_days_of_the_places_around(
        lon in 21.0f64..28.0, lat in 54.0f64..59.6, offset in 0u32..400, field in 0usize..2,
    ) {
        let atlas = ATLAS.with(|a| a.clone());
        let fronts = &atlas.fronts;
        prop_assume!(field < fronts.fields.len());
        let f = &fronts.fields[field];
        let span = (f.window.1.day_index() - f.window.0.day_index()) as u32;
        let date = f.window.0.add_days((offset % (span + 1)) as i64);
        let (x, y) = baltic_atlas::map::Projection::baltic().forward(lon, lat);
        let Some(e) = fronts.estimate(field, [x, y], date) else {
            return Ok(());
        };
        let lo = e.anchors.iter().map(|a| a.day).min().unwrap();
        let hi = e.anchors.iter().map(|a| a.day).max().unwrap();
        if date < lo {
            prop_assert!(!e.taken, "{lon},{lat} taken on {} before {}", date.iso(), lo.iso());
            prop_assert_eq!(e.holder, f.from);
        }
        if date >= hi {
            prop_assert!(e.taken, "{lon},{lat} not taken on {} after {}", date.iso(), hi.iso());
            prop_assert_eq!(e.holder, f.to);
        }
    }
}

thread_local! {
    static ATLAS: Atlas = atlas();
}

/// On every week of the campaigns the areas of the holders add up to the
/// whole atlas.
#[test]
fn areas_add_up_on_every_day_of_a_campaign() {
    let atlas = atlas();
    let whole: f64 = atlas.regions().map(|(_, r)| r.area_km2).sum();
    for f in &atlas.fronts.fields {
        let mut d = f.window.0;
        while d <= f.window.1 {
            let sum: f64 = atlas.areas_at(d).iter().map(|(_, a)| a).sum();
            assert!((sum - whole).abs() < 2.0, "{}: {sum} of {whole}", d.iso());
            d = d.add_days(7);
        }
    }
}

fn holder(atlas: &Atlas, lon: f64, lat: f64, date: &str) -> String {
    let c = atlas
        .control_at(Date::parse(date).unwrap(), lon, lat)
        .unwrap();
    c.controller.id.clone()
}

/// The Courland Pocket holds through the winter while the land east of it
/// is Soviet; the Narva front holds in the spring of 1944.
#[test]
fn held_lines_hold_on_their_dates() {
    let atlas = atlas();
    // Saldus, inside the pocket, and Jelgava, east of its line.
    assert_eq!(holder(&atlas, 22.49, 56.66, "1945-02-15"), "DE");
    assert_eq!(holder(&atlas, 21.97, 56.97, "1945-02-15"), "DE");
    assert!(holder(&atlas, 23.72, 56.65, "1945-02-15").starts_with("SU"));
    // Narva, on the west bank: German in April 1944, Soviet in October.
    assert_eq!(holder(&atlas, 28.19, 59.377, "1944-04-15"), "DE");
    assert!(holder(&atlas, 28.19, 59.377, "1944-10-01").starts_with("SU"));
}

/// The query says when an answer is interpolated and between which places.
#[test]
fn an_interpolated_answer_says_so() {
    let atlas = atlas();
    let c = atlas
        .control_at(Date::parse("1944-09-20").unwrap(), 25.6, 58.9)
        .unwrap();
    let front = c.front.unwrap();
    assert!(!front.sourced);
    assert!(
        front.summary().contains("interpolated"),
        "{}",
        front.summary()
    );
    assert!(front.anchors.len() == 3 && front.anchors.iter().all(|a| !a.sources.is_empty()));
}
