//! Dissolving regions that share edges into one outline, without a general
//! polygon overlay.
//!
//! Neighbouring regions share their vertices exactly (see
//! `geodata/SOURCES.md` and `geodata/tools/snap_shared_vertices.py`), so the
//! outline of several regions is the set of their ring segments that are
//! not shared by two of them. Chaining those segments gives the rings of the union: linear in the number of vertices,
//! exact, and free of the numerical corner cases of a general boolean
//! overlay (which, on the detailed coast, could run for minutes on some
//! days).

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, Contains, Coord, LineString, MultiPolygon, Polygon, Rect};

use crate::vertex_key::{FxMap, VertexKey, key};

/// A directed segment of a ring, interior on its left.
#[derive(Clone, Copy)]
struct Segment {
    from: VertexKey,
    to: VertexKey,
    a: Coord<f64>,
    b: Coord<f64>,
}

/// The union of `parts`, which may touch along shared edges but must not
/// overlap. Rings come out in RFC 7946 order (exteriors anticlockwise,
/// holes clockwise).
pub fn dissolve<'a>(parts: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> MultiPolygon<f64> {
    let segments = outline_segments(parts);
    let rings = chain(segments);
    assemble(rings).orient(Direction::Default)
}

/// Every ring segment of `parts` that is not cancelled by the same segment
/// run the other way in a neighbour (a shared edge).
fn outline_segments<'a>(parts: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> Vec<Segment> {
    let mut all: Vec<Segment> = Vec::new();
    for mp in parts {
        // Exteriors anticlockwise, holes clockwise (interior on the left),
        // each ring read backwards when drawn the other way: no copy of
        // the geometry is made.
        for poly in &mp.0 {
            push_ring(
                &mut all,
                poly.exterior(),
                signed_area2(poly.exterior()) < 0.0,
            );
            for hole in poly.interiors() {
                push_ring(&mut all, hole, signed_area2(hole) > 0.0);
            }
        }
    }
    let mut count: FxMap<(VertexKey, VertexKey), i32> =
        FxMap::with_capacity_and_hasher(all.len(), Default::default());
    for s in &all {
        *count.entry((s.from, s.to)).or_default() += 1;
    }
    all.retain(|s| {
        let back = count.get(&(s.to, s.from)).copied().unwrap_or(0);
        back == 0
    });
    all
}

/// The segments of `ring`, in its own order or `reversed`.
fn push_ring(all: &mut Vec<Segment>, ring: &LineString<f64>, reversed: bool) {
    for w in ring.0.windows(2) {
        let (a, b) = if reversed { (w[1], w[0]) } else { (w[0], w[1]) };
        let (from, to) = (key(a.x, a.y), key(b.x, b.y));
        if from != to {
            all.push(Segment { from, to, a, b });
        }
    }
}

/// The clockwise angle from direction `from` to direction `to`, in
/// [0, 2π).
fn clockwise_turn(from: Coord<f64>, to: Coord<f64>) -> f64 {
    let a = from.y.atan2(from.x) - to.y.atan2(to.x);
    a.rem_euclid(std::f64::consts::TAU)
}

/// Chains segments into closed rings. Where several segments leave one
/// vertex (two parts touching at a point), the one turning most sharply
/// keeps the interior on the left, so touching rings stay separate.
fn chain(segments: Vec<Segment>) -> Vec<LineString<f64>> {
    let mut leaving: FxMap<VertexKey, Vec<usize>> =
        FxMap::with_capacity_and_hasher(segments.len(), Default::default());
    for (i, s) in segments.iter().enumerate() {
        leaving.entry(s.from).or_default().push(i);
    }
    let mut used = vec![false; segments.len()];
    let mut rings = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut coords = vec![segments[start].a];
        let mut cur = start;
        while segments[cur].to != segments[start].from {
            let Some(next) = next_segment(&segments, &leaving, &used, cur) else {
                break;
            };
            used[next] = true;
            coords.push(segments[next].a);
            cur = next;
        }
        coords.push(segments[start].a);
        rings.extend(split_at_repeats(&coords));
    }
    rings
}

/// Splits a closed ring that passes a vertex twice into simple loops. The
/// tracing above keeps to one face, so a hole touching its exterior at a
/// vertex comes out as one ring through that vertex twice; its loops are
/// the exterior and the hole (told apart by orientation afterwards).
fn split_at_repeats(coords: &[Coord<f64>]) -> Vec<LineString<f64>> {
    let mut loops = Vec::new();
    let mut path: Vec<Coord<f64>> = Vec::with_capacity(coords.len());
    let mut at: FxMap<VertexKey, usize> = FxMap::default();
    for &c in coords {
        let k = key(c.x, c.y);
        if let Some(&i) = at.get(&k) {
            let mut lp = path.split_off(i);
            for p in &lp {
                at.remove(&key(p.x, p.y));
            }
            lp.push(c);
            if lp.len() >= 4 {
                loops.push(LineString::new(lp));
            }
        }
        at.insert(k, path.len());
        path.push(c);
    }
    loops
}

fn next_segment(
    segments: &[Segment],
    leaving: &FxMap<VertexKey, Vec<usize>>,
    used: &[bool],
    cur: usize,
) -> Option<usize> {
    let s = segments[cur];
    let back = s.a - s.b;
    leaving
        .get(&s.to)?
        .iter()
        .copied()
        .filter(|&i| !used[i])
        .min_by(|&i, &j| {
            let di = segments[i].b - segments[i].a;
            let dj = segments[j].b - segments[j].a;
            clockwise_turn(back, di).total_cmp(&clockwise_turn(back, dj))
        })
}

