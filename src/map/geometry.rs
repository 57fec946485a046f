//! Projected, triangulated geometry for drawing: computed once per atlas
//! (regions never split, so their meshes never change; only their colours
//! follow the date). The window and the exports both draw from it through
//! [`super::scene`].

use geo::{Area, MultiPolygon, Polygon, TriangulateEarcut};

use super::edges::{Edge, VertexKey, key, region_edges};
use super::front_split::FrontCuts;
use super::projection::Projection;
use super::simplify::{KeptVertices, simplify_alone};
use crate::atlas::Atlas;
use crate::geodata::regions::RegionId;
use crate::vertex_key::FxSet;

/// Triangles in projected kilometres (x east, y north).
#[derive(Clone, Debug, Default)]
pub struct Mesh2 {
    /// Vertex positions.
    pub vertices: Vec<[f32; 2]>,
    /// Triangle corner indices into `vertices`.
    pub indices: Vec<u32>,
}

impl Mesh2 {
    /// Appends the earcut triangles of one polygon (holes respected).
    pub(crate) fn push_polygon(&mut self, poly: &Polygon<f64>) {
        let tri = poly.earcut_triangles_raw();
        let base = self.vertices.len() as u32;
        self.vertices
            .extend(tri.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
        self.indices
            .extend(tri.triangle_indices.iter().map(|i| base + *i as u32));
    }

    /// Triangulates a projected multipolygon with earcut (concave outlines
    /// and holes fill correctly, unlike a convex-polygon fill).
    pub fn from_multipolygon(mp: &MultiPolygon<f64>) -> Self {
        let mut m = Mesh2::default();
        for p in &mp.0 {
            m.push_polygon(p);
        }
        m
    }

    /// Total area of the triangles (km²), for tests.
    pub fn area(&self) -> f64 {
        self.indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| self.vertices[i as usize]);
                let cross = (b[0] - a[0]) as f64 * (c[1] - a[1]) as f64
                    - (c[0] - a[0]) as f64 * (b[1] - a[1]) as f64;
                cross.abs() / 2.0
            })
            .sum()
    }
}

/// Fill triangles made on first use: exports draw outlines and never need
/// them, and the window needs only the level of detail it shows.
#[derive(Clone, Debug)]
pub struct LazyMesh {
    polygons: MultiPolygon<f64>,
    mesh: std::sync::OnceLock<Mesh2>,
}

impl LazyMesh {
    /// Keeps projected `polygons` to triangulate when first asked.
    pub fn new(polygons: MultiPolygon<f64>) -> Self {
        LazyMesh {
            polygons,
            mesh: std::sync::OnceLock::new(),
        }
    }
}

impl LazyMesh {
    /// The projected polygons the triangles are made from.
    pub fn polygons(&self) -> &MultiPolygon<f64> {
        &self.polygons
    }
}

impl std::ops::Deref for LazyMesh {
    type Target = Mesh2;

    fn deref(&self) -> &Mesh2 {
        self.mesh
            .get_or_init(|| Mesh2::from_multipolygon(&self.polygons))
    }
}

/// A closed ring of projected points (km).
pub type Ring = Vec<[f32; 2]>;

/// A region ready to draw.
#[derive(Clone, Debug)]
pub struct RegionShape {
    /// Fill triangles (for renderers that draw triangles).
    pub mesh: LazyMesh,
    /// Outline rings, exteriors and holes (for renderers that draw paths).
    pub rings: Vec<Ring>,
    /// Where its label or marker goes (inside the largest part).
    pub label: [f32; 2],
}

/// A neighbouring country ready to draw.
#[derive(Clone, Debug)]
pub struct NeighbourShape {
    /// Fill triangles.
    pub mesh: LazyMesh,
    /// Every ring of the fill, exteriors and lakes (for renderers that
    /// fill paths).
    pub rings: Vec<Ring>,
    /// The rings drawn as lines: all of them at full detail, the
    /// exteriors only when seen from afar (no lake outlines).
    pub outline: Vec<Ring>,
    /// Label position.
    pub label: [f32; 2],
}

