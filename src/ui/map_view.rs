//! The interactive map: territory shaded by controller on the current date,
//! borders of that date, cities with the names of the date, pan and zoom,
//! hover tooltips and click-to-select.

use egui::epaint::Mesh;
use egui::{
    Color32, ColorImage, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, TextureHandle,
    TextureOptions, Ui, Vec2, pos2, vec2,
};

use super::map_paint::{EguiMeasure, map_shapes, mark_shapes, pretessellate, push_px_mesh, screen};
use super::palette::MapColors;
use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::geodata::regions::RegionId;
use crate::legal_view::StatusView;
use crate::map::MapGeometry;
use crate::map::layer_geometry::{FeatureShape, screen_line};
use crate::map::scene::{
    MAX_OVERLAY_LABELS, MapScene, SceneInput, SceneStyle, Viewport, scene_change_dates,
};
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
    /// A place found by name: longitude, latitude and its name on the date,
    /// marked with a pin.
    pub marked: Option<(f64, f64, &'a str)>,
    /// Who held each place, or the legal status as most Western states
    /// saw it (View menu).
    pub view: StatusView,
    /// The earlier date of the changes map, while comparing.
    pub compare_with: Option<Date>,
    /// A region under the pointer on another map (side by side): outlined
    /// here too.
    pub echo_hover: Option<RegionId>,
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
    last_transform: Option<Viewport>,
    layer_cache: Option<LayerCache>,
    /// The scene's change dates for the atlas of this generation.
    changes: Option<(u64, Vec<Date>)>,
}

impl Default for MapView {
    fn default() -> Self {
        MapView {
            center: [f32::NAN, f32::NAN],
            zoom: 1.0,
            cache: None,
            hatch: None,
            last_transform: None,
            layer_cache: None,
            changes: None,
        }
    }
}

/// Zoom limits relative to the fitted view: the user cannot get lost.
const MIN_ZOOM: f32 = 0.6;
const MAX_ZOOM: f32 = 16.0;

/// Everything but the date that changes the drawn map.
#[derive(Clone, Copy, PartialEq)]
struct CacheKey {
    /// The atlas the shapes were drawn from (see `Atlas::generation`).
    generation: u64,
    rect: [f32; 4],
    center: [f32; 2],
    scale: f32,
    epoch: usize,
    dark: bool,
    selected: Option<RegionId>,
    highlight: u64,
    view: StatusView,
    compare_with: Option<Date>,
}

