//! The map of one day in one view, as a list of what to draw: region fills
//! with their colours, hatching, which edges are borders, placed labels,
//! city and military-site markers. Built from the atlas and the projected
//! [`MapGeometry`]; the window (egui) and the exported images (SVG) are
//! thin backends that draw this list, so both show the same map and place
//! every label by the same rules.

use crate::atlas::Atlas;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::legal_view::{self, StatusView};
use crate::map::MapGeometry;
use crate::map::front_split::{FrontDrawing, front_drawing};
use crate::map::layer_geometry::LayerGeometry;
use crate::style::{MapColors, Rgba};
use crate::user_layer::UserLayer;

pub use super::labels::{Align, Label};
use super::labels::{LabelPlacer, TextMeasure};

/// Maps projected km (x east, y north) to output pixels (x right, y down):
/// window points or image pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// The map's frame in pixels: `[left, top, right, bottom]`.
    pub frame: [f32; 4],
    /// The km point at the centre of the frame.
    pub centre_km: [f32; 2],
    /// Pixels per km.
    pub scale: f32,
}

impl Viewport {
    /// The view that fits the box `min..max` (km), grown by `margin` (1.0:
    /// exactly), into `frame`.
    pub fn fit(frame: [f32; 4], min: [f32; 2], max: [f32; 2], margin: f32) -> Self {
        let span = [
            ((max[0] - min[0]) * margin).max(1.0),
            ((max[1] - min[1]) * margin).max(1.0),
        ];
        let scale = ((frame[2] - frame[0]) / span[0])
            .min((frame[3] - frame[1]) / span[1])
            .max(1e-6);
        Viewport {
            frame,
            centre_km: [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0],
            scale,
        }
    }

    /// The frame's centre in pixels.
    pub fn centre_px(&self) -> [f32; 2] {
        [
            (self.frame[0] + self.frame[2]) / 2.0,
            (self.frame[1] + self.frame[3]) / 2.0,
        ]
    }

    /// Projected km to pixels.
    pub fn to_px(&self, p: [f32; 2]) -> [f32; 2] {
        let c = self.centre_px();
        [
            c[0] + (p[0] - self.centre_km[0]) * self.scale,
            c[1] - (p[1] - self.centre_km[1]) * self.scale,
        ]
    }

    /// Pixels to projected km.
    pub fn to_km(&self, p: [f32; 2]) -> [f32; 2] {
        let c = self.centre_px();
        [
            self.centre_km[0] + (p[0] - c[0]) / self.scale,
            self.centre_km[1] - (p[1] - c[1]) / self.scale,
        ]
    }

    /// True when the pixel lies inside the frame.
    pub fn contains(&self, p: [f32; 2]) -> bool {
        let [x0, y0, x1, y1] = self.frame;
        (x0..=x1).contains(&p[0]) && (y0..=y1).contains(&p[1])
    }

    /// The km box the frame shows: (south-west, north-east).
    pub fn extent_km(&self) -> ([f32; 2], [f32; 2]) {
        let a = self.to_km([self.frame[0], self.frame[3]]);
        let b = self.to_km([self.frame[2], self.frame[1]]);
        (a, b)
    }

    /// How far the view is zoomed in on the three states: 1 when they fill
    /// the frame, 2 when half of them does.
    fn zoom_on(&self, bounds: ([f32; 2], [f32; 2])) -> f32 {
        let (min, max) = self.extent_km();
        let w = (bounds.1[0] - bounds.0[0]) / (max[0] - min[0]).max(1e-3);
        let h = (bounds.1[1] - bounds.0[1]) / (max[1] - min[1]).max(1e-3);
        w.max(h)
    }
}