/// A projected boundary between regions (see [`super::edges`]).
#[derive(Clone, Debug)]
pub struct EdgeLine {
    /// One side.
    pub a: RegionId,
    /// The other side, or `None` for a coast / outer border.
    pub b: Option<RegionId>,
    /// The line in projected km.
    pub points: Vec<[f32; 2]>,
    /// A lake's shore inside the region (see [`Edge::shore`]).
    pub shore: bool,
}

/// A piece of inland water ready to draw (under the regions, whose holes
/// it fills).
#[derive(Clone, Debug)]
pub struct WaterShape {
    /// Fill triangles.
    pub mesh: LazyMesh,
    /// Outline rings.
    pub rings: Vec<Ring>,
}

impl WaterShape {
    fn of(mp: &MultiPolygon<f64>) -> Self {
        WaterShape {
            mesh: LazyMesh::new(mp.clone()),
            rings: rings(mp),
        }
    }
}

/// The regions, edges and lakes simplified for one range of zoom.
#[derive(Clone, Debug)]
pub struct Level {
    /// The Douglas–Peucker tolerance, km: no dropped vertex lies further
    /// than this from the drawn line.
    pub tolerance_km: f32,
    /// One shape per region (label positions of full detail).
    pub regions: Vec<RegionShape>,
    /// The edges, in the order of [`MapGeometry::edges`].
    pub edges: Vec<EdgeLine>,
    /// One shape per piece of `Atlas::water`.
    pub water: Vec<WaterShape>,
    /// The neighbouring countries, simplified each on its own (context
    /// only: their seams with the regions stay under the tolerance).
    pub neighbours: Vec<NeighbourShape>,
    /// The regions cut by the fronts' triangles, each when a front first
    /// comes near it (see [`super::front_split`]).
    pub front_cuts: FrontCuts,
}

/// What a view draws: the geometry at the detail its scale needs.
#[derive(Clone, Copy, Debug)]
pub struct Detail<'a> {
    /// One shape per region, indexed like the atlas regions.
    pub regions: &'a [RegionShape],
    /// The edges, indexed like [`MapGeometry::edges`] (and the scene's
    /// edge kinds).
    pub edges: &'a [EdgeLine],
    /// One shape per piece of inland water.
    pub water: &'a [WaterShape],
    /// The neighbouring countries.
    pub neighbours: &'a [NeighbourShape],
    /// The regions of this level cut by the fronts' triangles.
    pub front_cuts: &'a FrontCuts,
}

impl<'a> Detail<'a> {
    fn of(level: &'a Level) -> Self {
        Detail {
            regions: &level.regions,
            edges: &level.edges,
            water: &level.water,
            neighbours: &level.neighbours,
            front_cuts: &level.front_cuts,
        }
    }
}

/// The atlas geometry a level is simplified from (kept so levels can be
/// made when first needed: a start-up or an export needs one or two of
/// them).
#[derive(Debug)]
struct LevelSources {
    regions: Vec<MultiPolygon<f64>>,
    labels: Vec<[f32; 2]>,
    water: Vec<MultiPolygon<f64>>,
    neighbours: Vec<MultiPolygon<f64>>,
    neighbour_labels: Vec<[f32; 2]>,
    /// For each neighbour: true when its bounding box misses the regions'
    /// (it touches none of them).
    neighbour_far: Vec<bool>,
    edges: Vec<Edge>,
}

/// Douglas–Peucker tolerances of the simplified levels, km, finest first.
pub const LEVEL_TOLERANCES_KM: [f32; 4] = [0.15, 0.4, 0.8, 2.0];

/// The largest on-screen error a level may make, in pixels (points): a
/// line within a pixel of its true course (drawn antialiased) looks the
/// same, and the whole of the three states in a 1600×1000 window draws
/// from the 1 km level.
pub const MAX_ERROR_PX: f32 = 1.0;

