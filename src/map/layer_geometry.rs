//! A user's layer projected and triangulated for drawing, done once when
//! the layer loads (off the UI thread), plus the days on which features
//! appear or disappear so the map redraws the layer only when they change.

use chrono::NaiveDate;
use geo::{Geometry, LineString, Polygon};

use super::geometry::Mesh2;
use super::projection::Projection;
use crate::date::Date;
use crate::user_layer::UserLayer;

/// One feature ready to draw, in projected km.
#[derive(Clone, Debug, Default)]
pub struct FeatureShape {
    /// Fill triangles of its polygons (empty for lines and points).
    pub mesh: Mesh2,
    /// Lines: polygon outlines and line strings.
    pub lines: Vec<Vec<[f32; 2]>>,
    /// Points.
    pub points: Vec<[f32; 2]>,
    /// Smallest and largest x and y of all of the above, so that finding
    /// the feature under the pointer skips the far ones without looking at
    /// their lines (inverted, min > max, when the shape is empty).
    pub bounds: [[f32; 2]; 2],
}

impl FeatureShape {
    fn set_bounds(&mut self) {
        let mut b = [[f32::INFINITY; 2], [f32::NEG_INFINITY; 2]];
        let all = self
            .mesh
            .vertices
            .iter()
            .chain(self.lines.iter().flatten())
            .chain(&self.points);
        for p in all {
            for k in 0..2 {
                b[0][k] = b[0][k].min(p[k]);
                b[1][k] = b[1][k].max(p[k]);
            }
        }
        self.bounds = b;
    }

    /// Whether `p` lies within `margin` of the shape's bounds.
    pub fn near(&self, p: [f32; 2], margin: f32) -> bool {
        let [min, max] = self.bounds;
        (0..2).all(|k| p[k] >= min[k] - margin && p[k] <= max[k] + margin)
    }
}

/// A projected layer: one shape per feature, in the layer's order.
#[derive(Clone, Debug, Default)]
pub struct LayerGeometry {
    /// Shapes, parallel to `UserLayer::features`.
    pub shapes: Vec<FeatureShape>,
    /// Sorted days on which the set of visible features changes.
    pub change_days: Vec<NaiveDate>,
}

fn line(p: &Projection, ls: &LineString<f64>) -> Vec<[f32; 2]> {
    ls.0.iter()
        .map(|c| {
            let (x, y) = p.forward(c.x, c.y);
            [x as f32, y as f32]
        })
        .collect()
}

fn polygon(p: &Projection, poly: &Polygon<f64>, shape: &mut FeatureShape) {
    use geo::MapCoords;
    let projected = poly.map_coords(|c| {
        let (x, y) = p.forward(c.x, c.y);
        geo::coord! { x: x, y: y }
    });
    let mesh = Mesh2::from_multipolygon(&geo::MultiPolygon(vec![projected]));
    let base = shape.mesh.vertices.len() as u32;
    shape.mesh.vertices.extend(mesh.vertices);
    shape
        .mesh
        .indices
        .extend(mesh.indices.iter().map(|i| base + i));
    shape.lines.push(line(p, poly.exterior()));
    shape
        .lines
        .extend(poly.interiors().iter().map(|r| line(p, r)));
}

fn add(p: &Projection, g: &Geometry<f64>, shape: &mut FeatureShape) {
    match g {
        Geometry::Point(pt) => {
            let (x, y) = p.forward(pt.x(), pt.y());
            shape.points.push([x as f32, y as f32]);
        }
        Geometry::MultiPoint(mp) => {
            for pt in mp {
                add(p, &Geometry::Point(*pt), shape);
            }
        }
        Geometry::LineString(ls) => shape.lines.push(line(p, ls)),
        Geometry::MultiLineString(mls) => shape.lines.extend(mls.iter().map(|l| line(p, l))),
        Geometry::Polygon(poly) => polygon(p, poly, shape),
        Geometry::MultiPolygon(mp) => {
            for poly in mp {
                polygon(p, poly, shape);
            }
        }
        Geometry::Rect(r) => polygon(p, &r.to_polygon(), shape),
        Geometry::Triangle(t) => polygon(p, &t.to_polygon(), shape),
        Geometry::Line(l) => shape.lines.push(line(p, &LineString::from(*l))),
        Geometry::GeometryCollection(gc) => {
            for g in gc {
                add(p, g, shape);
            }
        }
    }
}

impl LayerGeometry {
    /// Projects and triangulates every feature of `layer`.
    pub fn new(layer: &UserLayer, projection: &Projection) -> Self {
        let shapes = layer
            .features
            .iter()
            .map(|f| {
                let mut s = FeatureShape::default();
                add(projection, &f.geometry, &mut s);
                s.set_bounds();
                s
            })
            .collect();
        let mut change_days: Vec<NaiveDate> = layer
            .features
            .iter()
            .flat_map(|f| [f.start.first_visible_day(), f.end.first_invisible_day()])
            .collect();
        change_days.sort();
        change_days.dedup();
        LayerGeometry {
            shapes,
            change_days,
        }
    }

    /// A number that changes exactly when the visible features change.
    pub fn epoch(&self, date: Date) -> usize {
        let day = NaiveDate::from_ymd_opt(date.year(), date.month(), date.day())
            .unwrap_or(NaiveDate::MIN);
        self.change_days.partition_point(|d| *d <= day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user_layer::{LayerOptions, LoadProgress, load_layer};

    #[test]
    fn shapes_follow_the_features_and_epochs_their_dates() {
        let text = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"front","start_date":"1944-09-01","end_date":"1944-10-01"},
           "geometry":{"type":"LineString","coordinates":[[24,57],[25,58]]}},
          {"type":"Feature","properties":{"name":"pocket","start_date":"1944-10-10"},
           "geometry":{"type":"Polygon","coordinates":[[[21,56],[23,56],[23,57.5],[21,57.5],[21,56]]]}},
          {"type":"Feature","properties":{"name":"HQ"},
           "geometry":{"type":"Point","coordinates":[24.1,56.9]}}]}"#;
        let layer = load_layer(
            "t.geojson",
            text,
            &LayerOptions::default(),
            &LoadProgress::new(),
        )
        .unwrap();
        let g = LayerGeometry::new(&layer, &Projection::baltic());
        assert_eq!(g.shapes.len(), 3);
        assert_eq!(g.shapes[0].lines.len(), 1);
        assert!(g.shapes[1].mesh.area() > 10_000.0);
        assert_eq!(g.shapes[2].points.len(), 1);
        // Bounds hold every vertex; a point's bounds are the point.
        let hq = g.shapes[2].points[0];
        assert!(g.shapes[2].near(hq, 0.0));
        assert!(!g.shapes[2].near([hq[0] + 2.0, hq[1]], 1.0));
        for v in &g.shapes[1].mesh.vertices {
            assert!(g.shapes[1].near(*v, 0.0));
        }
        let mut empty = FeatureShape::default();
        empty.set_bounds();
        assert!(!empty.near([0.0, 0.0], 1.0));
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(g.epoch(d("1944-09-15")), g.epoch(d("1944-09-20")));
        assert_ne!(g.epoch(d("1944-09-15")), g.epoch(d("1944-10-05")));
        assert_ne!(g.epoch(d("1944-10-05")), g.epoch(d("1944-10-12")));
    }
}
