//! The regions are valid polygons that neither overlap nor leave gaps (their
//! lakes, holes in the land, are the pieces of `water.geojson`).
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::Atlas;
use geo::{Area, BooleanOps, BoundingRect, Intersects, MapCoords, MultiPolygon, Validation};

/// Area in km² in the sinusoidal projection (equal-area): robust for the
/// degenerate slivers boolean operations can return, whose ring orientation
/// (and so geodesic area) is undefined.
fn approx_km2(mp: &MultiPolygon<f64>) -> f64 {
    let projected = mp.map_coords(|c| {
        geo::coord! {
            x: c.x * c.y.to_radians().cos() * 111.195,
            y: c.y * 111.195,
        }
    });
    projected.unsigned_area()
}

#[test]
fn every_region_polygon_is_valid() {
    let atlas = Atlas::builtin().unwrap();
    for (_, r) in atlas.regions() {
        if let Err(e) = r.geometry.check_validation() {
            panic!("{} is invalid: {e}", r.id);
        }
        assert!(r.area_km2 > 50.0, "{} is suspiciously small", r.id);
    }
    for n in &atlas.neighbours {
        assert!(n.geometry.is_valid(), "neighbour {} is invalid", n.id);
    }
}

#[test]
fn regions_do_not_overlap() {
    let atlas = Atlas::builtin().unwrap();
    let regions: Vec<_> = atlas.regions().map(|(_, r)| r).collect();
    for (i, a) in regions.iter().enumerate() {
        for b in &regions[i + 1..] {
            let (ra, rb) = (a.bbox, b.bbox);
            if !ra.intersects(&rb) {
                continue;
            }
            let overlap = approx_km2(&a.geometry.intersection(&b.geometry));
            assert!(
                overlap < 0.05,
                "{} and {} overlap by {overlap:.3} km²",
                a.id,
                b.id
            );
        }
    }
}

#[test]
fn the_union_of_regions_and_their_water_has_no_holes() {
    // The lakes are holes in the regions; with the water pieces assigned
    // to the regions, the coverage must have no holes at all.
    let atlas = Atlas::builtin().unwrap();
    let water = atlas.water.iter().filter(|w| w.region.is_some());
    let union: MultiPolygon<f64> = geo::unary_union(
        atlas
            .regions()
            .map(|(_, r)| &r.geometry)
            .chain(water.clone().map(|w| &w.geometry)),
    );
    // A hole inside the union would be land or water inside the covered
    // extent that no region claims. Allow only numerical dust (< 0.01 km²).
    for p in &union.0 {
        for hole in p.interiors() {
            let hole_poly = geo::Polygon::new(hole.clone(), vec![]);
            let km2 = approx_km2(&MultiPolygon(vec![hole_poly.clone()]));
            assert!(
                km2 < 0.01,
                "gap of {km2:.3} km² inside the regions near {:?}: {:?}",
                hole_poly.bounding_rect().map(|r| r.center()),
                hole.0.iter().take(12).collect::<Vec<_>>()
            );
        }
    }
    // The union's area equals the sum of the parts (no double counting:
    // no region overlaps another, no water overlaps land).
    let sum: f64 = atlas
        .regions()
        .map(|(_, r)| approx_km2(&r.geometry))
        .chain(water.map(|w| approx_km2(&w.geometry)))
        .sum();
    let union_km2 = approx_km2(&union);
    assert!((union_km2 - sum).abs() / sum < 1e-5, "{union_km2} vs {sum}");
    assert!(union.unsigned_area() > 0.0);
}

/// Neighbouring regions run through the same vertices: no vertex lies
/// within 1.5e-5° of another region's vertex without being that vertex
/// (the app finds a shared boundary by its vertices; one such pair drew
/// the Harju–Lääne boundary as a border of the day). Fixed by
/// `geodata/tools/snap_shared_vertices.py`.
/// A vertex and the index of the region it belongs to.
type Owned = (f64, f64, usize);

#[test]
fn neighbouring_regions_share_their_boundary_vertices_exactly() {
    use std::collections::HashMap;
    let atlas = baltic_atlas::Atlas::builtin().unwrap();
    let near = 1.5e-5;
    let cell = |x: f64, y: f64| ((x / near).floor() as i64, (y / near).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<Owned>> = HashMap::new();
    for (i, (_, r)) in atlas.regions().enumerate() {
        for p in &r.geometry.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for c in &ring.0 {
                    grid.entry(cell(c.x, c.y)).or_default().push((c.x, c.y, i));
                }
            }
        }
    }
    let ids: Vec<&str> = atlas.regions().map(|(_, r)| r.id.as_str()).collect();
    for (&(cx, cy), here) in &grid {
        for &(x, y, i) in here {
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &(px, py, j) in grid.get(&(cx + dx, cy + dy)).into_iter().flatten() {
                        let close = (px - x).abs() <= near && (py - y).abs() <= near;
                        assert!(
                            j == i || !close || (px, py) == (x, y),
                            "{} ({x}, {y}) and {} ({px}, {py})",
                            ids[i],
                            ids[j]
                        );
                    }
                }
            }
        }
    }
}