/// Levels at least this coarse (km) draw no lake shores (of the regions
/// or of the neighbours): at a kilometre a
/// pixel the lake's fill marks its shore, and the thousands of small
/// outlines cost more of a frame than all the borders of the day. Zoomed
/// in, the shores come back as faint lines.
const SHORE_LINES_BELOW_KM: f32 = 0.3;

/// How much coarser than the regions a neighbouring country far from
/// them (Finland, Sweden: over the sea) is simplified. Their thousands of
/// skerries are context at the edge of the view; the neighbours that
/// touch the regions keep the regions' tolerance so no seam opens.
const FAR_NEIGHBOUR_FACTOR: f64 = 3.0;

/// Everything the map draws, projected once: what every view needs (the
/// frame, labels, the edges' sides) now, the shapes at each level of detail
/// when a view first needs them. A one-off export draws one coarse level and
/// never pays for full detail.
#[derive(Debug)]
pub struct MapGeometry {
    /// The [`Atlas::generation`] this was built from: a cache holding it
    /// is stale once the atlas is replaced.
    pub generation: u64,
    /// The projection used.
    pub projection: Projection,
    /// Where each neighbouring country's name goes, projected (indexed
    /// like `Atlas::neighbours`).
    pub neighbour_labels: Vec<[f32; 2]>,
    /// Full detail, made the first time a view zooms in that far.
    full: std::sync::OnceLock<Level>,
    /// Simplified versions for views zoomed out (see [`Self::detail`]),
    /// each made the first time a view needs it.
    levels: Vec<std::sync::OnceLock<Level>>,
    /// What the levels are made from.
    sources: std::sync::Arc<LevelSources>,
    /// Bounding box of the regions in km: (min, max).
    pub bounds: ([f32; 2], [f32; 2]),
}

impl Clone for MapGeometry {
    fn clone(&self) -> Self {
        MapGeometry {
            generation: self.generation,
            projection: self.projection,
            neighbour_labels: self.neighbour_labels.clone(),
            full: self.full.clone(),
            levels: self.levels.clone(),
            sources: self.sources.clone(),
            bounds: self.bounds,
        }
    }
}

fn project_mp(p: &Projection, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::MapCoords;
    mp.map_coords(|c| {
        let (x, y) = p.forward(c.x, c.y);
        geo::coord! { x: x, y: y }
    })
}

fn rings(mp: &MultiPolygon<f64>) -> Vec<Ring> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| ring.0.iter().map(|c| [c.x as f32, c.y as f32]).collect())
        .collect()
}

/// The outer rings only: a neighbour's lakes, seen from afar, are holes
/// its fill leaves, with no outline (like the regions' lake shores).
fn exteriors(mp: &MultiPolygon<f64>) -> Vec<Ring> {
    mp.0.iter()
        .map(|p| {
            p.exterior()
                .0
                .iter()
                .map(|c| [c.x as f32, c.y as f32])
                .collect()
        })
        .collect()
}

/// Where a projected region's name goes: inside its largest part, in the
/// middle of the widest stretch of land along one of a few horizontal
/// lines across it (a label runs horizontally). Linear in the vertices:
/// `geo`'s interior point made this a fifth of every map export.
fn label_point(mp: &MultiPolygon<f64>) -> [f32; 2] {
    use geo::BoundingRect;
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
    let Some((poly, bbox)) = largest.and_then(|p| Some((p, p.bounding_rect()?))) else {
        return [0.0, 0.0];
    };
    let mut best: Option<(f64, [f64; 2])> = None;
    for t in [0.5, 0.4, 0.6, 0.3, 0.7] {
        let y = bbox.min().y + t * bbox.height();
        if let Some((width, x)) = widest_run(poly, y)
            && best.is_none_or(|(w, _)| width > w)
        {
            best = Some((width, [x, y]));
        }
    }
    best.map_or(
        [bbox.center().x as f32, bbox.center().y as f32],
        |(_, p)| [p[0] as f32, p[1] as f32],
    )
}