/// Sizes of text and markers, in the backend's pixels. The window and a
/// printed page differ in size only; every rule is the same.
#[derive(Clone, Copy, Debug)]
pub struct SceneStyle {
    /// The theme's map colours.
    pub colors: MapColors,
    /// Label size of the most important cities (rank 1).
    pub capital_text: f32,
    /// Label size of the other cities.
    pub city_text: f32,
    /// Label size of neighbouring countries.
    pub neighbour_text: f32,
    /// Radius of a city dot.
    pub city_radius: f32,
    /// Half the side of a capital's square.
    pub capital_radius: f32,
    /// Half the size of a military-site triangle.
    pub site_radius: f32,
    /// Gap between a city marker and its label.
    pub label_gap: f32,
    /// Device pixels per unit (an export's PNG scale): the fronts are cut
    /// at the level of detail the renderer draws the regions at.
    pub pixel_scale: f32,
    /// Width and height of a box in the frame's top-right corner that no
    /// label may enter: the window's Reset view and Export map… buttons
    /// stand there. `[0, 0]` in exports.
    pub corner_clear: [f32; 2],
}

impl SceneStyle {
    /// The interactive map, in points.
    pub fn window(dark: bool) -> Self {
        SceneStyle {
            colors: MapColors::for_theme(dark),
            capital_text: 14.0,
            city_text: 12.0,
            neighbour_text: 12.0,
            city_radius: 3.0,
            capital_radius: 4.0,
            site_radius: 6.0,
            label_gap: 6.0,
            pixel_scale: 1.0,
            corner_clear: [112.0, 70.0],
        }
    }

    /// An exported image whose text unit is `unit` pixels (1 at 1600 px
    /// wide), light theme.
    pub fn print(unit: f32) -> Self {
        SceneStyle {
            colors: MapColors::for_theme(false),
            capital_text: 17.0 * unit,
            city_text: 14.0 * unit,
            neighbour_text: 15.0 * unit,
            city_radius: 3.5 * unit,
            capital_radius: 4.5 * unit,
            site_radius: 6.0 * unit,
            label_gap: 7.0 * unit,
            pixel_scale: 1.0,
            corner_clear: [0.0, 0.0],
        }
    }
}

/// What the map is asked to show.
pub struct SceneInput<'a> {
    /// The territorial data.
    pub atlas: &'a Atlas,
    /// Cities with names by period.
    pub chronicle: &'a Chronicle,
    /// The atlas projected; must be built from `atlas`.
    pub geometry: &'a MapGeometry,
    /// The day shown.
    pub date: Date,
    /// A country (EE, LV, LT) whose regions stay bright while the others
    /// are dimmed (hovering a chart series).
    pub highlight_country: Option<&'a str>,
    /// The region outlined as selected.
    pub selected: Option<RegionId>,
    /// Who held each place, or the legal status as most Western states
    /// saw it.
    pub view: StatusView,
    /// The changes map: the land whose holder differs between this earlier
    /// date and `date` is outlined, the rest faded.
    pub compare_with: Option<Date>,
}

/// How a shared edge between regions is drawn on the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// Between two regions held by the same power, or a lake's shore
    /// inside one region: a faint line.
    Inner,
    /// Where powers meet, and coasts and outer borders: a strong line.
    Border,
    /// Around land that changed hands since the compared date (changes
    /// map): the strongest line.
    Changed,
}

/// One region's fill on the day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegionFill {
    /// The region.
    pub region: RegionId,
    /// Who held it.
    pub controller: ControllerId,
    /// Its fill (the controller's colour, dimmed when another country is
    /// highlighted).
    pub color: Rgba,
    /// Hatched over the fill: a contested legal status.
    pub hatched: bool,
    /// In the de jure view, the occupier of the day (the fill is the
    /// state's), with the colour of its stripes.
    pub occupier: Option<(ControllerId, Rgba)>,
}

/// A city marker with its label, if the label found room.
#[derive(Clone, Debug, PartialEq)]
pub struct CityMark {
    /// Index into `Chronicle::cities`.
    pub city: usize,
    /// Marker centre in pixels.
    pub at: [f32; 2],
    /// A square (capital on that day) instead of a dot.
    pub capital: bool,
    /// Marker radius (half the square's side).
    pub radius: f32,
    /// The name of the day, placed beside the marker.
    pub label: Option<Label>,
}

/// A Russian military site in use on the day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteMark {
    /// Index into `Atlas::military_sites`.
    pub site: usize,
    /// Marker centre in pixels.
    pub at: [f32; 2],
    /// The colour of the power that held it.
    pub color: Rgba,
    /// Half the triangle's size.
    pub radius: f32,
}

