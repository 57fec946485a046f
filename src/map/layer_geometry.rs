//! A user's layer projected and triangulated for drawing, done once when
//! the layer loads (off the UI thread), plus the days on which features
//! appear or disappear so the map redraws the layer only when they change.

use std::ops::Range;

use chrono::NaiveDate;
use geo::{Geometry, LineString, Polygon};

use super::geometry::Mesh2;
use super::projection::Projection;
use super::scene::Viewport;
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
    /// Which of `lines` make up each polygon: its exterior ring first, then
    /// its holes. Lets a zoomed-out view fill simplified rings instead of
    /// the full-detail mesh.
    pub polygons: Vec<Range<usize>>,
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

    /// Whether the shape's bounds meet the km box `min..max`.
    pub fn meets(&self, min: [f32; 2], max: [f32; 2]) -> bool {
        let [a, b] = self.bounds;
        (0..2).all(|k| a[k] <= max[k] && b[k] >= min[k])
    }

    /// Width and height of the shape's bounds in pixels.
    pub fn screen_size(&self, view: &Viewport) -> [f32; 2] {
        let [a, b] = self.bounds;
        [
            ((b[0] - a[0]) * view.scale).max(0.0),
            ((b[1] - a[1]) * view.scale).max(0.0),
        ]
    }

    /// The fill in pixels for this view: when the view is zoomed out far
    /// enough that most outline vertices fall within `min_step` pixels of
    /// each other, the simplified rings are triangulated afresh (a large
    /// layer seen whole would otherwise send millions of invisible
    /// triangles to the screen every frame); otherwise the full-detail
    /// mesh is placed on screen.
    pub fn screen_fill(&self, view: &Viewport, min_step: f32) -> Mesh2 {
        let full: usize = self
            .polygons
            .iter()
            .flat_map(|r| &self.lines[r.clone()])
            .map(Vec::len)
            .sum();
        let simplified: Vec<Vec<Vec<[f32; 2]>>> = self
            .polygons
            .iter()
            .map(|r| {
                self.lines[r.clone()]
                    .iter()
                    .map(|ring| screen_line(ring, view, min_step))
                    .collect()
            })
            .collect();
        let kept: usize = simplified.iter().flatten().map(Vec::len).sum();
        if kept * 2 >= full {
            return Mesh2 {
                vertices: self.mesh.vertices.iter().map(|v| view.to_px(*v)).collect(),
                indices: self.mesh.indices.clone(),
            };
        }
        let mut out = Mesh2::default();
        for rings in simplified {
            let mut rings = rings.into_iter().filter(|r| r.len() >= 4);
            let Some(exterior) = rings.next() else {
                continue;
            };
            let ring = |r: Vec<[f32; 2]>| {
                LineString::from(
                    r.into_iter()
                        .map(|p| (p[0] as f64, p[1] as f64))
                        .collect::<Vec<_>>(),
                )
            };
            out.push_polygon(&Polygon::new(ring(exterior), rings.map(ring).collect()));
        }
        out
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

/// A projected line in pixels without the detail too fine to see, which
/// would only cost tessellation time and vertices: vertices closer than
/// `min_step` pixels to the last one kept go first, then those within
/// `min_step / 2` of the line through their neighbours (Douglas–Peucker),
/// so straight runs keep only their ends. The first and last vertices are
/// always kept, so rings stay closed.
pub fn screen_line(line: &[[f32; 2]], view: &Viewport, min_step: f32) -> Vec<[f32; 2]> {
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(line.len());
    let last = line.len().saturating_sub(1);
    let step2 = min_step * min_step;
    for (i, p) in line.iter().enumerate() {
        let q = view.to_px(*p);
        match out.last_mut() {
            Some(prev) if (prev[0] - q[0]).powi(2) + (prev[1] - q[1]).powi(2) < step2 => {
                if i == last {
                    *prev = q;
                }
            }
            _ => out.push(q),
        }
    }
    douglas_peucker(&out, min_step / 2.0)
}

/// The points of `line` that Douglas–Peucker keeps with tolerance `eps`.
fn douglas_peucker(line: &[[f32; 2]], eps: f32) -> Vec<[f32; 2]> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0f32, a);
        for i in a + 1..b {
            let d = distance_to_segment(line[i], line[a], line[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > eps {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Distance from `p` to the segment `a`–`b` (to `a` when they coincide).
fn distance_to_segment(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let ap = [p[0] - a[0], p[1] - a[1]];
    let len2 = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if len2 > 0.0 {
        ((ap[0] * ab[0] + ap[1] * ab[1]) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((ap[0] - ab[0] * t).powi(2) + (ap[1] - ab[1] * t).powi(2)).sqrt()
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
    shape.mesh.push_polygon(&projected);
    let first = shape.lines.len();
    shape.lines.push(line(p, poly.exterior()));
    shape
        .lines
        .extend(poly.interiors().iter().map(|r| line(p, r)));
    shape.polygons.push(first..shape.lines.len());
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

    fn ring_layer() -> LayerGeometry {
        // A 1° × 0.5° rectangle with 40 points per side and a hole.
        let mut ring = Vec::new();
        let corners = [(20.0, 56.0), (21.0, 56.0), (21.0, 56.5), (20.0, 56.5)];
        for side in 0..4 {
            let (a, b): ((f64, f64), (f64, f64)) = (corners[side], corners[(side + 1) % 4]);
            for j in 0..40 {
                let t = j as f64 / 40.0;
                ring.push(format!(
                    "[{},{}]",
                    a.0 + (b.0 - a.0) * t,
                    a.1 + (b.1 - a.1) * t
                ));
            }
        }
        ring.push("[20,56]".into());
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},
              "geometry":{{"type":"Polygon","coordinates":[[{}],
              [[20.4,56.2],[20.4,56.3],[20.6,56.3],[20.6,56.2],[20.4,56.2]]]}}}}]}}"#,
            ring.join(",")
        );
        let layer = load_layer(
            "r.geojson",
            text.as_bytes(),
            &LayerOptions::default(),
            &LoadProgress::new(),
        )
        .unwrap();
        LayerGeometry::new(&layer, &Projection::baltic())
    }

    fn view_at(scale: f32, centre_km: [f32; 2]) -> Viewport {
        Viewport {
            frame: [0.0, 0.0, 800.0, 600.0],
            centre_km,
            scale,
        }
    }

    #[test]
    fn zoomed_out_fills_are_simplified_and_keep_their_area() {
        let g = ring_layer();
        let shape = &g.shapes[0];
        assert_eq!(shape.polygons, vec![0..2]);
        let [a, b] = shape.bounds;
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        // Close up the fill is exact (straight runs lose their inner
        // vertices, nothing else).
        let near = view_at(10.0, centre);
        let full = shape.screen_fill(&near, 0.5);
        assert!(full.vertices.len() <= shape.mesh.vertices.len());
        let px2 = |m: &Mesh2, v: &Viewport| m.area() / (v.scale as f64).powi(2);
        assert!((px2(&full, &near) - shape.mesh.area()).abs() < 1e-3 * shape.mesh.area());
        // Far out (the rectangle ~30 px wide, steps of 0.8 px, 2 px kept)
        // the rings lose most vertices,
        // but the fill covers the same area, hole included.
        let far = view_at(0.5, centre);
        let lean = shape.screen_fill(&far, 2.0);
        assert!(
            lean.vertices.len() * 2 < shape.mesh.vertices.len(),
            "{}",
            lean.vertices.len()
        );
        let (got, want) = (px2(&lean, &far), shape.mesh.area());
        assert!((got - want).abs() < 0.05 * want, "{got} vs {want}");
        // Seen from further still (1.2 px wide), a handful of vertices
        // are left and the hole (0.2 px) is gone.
        let tiny = shape.screen_fill(&view_at(0.02, centre), 0.5);
        assert!(tiny.vertices.len() <= 10, "{}", tiny.vertices.len());
    }

    #[test]
    fn screen_lines_drop_invisible_steps_but_stay_closed() {
        let g = ring_layer();
        let ring = &g.shapes[0].lines[0];
        let centre = ring[0];
        let v = view_at(0.5, centre);
        let lean = screen_line(ring, &v, 2.0);
        assert!(lean.len() < ring.len() / 2, "{}", lean.len());
        assert_eq!(lean.first(), lean.last());
        for w in lean.windows(2).take(lean.len().saturating_sub(2)) {
            let d = ((w[0][0] - w[1][0]).powi(2) + (w[0][1] - w[1][1]).powi(2)).sqrt();
            assert!(d >= 2.0, "{d}");
        }
        // Close up, the straight sides keep only their corners; the curved
        // projection of a parallel keeps a few more.
        let close = screen_line(ring, &view_at(100.0, centre), 0.5);
        assert!(close.len() >= 5 && close.len() < 40, "{}", close.len());
        assert_eq!(close.first(), close.last());
    }

    #[test]
    fn douglas_peucker_keeps_corners_and_drops_straight_runs() {
        let l = [[0.0, 0.0], [1.0, 0.1], [2.0, 0.0], [3.0, 3.0], [4.0, 0.0]];
        assert_eq!(
            douglas_peucker(&l, 0.5),
            vec![[0.0, 0.0], [2.0, 0.0], [3.0, 3.0], [4.0, 0.0]]
        );
        assert_eq!(douglas_peucker(&l, 0.05).len(), 5);
        assert!((distance_to_segment([1.0, 1.0], [0.0, 0.0], [2.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!((distance_to_segment([3.0, 4.0], [0.0, 0.0], [0.0, 0.0]) - 5.0).abs() < 1e-6);
    }

    #[test]
    fn bounds_meet_boxes_they_touch_only() {
        let g = ring_layer();
        let s = &g.shapes[0];
        let [a, b] = s.bounds;
        assert!(s.meets(a, b));
        assert!(s.meets([b[0] - 1.0, b[1] - 1.0], [b[0] + 5.0, b[1] + 5.0]));
        assert!(!s.meets([b[0] + 1.0, a[1]], [b[0] + 5.0, b[1]]));
        assert!(!s.meets([a[0], b[1] + 0.1], [b[0], b[1] + 3.0]));
        let size = s.screen_size(&view_at(2.0, a));
        assert!((size[0] - (b[0] - a[0]) * 2.0).abs() < 1e-3);
    }

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