/// The widest stretch inside `poly` (holes excluded) along the line at
/// height `y`: its width and middle.
fn widest_run(poly: &Polygon<f64>, y: f64) -> Option<(f64, f64)> {
    let mut xs: Vec<f64> = std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .flat_map(|ring| ring.lines())
        .filter(|l| (l.start.y <= y) != (l.end.y <= y))
        .map(|l| l.start.x + (y - l.start.y) / (l.end.y - l.start.y) * (l.end.x - l.start.x))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .map(|c| (c[1] - c[0], (c[0] + c[1]) / 2.0))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

fn project_line(projection: &Projection, line: &[(f64, f64)]) -> Vec<[f32; 2]> {
    line.iter()
        .map(|(lon, lat)| {
            let (x, y) = projection.forward(*lon, *lat);
            [x as f32, y as f32]
        })
        .collect()
}

fn region_shape(projection: &Projection, mp: &MultiPolygon<f64>, label: [f32; 2]) -> RegionShape {
    let mp = project_mp(projection, mp);
    RegionShape {
        label,
        rings: rings(&mp),
        mesh: LazyMesh::new(mp.clone()),
    }
}

fn edge_lines(
    projection: &Projection,
    edges: &[Edge],
    kept: Option<&KeptVertices>,
    shores: bool,
) -> Vec<EdgeLine> {
    edges
        .iter()
        .map(|e| EdgeLine {
            a: e.a,
            b: e.b,
            shore: e.shore,
            points: match kept {
                _ if e.shore && !shores => Vec::new(),
                Some(k) => {
                    let line = k.line(&e.line);
                    // A lake's shore whose hole the level dropped is
                    // not drawn either (it would be a speck).
                    let closed = line.len() > 1 && line.first() == line.last();
                    if closed && line.len() < 4 {
                        Vec::new()
                    } else {
                        project_line(projection, &line)
                    }
                }
                None => project_line(projection, &e.line),
            },
        })
        .collect()
}

/// The neighbours at full detail.
fn neighbour_shapes(src: &LevelSources, projection: &Projection) -> Vec<NeighbourShape> {
    src.neighbours
        .iter()
        .zip(&src.neighbour_labels)
        .map(|(n, label)| {
            let mp = project_mp(projection, n);
            NeighbourShape {
                rings: rings(&mp),
                outline: rings(&mp),
                mesh: LazyMesh::new(mp),
                label: *label,
            }
        })
        .collect()
}

/// The geometry unsimplified: what a view zoomed in close draws.
fn full_level(src: &LevelSources, projection: &Projection) -> Level {
    Level {
        tolerance_km: 0.0,
        regions: src
            .regions
            .iter()
            .zip(&src.labels)
            .map(|(r, label)| region_shape(projection, r, *label))
            .collect(),
        edges: edge_lines(projection, &src.edges, None, true),
        water: src
            .water
            .iter()
            .map(|w| WaterShape::of(&project_mp(projection, w)))
            .collect(),
        neighbours: neighbour_shapes(src, projection),
        front_cuts: FrontCuts::default(),
    }
}

/// Where a neighbour's name goes: the spot its file names, or inside its
/// largest part.
fn neighbour_label(n: &crate::geodata::neighbours::Neighbour, projection: &Projection) -> [f32; 2] {
    match n.label_at {
        Some((lon, lat)) => {
            let (x, y) = projection.forward(lon, lat);
            [x as f32, y as f32]
        }
        None => label_point(&project_mp(projection, &n.geometry)),
    }
}

/// The regions' bounding box in longitude/latitude.
fn regions_rect(atlas: &Atlas) -> Option<geo::Rect<f64>> {
    use geo::BoundingRect;
    atlas
        .regions()
        .filter_map(|(_, r)| r.geometry.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        })
}

/// True when `mp`'s bounding box does not meet the regions' (`regions`,
/// grown by 0.1°): such a neighbour shares no boundary with any region.
fn is_far(mp: &MultiPolygon<f64>, regions: Option<geo::Rect<f64>>) -> bool {
    use geo::BoundingRect;
    match (mp.bounding_rect(), regions) {
        (Some(n), Some(r)) => {
            n.min().x > r.max().x + 0.1
                || n.max().x < r.min().x - 0.1
                || n.min().y > r.max().y + 0.1
                || n.max().y < r.min().y - 0.1
        }
        _ => false,
    }
}

