//! The interactive map: territory shaded by controller on the current date,
//! borders of that date, cities with the names of the date, pan and zoom,
//! hover tooltips and click-to-select.

use std::sync::Arc;

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{
    Align2, Color32, ColorImage, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, TextureHandle,
    TextureOptions, Ui, Vec2, pos2, vec2,
};

use super::palette::{MapColors, controller_fill};
use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::geodata::regions::RegionId;
use crate::map::MapGeometry;
use crate::map::geometry::Mesh2;
use crate::ui::user_data::LoadedLayer;

/// What the map needs from the rest of the app each frame.
pub struct MapInput<'a> {
    /// The territorial data.
    pub atlas: &'a Atlas,
    /// Cities and events.
    pub chronicle: &'a Chronicle,
    /// Projected geometry.
    pub geometry: &'a MapGeometry,
    /// The date shown.
    pub date: Date,
    /// The region kept selected by a click.
    pub selected: Option<RegionId>,
    /// A country (EE, LV, LT) to highlight, e.g. from a chart series.
    pub highlight_country: Option<&'a str>,
    /// The user's layers, drawn over the regions.
    pub layers: &'a [LoadedLayer],
    /// Changes when what the layers draw changes (see `UserData::draw_key`).
    pub layers_key: u64,
}

/// What happened on the map this frame.
#[derive(Default)]
pub struct MapOutput {
    /// The region under the pointer.
    pub hovered: Option<RegionId>,
    /// A click: `Some(Some(r))` selects a region, `Some(None)` clears.
    pub clicked: Option<Option<RegionId>>,
    /// The user asked to export the map (button or context menu).
    pub export: bool,
}

/// Pan/zoom state plus caches (rebuilt).
pub struct MapView {
    /// Map centre in projected km.
    pub center: [f32; 2],
    /// Zoom relative to "fit the Baltic states in the view" (1.0).
    pub zoom: f32,
    cache: Option<MapCache>,
    hatch: Option<TextureHandle>,
    last_transform: Option<Transform>,
    last_rect: Option<Rect>,
    layer_cache: Option<LayerCache>,
}

impl Default for MapView {
    fn default() -> Self {
        MapView {
            center: [f32::NAN, f32::NAN],
            zoom: 1.0,
            cache: None,
            hatch: None,
            last_transform: None,
            last_rect: None,
            layer_cache: None,
        }
    }
}

/// Zoom limits relative to the fitted view: the user cannot get lost.
const MIN_ZOOM: f32 = 0.6;
const MAX_ZOOM: f32 = 16.0;

#[derive(Clone, Copy, PartialEq)]
struct CacheKey {
    rect: [f32; 4],
    center: [f32; 2],
    scale: f32,
    epoch: usize,
    dark: bool,
    selected: Option<RegionId>,
    highlight: u64,
}

/// The user's layers, tessellated. Tessellating a large layer takes a
/// noticeable fraction of a second, so it is done only when what the
/// layers show or the zoom changes; a pan moves the finished shapes.
struct LayerCache {
    key: LayerKey,
    /// Where the projection's origin (0, 0 km) was on screen.
    anchor: Pos2,
    shapes: Vec<Shape>,
}

/// Everything but the pan that changes the layers' shapes.
#[derive(Clone, Copy, PartialEq)]
struct LayerKey {
    scale: f32,
    pixels_per_point: f32,
    dark: bool,
    /// `MapInput::layers_key`: visibility, features of the day.
    layers: u64,
}

struct MapCache {
    key: CacheKey,
    shapes: Vec<Shape>,
}

/// Screen transform from projected km.
#[derive(Clone, Copy)]
struct Transform {
    origin: Pos2,
    center: [f32; 2],
    scale: f32,
}

impl Transform {
    fn to_screen(self, p: [f32; 2]) -> Pos2 {
        pos2(
            self.origin.x + (p[0] - self.center[0]) * self.scale,
            self.origin.y - (p[1] - self.center[1]) * self.scale,
        )
    }
    fn to_km(self, p: Pos2) -> [f32; 2] {
        [
            self.center[0] + (p.x - self.origin.x) / self.scale,
            self.center[1] - (p.y - self.origin.y) / self.scale,
        ]
    }
}

