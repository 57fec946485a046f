//! Shared boundaries between regions.
//!
//! Neighbouring regions share their vertices (see `geodata/SOURCES.md`), so
//! the edge between two regions can be found by matching segments. The map
//! then draws each edge strongly when the two sides have different
//! controllers on the date (a state border of that date) and faintly when
//! they have the same: borders follow the slider without any geometry work.

use geo::{CoordsIter, LineString};

use crate::atlas::Atlas;
use crate::geodata::regions::RegionId;
use crate::vertex_key::{FxMap, FxSet, segment_key};
pub(crate) use crate::vertex_key::{VertexKey, key};

/// A run of boundary between region `a` and region `b` (`None`: the outer
/// edge of the covered area, i.e. a coast or the border with a neighbour).
#[derive(Clone, Debug)]
pub struct Edge {
    /// The region on one side.
    pub a: RegionId,
    /// The region on the other side, if any.
    pub b: Option<RegionId>,
    /// The boundary, longitude/latitude.
    pub line: Vec<(f64, f64)>,
    /// A lake's shore inside the region (a hole of its land): drawn faint,
    /// not as a border of the day.
    pub shore: bool,
}

/// The regions that own each undirected segment: one, or two when it is
/// shared.
type SegmentOwners = FxMap<(VertexKey, VertexKey), (RegionId, Option<RegionId>)>;

fn ring_edges(
    region: RegionId,
    ring: &LineString<f64>,
    hole: bool,
    owner: &SegmentOwners,
    out: &mut Vec<Edge>,
) {
    let pts: Vec<(f64, f64)> = ring.coords_iter().map(|c| (c.x, c.y)).collect();
    if pts.len() < 2 {
        return;
    }
    let other = |i: usize| -> Option<RegionId> {
        owner
            .get(&segment_key(pts[i], pts[i + 1]))
            .and_then(|(first, second)| {
                if *first == region {
                    *second
                } else {
                    Some(*first)
                }
            })
    };
    let n = pts.len() - 1;
    let sides: Vec<Option<RegionId>> = (0..n).map(other).collect();
    // Start at a change of neighbour so runs do not wrap around the ring.
    let start = (0..n)
        .find(|&i| sides[i] != sides[(i + n - 1) % n])
        .unwrap_or(0);
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut current = sides[start];
    for step in 0..n {
        let i = (start + step) % n;
        if sides[i] != current {
            flush(region, current, hole, &mut run, out);
            current = sides[i];
        }
        if run.is_empty() {
            run.push(pts[i]);
        }
        run.push(pts[i + 1]);
    }
    flush(region, current, hole, &mut run, out);
}

fn flush(
    a: RegionId,
    b: Option<RegionId>,
    hole: bool,
    run: &mut Vec<(f64, f64)>,
    out: &mut Vec<Edge>,
) {
    // Each shared edge is seen from both sides: keep it once.
    if run.len() >= 2 && b.is_none_or(|b| a < b) {
        out.push(Edge {
            a,
            b,
            line: std::mem::take(run),
            shore: hole && b.is_none(),
        });
    }
    run.clear();
}

/// All boundaries between regions (and the outer boundary), each once.
pub fn region_edges(atlas: &Atlas) -> Vec<Edge> {
    // (Regions share their vertices: see `geodata::regions`.)
    let rings: Vec<Vec<(&LineString<f64>, bool)>> = atlas
        .regions()
        .map(|(_, r)| {
            r.geometry
                .0
                .iter()
                .flat_map(|p| {
                    std::iter::once((p.exterior(), false))
                        .chain(p.interiors().iter().map(|h| (h, true)))
                })
                .collect()
        })
        .collect();
    let segments: usize = rings.iter().flatten().map(|(r, _)| r.0.len()).sum();
    let mut owner = SegmentOwners::with_capacity_and_hasher(segments, Default::default());
    for ((id, _), region_rings) in atlas.regions().zip(&rings) {
        for (ring, _) in region_rings {
            for w in ring.0.windows(2) {
                let k = segment_key((w[0].x, w[0].y), (w[1].x, w[1].y));
                owner
                    .entry(k)
                    .and_modify(|(first, second)| {
                        if *first != id && second.is_none() {
                            *second = Some(id);
                        }
                    })
                    .or_insert((id, None));
            }
        }
    }
    let mut out = Vec::new();
    for ((id, _), region_rings) in atlas.regions().zip(&rings) {
        for (ring, hole) in region_rings {
            ring_edges(id, ring, *hole, &owner, &mut out);
        }
    }
    mark_lake_shores(atlas, &mut out);
    out
}

/// Outer edges that run mostly along inland water (a lake between two
/// regions, or on a state's border) are shores too: the water pieces share
/// their vertices with the land around them.
fn mark_lake_shores(atlas: &Atlas, edges: &mut [Edge]) {
    let mut water: FxSet<(VertexKey, VertexKey)> = FxSet::default();
    for w in &atlas.water {
        for p in &w.geometry.0 {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                for s in ring.0.windows(2) {
                    water.insert(segment_key((s[0].x, s[0].y), (s[1].x, s[1].y)));
                }
            }
        }
    }
    for e in edges.iter_mut().filter(|e| e.b.is_none() && !e.shore) {
        let segments = e.line.len().saturating_sub(1);
        let wet = e
            .line
            .windows(2)
            .filter(|s| water.contains(&segment_key(s[0], s[1])))
            .count();
        e.shore = segments > 0 && wet * 2 >= segments;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_of_each_inner_boundary_is_matched() {
        let atlas = Atlas::builtin().unwrap();
        let edges = region_edges(&atlas);
        let shared: usize = edges.iter().filter(|e| e.b.is_some()).count();
        assert!(shared >= 60, "only {shared} shared edges");
        // Latvia's Riga region borders Zemgale: there must be an edge.
        let riga = atlas.find_region("LV-RIGA").unwrap();
        let zemgale = atlas.find_region("LV-ZEMGALE-EAST").unwrap();
        assert!(edges.iter().any(
            |e| (e.a == riga && e.b == Some(zemgale)) || (e.a == zemgale && e.b == Some(riga))
        ));
    }
}