/// How small a lake a level fills over, in squared tolerances: at the
/// 0.8 km level, ponds under 5.8 km² (a few pixels at a kilometre a pixel)
/// are land, as on any small-scale map.
const POND_AREA_TOLERANCES: f64 = 9.0;

/// The vertices of the lakes wholly inside one region (closed shore
/// edges): the holes a level may fill over when they are small.
fn pond_vertices(edges: &[Edge]) -> FxSet<VertexKey> {
    edges
        .iter()
        .filter(|e| e.shore && e.b.is_none() && e.line.first() == e.line.last())
        .flat_map(|e| e.line.iter().map(|(x, y)| key(*x, *y)))
        .collect()
}

/// `mp` without the holes that are ponds smaller than `min_km2`
/// (projected area).
fn without_ponds(
    mp: MultiPolygon<f64>,
    ponds: &FxSet<VertexKey>,
    projection: &Projection,
    min_km2: f64,
) -> MultiPolygon<f64> {
    let small_pond = |ring: &geo::LineString<f64>| {
        let is_pond = ring
            .0
            .first()
            .is_some_and(|c| ponds.contains(&key(c.x, c.y)));
        is_pond && {
            let projected = geo::Polygon::new(
                ring.0
                    .iter()
                    .map(|c| {
                        let (x, y) = projection.forward(c.x, c.y);
                        geo::coord! { x: x, y: y }
                    })
                    .collect(),
                vec![],
            );
            projected.unsigned_area() < min_km2
        }
    };
    MultiPolygon(
        mp.0.into_iter()
            .map(|p| {
                let (exterior, holes) = p.into_inner();
                let holes = holes.into_iter().filter(|h| !small_pond(h)).collect();
                Polygon::new(exterior, holes)
            })
            .collect(),
    )
}

/// A projected neighbour as context at a small scale: no islets and no
/// lakes under `min_km2`.
fn generalised(mp: MultiPolygon<f64>, min_km2: f64) -> MultiPolygon<f64> {
    let big =
        |ring: &geo::LineString<f64>| Polygon::new(ring.clone(), vec![]).unsigned_area() >= min_km2;
    MultiPolygon(
        mp.0.into_iter()
            .filter(|p| big(p.exterior()))
            .map(|p| {
                let (exterior, holes) = p.into_inner();
                Polygon::new(exterior, holes.into_iter().filter(|h| big(h)).collect())
            })
            .collect(),
    )
}

/// One simplified level: the shared edges decide which vertices stay.
fn level(src: &LevelSources, projection: &Projection, tolerance_km: f32) -> Level {
    let kept = KeptVertices::of_edges(&src.edges, projection, tolerance_km as f64);
    let ponds = pond_vertices(&src.edges);
    let min_pond_km2 = POND_AREA_TOLERANCES * (tolerance_km as f64).powi(2);
    let regions = src
        .regions
        .iter()
        .zip(&src.labels)
        .map(|(r, label)| {
            let mp = without_ponds(kept.multipolygon(r), &ponds, projection, min_pond_km2);
            region_shape(projection, &mp, *label)
        })
        .collect();
    let water = src
        .water
        .iter()
        .map(|w| {
            let mut mp = project_mp(
                projection,
                &simplify_alone(w, projection, tolerance_km as f64),
            );
            // Ponds the regions fill over need no water under them.
            mp.0.retain(|p| p.unsigned_area() >= min_pond_km2);
            WaterShape::of(&mp)
        })
        .collect();
    let neighbours = src
        .neighbours
        .iter()
        .zip(&src.neighbour_labels)
        .zip(&src.neighbour_far)
        .map(|((n, label), far)| {
            let tolerance = if *far {
                tolerance_km as f64 * FAR_NEIGHBOUR_FACTOR
            } else {
                tolerance_km as f64
            };
            let mp = project_mp(projection, &simplify_alone(n, projection, tolerance));
            let mp = generalised(mp, min_pond_km2);
            let outline = if tolerance_km < SHORE_LINES_BELOW_KM {
                rings(&mp)
            } else {
                exteriors(&mp)
            };
            NeighbourShape {
                outline,
                rings: rings(&mp),
                mesh: LazyMesh::new(mp),
                label: *label,
            }
        })
        .collect();
    Level {
        tolerance_km,
        regions,
        edges: edge_lines(
            projection,
            &src.edges,
            Some(&kept),
            tolerance_km < SHORE_LINES_BELOW_KM,
        ),
        water,
        neighbours,
        front_cuts: FrontCuts::default(),
    }
}