/// The visible features of the user's layers as shapes: translucent fills,
/// outlines and lines in the layer's colour, points with their labels.
fn layer_shapes(
    painter: &egui::Painter,
    input: &MapInput<'_>,
    t: &Transform,
    colors: &MapColors,
    dark: bool,
) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for l in input.layers.iter().filter(|l| l.visible) {
        let [r, g, b, _] = crate::style::layer_color(l.color_index, dark).0;
        let line = Color32::from_rgb(r, g, b);
        let fill = Color32::from_rgba_unmultiplied(r, g, b, 50);
        let mut mesh = Mesh::default();
        for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
            if !f.visible_on(input.date) {
                continue;
            }
            push_mesh(&mut mesh, &shape.mesh, t, fill);
            for ln in &shape.lines {
                let pts = screen_polyline(ln, t);
                shapes.push(Shape::line(pts.clone(), Stroke::new(4.0, colors.halo)));
                shapes.push(Shape::line(pts, Stroke::new(2.0, line)));
            }
            for p in &shape.points {
                let c = t.to_screen(*p);
                shapes.push(Shape::circle_filled(c, 5.0, line));
                shapes.push(Shape::circle_stroke(c, 5.0, Stroke::new(1.5, colors.halo)));
                let galley =
                    painter.layout_no_wrap(f.label.clone(), FontId::proportional(12.0), line);
                let pos = c + vec2(8.0, -galley.size().y / 2.0);
                shapes.push(Shape::rect_filled(
                    Rect::from_min_size(pos, galley.size()).expand(1.0),
                    2.0,
                    colors.halo,
                ));
                shapes.push(Shape::galley(pos, galley, line));
            }
        }
        if !mesh.is_empty() {
            shapes.insert(0, Shape::mesh(mesh));
        }
    }
    // Tessellated once per change, not every frame: a layer may hold
    // millions of points.
    pretessellate(painter.ctx(), shapes)
}

/// A line in screen points without the vertices closer than half a point
/// to the last one kept: invisible detail that would only cost tessellation
/// time and vertices (a large layer seen whole has millions of them). The
/// first and last vertices are always kept, so rings stay closed.
fn screen_polyline(line: &[[f32; 2]], t: &Transform) -> Vec<Pos2> {
    const MIN_STEP: f32 = 0.5;
    let mut out: Vec<Pos2> = Vec::with_capacity(line.len());
    let last = line.len().saturating_sub(1);
    for (i, p) in line.iter().enumerate() {
        let q = t.to_screen(*p);
        match out.last_mut() {
            Some(prev) if prev.distance(q) < MIN_STEP => {
                if i == last {
                    *prev = q;
                }
            }
            _ => out.push(q),
        }
    }
    out
}

/// The layer feature under the pointer: (layer index, feature index).
fn hit_layer(input: &MapInput<'_>, t: &Transform, p: Pos2) -> Option<(usize, usize)> {
    use geo::Contains;
    let km = t.to_km(p);
    let (lon, lat) = input
        .geometry
        .projection
        .inverse(km[0] as f64, km[1] as f64);
    let here = geo::Point::new(lon, lat);
    // The widest reach below (a point's 7 px), in km.
    let margin = 7.0 / t.scale;
    // Later layers are drawn on top: look at them first.
    for (li, l) in input.layers.iter().enumerate().rev() {
        if !l.visible {
            continue;
        }
        for (fi, (f, shape)) in l.layer.features.iter().zip(&l.geometry.shapes).enumerate() {
            if !shape.near(km, margin) || !f.visible_on(input.date) {
                continue;
            }
            let near_point = shape
                .points
                .iter()
                .any(|q| t.to_screen(*q).distance(p) < 7.0);
            let near_line = shape.lines.iter().any(|ln| {
                ln.windows(2).any(|w| {
                    let (a, b) = (t.to_screen(w[0]), t.to_screen(w[1]));
                    segment_distance(p, a, b) < 5.0
                })
            });
            let inside = !shape.mesh.indices.is_empty() && f.geometry.contains(&here);
            if near_point || near_line || inside {
                return Some((li, fi));
            }
        }
    }
    None
}

