//! The egui backend of the map scene: turns a [`MapScene`] into egui
//! shapes (triangle meshes for fills and hatching, tessellated lines,
//! galleys for labels). The SVG export draws the same scene in
//! `export::map_image`.

use std::sync::Arc;

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use super::palette::color32;
use crate::map::geometry::Mesh2;
use crate::map::labels::TextMeasure;
use crate::map::scene::{EdgeKind, Label, MapScene, Viewport};
use crate::map::{Detail, MapGeometry};

/// Text measured in the window's proportional font.
pub struct EguiMeasure<'a>(pub &'a Painter);

impl TextMeasure for EguiMeasure<'_> {
    fn width(&self, text: &str, size: f32, _bold: bool) -> f32 {
        self.0
            .layout_no_wrap(text.to_string(), FontId::proportional(size), Color32::BLACK)
            .size()
            .x
    }
}

/// A point of the scene on screen.
pub fn screen(view: &Viewport, p: [f32; 2]) -> Pos2 {
    let q = view.to_px(p);
    pos2(q[0], q[1])
}

/// Appends a projected mesh, placed on screen, in one colour.
pub fn push_mesh(out: &mut Mesh, m: &Mesh2, view: &Viewport, color: Color32) {
    push_mesh_at(out, m, color, |v| screen(view, v));
}

/// Appends a mesh whose vertices are already in pixels, in one colour.
pub fn push_px_mesh(out: &mut Mesh, m: &Mesh2, color: Color32) {
    push_mesh_at(out, m, color, |v| pos2(v[0], v[1]));
}

fn push_mesh_at(out: &mut Mesh, m: &Mesh2, color: Color32, place: impl Fn([f32; 2]) -> Pos2) {
    let base = out.vertices.len() as u32;
    out.vertices.extend(m.vertices.iter().map(|v| Vertex {
        pos: place(*v),
        uv: WHITE_UV,
        color,
    }));
    out.indices.extend(m.indices.iter().map(|i| base + i));
}

/// A projected line on screen without the vertices closer than half a
/// pixel (each would cost a stroke's worth of vertices every frame, for
/// nothing the eye sees). Empty when the line lies wholly outside the
/// map's frame, or is a closed ring smaller than two pixels (a skerry or
/// a pond seen from afar: a speck, not a shape).
fn visible_line(line: &[[f32; 2]], view: &Viewport) -> Vec<Pos2> {
    let pts = crate::map::layer_geometry::screen_line(line, view, 0.5);
    let (mut min, mut max) = ([f32::MAX; 2], [f32::MIN; 2]);
    for p in &pts {
        for k in 0..2 {
            min[k] = min[k].min(p[k]);
            max[k] = max[k].max(p[k]);
        }
    }
    let [left, top, right, bottom] = view.frame;
    let margin = 4.0;
    let outside = max[0] < left - margin
        || min[0] > right + margin
        || max[1] < top - margin
        || min[1] > bottom + margin;
    let closed = line.len() > 2 && line.first() == line.last();
    let speck = closed && max[0] - min[0] < 2.0 && max[1] - min[1] < 2.0;
    if outside || speck {
        return Vec::new();
    }
    pts.into_iter().map(|p| pos2(p[0], p[1])).collect()
}

/// The map under the names and markers: water, neighbours, fills,
/// hatching and edges, tessellated once (see [`pretessellate`]). Depends on
/// the view and on who held what, not on the names of the day.
pub fn map_shapes(
    painter: &Painter,
    scene: &MapScene,
    geometry: &MapGeometry,
    hatch: egui::TextureId,
) -> Vec<Shape> {
    let view = &scene.viewport;
    let colors = scene.style.colors;
    let mut shapes = vec![Shape::rect_filled(
        Rect::from_center_size(screen(view, view.centre_km), egui::Vec2::splat(1e5)),
        0.0,
        color32(colors.water),
    )];
    let detail = geometry.detail(view.scale);
    let mut land = Mesh::default();
    for n in detail.neighbours {
        push_mesh(&mut land, &n.mesh, view, color32(colors.neighbour));
    }
    shapes.push(Shape::mesh(land));
    let mut lakes = Mesh::default();
    for w in detail.water {
        push_mesh(&mut lakes, &w.mesh, view, color32(colors.lake));
    }
    shapes.push(Shape::mesh(lakes));
    let neighbour_line = Stroke::new(0.8, color32(colors.neighbour_line));
    for n in detail.neighbours {
        for ring in &n.outline {
            let pts = visible_line(ring, view);
            if pts.len() >= 2 {
                shapes.push(Shape::line(pts, neighbour_line));
            }
        }
    }
    shapes.extend(fill_shapes(scene, &detail, hatch));
    shapes.extend(front_band_shapes(scene));
    shapes.extend(edge_shapes(scene, &detail));
    shapes.extend(front_line_shapes(scene));
    pretessellate(painter.ctx(), shapes)
}