/// A user's layer drawn over the map: both backends draw the features
/// visible on the scene's date, in this colour.
pub struct Overlay<'a> {
    /// The features.
    pub layer: &'a UserLayer,
    /// Their projected shapes.
    pub geometry: &'a LayerGeometry,
    /// Outline colour.
    pub color: Rgba,
}

/// The map of one day in one view, ready for a backend to draw.
#[derive(Clone, Debug)]
pub struct MapScene {
    /// The view every pixel position below was computed for.
    pub viewport: Viewport,
    /// The day shown.
    pub date: Date,
    /// Colours and sizes.
    pub style: SceneStyle,
    /// One fill per region, indexed like the atlas regions.
    pub fills: Vec<RegionFill>,
    /// How each edge of `MapGeometry::edges` is drawn (same order).
    pub edges: Vec<EdgeKind>,
    /// The region outlined as selected.
    pub selected: Option<RegionId>,
    /// Names of the neighbouring countries of the day.
    pub neighbour_labels: Vec<Label>,
    /// Military sites in use.
    pub sites: Vec<SiteMark>,
    /// Cities in the frame, the most important first.
    pub cities: Vec<CityMark>,
    /// The fronts moving on the day: the taken parts of the regions they
    /// pass through, the band of uncertainty and the front lines.
    pub fronts: FrontDrawing,
}

impl MapScene {
    /// Lays out the map of `input.date` in `viewport`; `measure` gives the
    /// width of text in the backend's font, so labels are placed without
    /// overlapping.
    pub fn build(
        input: &SceneInput<'_>,
        viewport: Viewport,
        style: SceneStyle,
        measure: &dyn TextMeasure,
    ) -> Self {
        let mut placer = LabelPlacer::new(measure);
        let corner = corner_box(&viewport, &style);
        if let Some(b) = corner {
            placer.reserve(b);
        }
        let neighbour_labels = neighbour_labels(input, &viewport, &style, corner, &mut placer);
        let mut fills = fills(input);
        let fronts = if input.view == StatusView::DeFacto && input.compare_with.is_none() {
            let detail = input
                .geometry
                .detail(viewport.scale * style.pixel_scale.max(1.0));
            let colour = |r: RegionId, c: ControllerId| {
                let color = input.atlas.controllers.get(c).color;
                let other = input
                    .highlight_country
                    .is_some_and(|h| h != input.atlas.region(r).country);
                if other { dimmed(color) } else { color }
            };
            front_drawing(
                input.atlas,
                input.date,
                &detail,
                |r, c| {
                    let f = &mut fills[r.0 as usize];
                    f.controller = c;
                    f.color = colour(r, c);
                },
                colour,
            )
        } else {
            FrontDrawing::default()
        };
        let mut edges = edge_kinds(input, &fills);
        for (e, kind) in input.geometry.edges().iter().zip(edges.iter_mut()) {
            let in_play = |r: RegionId| fronts.in_play.contains(&r);
            if e.b.is_some_and(|b| in_play(b) || in_play(e.a)) {
                *kind = EdgeKind::Inner;
            }
        }
        if let Some(first) = input.compare_with {
            mark_changes(input, first, &mut fills, &mut edges);
        }
        MapScene {
            viewport,
            date: input.date,
            style,
            edges,
            fills,
            selected: input.selected,
            neighbour_labels,
            sites: sites(input, &viewport, &style),
            cities: cities(input, &viewport, &style, &mut placer),
            fronts,
        }
    }

    /// The controllers present on the map, in legend order, each with the
    /// regions it holds.
    pub fn territories(&self) -> Vec<(ControllerId, Vec<RegionId>)> {
        let mut out: Vec<(ControllerId, Vec<RegionId>)> = Vec::new();
        for f in &self.fills {
            match out.iter_mut().find(|(c, _)| *c == f.controller) {
                Some((_, regions)) => regions.push(f.region),
                None => out.push((f.controller, vec![f.region])),
            }
        }
        out.sort_by_key(|(c, _)| *c);
        out
    }
}

