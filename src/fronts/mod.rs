//! Daily fronts: during the campaigns of 1941 and 1944–45, who held a place
//! is interpolated from the sourced days on which the towns around it
//! changed hands (see [`field`]), not read from its region's timeline.
//! Outside the campaigns, and in regions a campaign did not pass through,
//! the region timeline rules as before.
//!
//! Domain only: the map scene draws [`zones::DayZones`], the query explains
//! a [`FrontEstimate`].

pub mod areas;
pub mod captures;
pub mod cut;
pub mod field;
pub mod zones;

use captures::{Capture, HeldLine, Side};
use field::{Anchor, FrontField};
use zones::DayZones;

use crate::date::Date;
use crate::error::AtlasError;
use crate::geodata::controllers::{ControllerId, Controllers};
use crate::geodata::regions::Region;
use crate::geodata::timeline::RegionTimeline;
use crate::map::Projection;
use crate::vertex_key::{FxMap, key};

/// Campaigns whose windows are closer than this (days) and run the same
/// way form one front: the Narva front, the summer offensive and the
/// Courland Pocket are one Soviet advance, held lines between them.
const JOIN_GAP_DAYS: i32 = 60;

/// How a region a front passed through is coloured on either side of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Play {
    /// The region's holder before the front reached it.
    pub before: ControllerId,
    /// Its holder once taken.
    pub after: ControllerId,
}

impl Play {
    /// The holders on either side of the front on `date`, as the region
    /// timeline names them that day when it agrees with the side (the
    /// Estonian SSR, then the Russian SFSR after a transfer), else the
    /// holders before and after the front's window.
    pub fn on(
        self,
        field: &FrontField,
        timeline: &RegionTimeline,
        controllers: &Controllers,
        date: Date,
    ) -> Play {
        let today = timeline.at(date).controller;
        let id = |c: ControllerId| controllers.get(c).id.as_str();
        Play {
            before: if field.from.holds(id(today)) {
                today
            } else {
                self.before
            },
            after: if field.to.holds(id(today)) {
                today
            } else {
                self.after
            },
        }
    }
}

/// All fronts, with which regions each passes through.
#[derive(Debug, Default)]
pub struct Fronts {
    /// The gazetteer rows.
    pub captures: Vec<Capture>,
    /// The held lines.
    pub lines: Vec<HeldLine>,
    /// One field per front.
    pub fields: Vec<FrontField>,
    /// For each field, each region: its colours when the front passes
    /// through it (None: the region timeline rules).
    play: Vec<Vec<Option<Play>>>,
    /// For each front and region in play: the region projected,
    /// simplified and cut by the front's triangles for areas, made on first
    /// use.
    area_cuts: std::sync::Mutex<FxMap<(usize, usize), std::sync::Arc<areas::AreaCut>>>,
    /// The shares of each day asked for (by day index), kept: the
    /// background thread's territory chart computes every campaign day,
    /// after which the legend of a day is a lookup.
    shares_by_day: std::sync::Mutex<FxMap<i32, Vec<areas::Share>>>,
}

/// One sourced (or held-line) anchor of an interpolated answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Anchoring {
    /// "Tartu", "Courland Pocket line (held side)"…
    pub name: String,
    /// The anchor's day as things stood on the asked date.
    pub day: Date,
    /// Its weight in the interpolation (0–1).
    pub weight: f64,
    /// Where its day comes from.
    pub sources: Vec<String>,
    /// How sure its day is ("day stated by the source"…).
    pub confidence: &'static str,
}

/// Who held a point on a day according to a front, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FrontEstimate {
    /// The field (index into [`Fronts::fields`]).
    pub field: usize,
    /// True when the front had passed the point by the day.
    pub taken: bool,
    /// The interpolated day the point was (or would be) taken.
    pub day: Date,
    /// True when the point is a sourced place (its own day, not
    /// interpolated).
    pub sourced: bool,
    /// The spread of the anchors' days, days: how uncertain the
    /// interpolated day is.
    pub spread_days: i64,
    /// The anchors, heaviest first.
    pub anchors: Vec<Anchoring>,
    /// The side that held it.
    pub holder: Side,
}