/// Region fills by controller, and the hatching over contested regions.
fn fill_shapes(scene: &MapScene, geometry: &Detail<'_>, hatch: egui::TextureId) -> Vec<Shape> {
    let view = &scene.viewport;
    let mut fill = Mesh::default();
    let mut hatched = Mesh::with_texture(hatch);
    let hatch_color = color32(scene.style.colors.hatch);
    for (f, shape) in scene.fills.iter().zip(geometry.regions) {
        push_mesh(&mut fill, &shape.mesh, view, color32(f.color));
        // Stripes: the occupier's colour (de jure view), then white
        // over contested land.
        let stripes = f
            .occupier
            .map(|(_, c)| color32(c))
            .into_iter()
            .chain(f.hatched.then_some(hatch_color));
        for color in stripes {
            let base = hatched.vertices.len() as u32;
            hatched.vertices.extend(shape.mesh.vertices.iter().map(|v| {
                let p = screen(view, *v);
                Vertex {
                    pos: p,
                    uv: pos2(p.x / 10.0, p.y / 10.0),
                    color,
                }
            }));
            hatched
                .indices
                .extend(shape.mesh.indices.iter().map(|i| base + i));
        }
    }
    front_part_mesh(scene, &mut fill);
    let mut out = vec![Shape::mesh(fill)];
    if !hatched.is_empty() {
        out.push(Shape::Mesh(Arc::new(hatched)));
    }
    out
}

/// The taken parts of the regions a front is passing through, over their
/// fills.
fn front_part_mesh(scene: &MapScene, fill: &mut Mesh) {
    for part in &scene.fronts.parts {
        push_mesh(fill, &part.mesh, &scene.viewport, color32(part.color));
    }
}

/// The band of days around the front: land whose interpolated day is
/// within a few days of the date, lightened.
fn front_band_shapes(scene: &MapScene) -> Vec<Shape> {
    let mut band = Mesh::default();
    for piece in &scene.fronts.band {
        push_mesh(
            &mut band,
            &piece.mesh,
            &scene.viewport,
            color32(scene.style.colors.front_band),
        );
    }
    if band.is_empty() {
        Vec::new()
    } else {
        vec![Shape::mesh(band)]
    }
}

/// The front lines of the day, dashed (modelled, not recorded).
fn front_line_shapes(scene: &MapScene) -> Vec<Shape> {
    let stroke = Stroke::new(2.2, color32(scene.style.colors.front_line));
    scene
        .fronts
        .lines
        .iter()
        .flat_map(|line| {
            let pts = visible_line(line, &scene.viewport);
            if pts.len() < 2 {
                Vec::new()
            } else {
                Shape::dashed_line(&pts, stroke, 7.0, 3.0)
            }
        })
        .collect()
}

