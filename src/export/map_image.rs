//! The map on one day as a publishable SVG: each power's territory (the
//! same dissolve the app and the `territories` command use), state borders
//! of the day, contested areas hatched, neighbours and cities with the
//! names of the day, a legend with areas, a scale bar, and the sources of
//! every control interval in force in the footer.

use geo::MultiPolygon;

use super::layout::{INK, MUTED, Page, widest};
use super::svg::{Anchor, PathData, Svg, TextStyle, fill, num, stroke};
use super::{Citations, ImageSize, MapExtent};
use crate::atlas::Atlas;
use crate::charts::thousands;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::map::edges::region_edges;
use crate::map::layer_geometry::LayerGeometry;
use crate::map::projection::Projection;
use crate::style::{MapColors, Rgba, controller_fill};
use crate::user_layer::UserLayer;

type Ring = Vec<[f64; 2]>;

/// The projected geometry every map image reuses (projected once, so a
/// sequence of fifty frames does the work once).
pub struct MapPainter {
    projection: Projection,
    /// Rings (exterior then holes) of each region, in km.
    regions: Vec<Vec<Ring>>,
    /// Neighbouring countries' rings, in km.
    neighbours: Vec<Vec<Ring>>,
    /// Neighbour label positions, in km.
    neighbour_labels: Vec<[f64; 2]>,
    /// Region boundaries: the two sides and the line in km.
    edges: Vec<(usize, Option<usize>, Ring)>,
    /// Bounding box of the regions in km.
    bounds: ([f64; 2], [f64; 2]),
}

/// A user's layer to draw over the map.
pub struct Overlay<'a> {
    /// The features.
    pub layer: &'a UserLayer,
    /// Their projected shapes.
    pub geometry: &'a LayerGeometry,
    /// Outline colour (as in the window's light theme).
    pub color: Rgba,
}