/// The days on which the scene of an atlas and chronicle can change: a
/// change of control or status, a name or capital taking or leaving
/// effect, a military site opening or closing. Between two of them every
/// day draws the same map, so a window can keep its drawing while the
/// slider moves (the first day of each stretch is listed, in order).
pub fn scene_change_dates(atlas: &Atlas, chronicle: &Chronicle) -> Vec<Date> {
    let mut out: Vec<Date> = atlas.change_dates().to_vec();
    let mut bounds = |from: Option<Date>, to: Option<Date>| {
        out.extend(from);
        out.extend(to.map(|d| d.add_days(1)));
    };
    for city in &chronicle.cities {
        for n in &city.names {
            bounds(n.from, n.to);
        }
        if let Some((_, from, to)) = &city.capital {
            bounds(*from, *to);
        }
    }
    for n in atlas.neighbours.iter().flat_map(|n| &n.names) {
        bounds(n.from, n.to);
    }
    for s in &atlas.military_sites {
        bounds(Some(s.start), Some(s.end));
    }
    // While a front moves, every day draws a new map.
    for f in &atlas.fronts.fields {
        let (first, last) = f.window;
        out.extend(
            (0..=last.day_index() - first.day_index() + 1).map(|d| first.add_days(d as i64)),
        );
    }
    out.sort();
    out.dedup();
    out
}

fn fills(input: &SceneInput<'_>) -> Vec<RegionFill> {
    let atlas = input.atlas;
    atlas
        .regions()
        .map(|(id, region)| {
            let iv = atlas.timeline(id).at(input.date);
            let legal = legal_view::status(atlas, id, input.date, input.view);
            let dim = input.highlight_country.is_some_and(|c| c != region.country);
            let color_of = |c: ControllerId| {
                let color = atlas.controllers.get(c).color;
                if dim { dimmed(color) } else { color }
            };
            RegionFill {
                region: id,
                controller: legal.sovereign,
                color: color_of(legal.sovereign),
                hatched: atlas.statuses.get(iv.status).contested,
                occupier: legal.occupier.map(|c| (c, color_of(c))),
            }
        })
        .collect()
}

/// The changes map: fades the land that did not change hands since
/// `first`, and outlines each group of land that changed the same way (its
/// edges with other land, its coasts and shores, not the lakes inside it).
fn mark_changes(
    input: &SceneInput<'_>,
    first: Date,
    fills: &mut [RegionFill],
    edges: &mut [EdgeKind],
) {
    let mut groups: Vec<Option<usize>> = vec![None; fills.len()];
    let changes = crate::compare::changes(input.atlas, first, input.date, input.view);
    for (i, c) in changes.iter().enumerate() {
        for r in &c.regions {
            groups[r.0 as usize] = Some(i);
        }
    }
    for (f, g) in fills.iter_mut().zip(&groups) {
        if g.is_none() {
            let [r, gr, b, _] = f.color.0;
            f.color = Rgba::with_alpha(r, gr, b, 80);
            f.occupier = None;
        }
    }
    let group = |r: RegionId| groups.get(r.0 as usize).copied().flatten();
    for (e, kind) in input.geometry.edges().iter().zip(edges.iter_mut()) {
        let lake = e.shore && e.line.first() == e.line.last();
        let (a, b) = (group(e.a), e.b.and_then(group));
        let outline = match e.b {
            Some(_) => a != b,
            None => a.is_some() && !lake,
        };
        if outline {
            *kind = EdgeKind::Changed;
        }
    }
}

/// A fill pushed towards transparency, as egui's `gamma_multiply(0.45)`
/// does on premultiplied colours.
fn dimmed(c: Rgba) -> Rgba {
    let [r, g, b, a] = c.0;
    Rgba::with_alpha(r, g, b, (a as f32 * 0.45).round() as u8)
}

fn edge_kinds(input: &SceneInput<'_>, fills: &[RegionFill]) -> Vec<EdgeKind> {
    // The borders of the view: between sovereigns, and between occupiers
    // within one state (a front through it).
    let side = |r: RegionId| {
        let f = &fills[r.0 as usize];
        (f.controller, f.occupier.map(|o| o.0))
    };
    input
        .geometry
        .edges()
        .iter()
        .map(|e| match e.b {
            Some(b) if side(e.a) == side(b) => EdgeKind::Inner,
            // A lake inside one region: its shore is no border of the day.
            None if e.shore => EdgeKind::Inner,
            _ => EdgeKind::Border,
        })
        .collect()
}