impl Fronts {
    /// Parses the gazetteer and the held lines.
    pub fn parse(
        captures: &str,
        captures_file: &str,
        lines: &str,
        lines_file: &str,
    ) -> Result<(Vec<Capture>, Vec<HeldLine>), AtlasError> {
        Ok((
            captures::parse_captures(captures, captures_file)?,
            captures::parse_held_lines(lines, lines_file)?,
        ))
    }

    /// Groups the campaigns into fronts, triangulates each and finds the
    /// regions each passes through: those held by the losing side just
    /// before the front's window and by the winning side at its end.
    pub fn build(
        captures: Vec<Capture>,
        lines: Vec<HeldLine>,
        regions: &[Region],
        timelines: &[RegionTimeline],
        controllers: &Controllers,
    ) -> Self {
        let projection = Projection::baltic();
        let islands = islands(regions);
        let region_of: Vec<Option<usize>> = captures
            .iter()
            .map(|c| region_containing(regions, c.lon, c.lat))
            .collect();
        let mut fields = Vec::new();
        for group in campaign_groups(&captures, &lines) {
            // Places on islands do not anchor the mainland's front: the
            // islands follow their region timeline.
            let rows: Vec<usize> = (0..captures.len())
                .filter(|&i| group.contains(&captures[i].campaign))
                .filter(|&i| !region_of[i].is_some_and(|r| islands[r]))
                .collect();
            let line_rows: Vec<usize> = (0..lines.len())
                .filter(|&i| group.contains(&lines[i].campaign))
                .collect();
            let Some(mut f) = FrontField::build(&captures, &rows, &lines, &line_rows, &projection)
            else {
                continue;
            };
            f.retaken_until =
                retaken_until(&f, &captures, &rows, &region_of, timelines, controllers);
            fields.push(f);
        }
        let play = fields
            .iter()
            .map(|f| {
                timelines
                    .iter()
                    .zip(&islands)
                    .map(|(tl, island)| {
                        if *island {
                            None
                        } else {
                            region_play(f, tl, controllers)
                        }
                    })
                    .collect()
            })
            .collect();
        Fronts {
            captures,
            lines,
            fields,
            play,
            area_cuts: Default::default(),
            shares_by_day: Default::default(),
        }
    }

    /// The front passing through `region` on `date`, if any: its index and
    /// the region's colours.
    pub fn front_for(&self, region: usize, date: Date) -> Option<(usize, Play)> {
        self.fields.iter().enumerate().find_map(|(i, f)| {
            let play = (*self.play.get(i)?.get(region)?)?;
            f.covers(date).then_some((i, play))
        })
    }