/// Twice the signed planar area of a closed ring (positive: anticlockwise).
fn signed_area2(ring: &LineString<f64>) -> f64 {
    ring.0
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Exteriors (anticlockwise) with the holes (clockwise) each contains,
/// each hole in the smallest exterior around it.
fn assemble(rings: Vec<LineString<f64>>) -> MultiPolygon<f64> {
    let mut exteriors: Vec<(f64, Polygon<f64>)> = Vec::new();
    let mut holes: Vec<LineString<f64>> = Vec::new();
    for r in rings {
        let a = signed_area2(&r);
        if a > 0.0 {
            exteriors.push((a, Polygon::new(r, vec![])));
        } else if a < 0.0 {
            holes.push(r);
        }
    }
    exteriors.sort_by(|x, y| x.0.total_cmp(&y.0));
    let boxes: Vec<Rect<f64>> = exteriors
        .iter()
        .map(|(_, p)| {
            p.bounding_rect()
                .unwrap_or(Rect::new((0.0, 0.0), (0.0, 0.0)))
        })
        .collect();
    let mut inner: Vec<Vec<LineString<f64>>> = vec![Vec::new(); exteriors.len()];
    for h in holes {
        // A vertex of the hole that is not on the exterior decides; the
        // midpoint of its first segment is inside the ring for a simple
        // hole touching its exterior at vertices only.
        let probe = geo::Point::from((h.0[0] + h.0[1]) / 2.0);
        let candidates: Vec<usize> = (0..exteriors.len())
            .filter(|&i| {
                let b = boxes[i];
                b.min().x <= probe.x()
                    && probe.x() <= b.max().x
                    && b.min().y <= probe.y()
                    && probe.y() <= b.max().y
            })
            .collect();
        // A hole lies in some exterior: when no smaller candidate holds
        // it, the largest does, without walking that (long) ring.
        let around = match candidates.split_last() {
            Some((&largest, smaller)) => smaller
                .iter()
                .copied()
                .find(|&i| exteriors[i].1.contains(&probe))
                .or(Some(largest)),
            None => None,
        };
        if let Some(i) = around {
            inner[i].push(h);
        }
    }
    MultiPolygon::new(
        exteriors
            .into_iter()
            .zip(inner)
            .map(|((_, p), hs)| Polygon::new(p.into_inner().0, hs))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, polygon};

    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)
        ]])
    }

    #[test]
    fn two_squares_sharing_an_edge_become_one_ring() {
        let u = dissolve([&square(0.0, 0.0, 1.0), &square(1.0, 0.0, 1.0)]);
        assert_eq!(u.0.len(), 1);
        assert!((u.unsigned_area() - 2.0).abs() < 1e-12);
        // The shared edge is gone: six corners, closed (seven coordinates).
        assert_eq!(u.0[0].exterior().0.len(), 7);
    }

    #[test]
    fn a_ring_of_parts_leaves_a_hole() {
        // Eight unit squares around an empty centre.
        let parts: Vec<_> = (0..3)
            .flat_map(|i| (0..3).map(move |j| (i, j)))
            .filter(|&(i, j)| (i, j) != (1, 1))
            .map(|(i, j)| square(i as f64, j as f64, 1.0))
            .collect();
        let u = dissolve(parts.iter());
        assert_eq!(u.0.len(), 1);
        assert_eq!(u.0[0].interiors().len(), 1);
        assert!((u.unsigned_area() - 8.0).abs() < 1e-12);
    }

    #[test]
    fn parts_touching_at_a_corner_stay_two_polygons() {
        let u = dissolve([&square(0.0, 0.0, 1.0), &square(1.0, 1.0, 1.0)]);
        assert_eq!(u.0.len(), 2);
        assert!((u.unsigned_area() - 2.0).abs() < 1e-12);
    }

    #[test]
    fn a_hole_touching_its_exterior_stays_a_hole() {
        // A 4×4 square whose triangular hole touches the left side at
        // (0, 2), split into two parts along y = 2 so the outline is traced.
        let lower = MultiPolygon::new(vec![polygon![
            (x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 2.0), (x: 2.0, y: 2.0),
            (x: 1.0, y: 2.0), (x: 0.0, y: 2.0), (x: 0.0, y: 0.0)
        ]]);
        let upper = MultiPolygon::new(vec![Polygon::new(
            LineString::from(vec![
                (0.0, 2.0),
                (1.0, 2.0),
                (2.0, 2.0),
                (4.0, 2.0),
                (4.0, 4.0),
                (0.0, 4.0),
                (0.0, 2.0),
            ]),
            vec![LineString::from(vec![
                (0.0, 2.0),
                (2.0, 3.0),
                (1.0, 3.5),
                (0.0, 2.0),
            ])],
        )]);
        let u = dissolve([&lower, &upper]);
        assert_eq!(u.0.len(), 1);
        assert_eq!(u.0[0].interiors().len(), 1, "{u:?}");
        assert!((u.unsigned_area() - 15.0).abs() < 1e-9);
    }

    #[test]
    fn separate_parts_keep_their_own_holes() {
        let with_hole = MultiPolygon::new(vec![Polygon::new(
            square(0.0, 0.0, 4.0).0[0].exterior().clone(),
            vec![square(1.0, 1.0, 1.0).0[0].exterior().clone()],
        )]);
        let u = dissolve([&with_hole, &square(10.0, 0.0, 1.0)]);
        assert_eq!(u.0.len(), 2);
        assert!((u.unsigned_area() - 16.0).abs() < 1e-12);
    }
}