/// Neighbour names of the day, centred on their spot and kept whole inside
/// the frame; a spot outside the frame gets no name.
fn neighbour_labels(
    input: &SceneInput<'_>,
    viewport: &Viewport,
    style: &SceneStyle,
    corner: Option<[f32; 4]>,
    placer: &mut LabelPlacer<'_>,
) -> Vec<Label> {
    let mut out = Vec::new();
    for (n, spot) in input
        .atlas
        .neighbours
        .iter()
        .zip(&input.geometry.neighbour_labels)
    {
        let p = viewport.to_px(*spot);
        if !viewport.contains(p) {
            continue;
        }
        let mut label = placer.label(
            n.name_on(input.date),
            p,
            Align::Centre,
            style.neighbour_text,
            false,
        );
        label.italic = true;
        label.color = style.colors.neighbour_line;
        label.keep_inside(viewport.frame);
        // A name under the window's buttons moves down, clear of them.
        if let Some(b) = corner
            && overlaps(label.bounds(), b)
        {
            label.middle = b[3] + label.size;
        }
        placer.claim(&label);
        out.push(label);
    }
    out
}

fn sites(input: &SceneInput<'_>, viewport: &Viewport, style: &SceneStyle) -> Vec<SiteMark> {
    let atlas = input.atlas;
    atlas
        .military_sites
        .iter()
        .enumerate()
        .filter(|(_, s)| s.active_on(input.date))
        .filter_map(|(i, s)| {
            let at = viewport.to_px(input.geometry.project(s.point.x(), s.point.y()));
            let color = atlas
                .controllers
                .find(&s.controller)
                .map(|c| atlas.controllers.get(c).color)?;
            viewport.contains(at).then_some(SiteMark {
                site: i,
                at,
                color,
                radius: style.site_radius,
            })
        })
        .collect()
}

/// The lowest-ranked (least important) city that still gets a label: the
/// main cities when the three states are seen whole, more when zoomed in.
fn label_rank(viewport: &Viewport, geometry: &MapGeometry) -> u8 {
    if viewport.zoom_on(geometry.bounds) < 1.5 {
        3
    } else {
        9
    }
}

/// The most names of the user's point features one map places: enough
/// for any readable map, few enough to place every frame.
pub const MAX_OVERLAY_LABELS: usize = 400;

impl MapScene {
    /// The boxes of the names this scene placed (cities, neighbours) and of
    /// the corner kept clear: what the names of the user's layers must not
    /// cover.
    pub fn label_boxes(&self) -> Vec<[f32; 4]> {
        let cities = self.cities.iter().filter_map(|c| c.label.as_ref());
        let mut boxes: Vec<[f32; 4]> = cities
            .chain(&self.neighbour_labels)
            .map(Label::bounds)
            .collect();
        boxes.extend(corner_box(&self.viewport, &self.style));
        boxes
    }

    /// Places the names of the user's point features after the map's own
    /// (the labels of all layers placed together, so that none overprints
    /// another): right of the point, else left of it, else left out (the
    /// hover still names it). `points` are (name, pixel position); returns
    /// the index of each placed point with its label, at most
    /// [`MAX_OVERLAY_LABELS`].
    pub fn overlay_labels(
        &self,
        points: &[(&str, [f32; 2])],
        size: f32,
        gap: f32,
        measure: &dyn TextMeasure,
    ) -> Vec<(usize, Label)> {
        let mut placer = LabelPlacer::with_taken(measure, self.label_boxes());
        let mut out = Vec::new();
        for (i, (name, at)) in points.iter().enumerate() {
            if out.len() >= MAX_OVERLAY_LABELS {
                break;
            }
            let spot = Beside {
                at: *at,
                gap,
                size,
                bold: false,
            };
            if let Some(l) = spot.place(&mut placer, name, self.viewport.frame) {
                out.push((i, l));
            }
        }
        out
    }
}

/// A name to set beside a marker: right of it, `gap` away, else left of
/// it; cities and the user's points are named this way.
struct Beside {
    at: [f32; 2],
    gap: f32,
    size: f32,
    bold: bool,
}