    /// The regions a front passes through on `date`, with their holders
    /// on either side of it that day.
    pub fn regions_in_play(
        &self,
        field: usize,
        date: Date,
        timelines: &[RegionTimeline],
        controllers: &Controllers,
    ) -> Vec<(usize, Play)> {
        match (self.fields.get(field), self.play.get(field)) {
            (Some(f), Some(play)) if f.covers(date) => play
                .iter()
                .enumerate()
                .filter_map(|(r, p)| {
                    let p = (*p)?;
                    Some((r, p.on(f, timelines.get(r)?, controllers, date)))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The regions front `field` passes through at some time in its
    /// window (what a background warm-up cuts ahead of the user).
    pub fn regions_of(&self, field: usize) -> Vec<usize> {
        self.play.get(field).map_or_else(Vec::new, |play| {
            (0..play.len()).filter(|&r| play[r].is_some()).collect()
        })
    }

    /// The fronts, nearest to `date` first (the one moving on it, then by
    /// how many days its window lies away): the order a warm-up serves
    /// the date the user is looking at.
    pub fn nearest_first(&self, date: Date) -> Vec<usize> {
        let away = |f: &FrontField| {
            let (a, b) = (f.window.0.day_index(), f.window.1.day_index());
            let d = date.day_index();
            if d < a { a - d } else { (d - b).max(0) }
        };
        let mut order: Vec<usize> = (0..self.fields.len()).collect();
        order.sort_by_key(|&i| away(&self.fields[i]));
        order
    }

    /// Calls `each(field, front, region)` for every region every front
    /// passes through, the front nearest `near` first, until `stop` is
    /// set: the walk of the background warm-ups.
    pub fn each_region_near(
        &self,
        near: Date,
        stop: &std::sync::atomic::AtomicBool,
        mut each: impl FnMut(usize, &FrontField, usize),
    ) {
        for field in self.nearest_first(near) {
            let Some(f) = self.fields.get(field) else {
                continue;
            };
            for r in self.regions_of(field) {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                each(field, f, r);
            }
        }
    }

    /// The fronts moving on `date`.
    pub fn active(&self, date: Date) -> impl Iterator<Item = usize> + '_ {
        self.fields
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.covers(date))
            .map(|(i, _)| i)
    }

    /// Who held the point at projected `at` (km) on `date` according to
    /// front `field`, with the anchors the answer rests on.
    pub fn estimate(&self, field: usize, at: [f64; 2], date: Date) -> Option<FrontEstimate> {
        let f = self.fields.get(field)?;
        let located = f.locate(at)?;
        let days = f.face_values(&self.captures, &self.lines, located.face, date);
        let day: f64 = days.iter().zip(located.weights).map(|(d, w)| d * w).sum();
        let face = f.faces[located.face as usize];
        let anchors: Vec<Anchoring> = face
            .iter()
            .zip(located.weights)
            .zip(days)
            .map(|((&v, weight), d)| self.anchoring(f, v as usize, weight, d))
            .collect();
        // The corners of one place count once.
        let mut merged: Vec<Anchoring> = Vec::new();
        for a in anchors {
            match merged
                .iter_mut()
                .find(|m| m.name == a.name && m.day == a.day)
            {
                Some(m) => m.weight += a.weight,
                None => merged.push(a),
            }
        }
        let mut anchors = merged;
        anchors.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        anchors.retain(|a| a.weight > 0.005);
        // Inside a place's plateau every corner is that place.
        let sourced = match &f.vertices[face[0] as usize].anchor {
            Anchor::Place(rows) => face
                .iter()
                .all(|&v| f.vertices[v as usize].anchor == Anchor::Place(rows.clone())),
            _ => false,
        };
        if sourced {
            anchors.truncate(1);
            if let Some(a) = anchors.first_mut() {
                a.weight = 1.0;
            }
        }
        let lo = days.iter().copied().fold(f64::MAX, f64::min);
        let hi = days.iter().copied().fold(f64::MIN, f64::max);
        let taken = day <= date.day_index() as f64 + 1e-9;
        Some(FrontEstimate {
            field,
            taken,
            day: Date::from_day_index(day.round() as i64),
            sourced,
            spread_days: (hi - lo).round() as i64,
            anchors,
            holder: if taken { f.to } else { f.from },
        })
    }

    fn anchoring(&self, f: &FrontField, v: usize, weight: f64, day: f64) -> Anchoring {
        let day = Date::from_day_index(day.round() as i64);
        match &f.vertices[v].anchor {
            Anchor::Place(rows) => {
                let c = &self.captures[rows[0]];
                Anchoring {
                    name: c.name.clone(),
                    day,
                    weight,
                    sources: rows
                        .iter()
                        .flat_map(|&r| self.captures[r].sources.clone())
                        .collect(),
                    confidence: c.confidence.label(),
                }
            }
            Anchor::HeldLine { line, early } => {
                let l = &self.lines[*line];
                Anchoring {
                    name: format!(
                        "{} ({})",
                        short(&l.description),
                        if *early {
                            "the front reached it"
                        } else {
                            "where it gave way"
                        }
                    ),
                    day,
                    weight,
                    sources: l.sources.clone(),
                    confidence: "held line",
                }
            }
            Anchor::Corner(n) => Anchoring {
                name: format!(
                    "beyond the outermost places: {}'s day",
                    self.anchoring(f, *n, weight, day.day_index() as f64).name
                ),
                day,
                weight,
                sources: Vec::new(),
                confidence: "extrapolated",
            },
        }
    }

    /// The triangles of `field` with their days on `date` (each vertex's
    /// day computed once, not once per triangle).
    pub fn face_days(&self, field: usize, date: Date) -> zones::FaceDays {
        let Some(f) = self.fields.get(field) else {
            return zones::FaceDays::default();
        };
        let days: Vec<f64> = (0..f.vertices.len())
            .map(|v| f.value(&self.captures, &self.lines, v, date))
            .collect();
        zones::FaceDays::new(
            f.faces
                .iter()
                .map(|face| {
                    (
                        face.map(|v| f.vertices[v as usize].at),
                        face.map(|v| days[v as usize]),
                    )
                })
                .collect(),
        )
    }

    /// The front of `field` on `date`: taken land, the band and the line,
    /// in projected km over the whole field (the scene keeps what lies in
    /// the regions in play).
    pub fn zones(&self, field: usize, date: Date) -> DayZones {
        let mut out = DayZones::default();
        let Some(f) = self.fields.get(field) else {
            return out;
        };
        let day = date.day_index() as f64;
        for (i, face) in f.faces.iter().enumerate() {
            let t = face.map(|v| f.vertices[v as usize].at);
            let days = f.face_values(&self.captures, &self.lines, i as u32, date);
            zones::triangle_zones(t, days, day, band_days(t), &mut out);
        }
        out
    }
}

/// The widest band, days either side of the date.
pub const BAND_DAYS_MAX: f64 = 4.0;

/// The band's half-width for a triangle, days: wider where the sourced
/// places are far apart (a day for every 40 km of its longest side, from
/// 1.5 to 4 days).
pub fn band_days(t: [[f64; 2]; 3]) -> f64 {
    let longest = (0..3)
        .map(|i| {
            let (a, b) = (t[i], t[(i + 1) % 3]);
            ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
        })
        .fold(0.0, f64::max);
    (longest / 40.0).clamp(1.5, BAND_DAYS_MAX)
}

/// The first clause of a description (up to a colon, semicolon or
/// parenthesis, and at most about 48 characters), for naming a held line
/// in one line of text.
fn short(description: &str) -> String {
    let end = description
        .find([':', ';', '('])
        .unwrap_or(description.len());
    let clause = description[..end].trim();
    if clause.chars().count() <= 48 {
        return clause.to_string();
    }
    let mut out = String::new();
    for word in clause.split_whitespace() {
        if out.chars().count() + word.chars().count() > 44 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{out}…")
}

/// The campaigns in groups that form one front each: same direction, and
/// windows that overlap or nearly touch.
fn campaign_groups(captures: &[Capture], lines: &[HeldLine]) -> Vec<Vec<String>> {
    let mut campaigns: Vec<(String, Date, Date, Side)> = Vec::new();
    for c in captures {
        match campaigns.iter_mut().find(|k| k.0 == c.campaign) {
            Some(k) => {
                k.1 = k.1.min(c.date);
                k.2 = k.2.max(c.date);
            }
            None => campaigns.push((c.campaign.clone(), c.date, c.date, c.to)),
        }
    }
    for l in lines {
        if let Some(k) = campaigns.iter_mut().find(|k| k.0 == l.campaign) {
            k.1 = k.1.min(l.from);
            k.2 = k.2.max(l.to);
        }
    }
    // The direction most of the rows take (a tie goes to the latest row:
    // the Narva front ends with the Soviet capture of Narva).
    for k in &mut campaigns {
        let rows: Vec<&Capture> = captures.iter().filter(|c| c.campaign == k.0).collect();
        let soviet = rows.iter().filter(|c| c.to == Side::Soviet).count();
        let german = rows.len() - soviet;
        let latest = rows.iter().max_by_key(|c| c.date).map(|c| c.to);
        k.3 = match soviet.cmp(&german) {
            std::cmp::Ordering::Greater => Side::Soviet,
            std::cmp::Ordering::Less => Side::German,
            std::cmp::Ordering::Equal => latest.unwrap_or(Side::German),
        };
    }
    campaigns.sort_by_key(|k| k.1);
    let mut groups: Vec<(Vec<String>, Date, Side)> = Vec::new();
    for (name, start, end, to) in campaigns {
        match groups.last_mut() {
            Some(g) if g.2 == to && start.day_index() - g.1.day_index() <= JOIN_GAP_DAYS => {
                g.0.push(name);
                g.1 = g.1.max(end);
            }
            _ => groups.push((vec![name], end, to)),
        }
    }
    groups.into_iter().map(|g| g.0).collect()
}

/// The regions not joined to the mainland by shared boundaries: the
/// islands (Saaremaa with Sõrve and Muhu, Hiiumaa…), across the sea from
/// the places around them. The mainland is the largest group of regions
/// joined by shared vertices.
fn islands(regions: &[Region]) -> Vec<bool> {
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: FxMap<(i64, i64), usize> = FxMap::default();
    let mut parent: Vec<usize> = (0..regions.len()).collect();
    for (i, r) in regions.iter().enumerate() {
        for p in &r.geometry.0 {
            for c in p
                .exterior()
                .0
                .iter()
                .chain(p.interiors().iter().flat_map(|h| h.0.iter()))
            {
                let o = *owner.entry(key(c.x, c.y)).or_insert(i);
                let (a, b) = (root(&mut parent, o), root(&mut parent, i));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let roots: Vec<usize> = (0..regions.len()).map(|i| root(&mut parent, i)).collect();
    let mainland = roots
        .iter()
        .max_by_key(|r| roots.iter().filter(|o| o == r).count())
        .copied();
    roots.iter().map(|r| Some(*r) != mainland).collect()
}

/// The region holding a point, if any.
fn region_containing(regions: &[Region], lon: f64, lat: f64) -> Option<usize> {
    use geo::Intersects;
    let p = geo::Point::new(lon, lat);
    regions
        .iter()
        .position(|r| r.bbox.intersects(&p) && r.geometry.intersects(&p))
}

/// For each place retaken by a counter-attack with no later row saying it
/// was taken again: the day its region's timeline gives it back to the
/// front's side (the region's own sourced day).
fn retaken_until(
    f: &FrontField,
    captures: &[Capture],
    rows: &[usize],
    region_of: &[Option<usize>],
    timelines: &[RegionTimeline],
    controllers: &Controllers,
) -> Vec<(usize, Date)> {
    let mut out = Vec::new();
    for &r in rows {
        let c = &captures[r];
        let later = rows.iter().any(|&o| {
            captures[o].date > c.date
                && (captures[o].lon - c.lon).abs() < 1e-3
                && (captures[o].lat - c.lat).abs() < 1e-3
        });
        if c.to != f.from || later {
            continue;
        }
        let Some(tl) = region_of[r].and_then(|i| timelines.get(i)) else {
            continue;
        };
        let back = tl
            .intervals()
            .iter()
            .find(|iv| iv.start > c.date && f.to.holds(controllers.get(iv.controller).id.as_str()));
        if let Some(iv) = back {
            out.push((r, iv.start));
        }
    }
    out
}

/// A region's colours on either side of a front, when the front passes
/// through it: held by the losing side the day before the window and by
/// the winning side on its last day.
fn region_play(f: &FrontField, tl: &RegionTimeline, controllers: &Controllers) -> Option<Play> {
    let before = tl.at(f.window.0.add_days(-1)).controller;
    let after = tl.at(f.window.1).controller;
    let id = |c: ControllerId| controllers.get(c).id.as_str();
    (f.from.holds(id(before)) && f.to.holds(id(after))).then_some(Play { before, after })
}

impl FrontEstimate {
    /// One sentence saying who held the point by the front, and that the
    /// day is modelled unless the point is a sourced place.
    pub fn summary(&self) -> String {
        let side = self.holder.label();
        match (self.sourced, self.taken) {
            (true, true) => format!(
                "a sourced place: taken by the {side} side on {}",
                self.day.long()
            ),
            (true, false) => format!(
                "a sourced place: held by the {side} side until it fell on {}",
                self.day.long()
            ),
            (false, true) => format!(
                "interpolated front (modelled, not recorded): taken by the {side} side about {}; \
                 the days of the places around it span {} days",
                self.day.long(),
                self.spread_days
            ),
            (false, false) => format!(
                "interpolated front (modelled, not recorded): still held by the {side} side; \
                 the front reaches it about {}; the days of the places around it span {} days",
                self.day.long(),
                self.spread_days
            ),
        }
    }

    /// The pages the anchors rest on, each once, sorted.
    pub fn pages(&self) -> Vec<&str> {
        let mut urls: Vec<&str> = self
            .anchors
            .iter()
            .flat_map(|a| a.sources.iter().map(String::as_str))
            .collect();
        urls.sort();
        urls.dedup();
        urls
    }

    /// One line per anchor: name, day, weight and how sure its day is.
    pub fn anchor_lines(&self) -> Vec<String> {
        self.anchors
            .iter()
            .map(|a| {
                format!(
                    "{} – {} ({:.0}%, {})",
                    a.name,
                    a.day.long(),
                    a.weight * 100.0,
                    a.confidence
                )
            })
            .collect()
    }
}

/// How many days either side of the date a capture counts as "in force"
/// for the citation of a map.
const CITED_DAYS: i64 = 10;

impl Fronts {
    /// The legend's word on the fronts of `date`, if one is moving.
    pub fn legend_note(&self, date: Date) -> Option<String> {
        self.active(date).next()?;
        Some(
            "Dashed line: the front of the day, interpolated between sourced town captures \
             (modelled, not recorded); lighter band: within a few days of it"
                .to_string(),
        )
    }

    /// The footer's citation of the fronts of `date`: the method and the
    /// captures within ten days of the date.
    pub fn citation(&self, date: Date) -> Option<String> {
        let field = self.active(date).next()?;
        let f = &self.fields[field];
        let mut near: Vec<&Capture> = self
            .captures
            .iter()
            .filter(|c| f.campaigns.contains(&c.campaign))
            .filter(|c| (c.date.day_index() as i64 - date.day_index() as i64).abs() <= CITED_DAYS)
            .collect();
        near.sort_by_key(|c| c.date);
        let shown: Vec<String> = near
            .iter()
            .take(12)
            .map(|c| format!("{} {}", c.name, c.date.long()))
            .collect();
        let more = near.len().saturating_sub(shown.len());
        let rows = self
            .captures
            .iter()
            .filter(|c| f.campaigns.contains(&c.campaign))
            .count();
        Some(format!(
            "Fronts: interpolated by Baltic Atlas between {rows} sourced town captures \
             (geodata/captures/captures.csv; method in geodata/SOURCES.md){}{}",
            if shown.is_empty() {
                String::new()
            } else {
                format!("; captures within {CITED_DAYS} days: {}", shown.join(", "))
            },
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ))
    }
}