impl MapGeometry {
    /// Projects and triangulates the atlas, at full detail and at each
    /// simplified level.
    pub fn new(atlas: &Atlas, projection: Projection) -> Self {
        let mut min = [f32::MAX; 2];
        let mut max = [f32::MIN; 2];
        let labels: Vec<[f32; 2]> = atlas
            .regions()
            .map(|(_, r)| {
                let mp = project_mp(&projection, &r.geometry);
                for c in mp.0.iter().flat_map(|p| p.exterior().0.iter()) {
                    let v = [c.x as f32, c.y as f32];
                    for k in 0..2 {
                        min[k] = min[k].min(v[k]);
                        max[k] = max[k].max(v[k]);
                    }
                }
                label_point(&mp)
            })
            .collect();
        let neighbour_labels: Vec<[f32; 2]> = atlas
            .neighbours
            .iter()
            .map(|n| neighbour_label(n, &projection))
            .collect();
        let rect = regions_rect(atlas);
        let sources = LevelSources {
            regions: atlas.regions().map(|(_, r)| r.geometry.clone()).collect(),
            labels,
            water: atlas.water.iter().map(|w| w.geometry.clone()).collect(),
            neighbours: atlas
                .neighbours
                .iter()
                .map(|n| n.geometry.clone())
                .collect(),
            neighbour_labels: neighbour_labels.clone(),
            neighbour_far: atlas
                .neighbours
                .iter()
                .map(|n| is_far(&n.geometry, rect))
                .collect(),
            edges: region_edges(atlas),
        };
        MapGeometry {
            generation: atlas.generation(),
            projection,
            neighbour_labels,
            full: std::sync::OnceLock::new(),
            levels: LEVEL_TOLERANCES_KM
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            sources: std::sync::Arc::new(sources),
            bounds: (min, max),
        }
    }

    /// The boundaries between regions in longitude/latitude, in the order
    /// of every level's [`Detail::edges`] (their sides and shores are the
    /// same at every level).
    pub fn edges(&self) -> &[Edge] {
        &self.sources.edges
    }