/// The user's layers, tessellated. Tessellating a large layer takes a
/// noticeable fraction of a second, so it is done only when what the
/// layers show or the zoom changes; a pan moves the finished shapes.
struct LayerCache {
    key: LayerKey,
    /// Where the projection's origin (0, 0 km) was on screen.
    anchor: Pos2,
    /// The km box whose features the shapes hold (see [`layer_cover`]).
    cover: ([f32; 2], [f32; 2]),
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

/// The scene of the day and its shapes. The scene and its names and
/// markers are rebuilt when the key or the stretch of days changes (see
/// `map::scene::scene_change_dates`); the map's shapes (fills, edges) only
/// when the key does.
struct MapCache {
    key: CacheKey,
    /// Which stretch of days between the scene's change dates the scene
    /// was built for: every day of a stretch draws the same map.
    stretch: usize,
    scene: MapScene,
    map: Vec<Shape>,
    marks: Vec<Shape>,
}

/// Features narrower than this (pixels, either way) are drawn as a dot or
/// a bar of their bounds.
const DOT_SIZE: f32 = 2.0;

/// Features smaller than this (pixels, both ways) are outlined thinly,
/// without a halo.
const SMALL_SIZE: f32 = 24.0;

/// The km box the layer cache is built for: the view grown by half its
/// size on every side, so a pan of up to half a screen moves finished
/// shapes and only a longer one rebuilds them.
fn layer_cover(t: &Viewport) -> ([f32; 2], [f32; 2]) {
    let (min, max) = t.extent_km();
    let pad = [(max[0] - min[0]) / 2.0, (max[1] - min[1]) / 2.0];
    (
        [min[0] - pad[0], min[1] - pad[1]],
        [max[0] + pad[0], max[1] + pad[1]],
    )
}

/// The features of the user's layers visible on the day and within
/// `cover` as shapes: translucent fills, outlines and lines in the layer's
/// colour, points with their labels. Features too small to see as shapes
/// are dots, and fills of zoomed-out polygons use simplified outlines.
fn layer_shapes(
    painter: &egui::Painter,
    input: &MapInput<'_>,
    t: &Viewport,
    cover: ([f32; 2], [f32; 2]),
    dark: bool,
) -> Vec<Shape> {
    let colors = MapColors::for_theme(dark);
    let mut shapes = Vec::new();
    for l in input.layers.iter().filter(|l| l.visible) {
        let [r, g, b, _] = crate::style::layer_color(l.color_index, dark).0;
        let line = Color32::from_rgb(r, g, b);
        let fill = Color32::from_rgba_unmultiplied(r, g, b, 50);
        let mut mesh = Mesh::default();
        let mut dots = Mesh::default();
        for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
            if !f.visible_on(input.date) || !shape.meets(cover.0, cover.1) {
                continue;
            }
            let size = shape.screen_size(t);
            let extent = size[0].max(size[1]);
            if shape.points.is_empty() && size[0].min(size[1]) < DOT_SIZE {
                // A dot, or a sliver whose outline would cover its inside.
                let [a, b] = shape.bounds;
                let r = Rect::from_two_pos(screen(t, a), screen(t, b));
                let grown = vec2(DOT_SIZE.max(r.width()), DOT_SIZE.max(r.height()));
                dots.add_colored_rect(Rect::from_center_size(r.center(), grown), line);
                continue;
            }
            // Small features get a thin outline without a halo and coarser
            // steps: a large layer seen whole is thousands of them.
            let small = extent < SMALL_SIZE;
            let step = if small { 2.0 * MIN_STEP } else { MIN_STEP };
            push_px_mesh(&mut mesh, &shape.screen_fill(t, step), fill);
            for ln in &shape.lines {
                let pts: Vec<Pos2> = screen_line(ln, t, step)
                    .into_iter()
                    .map(|p| pos2(p[0], p[1]))
                    .collect();
                if small {
                    shapes.push(Shape::line(pts, Stroke::new(1.0, line)));
                } else {
                    shapes.push(Shape::line(pts.clone(), Stroke::new(4.0, colors.halo)));
                    shapes.push(Shape::line(pts, Stroke::new(2.0, line)));
                }
            }
            point_shapes(&mut shapes, shape, t, line, colors.halo);
        }
        if !dots.is_empty() {
            shapes.insert(0, Shape::mesh(dots));
        }
        if !mesh.is_empty() {
            shapes.insert(0, Shape::mesh(mesh));
        }
    }
    // Tessellated once per change, not every frame: a layer may hold
    // millions of points.
    pretessellate(painter.ctx(), shapes)
}

/// Outline vertices closer than this (pixels) to the last one kept are
/// not drawn.
const MIN_STEP: f32 = 0.5;

/// A feature's points: dots with a halo. Their names are placed each
/// frame with the map's own ([`MapView::draw_layer_names`]).
fn point_shapes(
    shapes: &mut Vec<Shape>,
    shape: &FeatureShape,
    t: &Viewport,
    line: Color32,
    halo: Color32,
) {
    for p in &shape.points {
        let c = screen(t, *p);
        shapes.push(Shape::circle_filled(c, 5.0, line));
        shapes.push(Shape::circle_stroke(c, 5.0, Stroke::new(1.5, halo)));
    }
}

/// Size of the names of the user's points, in points.
const LAYER_NAME_SIZE: f32 = 12.0;

/// A pin for a place found by name: a ring in the highlight colour and
/// its name on a halo.
fn draw_pin(painter: &egui::Painter, at: Pos2, name: &str, colors: &MapColors) {
    painter.circle_stroke(at, 9.0, Stroke::new(4.0, colors.halo));
    painter.circle_stroke(at, 9.0, Stroke::new(2.5, colors.highlight));
    painter.circle_filled(at, 2.5, colors.highlight);
    let galley = painter.layout_no_wrap(
        name.to_string(),
        FontId::proportional(15.0),
        colors.highlight,
    );
    let pos = at + vec2(12.0, -galley.size().y - 4.0);
    painter.rect_filled(
        Rect::from_min_size(pos, galley.size()).expand(2.0),
        3.0,
        colors.halo,
    );
    painter.galley(pos, galley, colors.highlight);
}