fn segment_distance(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    let t = if len2 > 0.0 {
        ((p - a).dot(ab) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

fn layer_tooltip(ui: &mut Ui, layer: &crate::user_layer::UserLayer, index: usize) {
    let Some(f) = layer.features.get(index) else {
        return;
    };
    ui.strong(&f.label);
    ui.label(format!("{}, feature {}", layer.name, f.index));
    ui.label(format!("From {} to {}", f.start, f.end));
    for (k, v) in f.properties.iter().take(10) {
        ui.weak(format!("{k}: {v}"));
    }
}

fn push_mesh(out: &mut Mesh, m: &Mesh2, t: &Transform, color: Color32) {
    let base = out.vertices.len() as u32;
    out.vertices.extend(m.vertices.iter().map(|v| Vertex {
        pos: t.to_screen(*v),
        uv: WHITE_UV,
        color,
    }));
    out.indices.extend(m.indices.iter().map(|i| base + i));
}

fn hash_str(s: Option<&str>) -> u64 {
    s.map_or(0, |s| {
        s.bytes().fold(1469598103934665603u64, |h, b| {
            (h ^ b as u64).wrapping_mul(1099511628211)
        })
    })
}

impl MapView {
    fn fit_scale(rect: Rect, geometry: &MapGeometry) -> f32 {
        let (min, max) = geometry.bounds;
        let w = (max[0] - min[0]).max(1.0);
        let h = (max[1] - min[1]).max(1.0);
        ((rect.width() - 24.0) / w)
            .min((rect.height() - 24.0) / h)
            .max(0.01)
    }

    /// A view at a saved centre and zoom (NaN centre: fit the states).
    pub fn with_view(center: [f32; 2], zoom: f32) -> Self {
        let zoom = if zoom.is_finite() {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            1.0
        };
        MapView {
            center,
            zoom,
            ..MapView::default()
        }
    }

    /// Where a longitude/latitude was drawn in the last frame (for tests
    /// and for placing overlays).
    pub fn screen_pos(&self, geometry: &MapGeometry, lon: f64, lat: f64) -> Option<Pos2> {
        self.last_transform
            .map(|t| t.to_screen(geometry.project(lon, lat)))
    }

    /// Back to the whole of the three states.
    pub fn reset(&mut self) {
        self.center = [f32::NAN, f32::NAN];
        self.zoom = 1.0;
    }

    fn hatch_texture(&mut self, ui: &Ui) -> egui::TextureId {
        let tex = self.hatch.get_or_insert_with(|| {
            // Diagonal stripes, tiled across contested regions.
            let n = 8;
            let mut img = ColorImage::filled([n, n], Color32::TRANSPARENT);
            for y in 0..n {
                for x in 0..n {
                    if (x + y) % n < 2 {
                        img[(x, y)] = Color32::WHITE;
                    }
                }
            }
            ui.ctx().load_texture(
                "contested-hatch",
                img,
                TextureOptions {
                    wrap_mode: egui::TextureWrapMode::Repeat,
                    ..TextureOptions::NEAREST
                },
            )
        });
        tex.id()
    }

    /// Shows the map in the available space.
    pub fn ui(&mut self, ui: &mut Ui, input: &MapInput<'_>) -> MapOutput {
        let rect = ui.available_rect_before_wrap();
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        let geometry = input.geometry;
        let fit = Self::fit_scale(rect, geometry);
        if !self.center[0].is_finite() || !self.center[1].is_finite() {
            let (min, max) = geometry.bounds;
            self.center = [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0];
        }
        self.handle_input(ui, &response, rect, fit);
        let scale = fit * self.zoom;
        let t = Transform {
            origin: rect.center(),
            center: self.center,
            scale,
        };
        self.last_transform = Some(t);
        self.last_rect = Some(rect);
        let dark = ui.visuals().dark_mode;
        let colors = MapColors::for_theme(dark);
        let epoch = input
            .atlas
            .change_dates()
            .partition_point(|d| *d <= input.date);
        let key = CacheKey {
            rect: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            center: self.center,
            scale,
            epoch,
            dark,
            selected: input.selected,
            highlight: hash_str(input.highlight_country),
        };
        let hatch = self.hatch_texture(ui);
        if self.cache.as_ref().is_none_or(|c| c.key != key) {
            let shapes = build_shapes(ui.painter(), input, &t, &colors, hatch);
            self.cache = Some(MapCache { key, shapes });
        }
        let painter = ui.painter_at(rect);
        if let Some(cache) = &self.cache {
            painter.extend(cache.shapes.iter().cloned());
        }
        if !input.layers.is_empty() {
            let layer_key = LayerKey {
                scale,
                pixels_per_point: ui.ctx().pixels_per_point(),
                dark,
                layers: input.layers_key,
            };
            let anchor = t.to_screen([0.0, 0.0]);
            match &mut self.layer_cache {
                Some(c) if c.key == layer_key => {
                    let delta = anchor - c.anchor;
                    if delta != Vec2::ZERO {
                        for shape in &mut c.shapes {
                            shape.translate(delta);
                        }
                        c.anchor = anchor;
                    }
                }
                _ => {
                    self.layer_cache = Some(LayerCache {
                        key: layer_key,
                        anchor,
                        shapes: layer_shapes(ui.painter(), input, &t, &colors, dark),
                    });
                }
            }
            if let Some(c) = &self.layer_cache {
                painter.extend(c.shapes.iter().cloned());
            }
        }
        let mut out = MapOutput::default();
        let pointer = response.hover_pos();
        let hovered_region = pointer.and_then(|p| {
            let km = t.to_km(p);
            let (lon, lat) = geometry.projection.inverse(km[0] as f64, km[1] as f64);
            input.atlas.region_at(lon, lat)
        });
        if let Some(r) = hovered_region {
            outline_region(
                &painter,
                geometry,
                r,
                &t,
                Stroke::new(1.5, colors.highlight),
            );
        }
        self.draw_points(&painter, input, &t, &colors, pointer, &response);
        self.draw_reset_button(ui, rect);
        out.export |= Self::draw_export_button(ui, rect);
        if response.clicked() {
            out.clicked = Some(hovered_region);
        }
        out.hovered = hovered_region;
        let mut response = response;
        let layer_hit = pointer
            .filter(|_| !response.dragged())
            .and_then(|p| hit_layer(input, &t, p));
        if let Some((li, fi)) = layer_hit {
            let layer = &input.layers[li].layer;
            response = response.on_hover_ui_at_pointer(|ui| layer_tooltip(ui, layer, fi));
        } else if let Some(r) = hovered_region
            && !response.dragged()
            && !self.pointer_on_point(input, &t, pointer)
        {
            response = response.on_hover_ui_at_pointer(|ui| region_tooltip(ui, input, r));
        }
        response.context_menu(|ui| {
            if ui.button("Export map…").clicked() {
                out.export = true;
                ui.close();
            }
            if ui.button("Reset view").clicked() {
                self.reset();
                ui.close();
            }
        });
        let label = format!("Map of the Baltic states on {}", input.date.long());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &label));
        out
    }

    fn handle_input(&mut self, ui: &Ui, response: &Response, rect: Rect, fit: f32) {
        let scale = fit * self.zoom;
        if response.dragged() {
            let d = response.drag_delta();
            self.center[0] -= d.x / scale;
            self.center[1] += d.y / scale;
        }
        if response.double_clicked() {
            self.reset();
            return;
        }
        let mut factor = 1.0;
        let mut anchor = rect.center();
        if response.hovered() {
            let (zoom, scroll, hover) = ui.input(|i| {
                (
                    i.zoom_delta(),
                    i.smooth_scroll_delta.y,
                    i.pointer.hover_pos(),
                )
            });
            factor *= zoom * (scroll * 0.002).exp();
            if let Some(h) = hover {
                anchor = h;
            }
            let keys = ui.input_mut(|i| {
                let plus = i.consume_key(egui::Modifiers::NONE, egui::Key::Plus)
                    || i.consume_key(egui::Modifiers::NONE, egui::Key::Equals);
                let minus = i.consume_key(egui::Modifiers::NONE, egui::Key::Minus);
                (plus, minus)
            });
            if keys.0 {
                factor *= 1.25;
            }
            if keys.1 {
                factor /= 1.25;
            }
        }
        if (factor - 1.0).abs() > 1e-4 {
            let new_zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
            let t = Transform {
                origin: rect.center(),
                center: self.center,
                scale,
            };
            let before = t.to_km(anchor);
            self.zoom = new_zoom;
            let new_scale = fit * new_zoom;
            // Keep the point under the cursor fixed.
            self.center = [
                before[0] - (anchor.x - rect.center().x) / new_scale,
                before[1] + (anchor.y - rect.center().y) / new_scale,
            ];
        }
    }

    /// Forgets the drawn map (after the geodata is replaced).
    pub fn invalidate(&mut self) {
        self.cache = None;
        self.layer_cache = None;
    }

    /// The part of the map shown in the last frame, in projected km.
    pub fn visible_extent(&self) -> Option<crate::export::MapExtent> {
        let (t, r) = (self.last_transform?, self.last_rect?);
        let a = t.to_km(r.left_bottom());
        let b = t.to_km(r.right_top());
        Some(crate::export::MapExtent {
            min: [a[0] as f64, a[1] as f64],
            max: [b[0] as f64, b[1] as f64],
        })
    }

    fn draw_export_button(ui: &mut Ui, rect: Rect) -> bool {
        let button_rect =
            Rect::from_min_size(rect.right_top() + vec2(-104.0, 38.0), vec2(96.0, 24.0));
        ui.put(button_rect, egui::Button::new("Export map…"))
            .on_hover_text("Save the map of this day as PNG or SVG (or right-click the map)")
            .clicked()
    }

    fn draw_reset_button(&mut self, ui: &mut Ui, rect: Rect) {
        let button_rect =
            Rect::from_min_size(rect.right_top() + vec2(-104.0, 8.0), vec2(96.0, 24.0));
        if ui
            .put(button_rect, egui::Button::new("Reset view"))
            .on_hover_text("Show all three states again (or double-click the map)")
            .clicked()
        {
            self.reset();
        }
    }

    fn pointer_on_point(&self, input: &MapInput<'_>, t: &Transform, pointer: Option<Pos2>) -> bool {
        let Some(p) = pointer else { return false };
        let near =
            |lon: f64, lat: f64| t.to_screen(input.geometry.project(lon, lat)).distance(p) < 7.0;
        input.chronicle.cities.iter().any(|c| near(c.lon, c.lat))
            || input
                .atlas
                .military_sites
                .iter()
                .any(|s| s.active_on(input.date) && near(s.point.x(), s.point.y()))
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_points(
        &self,
        painter: &egui::Painter,
        input: &MapInput<'_>,
        t: &Transform,
        colors: &MapColors,
        pointer: Option<Pos2>,
        response: &Response,
    ) {
        let date = input.date;
        let mut placed: Vec<Rect> = Vec::new();
        // Military sites of the withdrawal period.
        for site in input
            .atlas
            .military_sites
            .iter()
            .filter(|s| s.active_on(date))
        {
            let p = t.to_screen(input.geometry.project(site.point.x(), site.point.y()));
            let fill = controller_fill(&site.controller);
            let tri = vec![p + vec2(0.0, -7.0), p + vec2(6.0, 5.0), p + vec2(-6.0, 5.0)];
            painter.add(Shape::convex_polygon(
                tri,
                fill,
                Stroke::new(1.0, colors.border),
            ));
            if pointer.is_some_and(|q| q.distance(p) < 7.0) {
                let atlas = input.atlas;
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.strong(&site.name);
                    ui.label(format!(
                        "Russian military site, held until {}",
                        site.end.long()
                    ));
                    if !site.note.is_empty() {
                        ui.label(&site.note);
                    }
                    sources_lines(ui, atlas, None, &site.sources);
                });
            }
        }
        // Cities, most important first, labels that would overlap are skipped.
        let mut cities: Vec<_> = input.chronicle.cities.iter().collect();
        cities.sort_by_key(|c| c.rank);
        let zoom_rank = if self.zoom < 1.5 { 3 } else { 9 };
        for city in cities {
            let p = t.to_screen(input.geometry.project(city.lon, city.lat));
            if !painter.clip_rect().contains(p) {
                continue;
            }
            let capital = city.is_capital_on(date);
            let r = if capital { 4.0 } else { 3.0 };
            if capital {
                painter.rect_filled(
                    Rect::from_center_size(p, vec2(2.0 * r, 2.0 * r)),
                    0.0,
                    colors.text,
                );
                painter.rect_stroke(
                    Rect::from_center_size(p, vec2(2.0 * r, 2.0 * r)),
                    0.0,
                    Stroke::new(1.0, colors.halo),
                    egui::StrokeKind::Outside,
                );
            } else {
                painter.circle(p, r, colors.text, Stroke::new(1.0, colors.halo));
            }
            if city.rank <= zoom_rank {
                let name = city.name_on(date);
                let font = FontId::proportional(if city.rank == 1 { 14.0 } else { 12.0 });
                let galley = painter.layout_no_wrap(name.to_string(), font, colors.text);
                let pos = p + vec2(6.0, -galley.size().y / 2.0);
                let label_rect = Rect::from_min_size(pos, galley.size()).expand(1.0);
                if !placed.iter().any(|q| q.intersects(label_rect)) {
                    placed.push(label_rect);
                    painter.rect_filled(label_rect, 2.0, colors.halo);
                    painter.galley(pos, galley, colors.text);
                }
            }
            if pointer.is_some_and(|q| q.distance(p) < 7.0) {
                let atlas = input.atlas;
                let chron = input.chronicle;
                response.clone().on_hover_ui_at_pointer(|ui| {
                    ui.strong(city.name_on(date));
                    let others = city.other_names(date);
                    if !others.is_empty() {
                        ui.label(format!("Also: {}", others.join(", ")));
                    }
                    if capital {
                        ui.label("Capital");
                    }
                    sources_lines(ui, atlas, Some(chron), &city.sources);
                });
            }
        }
    }
}