    /// The geometry at full detail (made now if not yet made).
    pub fn full(&self) -> Detail<'_> {
        Detail::of(
            self.full
                .get_or_init(|| full_level(&self.sources, &self.projection)),
        )
    }

    /// The geometry a view of `scale` pixels per km draws: the coarsest
    /// level whose error stays under [`MAX_ERROR_PX`], or full detail.
    pub fn detail(&self, scale: f32) -> Detail<'_> {
        self.detail_at(self.level_index(scale))
    }

    /// Which geometry a view of `scale` pixels per km draws: an index into
    /// the simplified levels, or their count for full detail (a key for
    /// what has been made or warmed, see [`Self::detail_at`]).
    pub fn level_index(&self, scale: f32) -> usize {
        LEVEL_TOLERANCES_KM
            .iter()
            .rposition(|t| *t * scale <= MAX_ERROR_PX)
            .unwrap_or(LEVEL_TOLERANCES_KM.len())
    }

    /// The geometry of level `index` ([`Self::level_index`]; made now if
    /// not yet made): full detail past the simplified levels.
    pub fn detail_at(&self, index: usize) -> Detail<'_> {
        match (LEVEL_TOLERANCES_KM.get(index), self.levels.get(index)) {
            (Some(t), Some(l)) => {
                Detail::of(l.get_or_init(|| level(&self.sources, &self.projection, *t)))
            }
            _ => self.full(),
        }
    }

    /// True when this geometry was built from `atlas` (not from one it
    /// replaced).
    pub fn is_of(&self, atlas: &Atlas) -> bool {
        self.generation == atlas.generation()
    }

    /// Every simplified level, finest first (made now if not yet made).
    pub fn levels(&self) -> Vec<&Level> {
        LEVEL_TOLERANCES_KM
            .iter()
            .zip(&self.levels)
            .map(|(t, l)| l.get_or_init(|| level(&self.sources, &self.projection, *t)))
            .collect()
    }

    /// Projects a longitude/latitude to map km as `f32`.
    pub fn project(&self, lon: f64, lat: f64) -> [f32; 2] {
        let (x, y) = self.projection.forward(lon, lat);
        [x as f32, y as f32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangulation_covers_each_region() {
        let atlas = Atlas::builtin().unwrap();
        let g = MapGeometry::new(&atlas, Projection::baltic());
        for ((_, r), shape) in atlas.regions().zip(g.full().regions) {
            let mesh_km2 = shape.mesh.area();
            // Conformal projection: areas are scaled by k² (k within ±1% here).
            // The mesh fills the land; lakes are holes.
            let ratio = mesh_km2 / r.land_km2;
            assert!((0.97..1.03).contains(&ratio), "{}: {ratio}", r.id);
        }
    }

    /// Coarse levels fill over ponds and draw no lake shores, but every
    /// named lake stays water at every level; full detail keeps them all.
    #[test]
    fn coarse_levels_drop_ponds_and_keep_named_lakes() {
        use geo::{Contains, InteriorPoint};
        let atlas = Atlas::builtin().unwrap();
        let g = MapGeometry::new(&atlas, Projection::baltic());
        let holes =
            |regions: &[RegionShape]| -> usize { regions.iter().map(|r| r.rings.len()).sum() };
        let coarse = g.levels()[2];
        assert!(
            holes(&coarse.regions) * 5 < holes(g.full().regions),
            "{} rings at {} km vs {} at full detail",
            holes(&coarse.regions),
            coarse.tolerance_km,
            holes(g.full().regions)
        );
        assert!(coarse.edges.iter().all(|e| !e.shore || e.points.is_empty()));
        assert!(
            g.full()
                .edges
                .iter()
                .any(|e| e.shore && !e.points.is_empty())
        );
        // Pieces well over the level's pond size (5.8 km² at 0.8 km).
        let named = atlas
            .water
            .iter()
            .filter(|w| w.id != "water" && w.area_km2 > 25.0);
        for w in named {
            let Some(region) = w.region else { continue };
            let largest = w
                .geometry
                .0
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
            let Some(inside) = largest.and_then(|p| p.interior_point()) else {
                continue;
            };
            let at = g.project(inside.x(), inside.y());
            let point = geo::Point::new(at[0] as f64, at[1] as f64);
            let rings = &coarse.regions[region].rings;
            let land = MultiPolygon(
                rings
                    .iter()
                    .map(|r| {
                        let ring = r.iter().map(|p| (p[0] as f64, p[1] as f64)).collect();
                        Polygon::new(ring, vec![])
                    })
                    .collect(),
            );
            // Inside an even number of rings: in a hole, not on land.
            let depth = land.0.iter().filter(|p| p.contains(&point)).count();
            assert!(
                depth % 2 == 0,
                "{} ({} km²) drawn as land",
                w.name,
                w.area_km2
            );
        }
    }

    /// Every region's name is placed on its own land (not in a lake, not
    /// outside a concave outline), and so is every neighbour's.
    #[test]
    fn label_points_lie_inside_their_shapes() {
        use geo::{Contains, polygon};
        let atlas = Atlas::builtin().unwrap();
        let p = Projection::baltic();
        let g = MapGeometry::new(&atlas, p);
        for ((_, r), shape) in atlas.regions().zip(g.full().regions) {
            let at = geo::Point::new(shape.label[0] as f64, shape.label[1] as f64);
            assert!(project_mp(&p, &r.geometry).contains(&at), "{}", r.id);
        }
        let concave = project_mp(
            &p,
            &MultiPolygon(vec![polygon![
                (x: 20.0, y: 55.0), (x: 22.0, y: 55.0), (x: 22.0, y: 55.2),
                (x: 20.2, y: 55.2), (x: 20.2, y: 55.8), (x: 22.0, y: 55.8),
                (x: 22.0, y: 56.0), (x: 20.0, y: 56.0), (x: 20.0, y: 55.0),
            ]]),
        );
        let at = label_point(&concave);
        assert!(concave.contains(&geo::Point::new(at[0] as f64, at[1] as f64)));
    }

    /// Every segment of `points` as an undirected pair of f32 bit patterns.
    fn segments(points: &[[f32; 2]]) -> Vec<[u32; 4]> {
        points
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0].map(f32::to_bits), w[1].map(f32::to_bits));
                if a <= b {
                    [a[0], a[1], b[0], b[1]]
                } else {
                    [b[0], b[1], a[0], a[1]]
                }
            })
            .collect()
    }

    #[test]
    fn simplified_levels_keep_shared_edges_shared() {
        use std::collections::HashSet;
        let atlas = Atlas::builtin().unwrap();
        let g = MapGeometry::new(&atlas, Projection::baltic());
        g.full();
        let full = g.full.get().unwrap();
        let full_vertices: usize = full.regions.iter().map(|r| r.mesh.vertices.len()).sum();
        let mut previous = full_vertices;
        for level in std::iter::once(full).chain(g.levels()) {
            assert_eq!(level.edges.len(), g.edges().len());
            let ring_segments: Vec<HashSet<[u32; 4]>> = level
                .regions
                .iter()
                .map(|r| r.rings.iter().flat_map(|ring| segments(ring)).collect())
                .collect();
            // Both sides of every shared edge draw exactly the edge's
            // simplified segments: no sliver opens between them. (A ring
            // too small for the level, an islet, is dropped with all its
            // edges: then the side lacks every segment of the edge.)
            let mut dropped = 0;
            for e in &level.edges {
                let Some(b) = e.b else { continue };
                let segs = segments(&e.points);
                for side in [e.a, b] {
                    let have = segs
                        .iter()
                        .filter(|s| ring_segments[side.0 as usize].contains(*s))
                        .count();
                    if have == 0 && level.tolerance_km > 0.0 {
                        dropped += 1;
                        continue;
                    }
                    assert_eq!(
                        have,
                        segs.len(),
                        "level {}: {} lacks a segment of its edge with {}",
                        level.tolerance_km,
                        atlas.region(side).id,
                        atlas.region(if side == e.a { b } else { e.a }).id
                    );
                }
            }
            assert!(dropped < 20, "{dropped} edges lost a side");
            // Coarser levels have fewer vertices and about the same area.
            let vertices: usize = level.regions.iter().map(|r| r.mesh.vertices.len()).sum();
            assert!(
                vertices < previous || level.tolerance_km == 0.0,
                "{vertices} vs {previous}"
            );
            previous = vertices;
            let area: f64 = level.regions.iter().map(|r| r.mesh.area()).sum();
            let full_area: f64 = g.full().regions.iter().map(|r| r.mesh.area()).sum();
            assert!(
                (area - full_area).abs() / full_area < 0.02,
                "level {}: {area} vs {full_area}",
                level.tolerance_km
            );
        }
        // A view of the three states at 1 px/km draws a simplified level;
        // zoomed in to 20 px/km, full detail.
        assert!(g.detail(1.0).regions.as_ptr() != g.full().regions.as_ptr());
        assert!(g.detail(20.0).regions.as_ptr() == g.full().regions.as_ptr());
    }
}