impl Beside {
    /// The first side where `name` stays in `frame` and overlaps no label
    /// placed before (it is then taken), or None.
    fn place(&self, placer: &mut LabelPlacer<'_>, name: &str, frame: [f32; 4]) -> Option<Label> {
        let [x, y] = self.at;
        let right = placer.label(name, [x + self.gap, y], Align::Left, self.size, self.bold);
        let mut left = right.clone();
        left.left = x - self.gap - right.width;
        [right, left]
            .into_iter()
            .find(|l| l.is_inside(frame) && placer.try_claim(l))
    }
}

/// The box of [`SceneStyle::corner_clear`] in `viewport`, if any.
fn corner_box(viewport: &Viewport, style: &SceneStyle) -> Option<[f32; 4]> {
    let [w, h] = style.corner_clear;
    let f = viewport.frame;
    (w > 0.0 && h > 0.0).then(|| [f[2] - w, f[1], f[2], f[1] + h])
}

/// Whether two boxes `[left, top, right, bottom]` overlap.
fn overlaps(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// City markers in the frame, most important first; a label goes right
/// of its marker, or left of it where that overlaps a label placed before
/// (or the window's buttons), and is left out where both do or it would
/// leave the frame.
fn cities(
    input: &SceneInput<'_>,
    viewport: &Viewport,
    style: &SceneStyle,
    placer: &mut LabelPlacer<'_>,
) -> Vec<CityMark> {
    let date = input.date;
    let max_rank = label_rank(viewport, input.geometry);
    let mut order: Vec<usize> = (0..input.chronicle.cities.len()).collect();
    order.sort_by_key(|i| input.chronicle.cities[*i].rank);
    let mut out = Vec::new();
    for i in order {
        let city = &input.chronicle.cities[i];
        let at = viewport.to_px(input.geometry.project(city.lon, city.lat));
        if !viewport.contains(at) {
            continue;
        }
        let capital = city.is_capital_on(date);
        let radius = if capital {
            style.capital_radius
        } else {
            style.city_radius
        };
        let label = (city.rank <= max_rank)
            .then(|| {
                let (size, bold) = if city.rank == 1 {
                    (style.capital_text, true)
                } else {
                    (style.city_text, false)
                };
                let spot = Beside {
                    at,
                    gap: style.label_gap,
                    size,
                    bold,
                };
                let mut label = spot.place(placer, city.name_on(date), viewport.frame)?;
                label.color = style.colors.text;
                Some(label)
            })
            .flatten();
        out.push(CityMark {
            city: i,
            at,
            capital,
            radius,
            label,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::Projection;
    use crate::map::labels::Fixed;

    fn scene(date: &str, frame: [f32; 4]) -> (Atlas, MapScene) {
        let atlas = Atlas::builtin().expect("geodata");
        let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        let input = SceneInput {
            atlas: &atlas,
            chronicle: &chronicle,
            geometry: &geometry,
            date: Date::parse(date).expect("date"),
            highlight_country: None,
            selected: None,
            view: StatusView::DeFacto,
            compare_with: None,
        };
        let view = Viewport::fit(frame, geometry.bounds.0, geometry.bounds.1, 1.07);
        let s = MapScene::build(&input, view, SceneStyle::print(1.0), &Fixed);
        (atlas, s)
    }

    #[test]
    fn the_scene_is_the_same_between_its_change_dates() {
        let atlas = Atlas::builtin().expect("geodata");
        let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        let changes = scene_change_dates(&atlas, &chronicle);
        let view = Viewport::fit(
            [0.0, 0.0, 900.0, 700.0],
            geometry.bounds.0,
            geometry.bounds.1,
            1.0,
        );
        let at = |date: Date| {
            let input = SceneInput {
                atlas: &atlas,
                chronicle: &chronicle,
                geometry: &geometry,
                date,
                highlight_country: None,
                selected: None,
                view: StatusView::DeFacto,
                compare_with: None,
            };
            let mut s = MapScene::build(&input, view, SceneStyle::window(false), &Fixed);
            s.date = Date::FIRST;
            format!("{s:?}")
        };
        // Each stretch looks the same on its first and last day, and the
        // day a stretch starts differs from the day before for some of them.
        let mut differing = 0;
        for w in changes.windows(2).step_by(7) {
            let (first, last) = (w[0], w[1].add_days(-1));
            assert_eq!(at(first), at(last), "{first}..{last}");
            if at(first) != at(first.add_days(-1)) {
                differing += 1;
            }
        }
        assert!(differing > 5, "{differing}");
    }

    #[test]
    fn labels_keep_clear_of_the_window_buttons_and_try_the_left_side() {
        let atlas = Atlas::builtin().expect("geodata");
        let chronicle = Chronicle::builtin(&atlas.sources).expect("assets");
        let geometry = MapGeometry::new(&atlas, Projection::baltic());
        let input = SceneInput {
            atlas: &atlas,
            chronicle: &chronicle,
            geometry: &geometry,
            date: Date::parse("1944-10-13").expect("date"),
            highlight_country: None,
            selected: None,
            view: StatusView::DeFacto,
            compare_with: None,
        };
        let frame = [0.0, 0.0, 700.0, 500.0];
        let fit = Viewport::fit(frame, geometry.bounds.0, geometry.bounds.1, 1.0);
        let style = SceneStyle::window(false);
        let corner = corner_box(&fit, &style).expect("a corner box");
        let (mut labels, mut left_side) = (0, 0);
        // Pan across the map at two zooms: some city or neighbour name
        // comes under the corner each time, and must stay out of it.
        for zoom in [1.0, 3.0] {
            for i in 0..40 {
                let mut view = fit;
                view.scale *= zoom;
                view.centre_km[0] += (i % 8) as f32 * 60.0 - 240.0;
                view.centre_km[1] += (i / 8) as f32 * 60.0 - 120.0;
                let s = MapScene::build(&input, view, style, &Fixed);
                for c in &s.cities {
                    if let Some(l) = &c.label {
                        labels += 1;
                        left_side += usize::from(l.left < c.at[0]);
                        assert!(
                            !overlaps(l.bounds(), corner),
                            "{} under the buttons",
                            l.text
                        );
                    }
                }
                for l in &s.neighbour_labels {
                    assert!(
                        !overlaps(l.bounds(), corner),
                        "{} under the buttons",
                        l.text
                    );
                }
            }
        }
        assert!(
            labels > 100 && left_side > 0,
            "{labels} labels, {left_side} on the left"
        );
    }

    #[test]
    fn names_of_the_users_points_never_cover_the_maps_names() {
        let (_, s) = scene("1939-06-01", [0.0, 0.0, 900.0, 700.0]);
        let boxes = s.label_boxes();
        // Two points on one free spot (room for a name on either side),
        // then a user's point right on every city marker.
        let free = |x: f32, y: f32| {
            let b = [x - 120.0, y - 12.0, x + 120.0, y + 12.0];
            boxes.iter().all(|q| !overlaps(b, *q))
        };
        let spot = (0..60)
            .map(|k| {
                [
                    150.0 + (k % 10) as f32 * 60.0,
                    100.0 + (k / 10) as f32 * 90.0,
                ]
            })
            .find(|p| free(p[0], p[1]))
            .expect("a free spot");
        let mut points: Vec<(&str, [f32; 2])> = vec![("Twin A", spot), ("Twin B", spot)];
        points.extend(s.cities.iter().map(|c| ("Point of the user", c.at)));
        let placed = s.overlay_labels(&points, 13.0, 8.0, &Fixed);
        assert!(!placed.is_empty());
        for (_, l) in &placed {
            assert!(
                boxes.iter().all(|b| !overlaps(l.bounds(), *b)),
                "{} covers a name",
                l.text
            );
        }
        for (i, (_, a)) in placed.iter().enumerate() {
            for (_, b) in &placed[i + 1..] {
                assert!(!overlaps(a.bounds(), b.bounds()), "two names overprint");
            }
        }
        // The twins: one on each side of the spot.
        let twins: Vec<&Label> = placed
            .iter()
            .filter(|(_, l)| l.text.starts_with("Twin"))
            .map(|(_, l)| l)
            .collect();
        assert_eq!(twins.len(), 2);
        assert!(twins[0].left > spot[0] && twins[1].left < spot[0]);
    }

    #[test]
    fn viewport_round_trips_and_fits() {
        let v = Viewport::fit([10.0, 20.0, 410.0, 320.0], [0.0, 0.0], [100.0, 50.0], 1.0);
        assert_eq!(v.scale, 4.0);
        assert_eq!(v.to_px([50.0, 25.0]), [210.0, 170.0]);
        assert_eq!(v.to_km(v.to_px([12.0, 34.0])), [12.0, 34.0]);
        // North is up.
        assert!(v.to_px([50.0, 40.0])[1] < v.to_px([50.0, 10.0])[1]);
    }

    #[test]
    fn borders_follow_the_front() {
        // Between the campaigns the borders are the regions' edges: in
        // 1942 the edges with the Russian SFSR are German borders, and in
        // 1950 the three republics' edges are inner lines of the USSR.
        let (_, s) = scene("1940-03-01", [0.0, 0.0, 1200.0, 900.0]);
        let (_, later) = scene("1950-01-01", [0.0, 0.0, 1200.0, 900.0]);
        let changed = s
            .edges
            .iter()
            .zip(&later.edges)
            .filter(|(a, b)| **a == EdgeKind::Border && **b == EdgeKind::Inner)
            .count();
        assert!(changed > 0);
        assert!(s.fronts.parts.is_empty() && s.fronts.lines.is_empty());
    }

    /// During a campaign the front of the day splits the regions it
    /// crosses: on 15 July 1941 the Riga region lies wholly behind the
    /// German front (its fill is German), and the regions the front
    /// crosses (in southern Estonia, in Vidzeme) keep their Soviet fill with a German
    /// part drawn over it, and a front line.
    #[test]
    fn the_front_of_the_day_splits_the_regions() {
        let (atlas, s) = scene("1941-07-15", [0.0, 0.0, 1200.0, 900.0]);
        let id = |c: ControllerId| atlas.controllers.get(c).id.clone();
        let riga = atlas.find_region("LV-RIGA").expect("Riga region");
        assert_eq!(id(s.fills[riga.0 as usize].controller), "DE");
        assert!(s.fronts.parts.iter().all(|p| p.region != riga));
        let split: Vec<&str> = s
            .fronts
            .parts
            .iter()
            .map(|p| atlas.region(p.region).id.as_str())
            .collect();
        assert!(split.iter().any(|r| r.starts_with("EE-")), "{split:?}");
        for p in &s.fronts.parts {
            assert_eq!(id(p.controller), "DE");
            assert!(id(s.fills[p.region.0 as usize].controller).starts_with("SU-"));
        }
        assert!(!s.fronts.lines.is_empty() && !s.fronts.band.is_empty());
    }

    #[test]
    fn labels_never_overlap_and_stay_in_the_frame() {
        for date in ["1939-06-01", "1944-10-13", "1991-09-10"] {
            let frame = [0.0, 0.0, 900.0, 700.0];
            let (_, s) = scene(date, frame);
            let mut boxes: Vec<[f32; 4]> = s.neighbour_labels.iter().map(|l| l.bounds()).collect();
            boxes.extend(
                s.cities
                    .iter()
                    .filter_map(|c| c.label.as_ref().map(|l| l.bounds())),
            );
            assert!(boxes.len() >= 6, "{date}: only {} labels", boxes.len());
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    let overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                    assert!(!overlap, "{date}: {a:?} overlaps {b:?}");
                }
            }
            for l in &s.neighbour_labels {
                let b = l.bounds();
                assert!(
                    b[0] >= frame[0] && b[2] <= frame[2],
                    "{date}: {} leaves the frame",
                    l.text
                );
            }
        }
    }

    #[test]
    fn capitals_of_the_day_are_squares() {
        let (_, s) = scene("1950-01-01", [0.0, 0.0, 1200.0, 900.0]);
        let chronicle =
            Chronicle::builtin(&Atlas::builtin().expect("geodata").sources).expect("assets");
        let capitals: Vec<&str> = s
            .cities
            .iter()
            .filter(|c| c.capital)
            .map(|c| chronicle.cities[c.city].id.as_str())
            .collect();
        assert!(capitals.len() >= 2, "{capitals:?}");
    }
}