/// Edges: faint inside one power's territory, strong where powers meet
/// (drawn after the faint ones), the selected region dashed on top.
fn edge_shapes(scene: &MapScene, geometry: &Detail<'_>) -> Vec<Shape> {
    let view = &scene.viewport;
    let colors = scene.style.colors;
    let mut faint = Vec::new();
    let mut strong = Vec::new();
    let mut changed = Vec::new();
    for (e, kind) in geometry.edges.iter().zip(&scene.edges) {
        let pts = visible_line(&e.points, view);
        if pts.len() < 2 {
            continue;
        }
        match kind {
            EdgeKind::Inner => faint.push(Shape::line(
                pts,
                Stroke::new(0.7, color32(colors.region_edge)),
            )),
            EdgeKind::Border => {
                strong.push(Shape::line(pts, Stroke::new(1.6, color32(colors.border))))
            }
            EdgeKind::Changed => {
                changed.push(Shape::line(pts, Stroke::new(2.6, color32(colors.border))))
            }
        }
    }
    faint.extend(strong);
    faint.extend(changed);
    if let Some(sel) = scene.selected {
        let stroke = Stroke::new(2.5, color32(colors.highlight));
        for e in geometry
            .edges
            .iter()
            .filter(|e| e.a == sel || e.b == Some(sel))
        {
            let pts: Vec<Pos2> = e.points.iter().map(|p| screen(view, *p)).collect();
            faint.extend(Shape::dashed_line(&pts, stroke, 6.0, 3.0));
        }
    }
    faint
}

/// A placed label as a galley, on a halo box when `halo` is given.
fn label_shapes(painter: &Painter, label: &Label, halo: Option<Color32>) -> Vec<Shape> {
    let color = color32(label.color);
    let galley =
        painter.layout_no_wrap(label.text.clone(), FontId::proportional(label.size), color);
    let pos = pos2(label.left, label.middle - galley.size().y / 2.0);
    let mut out = Vec::new();
    if let Some(halo) = halo {
        let rect = Rect::from_min_size(pos, galley.size()).expand(1.0);
        out.push(Shape::rect_filled(rect, 2.0, halo));
    }
    out.push(Shape::galley(pos, galley, color));
    out
}

/// The names of the day and the markers: neighbour names, military-site
/// triangles, city dots and capital squares with their names.
pub fn mark_shapes(painter: &Painter, scene: &MapScene) -> Vec<Shape> {
    let colors = scene.style.colors;
    let (text, halo) = (color32(colors.text), color32(colors.halo));
    let mut out = Vec::new();
    for label in &scene.neighbour_labels {
        out.extend(label_shapes(painter, label, None));
    }
    for s in &scene.sites {
        let p = pos2(s.at[0], s.at[1]);
        let r = s.radius;
        let tri = vec![
            p + vec2(0.0, -r - 1.0),
            p + vec2(r, r * 0.8),
            p + vec2(-r, r * 0.8),
        ];
        out.push(Shape::convex_polygon(
            tri,
            color32(s.color),
            Stroke::new(1.0, color32(colors.border)),
        ));
    }
    for c in &scene.cities {
        let p = pos2(c.at[0], c.at[1]);
        if c.capital {
            let square = Rect::from_center_size(p, egui::Vec2::splat(2.0 * c.radius));
            out.push(Shape::rect_filled(square, 0.0, text));
            out.push(Shape::rect_stroke(
                square,
                0.0,
                Stroke::new(1.0, halo),
                egui::StrokeKind::Outside,
            ));
        } else {
            out.push(Shape::circle_filled(p, c.radius, text));
            out.push(Shape::circle_stroke(p, c.radius, Stroke::new(1.0, halo)));
        }
        if let Some(label) = &c.label {
            out.extend(label_shapes(painter, label, Some(halo)));
        }
    }
    out
}

/// Turns the cached vector shapes (fills and hundreds of border polylines)
/// into ready meshes once per cache key, so a frame that reuses the cache
/// pays nothing for tessellation.
pub fn pretessellate(ctx: &egui::Context, shapes: Vec<Shape>) -> Vec<Shape> {
    let options = ctx.tessellation_options(|o| *o);
    let mut tess = egui::epaint::Tessellator::new(ctx.pixels_per_point(), options, [1, 1], vec![]);
    let mut out: Vec<Shape> = Vec::new();
    let mut lines = Mesh::default();
    for shape in shapes {
        match shape {
            Shape::Path(_) | Shape::LineSegment { .. } | Shape::Rect(_) => {
                tess.tessellate_shape(shape, &mut lines)
            }
            other => {
                if !lines.is_empty() {
                    out.push(Shape::mesh(std::mem::take(&mut lines)));
                }
                out.push(other);
            }
        }
    }
    if !lines.is_empty() {
        out.push(Shape::mesh(lines));
    }
    out
}