/// The features of `layer` that exist on `date`: translucent polygons,
/// lines, and labelled points.
fn draw_overlay(
    svg: &mut Svg,
    l: &Overlay<'_>,
    date: Date,
    px: &dyn Fn([f64; 2]) -> [f64; 2],
    u: f64,
    halo: Rgba,
) {
    let to_px = |p: &[f32; 2]| px([p[0] as f64, p[1] as f64]);
    let [r, g, b, _] = l.color.0;
    let translucent = Rgba::with_alpha(r, g, b, 50);
    svg.group(&format!(
        "id=\"layer-{}\"",
        super::svg::escape(&l.layer.name)
    ));
    for (f, shape) in l.layer.features.iter().zip(&l.geometry.shapes) {
        if !f.visible_on(date) {
            continue;
        }
        if !shape.mesh.indices.is_empty() {
            let mut d = PathData::default();
            for ring in &shape.lines {
                d.ring(ring.iter().map(to_px));
            }
            svg.path(
                &d.finish(),
                &format!(
                    "{} {} fill-rule=\"evenodd\"",
                    fill(translucent),
                    stroke(l.color, 2.0 * u)
                ),
            );
        } else if !shape.lines.is_empty() {
            let mut d = PathData::default();
            for line in &shape.lines {
                d.open(line.iter().map(to_px));
            }
            let d = d.finish();
            svg.path(&d, &format!("fill=\"none\" {}", stroke(halo, 4.0 * u)));
            svg.path(
                &d,
                &format!(
                    "fill=\"none\" {} stroke-linejoin=\"round\"",
                    stroke(l.color, 2.0 * u)
                ),
            );
        }
        for p in &shape.points {
            let q = to_px(p);
            svg.circle(
                q[0],
                q[1],
                5.0 * u,
                &format!("{} {}", fill(l.color), stroke(halo, 1.5 * u)),
            );
            svg.text(
                q[0] + 8.0 * u,
                q[1] + 4.0 * u,
                &f.label,
                &TextStyle::new(13.0 * u, l.color).halo(halo),
                "",
            );
        }
    }
    svg.end_group();
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

fn project_rings(p: &Projection, mp: &MultiPolygon<f64>) -> Vec<Ring> {
    mp.0.iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .map(|ring| {
            ring.0
                .iter()
                .map(|c| {
                    let (x, y) = p.forward(c.x, c.y);
                    [x, y]
                })
                .collect()
        })
        .collect()
}

/// Maps projected km to image pixels.
#[derive(Clone, Copy, Debug)]
struct View {
    scale: f64,
    centre_km: [f64; 2],
    centre_px: [f64; 2],
}

impl View {
    fn px(&self, p: [f64; 2]) -> [f64; 2] {
        [
            self.centre_px[0] + (p[0] - self.centre_km[0]) * self.scale,
            self.centre_px[1] - (p[1] - self.centre_km[1]) * self.scale,
        ]
    }
}

impl MapPainter {
    /// Projects the atlas geometry.
    pub fn new(atlas: &Atlas) -> Self {
        let projection = Projection::baltic();
        let regions: Vec<Vec<Ring>> = atlas
            .regions()
            .map(|(_, r)| project_rings(&projection, &r.geometry))
            .collect();
        let mut min = [f64::MAX; 2];
        let mut max = [f64::MIN; 2];
        for p in regions.iter().flatten().flatten() {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        let neighbours = atlas
            .neighbours
            .iter()
            .map(|n| project_rings(&projection, &n.geometry))
            .collect();
        let neighbour_labels = atlas
            .neighbours
            .iter()
            .map(|n| {
                let (lon, lat) = n.label_at.unwrap_or_else(|| {
                    use geo::InteriorPoint;
                    n.geometry
                        .interior_point()
                        .map_or((0.0, 0.0), |p| (p.x(), p.y()))
                });
                let (x, y) = projection.forward(lon, lat);
                [x, y]
            })
            .collect();
        let edges = region_edges(atlas)
            .into_iter()
            .map(|e| {
                let line = e
                    .line
                    .iter()
                    .map(|(lon, lat)| {
                        let (x, y) = projection.forward(*lon, *lat);
                        [x, y]
                    })
                    .collect();
                (e.a.0 as usize, e.b.map(|b| b.0 as usize), line)
            })
            .collect();
        MapPainter {
            projection,
            regions,
            neighbours,
            neighbour_labels,
            edges,
            bounds: (min, max),
        }
    }

    fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        let (x, y) = self.projection.forward(lon, lat);
        [x, y]
    }

    /// Draws the map on `date` into an SVG of `size`, showing `extent`
    /// (all three states when `None`), with the user's `layers` over it as
    /// the window shows them.
    #[allow(clippy::too_many_arguments)]
    pub fn svg(
        &self,
        atlas: &Atlas,
        chronicle: &Chronicle,
        date: Date,
        size: ImageSize,
        extent: Option<MapExtent>,
        cite: &Citations<'_>,
        layers: &[Overlay<'_>],
    ) -> String {
        let (w, h) = (size.width as f64, size.height as f64);
        let page = Page::new(w, h, (1600.0, 1200.0));
        let u = page.unit;
        let colors = MapColors::for_theme(false);
        let title = format!("Who controlled the Baltic states on {}", date.long());
        let mut svg = Svg::new(w, h, &title);
        svg.rect(0.0, 0.0, w, h, "fill=\"#ffffff\"");
        let period = chronicle
            .periods
            .iter()
            .find(|p| p.start <= date && date <= p.end)
            .map(|p| p.label.clone());
        let subtitle = match period {
            Some(p) => format!("{p} · control and borders of that day"),
            None => "Control and borders of that day".to_string(),
        };
        let header_bottom = page.header(&mut svg, &title, &subtitle);

        // Sources of every interval in force, then the geodata's own.
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
        // The base map first, so it is never cut from a long footer.
        let mut citations = vec![
            "Borders: Natural Earth 1:10m (public domain) and historical lines digitised by \
             the Baltic Atlas project (geodata/SOURCES.md)"
                .to_string(),
        ];
        citations.extend(
            layers
                .iter()
                .map(|l| format!("Layer \"{}\": the user's own file", l.layer.name)),
        );
        citations.extend(keys.iter().map(|k| cite.text(k)));
        let (footer, footer_top) = page.footer_lines(&citations, 5);

        // Legend entries: each power with its area.
        let territories = atlas.territories_at(date);
        let legend_size = 16.0 * u;
        let mut entries: Vec<(String, Rgba)> = territories
            .iter()
            .map(|t| {
                let c = atlas.controllers.get(t.controller);
                (
                    format!("{}: {} km²", c.name, thousands(t.area_km2.round() as i64)),
                    controller_fill(&c.id),
                )
            })
            .collect();
        let sites: Vec<_> = atlas
            .military_sites
            .iter()
            .filter(|s| s.active_on(date))
            .collect();
        let legend_w = (widest(
            entries
                .iter()
                .map(|e| e.0.clone())
                .chain(["Russian military site".to_string()]),
            legend_size,
            false,
        ) + 40.0 * u)
            .min(w * 0.34);

        // The map frame and the view that fits the regions into it.
        let mx0 = page.pad;
        let mx1 = w - page.pad - legend_w - 24.0 * u;
        let my0 = header_bottom + 12.0 * u;
        let my1 = footer_top - 16.0 * u;
        let (bmin, bmax, margin) = match extent {
            Some(e) => (e.min, e.max, 1.0),
            None => (self.bounds.0, self.bounds.1, 1.07),
        };
        let span = [
            ((bmax[0] - bmin[0]) * margin).max(1.0),
            ((bmax[1] - bmin[1]) * margin).max(1.0),
        ];
        let scale = ((mx1 - mx0) / span[0]).min((my1 - my0) / span[1]);
        let view = View {
            scale,
            centre_km: [(bmin[0] + bmax[0]) / 2.0, (bmin[1] + bmax[1]) / 2.0],
            centre_px: [(mx0 + mx1) / 2.0, (my0 + my1) / 2.0],
        };
        let rings_path = |rings: &[Ring]| {
            let mut d = PathData::default();
            for r in rings {
                d.ring(r.iter().map(|p| view.px(*p)));
            }
            d.finish()
        };

        let hatch = 9.0 * u;
        svg.raw(&format!(
            "<defs><clipPath id=\"map-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\
             <pattern id=\"contested\" patternUnits=\"userSpaceOnUse\" width=\"{h}\" height=\"{h}\" \
             patternTransform=\"rotate(45)\"><rect x=\"0\" y=\"0\" width=\"{hw}\" height=\"{h}\" {}/></pattern></defs>",
            num(mx0),
            num(my0),
            num(mx1 - mx0),
            num(my1 - my0),
            fill(Rgba::with_alpha(255, 255, 255, 170)),
            h = num(hatch),
            hw = num(hatch * 0.4),
        ));
        svg.group("id=\"map\" clip-path=\"url(#map-clip)\"");
        svg.rect(mx0, my0, mx1 - mx0, my1 - my0, &fill(colors.water));
        svg.group("id=\"neighbours\"");
        for rings in &self.neighbours {
            svg.path(
                &rings_path(rings),
                &format!(
                    "{} {} fill-rule=\"evenodd\"",
                    fill(colors.neighbour),
                    stroke(colors.neighbour_line, 0.8 * u)
                ),
            );
        }
        svg.end_group();
        svg.group("id=\"territories\"");
        for t in &territories {
            let c = atlas.controllers.get(t.controller);
            let rings = project_rings(&self.projection, &t.geometry);
            let color = controller_fill(&c.id);
            // A hairline of the fill colour closes antialiasing seams.
            svg.path(
                &rings_path(&rings),
                &format!(
                    "{} {} fill-rule=\"evenodd\" data-controller=\"{}\"",
                    fill(color),
                    stroke(color, 0.3 * u),
                    super::svg::escape(&c.id)
                ),
            );
        }
        for (id, _) in atlas.regions() {
            let iv = atlas.timeline(id).at(date);
            if atlas.statuses.get(iv.status).contested {
                svg.path(
                    &rings_path(&self.regions[id.0 as usize]),
                    "fill=\"url(#contested)\" fill-rule=\"evenodd\"",
                );
            }
        }
        svg.end_group();
        // Boundaries: faint inside one power's territory, strong where
        // powers meet and along coasts.
        let controller_of =
            |i: usize| atlas.controller_of(crate::geodata::regions::RegionId(i as u16), date);
        let mut faint = PathData::default();
        let mut strong = PathData::default();
        for (a, b, line) in &self.edges {
            let border = match b {
                None => true,
                Some(b) => controller_of(*a) != controller_of(*b),
            };
            let target = if border { &mut strong } else { &mut faint };
            target.open(line.iter().map(|p| view.px(*p)));
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
        // The user's layers, as the window draws them.
        for l in layers {
            draw_overlay(&mut svg, l, date, &|p| view.px(p), u, colors.halo);
        }
        // Neighbour names of the day.
        svg.group("id=\"neighbour-names\"");
        for (n, at) in atlas.neighbours.iter().zip(&self.neighbour_labels) {
            let p = view.px(*at);
            if p[0] < mx0 || p[0] > mx1 || p[1] < my0 || p[1] > my1 {
                continue;
            }
            // Keep the whole name inside the frame.
            let half = super::fonts::text_width(n.name_on(date), 15.0 * u, false) / 2.0 + 6.0 * u;
            let x = p[0].clamp(mx0 + half, (mx1 - half).max(mx0 + half));
            svg.text(
                x,
                p[1],
                n.name_on(date),
                &TextStyle::new(15.0 * u, MUTED)
                    .italic()
                    .anchor(Anchor::Middle)
                    .halo(colors.halo),
                "",
            );
        }
        svg.end_group();
        // Military sites in use.
        if !sites.is_empty() {
            svg.group("id=\"military-sites\"");
            for s in &sites {
                let p = view.px(self.project(s.point.x(), s.point.y()));
                let r = 6.0 * u;
                svg.path(
                    &triangle(p[0], p[1], r),
                    &format!(
                        "{} {}",
                        fill(controller_fill(&s.controller)),
                        stroke(Rgba::rgb(0, 0, 0), 0.9 * u)
                    ),
                );
            }
            svg.end_group();
        }
        // Cities with the names of the day; labels that would overlap are
        // left out, most important cities first.
        svg.group("id=\"cities\"");
        let mut cities: Vec<_> = chronicle.cities.iter().collect();
        cities.sort_by_key(|c| c.rank);
        let mut placed: Vec<[f64; 4]> = Vec::new();
        for city in cities {
            let p = view.px(self.project(city.lon, city.lat));
            if p[0] < mx0 || p[0] > mx1 || p[1] < my0 || p[1] > my1 {
                continue;
            }
            let capital = city.is_capital_on(date);
            let r = if capital { 4.5 * u } else { 3.5 * u };
            if capital {
                svg.rect(
                    p[0] - r,
                    p[1] - r,
                    2.0 * r,
                    2.0 * r,
                    &format!("{} {}", fill(colors.text), stroke(colors.halo, 1.2 * u)),
                );
            } else {
                svg.circle(
                    p[0],
                    p[1],
                    r,
                    &format!("{} {}", fill(colors.text), stroke(colors.halo, 1.2 * u)),
                );
            }
            if city.rank <= 3 {
                let size = if city.rank == 1 { 17.0 * u } else { 14.0 * u };
                let name = city.name_on(date);
                let tw = super::fonts::text_width(name, size, city.rank == 1);
                let rect = [p[0] + 7.0 * u, p[1] - size * 0.8, tw, size * 1.1];
                let overlaps = placed.iter().any(|q| {
                    rect[0] < q[0] + q[2]
                        && q[0] < rect[0] + rect[2]
                        && rect[1] < q[1] + q[3]
                        && q[1] < rect[1] + rect[3]
                });
                if !overlaps {
                    placed.push(rect);
                    let mut style = TextStyle::new(size, colors.text).halo(colors.halo);
                    style.bold = city.rank == 1;
                    svg.text(p[0] + 7.0 * u, p[1] + size * 0.3, name, &style, "");
                }
            }
        }
        svg.end_group();
        svg.end_group();
        svg.rect(
            mx0,
            my0,
            mx1 - mx0,
            my1 - my0,
            &format!("fill=\"none\" {}", stroke(INK, 1.0 * u)),
        );

        // Legend.
        svg.group("id=\"legend\"");
        let lx = w - page.pad - legend_w;
        let mut y = my0 + legend_size;
        svg.text(
            lx,
            y,
            "Held by",
            &TextStyle::new(legend_size, INK).bold(),
            "",
        );
        y += legend_size * 1.7;
        let sw = 26.0 * u;
        for (text, color) in entries.drain(..) {
            svg.rect(
                lx,
                y - legend_size * 0.9,
                sw,
                legend_size * 1.1,
                &format!("{} {}", fill(color), stroke(colors.border, 0.8 * u)),
            );
            svg.text(
                lx + sw + 10.0 * u,
                y,
                &text,
                &TextStyle::new(legend_size, INK),
                "",
            );
            y += legend_size * 1.7;
        }
        for text in &contested {
            svg.rect(
                lx,
                y - legend_size * 0.9,
                sw,
                legend_size * 1.1,
                &format!(
                    "{} {}",
                    fill(Rgba::rgb(0x99, 0x99, 0x99)),
                    stroke(colors.border, 0.8 * u)
                ),
            );
            svg.rect(
                lx,
                y - legend_size * 0.9,
                sw,
                legend_size * 1.1,
                "fill=\"url(#contested)\"",
            );
            let lines = super::fonts::wrap(text, 14.0 * u, false, legend_w - sw - 10.0 * u);
            for (i, line) in lines.iter().enumerate() {
                svg.text(
                    lx + sw + 10.0 * u,
                    y + i as f64 * 14.0 * u * 1.3,
                    line,
                    &TextStyle::new(14.0 * u, INK),
                    "",
                );
            }
            y += lines.len().saturating_sub(1) as f64 * 14.0 * u * 1.3 + legend_size * 1.7;
        }
        for l in layers {
            let mid = y - legend_size * 0.35;
            svg.line([lx, mid], [lx + sw, mid], &stroke(l.color, 3.0 * u));
            svg.text(
                lx + sw + 10.0 * u,
                y,
                &format!("{} (your layer)", l.layer.name),
                &TextStyle::new(legend_size, INK),
                "",
            );
            y += legend_size * 1.7;
        }
        if !sites.is_empty() {
            let r = 6.0 * u;
            let (cx, cy) = (lx + sw / 2.0, y - legend_size * 0.35);
            svg.path(
                &triangle(cx, cy, r),
                &format!(
                    "{} {}",
                    fill(controller_fill("RU")),
                    stroke(Rgba::rgb(0, 0, 0), 0.9 * u)
                ),
            );
            svg.text(
                lx + sw + 10.0 * u,
                y,
                "Russian military site",
                &TextStyle::new(legend_size, INK),
                "",
            );
            y += legend_size * 1.7;
        }
        y += legend_size * 0.5;
        let sq = TextStyle::new(13.0 * u, MUTED);
        svg.rect(lx + 4.0 * u, y - 11.0 * u, 9.0 * u, 9.0 * u, &fill(INK));
        svg.text(lx + sw + 10.0 * u, y, "Capital on that day", &sq, "");
        y += 13.0 * u * 1.6;
        svg.circle(lx + 8.5 * u, y - 5.0 * u, 4.0 * u, &fill(INK));
        svg.text(lx + sw + 10.0 * u, y, "City (name of that day)", &sq, "");
        // Scale bar under the legend (the projection is conformal and true to
        // within 1% over the Baltic states).
        // The longest round distance that fits under the legend.
        let bar_km = [500.0, 200.0, 100.0, 50.0, 20.0, 10.0, 5.0, 2.0, 1.0]
            .into_iter()
            .find(|km| km * scale <= legend_w * 0.8)
            .unwrap_or(1.0);
        let bar = bar_km * scale;
        let (sx, sy) = (lx + 8.0 * u, y + 34.0 * u);
        svg.group("id=\"scale\"");
        svg.rect(sx, sy - 4.0 * u, bar, 6.0 * u, &fill(INK));
        svg.rect(
            sx + bar / 2.0,
            sy - 4.0 * u + 1.0 * u,
            bar / 2.0 - 1.0 * u,
            4.0 * u,
            &fill(Rgba::rgb(255, 255, 255)),
        );
        svg.text(
            sx,
            sy - 9.0 * u,
            "0",
            &TextStyle::new(12.0 * u, INK).anchor(Anchor::Middle),
            "",
        );
        svg.text(
            sx + bar,
            sy - 9.0 * u,
            &format!("{bar_km:.0} km"),
            &TextStyle::new(12.0 * u, INK).anchor(Anchor::Middle),
            "",
        );
        svg.end_group();

        svg.end_group();

        page.footer(&mut svg, &footer, footer_top);
        svg.finish()
    }
}