fn outline_region(
    painter: &egui::Painter,
    g: &MapGeometry,
    r: RegionId,
    t: &Transform,
    stroke: Stroke,
) {
    for e in g.edges.iter().filter(|e| e.a == r || e.b == Some(r)) {
        let pts: Vec<Pos2> = e.points.iter().map(|p| t.to_screen(*p)).collect();
        painter.add(Shape::line(pts, stroke));
    }
}

fn build_shapes(
    painter: &egui::Painter,
    input: &MapInput<'_>,
    t: &Transform,
    colors: &MapColors,
    hatch: egui::TextureId,
) -> Vec<Shape> {
    let g = input.geometry;
    let atlas = input.atlas;
    let date = input.date;
    let mut shapes = Vec::new();
    shapes.push(Shape::rect_filled(
        Rect::from_center_size(t.origin, Vec2::splat(1e5)),
        0.0,
        colors.water,
    ));
    // Neighbours.
    let mut land = Mesh::default();
    for n in &g.neighbours {
        push_mesh(&mut land, &n.mesh, t, colors.neighbour);
    }
    shapes.push(Shape::mesh(land));
    for n in &g.neighbours {
        for ring in &n.outline {
            let pts: Vec<Pos2> = ring.iter().map(|p| t.to_screen(*p)).collect();
            shapes.push(Shape::line(pts, Stroke::new(0.8, colors.neighbour_line)));
        }
    }
    // Regions, by controller.
    let mut fill = Mesh::default();
    let mut hatch_mesh = Mesh::with_texture(hatch);
    for ((id, region), shape) in atlas.regions().zip(&g.regions) {
        let iv = atlas.timeline(id).at(date);
        let controller = atlas.controllers.get(iv.controller);
        let mut color = controller_fill(&controller.id);
        if let Some(country) = input.highlight_country
            && region.country != country
        {
            color = color.gamma_multiply(0.45);
        }
        push_mesh(&mut fill, &shape.mesh, t, color);
        if atlas.statuses.get(iv.status).contested {
            let base = hatch_mesh.vertices.len() as u32;
            hatch_mesh
                .vertices
                .extend(shape.mesh.vertices.iter().map(|v| {
                    let p = t.to_screen(*v);
                    Vertex {
                        pos: p,
                        uv: pos2(p.x / 10.0, p.y / 10.0),
                        color: colors.hatch,
                    }
                }));
            hatch_mesh
                .indices
                .extend(shape.mesh.indices.iter().map(|i| base + i));
        }
    }
    shapes.push(Shape::mesh(fill));
    if !hatch_mesh.is_empty() {
        shapes.push(Shape::Mesh(Arc::new(hatch_mesh)));
    }
    // Edges: faint inside one power's territory, strong where powers meet.
    let mut strong = Vec::new();
    for e in &g.edges {
        let pts: Vec<Pos2> = e.points.iter().map(|p| t.to_screen(*p)).collect();
        let border = match e.b {
            None => true,
            Some(b) => atlas.controller_of(e.a, date) != atlas.controller_of(b, date),
        };
        if border {
            strong.push(Shape::line(pts, Stroke::new(1.6, colors.border)));
        } else {
            shapes.push(Shape::line(pts, Stroke::new(0.7, colors.region_edge)));
        }
    }
    shapes.extend(strong);
    if let Some(sel) = input.selected {
        for e in g.edges.iter().filter(|e| e.a == sel || e.b == Some(sel)) {
            let pts: Vec<Pos2> = e.points.iter().map(|p| t.to_screen(*p)).collect();
            shapes.extend(Shape::dashed_line(
                &pts,
                Stroke::new(2.5, colors.highlight),
                6.0,
                3.0,
            ));
        }
    }
    let mut shapes = pretessellate(painter.ctx(), shapes);
    // Neighbour names of the date.
    for (n, shape) in atlas.neighbours.iter().zip(&g.neighbours) {
        let p = t.to_screen(shape.label);
        let galley = painter.layout_no_wrap(
            n.name_on(date).to_string(),
            FontId::proportional(12.0),
            colors.neighbour_line,
        );
        let pos = Align2::CENTER_CENTER.anchor_size(p, galley.size()).min;
        shapes.push(Shape::galley(pos, galley, colors.neighbour_line));
    }
    shapes
}

