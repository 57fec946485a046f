//! Geodata benchmarks: loading and indexing, point queries, the dissolve.
//!
//! Run with `cargo bench --bench geodata`. Targets on a 2-core machine:
//! load + index < 50 ms, a point query < 5 µs, a dissolve < 20 ms.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use baltic_atlas::{Atlas, Date};
use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("load_and_index_builtin_geodata", |b| {
        b.iter(|| black_box(Atlas::builtin().expect("geodata loads")))
    });
}

fn point_query(c: &mut Criterion) {
    let atlas = Atlas::builtin().expect("geodata loads");
    let date = Date::parse("1944-10-13").expect("date");
    // Riga, Tallinn, Vilnius, Klaipėda, Liepāja, a point in the sea.
    let points = [
        (24.11, 56.95),
        (24.75, 59.44),
        (25.28, 54.69),
        (21.14, 55.71),
        (21.01, 56.51),
        (20.0, 57.5),
    ];
    c.bench_function("controller_at_point", |b| {
        let mut i = 0;
        b.iter(|| {
            let (lon, lat) = points[i % points.len()];
            i += 1;
            black_box(
                atlas
                    .control_at(date, lon, lat)
                    .ok()
                    .map(|c| c.controller.id.len()),
            )
        })
    });
}

fn dissolve(c: &mut Criterion) {
    let atlas = Atlas::builtin().expect("geodata loads");
    let dates: Vec<Date> = [
        "1939-06-01",
        "1941-09-01",
        "1944-11-01",
        "1950-01-01",
        "1991-09-10",
    ]
    .iter()
    .map(|d| Date::parse(d).expect("date"))
    .collect();
    c.bench_function("territories_at_dissolve", |b| {
        let mut i = 0;
        b.iter(|| {
            let d = dates[i % dates.len()];
            i += 1;
            black_box(atlas.territories_at(d).len())
        })
    });
    c.bench_function("areas_at_no_geometry", |b| {
        let mut i = 0;
        b.iter(|| {
            let d = dates[i % dates.len()];
            i += 1;
            black_box(atlas.areas_at(d).len())
        })
    });
}

fn territory_chart(c: &mut Criterion) {
    let atlas = Atlas::builtin().expect("geodata loads");
    c.bench_function("territory_chart_series_at_startup", |b| {
        b.iter(|| black_box(baltic_atlas::charts::territory(&atlas).series.len()))
    });
}

/// The front of one day (the fronts issue's bar: ≤ 5 ms, then cached):
/// the taken land, band and line of the 1944 front, and the regions it
/// passes through cut along it at the level a 1600×1000 window draws.
fn front_of_a_day(c: &mut Criterion) {
    use baltic_atlas::map::{MapGeometry, Projection};
    let atlas = Atlas::builtin().expect("geodata loads");
    let geometry = MapGeometry::new(&atlas, Projection::baltic());
    let detail = geometry.detail(1.2);
    let first = Date::parse("1944-07-01").expect("date");
    c.bench_function("front_zones_and_split_per_day", |b| {
        let mut i = 0;
        b.iter(|| {
            let d = first.add_days(i % 123);
            i += 1;
            black_box(
                baltic_atlas::map::front_split::front_drawing(
                    &atlas,
                    d,
                    &detail,
                    |_, _| {},
                    |_, c| atlas.controllers.get(c).color,
                )
                .parts
                .len(),
            )
        })
    });
}

/// A place search as the user types "Dunaburg" (issue bar: ≤ 1 ms per
/// keystroke over the whole gazetteer): every prefix, in turn.
fn place_search(c: &mut Criterion) {
    let places = baltic_atlas::places::Gazetteer::builtin().unwrap();
    let word = "Dunaburg";
    c.bench_function("place_search_per_keystroke", |b| {
        let mut n = 1;
        b.iter(|| {
            n = n % word.len() + 1;
            black_box(places.search(&word[..n], 8))
        })
    });
}

criterion_group!(
    benches,
    load,
    point_query,
    dissolve,
    territory_chart,
    place_search,
    front_of_a_day
);
criterion_main!(benches);
