//! Projected, triangulated geometry for drawing: computed once per atlas
//! (regions never split, so their meshes never change; only their colours
//! follow the date). The window and the exports both draw from it through
//! [`super::scene`].

use geo::{Area, InteriorPoint, MultiPolygon, Polygon, TriangulateEarcut};

use super::edges::region_edges;
use super::projection::Projection;
use crate::atlas::Atlas;
use crate::geodata::regions::RegionId;

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

/// A closed ring of projected points (km).
pub type Ring = Vec<[f32; 2]>;

/// A region ready to draw.
#[derive(Clone, Debug)]
pub struct RegionShape {
    /// Fill triangles (for renderers that draw triangles).
    pub mesh: Mesh2,
    /// Outline rings, exteriors and holes (for renderers that draw paths).
    pub rings: Vec<Ring>,
    /// Where its label or marker goes (inside the largest part).
    pub label: [f32; 2],
}

/// A neighbouring country ready to draw.
#[derive(Clone, Debug)]
pub struct NeighbourShape {
    /// Fill triangles.
    pub mesh: Mesh2,
    /// Outline rings.
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
}

/// Everything the map draws, projected once.
#[derive(Clone, Debug)]
pub struct MapGeometry {
    /// The [`Atlas::generation`] this was built from: a cache holding it
    /// is stale once the atlas is replaced.
    pub generation: u64,
    /// The projection used.
    pub projection: Projection,
    /// One shape per region, indexed like the atlas regions.
    pub regions: Vec<RegionShape>,
    /// Context countries.
    pub neighbours: Vec<NeighbourShape>,
    /// Boundaries between regions.
    pub edges: Vec<EdgeLine>,
    /// Bounding box of the regions in km: (min, max).
    pub bounds: ([f32; 2], [f32; 2]),
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

fn label_point(mp: &MultiPolygon<f64>) -> [f32; 2] {
    let largest =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
    largest
        .and_then(|p| p.interior_point())
        .map_or([0.0, 0.0], |p| [p.x() as f32, p.y() as f32])
}

impl MapGeometry {
    /// Projects and triangulates the atlas.
    pub fn new(atlas: &Atlas, projection: Projection) -> Self {
        let mut min = [f32::MAX; 2];
        let mut max = [f32::MIN; 2];
        let regions: Vec<RegionShape> = atlas
            .regions()
            .map(|(_, r)| {
                let mp = project_mp(&projection, &r.geometry);
                let mesh = Mesh2::from_multipolygon(&mp);
                for v in &mesh.vertices {
                    for k in 0..2 {
                        min[k] = min[k].min(v[k]);
                        max[k] = max[k].max(v[k]);
                    }
                }
                RegionShape {
                    label: label_point(&mp),
                    rings: rings(&mp),
                    mesh,
                }
            })
            .collect();
        let neighbours = atlas
            .neighbours
            .iter()
            .map(|n| {
                let mp = project_mp(&projection, &n.geometry);
                let outline = rings(&mp);
                let label = match n.label_at {
                    Some((lon, lat)) => {
                        let (x, y) = projection.forward(lon, lat);
                        [x as f32, y as f32]
                    }
                    None => label_point(&mp),
                };
                NeighbourShape {
                    mesh: Mesh2::from_multipolygon(&mp),
                    outline,
                    label,
                }
            })
            .collect();
        let edges = region_edges(atlas)
            .into_iter()
            .map(|e| EdgeLine {
                a: e.a,
                b: e.b,
                points: e
                    .line
                    .iter()
                    .map(|(lon, lat)| {
                        let (x, y) = projection.forward(*lon, *lat);
                        [x as f32, y as f32]
                    })
                    .collect(),
            })
            .collect();
        MapGeometry {
            generation: atlas.generation(),
            projection,
            regions,
            neighbours,
            edges,
            bounds: (min, max),
        }
    }

    /// True when this geometry was built from `atlas` (not from one it
    /// replaced).
    pub fn is_of(&self, atlas: &Atlas) -> bool {
        self.generation == atlas.generation()
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
        for ((_, r), shape) in atlas.regions().zip(&g.regions) {
            let mesh_km2 = shape.mesh.area();
            // Conformal projection: areas are scaled by k² (k within ±1% here).
            let ratio = mesh_km2 / r.area_km2;
            assert!((0.97..1.03).contains(&ratio), "{}: {ratio}", r.id);
        }
    }
}