/// Turns the cached vector shapes (fills and hundreds of border polylines)
/// into ready meshes once per cache key, so a frame that reuses the cache
/// pays nothing for tessellation.
fn pretessellate(ctx: &egui::Context, shapes: Vec<Shape>) -> Vec<Shape> {
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

/// The citation lines under a tooltip.
pub fn sources_lines(ui: &mut Ui, atlas: &Atlas, chronicle: Option<&Chronicle>, keys: &[String]) {
    for k in keys {
        let src = atlas
            .sources
            .get(k)
            .or_else(|| chronicle.and_then(|c| c.sources.get(k)));
        if let Some(s) = src {
            ui.small(format!("Source: {}", s.citation));
        }
    }
}

fn region_tooltip(ui: &mut Ui, input: &MapInput<'_>, r: RegionId) {
    let c = input.atlas.control(r, input.date);
    ui.set_max_width(380.0);
    ui.strong(&c.region.name);
    let names: Vec<String> = c
        .region
        .names_on(input.date)
        .iter()
        .map(|n| n.name.clone())
        .collect();
    if !names.is_empty() {
        ui.label(format!("Names in use: {}", names.join(" / ")));
    }
    ui.label(format!("Held by: {}", c.controller.name));
    ui.label(format!("From {} to {}", c.held.0.long(), c.held.1.long()));
    ui.label(format!("Status: {}", c.status.text));
    if !c.interval.note.is_empty() {
        ui.small(&c.interval.note);
    }
    sources_lines(ui, input.atlas, None, &c.interval.sources);
}