/// The layer feature under the pointer: (layer index, feature index).
fn hit_layer(input: &MapInput<'_>, t: &Viewport, p: Pos2) -> Option<(usize, usize)> {
    use geo::Contains;
    let km = km_at(t, p);
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
            let near_point = shape.points.iter().any(|q| screen(t, *q).distance(p) < 7.0);
            let near_line = shape.lines.iter().any(|ln| {
                ln.windows(2).any(|w| {
                    let (a, b) = (screen(t, w[0]), screen(t, w[1]));
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

/// The projected km under a screen position.
fn km_at(view: &Viewport, p: Pos2) -> [f32; 2] {
    view.to_km([p.x, p.y])
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
            .map(|t| screen(&t, geometry.project(lon, lat)))
    }

    /// The centre (km) and zoom.
    pub fn view(&self) -> ([f32; 2], f32) {
        (self.center, self.zoom)
    }

    /// Takes another map's centre and zoom (maps side by side).
    pub fn set_view(&mut self, (center, zoom): ([f32; 2], f32)) {
        self.center = center;
        self.zoom = zoom;
    }

    /// Zooms by `factor` about the centre (the +/− keys).
    pub fn zoom_by(&mut self, factor: f32) {
        if factor.is_finite() && factor > 0.0 {
            self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        }
    }

    /// Centres the map on a projected point, zoomed in at least `zoom`.
    pub fn centre_on(&mut self, km: [f32; 2], zoom: f32) {
        self.center = km;
        self.zoom = self.zoom.max(zoom).clamp(MIN_ZOOM, MAX_ZOOM);
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

    /// The scale the map was last drawn at, pixels per km (None before
    /// the first frame).
    pub fn last_scale(&self) -> Option<f32> {
        self.last_transform.map(|t| t.scale)
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
        let t = Viewport {
            frame: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            centre_km: self.center,
            scale: fit * self.zoom,
        };
        self.last_transform = Some(t);
        let dark = ui.visuals().dark_mode;
        self.refresh_scene(ui, input, t, dark);
        let painter = ui.painter_at(rect);
        if let Some(cache) = &self.cache {
            painter.extend(cache.map.iter().cloned());
        }
        self.draw_layers(ui, &painter, input, &t, dark);
        let pointer = response.hover_pos();
        let hovered_region = pointer.and_then(|p| {
            let km = km_at(&t, p);
            let (lon, lat) = geometry.projection.inverse(km[0] as f64, km[1] as f64);
            input.atlas.region_at(lon, lat)
        });
        let colors = MapColors::for_theme(dark);
        if let Some(r) = hovered_region.or(input.echo_hover) {
            outline_region(
                &painter,
                geometry,
                r,
                &t,
                Stroke::new(1.5, colors.highlight),
            );
        }
        if let Some(cache) = &self.cache {
            painter.extend(cache.marks.iter().cloned());
        }
        if let Some((lon, lat, name)) = input.marked {
            draw_pin(
                &painter,
                screen(&t, geometry.project(lon, lat)),
                name,
                &colors,
            );
        }
        let mut out = MapOutput {
            hovered: hovered_region,
            ..MapOutput::default()
        };
        self.draw_reset_button(ui, rect);
        out.export |= Self::draw_export_button(ui, rect);
        if response.clicked() {
            out.clicked = Some(hovered_region);
        }
        let response = self.tooltips(response, input, &t, hovered_region);
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

    /// Builds the scene of the day in this view when the date or the view
    /// changed, and the shapes of what changed.
    fn refresh_scene(&mut self, ui: &Ui, input: &MapInput<'_>, viewport: Viewport, dark: bool) {
        let key = CacheKey {
            generation: input.atlas.generation(),
            rect: viewport.frame,
            center: viewport.centre_km,
            scale: viewport.scale,
            epoch: input
                .atlas
                .change_dates()
                .partition_point(|d| *d <= input.date),
            dark,
            selected: input.selected,
            highlight: hash_str(input.highlight_country),
            view: input.view,
            compare_with: input.compare_with,
        };
        let generation = input.atlas.generation();
        if self.changes.as_ref().is_none_or(|c| c.0 != generation) {
            let dates = scene_change_dates(input.atlas, input.chronicle);
            self.changes = Some((generation, dates));
        }
        let stretch = self
            .changes
            .as_ref()
            .map_or(0, |c| c.1.partition_point(|d| *d <= input.date));
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|c| c.key == key && c.stretch == stretch);
        if fresh || !input.geometry.is_of(input.atlas) {
            return;
        }
        let scene_input = SceneInput {
            atlas: input.atlas,
            chronicle: input.chronicle,
            geometry: input.geometry,
            date: input.date,
            highlight_country: input.highlight_country,
            selected: input.selected,
            view: input.view,
            compare_with: input.compare_with,
        };
        let measure = EguiMeasure(ui.painter());
        let scene = MapScene::build(&scene_input, viewport, SceneStyle::window(dark), &measure);
        let marks = mark_shapes(ui.painter(), &scene);
        let map = match self.cache.take() {
            Some(c) if c.key == key => c.map,
            _ => {
                let hatch = self.hatch_texture(ui);
                map_shapes(ui.painter(), &scene, input.geometry, hatch)
            }
        };
        self.cache = Some(MapCache {
            key,
            stretch,
            scene,
            map,
            marks,
        });
    }

    /// The user's layers over the map, tessellated when what they show or
    /// the zoom changes, moved when the map is panned.
    fn draw_layers(
        &mut self,
        ui: &Ui,
        painter: &egui::Painter,
        input: &MapInput<'_>,
        t: &Viewport,
        dark: bool,
    ) {
        if input.layers.is_empty() {
            return;
        }
        let layer_key = LayerKey {
            scale: t.scale,
            pixels_per_point: ui.ctx().pixels_per_point(),
            dark,
            layers: input.layers_key,
        };
        let anchor = screen(t, [0.0, 0.0]);
        let (seen_min, seen_max) = t.extent_km();
        let covered = |c: &LayerCache| {
            (0..2).all(|k| c.cover.0[k] <= seen_min[k] && seen_max[k] <= c.cover.1[k])
        };
        match &mut self.layer_cache {
            Some(c) if c.key == layer_key && covered(c) => {
                let delta = anchor - c.anchor;
                if delta != Vec2::ZERO {
                    for shape in &mut c.shapes {
                        shape.translate(delta);
                    }
                    c.anchor = anchor;
                }
            }
            _ => {
                let cover = layer_cover(t);
                self.layer_cache = Some(LayerCache {
                    key: layer_key,
                    anchor,
                    cover,
                    shapes: layer_shapes(ui.painter(), input, t, cover, dark),
                });
            }
        }
        if let Some(c) = &self.layer_cache {
            painter.extend(c.shapes.iter().cloned());
        }
        self.draw_layer_names(painter, input, t, dark);
    }

    /// The names of the user's points in view, placed after the map's own
    /// names so that no name covers another (a name that finds no room is
    /// left out; hovering the point still gives it).
    fn draw_layer_names(
        &self,
        painter: &egui::Painter,
        input: &MapInput<'_>,
        t: &Viewport,
        dark: bool,
    ) {
        let Some(cache) = &self.cache else { return };
        let mut points: Vec<(&str, [f32; 2])> = Vec::new();
        let mut colors: Vec<Color32> = Vec::new();
        for l in input.layers.iter().filter(|l| l.visible) {
            let [r, g, b, _] = crate::style::layer_color(l.color_index, dark).0;
            for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
                if shape.points.is_empty() || !f.visible_on(input.date) {
                    continue;
                }
                for p in &shape.points {
                    let at = t.to_px(*p);
                    if t.contains(at) && points.len() < 4 * MAX_OVERLAY_LABELS {
                        points.push((f.label.as_str(), at));
                        colors.push(Color32::from_rgb(r, g, b));
                    }
                }
            }
        }
        if points.is_empty() {
            return;
        }
        let halo = MapColors::for_theme(dark).halo;
        let measure = EguiMeasure(painter);
        for (i, label) in cache
            .scene
            .overlay_labels(&points, LAYER_NAME_SIZE, 8.0, &measure)
        {
            let color = colors[i];
            let galley = painter.layout_no_wrap(
                label.text.clone(),
                FontId::proportional(LAYER_NAME_SIZE),
                color,
            );
            let pos = pos2(label.left, label.middle - galley.size().y / 2.0);
            painter.rect_filled(
                Rect::from_min_size(pos, galley.size()).expand(1.0),
                2.0,
                halo,
            );
            painter.galley(pos, galley, color);
        }
    }

    /// The tooltip of what is under the pointer: a layer feature, a city or
    /// military site, or the region.
    fn tooltips(
        &self,
        response: Response,
        input: &MapInput<'_>,
        t: &Viewport,
        hovered_region: Option<RegionId>,
    ) -> Response {
        let pointer = response.hover_pos().filter(|_| !response.dragged());
        let Some(p) = pointer else {
            return response;
        };
        if let Some((li, fi)) = hit_layer(input, t, p) {
            let layer = &input.layers[li].layer;
            return response.on_hover_ui_at_pointer(|ui| layer_tooltip(ui, layer, fi));
        }
        if let Some(scene) = self.cache.as_ref().map(|c| &c.scene) {
            let near = |at: [f32; 2]| pos2(at[0], at[1]).distance(p) < 7.0;
            if let Some(s) = scene.sites.iter().find(|s| near(s.at)) {
                let site = &input.atlas.military_sites[s.site];
                return response.on_hover_ui_at_pointer(|ui| site_tooltip(ui, input.atlas, site));
            }
            if let Some(c) = scene.cities.iter().find(|c| near(c.at)) {
                let city = &input.chronicle.cities[c.city];
                return response.on_hover_ui_at_pointer(|ui| city_tooltip(ui, input, city));
            }
        }
        let km = km_at(t, p);
        let (lon, lat) = crate::map::Projection::baltic().inverse(km[0] as f64, km[1] as f64);
        match hovered_region {
            Some(r) => {
                response.on_hover_ui_at_pointer(|ui| region_tooltip(ui, input, r, (lon, lat)))
            }
            None => response,
        }
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
        }
        if (factor - 1.0).abs() > 1e-4 {
            let new_zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
            let t = Viewport {
                frame: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
                centre_km: self.center,
                scale,
            };
            let before = km_at(&t, anchor);
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
        let (a, b) = self.last_transform?.extent_km();
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
}

fn outline_region(
    painter: &egui::Painter,
    g: &MapGeometry,
    r: RegionId,
    t: &Viewport,
    stroke: Stroke,
) {
    let detail = g.detail(t.scale);
    for e in detail.edges.iter().filter(|e| e.a == r || e.b == Some(r)) {
        let pts: Vec<Pos2> = e.points.iter().map(|p| screen(t, *p)).collect();
        painter.add(Shape::line(pts, stroke));
    }
}

/// What a front says about the point under the pointer: modelled or
/// sourced, the places it rests on and their pages.
fn front_lines(ui: &mut Ui, front: &crate::fronts::FrontEstimate) {
    ui.label(format!("Front: {}", front.summary()));
    for line in front.anchor_lines() {
        ui.small(format!("• {line}"));
    }
    for url in front.pages().into_iter().take(4) {
        ui.small(url);
    }
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

fn site_tooltip(ui: &mut Ui, atlas: &Atlas, site: &crate::geodata::sites::MilitarySite) {
    ui.strong(&site.name);
    ui.label(format!(
        "Russian military site, held until {}",
        site.end.long()
    ));
    if !site.note.is_empty() {
        ui.label(&site.note);
    }
    sources_lines(ui, atlas, None, &site.sources);
}

fn city_tooltip(ui: &mut Ui, input: &MapInput<'_>, city: &crate::cities::City) {
    ui.strong(city.name_on(input.date));
    let others = city.other_names(input.date);
    if !others.is_empty() {
        ui.label(format!("Also: {}", others.join(", ")));
    }
    if city.is_capital_on(input.date) {
        ui.label("Capital");
    }
    sources_lines(ui, input.atlas, Some(input.chronicle), &city.sources);
}

fn region_tooltip(ui: &mut Ui, input: &MapInput<'_>, r: RegionId, (lon, lat): (f64, f64)) {
    let c = if input.view == StatusView::DeFacto {
        input.atlas.point_control(r, input.date, lon, lat)
    } else {
        input.atlas.control(r, input.date)
    };
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
    let legal = crate::legal_view::status(input.atlas, r, input.date, input.view);
    if legal.occupier.is_some() {
        let state = input.atlas.controllers.get(legal.sovereign);
        ui.label(format!(
            "In law, as most Western states saw it: {}, under occupation",
            state.name
        ));
    }
    match &c.front {
        Some(front) => front_lines(ui, front),
        None => {
            ui.label(Date::span_text(c.held.0, c.held.1));
        }
    }
    // The status of the day; when it changed within the span above, since
    // when (as the region history lists it).
    if c.front.is_none() && c.interval.start > c.held.0 {
        ui.label(format!(
            "Status since {}: {}",
            c.interval.start.long(),
            c.status.text
        ));
    } else {
        ui.label(format!("Status: {}", c.status.text));
    }
    if !c.interval.note.is_empty() {
        ui.small(&c.interval.note);
    }
    sources_lines(ui, input.atlas, None, &c.interval.sources);
}
