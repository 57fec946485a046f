//! Chart definitions shared by the interactive charts and the file export:
//! which series a chart has, the points in them (built from the figures and,
//! for territory, computed from the geodata), and the drawing decisions both
//! renderers must agree on (axis range, bar offsets, step outlines, dashes).

use crate::atlas::Atlas;
use crate::date::Date;
use crate::figures::{Figure, Unit};
use crate::geodata::controllers::{Controller, ControllerId, ControllerKind};
use crate::style::Rgba;

pub mod registry;
pub mod stack;

pub use registry::{Builder, ChartKind, ChartSpec, PanelPlace};
pub use stack::{GroupValue, StackBand, StackGroup, StackPiece};

/// Where a [`Chart`] comes from: the built-in list, or a file of figures
/// the user opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartOrigin {
    /// One of the built-in charts.
    Builtin(ChartKind),
    /// A chart of the user's own figures.
    UserFigures,
}

impl ChartOrigin {
    /// The name used in file names and in exported tables.
    pub fn slug(self) -> &'static str {
        match self {
            ChartOrigin::Builtin(kind) => kind.slug(),
            ChartOrigin::UserFigures => "your-figures",
        }
    }
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesStyle {
    /// Points joined by straight lines (census results).
    Line,
    /// A value that holds until the next point (troops, territory).
    Step,
    /// Bars at their dates (deportation operations).
    Bars,
    /// Separate values that must not be joined (troop counts known only at
    /// some dates).
    Points,
    /// A value that holds until the next point, stacked on the series
    /// before it (territory: the powers' areas add up to the whole map).
    Stacked,
}

/// One value of a series with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPoint {
    /// Where it sits on the time axis.
    pub date: Date,
    /// The value.
    pub value: f64,
    /// A label (operation name) if any.
    pub label: String,
    /// Source keys.
    pub sources: Vec<String>,
    /// Note (disagreeing sources, approximations).
    pub note: String,
}

/// A named series.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    /// Legend name.
    pub name: String,
    /// The country it belongs to (EE, LV, LT), for linking with the map.
    pub country: Option<String>,
    /// The controller it shows (territory chart).
    pub controller: Option<String>,
    /// The group it is listed under in a stacked chart's legend (a power
    /// and its republics); `None`: a group of its own.
    pub group: Option<String>,
    /// Its colour when it is fixed by the data: a controller's colour
    /// from `controllers.csv`. `None`: the colour of its country.
    pub fill: Option<Rgba>,
    /// How to draw it.
    pub style: SeriesStyle,
    /// Whether its line is dashed (Russian shares beside titular shares).
    pub dashed: bool,
    /// Its points, by date.
    pub points: Vec<ChartPoint>,
}

/// A chart: title, axis text, series.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Which chart.
    pub origin: ChartOrigin,
    /// Title for the panel and exported images.
    pub title: String,
    /// Y axis label, with unit.
    pub y_label: String,
    /// Unit of the values.
    pub unit: Unit,
    /// The series.
    pub series: Vec<ChartSeries>,
}

/// The time axis every chart shows, in decimal years: the atlas period with
/// room for the censuses of 1923 and 2001 on either side.
pub const X_RANGE: (f64, f64) = (1920.0, 2002.0);

/// Width of a deportation bar, in years, on the app's 80-year axis.
pub const BAR_WIDTH: f64 = 0.85;

/// Bar width and the distance between the countries' bars of one
/// operation, in years, for an axis spanning `span_years`. On the app's long
/// axis bars must be wide to be seen; on a zoomed axis (an exported image
/// of 1941–1951) they are narrow so the 1948 and 1949 operations do not
/// overlap.
pub fn bar_layout(span_years: f64) -> (f64, f64) {
    if span_years <= 30.0 {
        (0.26, 0.28)
    } else {
        (BAR_WIDTH, 0.9)
    }
}

impl ChartSeries {
    /// The value in force on `date` for step series (the last point on or
    /// before it), or `None` before the first point.
    pub fn step_value_at(&self, date: Date) -> Option<f64> {
        let i = self.points.partition_point(|p| p.date <= date);
        (i > 0).then(|| self.points[i - 1].value)
    }

    /// Points as (decimal year, value).
    pub fn xy(&self) -> Vec<[f64; 2]> {
        self.points
            .iter()
            .map(|p| [p.date.decimal_year(), p.value])
            .collect()
    }

    /// The outline of a step series: each value held until the next point,
    /// the last one to the end of the atlas period.
    pub fn step_outline(&self) -> Vec<[f64; 2]> {
        let mut pts: Vec<[f64; 2]> = Vec::new();
        for (i, p) in self.points.iter().enumerate() {
            let x = p.date.decimal_year();
            if i > 0 {
                pts.push([x, self.points[i - 1].value]);
            }
            pts.push([x, p.value]);
        }
        if let Some(last) = self.points.last() {
            pts.push([Date::LAST.decimal_year() + 1.0 / 365.0, last.value]);
        }
        pts
    }

    /// The order of this series' bars within an operation's group: Estonia,
    /// Latvia, Lithuania from the left.
    fn bar_rank(&self) -> u8 {
        match self.country.as_deref() {
            Some("EE") => 0,
            Some("LV") => 1,
            Some("LT") => 2,
            _ => 3,
        }
    }
}

impl Chart {
    /// The years the window's plot spans: a chart of bars only (the
    /// deportation operations, 1941–1951) is fitted to its data so that
    /// its bars are wide enough to read and hover and stand at their dates;
    /// every other chart uses the atlas's whole time axis. Fixed per chart,
    /// so the plot does not move while the date changes.
    pub fn window_x_range(&self) -> (f64, f64) {
        let bars_only =
            !self.series.is_empty() && self.series.iter().all(|s| s.style == SeriesStyle::Bars);
        match self.data_span() {
            Some((a, b)) if bars_only => (
                (a.decimal_year() - 1.0).floor(),
                (b.decimal_year() + 1.0).ceil(),
            ),
            _ => X_RANGE,
        }
    }

    /// Where the bar of point `point` of series `series` stands, in decimal
    /// years: the bars of one operation (same day and label) side by side,
    /// `spacing` apart, the group centred on the operation's date, so an
    /// operation in one country alone (Vesna, Osen) stands at its date.
    pub fn bar_x(&self, series: usize, point: usize, spacing: f64) -> f64 {
        let s = &self.series[series];
        let p = &s.points[point];
        let mut ranks: Vec<u8> = self
            .series
            .iter()
            .filter(|o| o.style == SeriesStyle::Bars)
            .filter(|o| {
                o.points
                    .iter()
                    .any(|q| q.date == p.date && q.label == p.label)
            })
            .map(ChartSeries::bar_rank)
            .collect();
        ranks.sort_unstable();
        let slot = ranks.iter().position(|r| *r == s.bar_rank()).unwrap_or(0) as f64;
        let centre = (ranks.len().max(1) - 1) as f64 / 2.0;
        p.date.decimal_year() + (slot - centre) * spacing
    }

    /// Builds one built-in chart from the figures or the geodata, as its
    /// entry in the chart list says.
    pub fn build(kind: ChartKind, atlas: &Atlas, figs: &[Figure]) -> Chart {
        match kind.spec().builder {
            Builder::Figures(build) => build(figs),
            Builder::Geodata { full, .. } => full(atlas),
        }
    }

    /// First and last dates of the plotted data.
    pub fn data_span(&self) -> Option<(Date, Date)> {
        let dates = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.date));
        let min = dates.clone().min()?;
        Some((min, dates.max()?))
    }

    /// The largest value plotted (0 when empty); for a stacked chart, the
    /// top of the stack.
    pub fn max_value(&self) -> f64 {
        if self.is_stacked() {
            return self.stack_pieces().iter().map(|p| p.hi).fold(0.0, f64::max);
        }
        self.series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.value))
            .fold(0.0, f64::max)
    }

    /// The chart without the series named in `hidden`: what the user sees
    /// after switching series off in the legend, so an export shows the
    /// same (and cites only the sources of what it plots).
    pub fn without_series(&self, hidden: &[String]) -> Chart {
        let mut chart = self.clone();
        chart.series.retain(|s| !hidden.contains(&s.name));
        chart
    }

    /// The series of the controller with id `id` (the territory chart has
    /// one per controller), if any.
    pub fn controller_series(&self, id: &str) -> Option<&ChartSeries> {
        self.series
            .iter()
            .find(|s| s.controller.as_deref() == Some(id))
    }

    /// Every source key the plotted points cite, in first-seen order.
    pub fn source_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for k in self
            .series
            .iter()
            .flat_map(|s| s.points.iter())
            .flat_map(|p| p.sources.iter())
        {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        keys
    }
}

/// A value as the charts print it: a percentage, or thousands separated
/// and followed by the unit.
pub fn format_value(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{v:.1}%"),
        Unit::Persons | Unit::Troops | Unit::SquareKm => {
            format!("{} {}", thousands(v.round() as i64), unit.suffix())
        }
    }
}

/// A value-axis tick label: a whole percentage, or a number with thousands
/// separated (the axis title carries the unit).
pub fn tick_label(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{v:.0}%"),
        Unit::Persons | Unit::Troops | Unit::SquareKm => thousands(v.round() as i64),
    }
}

/// A value-axis tick label where room is short (the window's narrow
/// chart columns): `2.5M`, `40k`, `950`, `25%`. Hovering a value gives it
/// in full.
pub fn compact_tick_label(v: f64, unit: Unit) -> String {
    let short = |x: f64, suffix: &str| {
        let text = format!("{x:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text);
        format!("{text}{suffix}")
    };
    match unit {
        Unit::Percent => format!("{v:.0}%"),
        _ if v.abs() >= 1e6 => short(v / 1e6, "M"),
        _ if v.abs() >= 1e3 => short(v / 1e3, "k"),
        _ => format!("{:.0}", v.round()),
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

const COUNTRIES: [(&str, &str); 3] = [("EE", "Estonia"), ("LV", "Latvia"), ("LT", "Lithuania")];

/// A country code of the figures (`EE`, `LV`, `LT`, `ALL`) as people read
/// it: "Estonia", …, "all three states"; an unknown code as it is.
pub fn country_name(code: &str) -> &str {
    match COUNTRIES.iter().find(|(c, _)| *c == code) {
        Some((_, name)) => name,
        None if code == "ALL" => "all three states",
        None => code,
    }
}

/// The points of one series. Where several sources give a value for the
/// same day, the first row in the file is plotted and the others are named
/// in its note, so a reader sees that sources disagree.
fn points(figs: &[Figure], series: &str, country: &str) -> Vec<ChartPoint> {
    let mut v: Vec<ChartPoint> = Vec::new();
    for f in figs
        .iter()
        .filter(|f| f.series == series && f.country == country)
    {
        if let Some(p) = v.iter_mut().find(|p| p.date == f.date) {
            if (p.value - f.value).abs() > 1e-9 {
                // Named by its citation where the point lists its sources
                // (the keys are internal), so the note says only the value.
                let alt = format!("another source gives {}", format_value(f.value, f.unit));
                for k in &f.sources {
                    if !p.sources.contains(k) {
                        p.sources.push(k.clone());
                    }
                }
                p.note = if p.note.is_empty() {
                    alt
                } else {
                    format!("{}; {alt}", p.note)
                };
            }
            continue;
        }
        v.push(ChartPoint {
            date: f.date,
            value: f.value,
            label: f.label.clone(),
            sources: f.sources.clone(),
            note: f.note.clone(),
        });
    }
    v.sort_by_key(|p| p.date);
    v
}

fn per_country(
    figs: &[Figure],
    series: &str,
    style: SeriesStyle,
    suffix: &str,
) -> Vec<ChartSeries> {
    COUNTRIES
        .iter()
        .map(|(code, name)| ChartSeries {
            name: format!("{name}{suffix}"),
            country: Some(code.to_string()),
            controller: None,
            group: None,
            fill: None,
            style,
            dashed: false,
            points: points(figs, series, code),
        })
        .filter(|s| !s.points.is_empty())
        .collect()
}

/// Census population per country.
pub fn population(figs: &[Figure]) -> Chart {
    Chart {
        origin: ChartOrigin::Builtin(ChartKind::Population),
        title: "Population at each census".into(),
        y_label: "People".into(),
        unit: Unit::Persons,
        series: per_country(figs, "population", SeriesStyle::Line, ""),
    }
}

/// Shares of the titular nationality and of Russians.
pub fn composition(figs: &[Figure]) -> Chart {
    let mut series = per_country(
        figs,
        "share_titular",
        SeriesStyle::Line,
        ": titular nationality",
    );
    series.extend(
        per_country(figs, "share_russians", SeriesStyle::Line, ": Russians")
            .into_iter()
            .map(|s| ChartSeries { dashed: true, ..s }),
    );
    Chart {
        origin: ChartOrigin::Builtin(ChartKind::Composition),
        title: "Ethnic composition at each census".into(),
        y_label: "Share of the population (%)".into(),
        unit: Unit::Percent,
        series,
    }
}

/// Deportations by operation.
pub fn deportations(figs: &[Figure]) -> Chart {
    Chart {
        origin: ChartOrigin::Builtin(ChartKind::Deportations),
        title: "Deportations by operation".into(),
        y_label: "People deported".into(),
        unit: Unit::Persons,
        series: per_country(figs, "deportations", SeriesStyle::Bars, ""),
    }
}

/// Soviet and Russian troops stationed.
pub fn troops(figs: &[Figure]) -> Chart {
    let mut series = per_country(figs, "troops", SeriesStyle::Points, "");
    let all = points(figs, "troops", "ALL");
    if !all.is_empty() {
        series.push(ChartSeries {
            name: "All three states".into(),
            country: None,
            controller: None,
            group: None,
            fill: None,
            style: SeriesStyle::Points,
            dashed: false,
            points: all,
        });
    }
    Chart {
        origin: ChartOrigin::Builtin(ChartKind::Troops),
        title: "Soviet and Russian troops stationed".into(),
        y_label: "Troops".into(),
        unit: Unit::Troops,
        series,
    }
}

/// A chart of a user's own figures (a CSV with the columns of
/// `assets/figures.csv`): one line per series and country, linked to the
/// map like the built-in charts.
pub fn user_chart(title: &str, figs: &[Figure]) -> Chart {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for f in figs {
        if !keys.contains(&(f.series.as_str(), f.country.as_str())) {
            keys.push((f.series.as_str(), f.country.as_str()));
        }
    }
    let series = keys
        .iter()
        .map(|(series, country)| ChartSeries {
            name: format!("{series}: {}", country_name(country)),
            country: (*country != "ALL").then(|| country.to_string()),
            controller: None,
            group: None,
            fill: None,
            style: SeriesStyle::Line,
            dashed: false,
            points: points(figs, series, country),
        })
        .collect();
    let percent = !figs.is_empty() && figs.iter().all(|f| f.unit == Unit::Percent);
    let unit = if percent {
        Unit::Percent
    } else {
        Unit::Persons
    };
    Chart {
        origin: ChartOrigin::UserFigures,
        title: title.to_string(),
        y_label: if percent {
            "Share (%)".into()
        } else {
            "People".into()
        },
        unit,
        series,
    }
}

/// The power a controller is stacked and listed with on the territory
/// chart: the three states together, the USSR with its republics (and the
/// Red Army before the annexations), every other power on its own.
pub fn power_group(c: &Controller) -> String {
    match c.kind {
        ControllerKind::BalticState => "Estonia, Latvia, Lithuania".into(),
        ControllerKind::SovietRepublic => "USSR and its republics".into(),
        _ if c.id == "SU" => "USSR and its republics".into(),
        _ => c.short.clone(),
    }
}

/// Area held by each power, stacked so that the powers add up to the whole
/// map, and grouped ([`power_group`]): at every change date of the regions
/// and, while a front moves, on every day, with each region the front
/// passes through split along the interpolated front as on the map. What
/// the exports and the command line draw, and the window once its
/// background thread has made it ([`territory_steps`] until then).
pub fn territory(atlas: &Atlas) -> Chart {
    let mut dates = vec![Date::FIRST];
    dates.extend(atlas.change_dates().iter().copied());
    for f in &atlas.fronts.fields {
        let mut d = f.window.0;
        while d <= f.window.1 {
            dates.push(d);
            d = d.add_days(1);
        }
        // The first day the regions rule again.
        dates.push(d);
    }
    dates.retain(|d| *d <= Date::LAST);
    dates.sort_unstable();
    dates.dedup();
    territory_on(atlas, dates, |d| {
        if atlas.fronts.active(d).next().is_some() {
            (atlas.areas_at(d), FRONT_DAY_NOTE)
        } else {
            (atlas.region_areas_at(d), REGION_DAY_NOTE)
        }
    })
}

/// The territory chart at the regions' own days only (a region counts
/// whole from its day, without the daily fronts): quick enough for the
/// window's start-up, and shown until [`territory`] is made.
pub fn territory_steps(atlas: &Atlas) -> Chart {
    let mut dates = vec![Date::FIRST];
    dates.extend(atlas.change_dates().iter().copied());
    territory_on(atlas, dates, |d| (atlas.region_areas_at(d), STEPS_NOTE))
}

const REGION_DAY_NOTE: &str = "Computed from the regions and the control timeline";
const FRONT_DAY_NOTE: &str = "Computed from the regions and the control timeline; the regions \
    a front passes through are split along the front interpolated between sourced town \
    captures (modelled, not recorded; geodata/captures/captures.csv, method in \
    geodata/SOURCES.md)";
const STEPS_NOTE: &str = "Computed from the regions and the control timeline: each region \
    counts whole from its own day (the daily fronts are still being computed)";

/// The territory chart from the areas of each power on `dates` (in order),
/// with the note that says how each day's areas were made.
fn territory_on(
    atlas: &Atlas,
    dates: Vec<Date>,
    areas_on: impl Fn(Date) -> (Vec<(ControllerId, f64)>, &'static str),
) -> Chart {
    let mut series: Vec<ChartSeries> = atlas
        .controllers
        .iter()
        .map(|(_, c)| ChartSeries {
            name: c.name.clone(),
            country: None,
            controller: Some(c.id.clone()),
            group: Some(power_group(c)),
            fill: Some(c.color),
            style: SeriesStyle::Stacked,
            dashed: false,
            points: Vec::new(),
        })
        .collect();
    let mut last_note = "";
    for d in dates {
        let (areas, note) = areas_on(d);
        // Where the way the areas are made changes (a front's window
        // opens or closes), every series gets a point, so that the note
        // of the day's latest point says how that day was computed.
        let changed = note != last_note;
        last_note = note;
        for (i, (cid, _)) in atlas.controllers.iter().enumerate() {
            let area = areas
                .iter()
                .find(|(c, _)| *c == cid)
                .map_or(0.0, |(_, a)| *a);
            let s = &mut series[i];
            if changed
                || s.points
                    .last()
                    .is_none_or(|p| (p.value - area).abs() > 1e-6)
            {
                s.points.push(ChartPoint {
                    date: d,
                    value: area,
                    label: String::new(),
                    sources: if note == FRONT_DAY_NOTE {
                        vec!["geodata".into(), crate::chronicle::FRONTS_KEY.into()]
                    } else {
                        vec!["geodata".into()]
                    },
                    note: note.into(),
                });
            }
        }
    }
    series.retain(|s| s.points.iter().any(|p| p.value > 0.0));
    // Members of a group next to each other, groups in the order of their
    // first member in the file (a stable sort keeps the file order inside).
    let first_of = |g: &Option<String>| series.iter().position(|s| &s.group == g);
    let mut order: Vec<(usize, usize)> = (0..series.len())
        .map(|i| (first_of(&series[i].group).unwrap_or(i), i))
        .collect();
    order.sort();
    let mut slots: Vec<Option<ChartSeries>> = series.into_iter().map(Some).collect();
    let series: Vec<ChartSeries> = order.iter().filter_map(|&(_, i)| slots[i].take()).collect();
    Chart {
        origin: ChartOrigin::Builtin(ChartKind::Territory),
        title: "Territory held by each power".into(),
        y_label: "Area (km²)".into(),
        unit: Unit::SquareKm,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(65_200), "65,200");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
    }

    #[test]
    fn an_operations_bars_are_centred_on_its_date() {
        let atlas = Atlas::builtin().unwrap();
        let chronicle = crate::chronicle::Chronicle::builtin(&atlas.sources).unwrap();
        let chart = deportations(&chronicle.figures);
        let lt = chart
            .series
            .iter()
            .position(|s| s.country.as_deref() == Some("LT"))
            .unwrap();
        let s = &chart.series[lt];
        for (j, p) in s.points.iter().enumerate() {
            let others = chart
                .series
                .iter()
                .filter(|o| {
                    o.points
                        .iter()
                        .any(|q| q.date == p.date && q.label == p.label)
                })
                .count();
            let x = chart.bar_x(lt, j, 0.28);
            if others == 1 {
                // Vesna 1948 and Osen 1951: Lithuania alone, at the date.
                assert!(
                    (x - p.date.decimal_year()).abs() < 1e-9,
                    "{} off its date",
                    p.label
                );
            } else {
                assert!(
                    x > p.date.decimal_year(),
                    "{}: Lithuania's bar is the right one",
                    p.label
                );
            }
        }
    }

    #[test]
    fn compact_tick_labels() {
        assert_eq!(compact_tick_label(2_500_000.0, Unit::Persons), "2.5M");
        assert_eq!(compact_tick_label(4_000_000.0, Unit::Persons), "4M");
        assert_eq!(compact_tick_label(40_000.0, Unit::Troops), "40k");
        assert_eq!(compact_tick_label(950.0, Unit::SquareKm), "950");
        assert_eq!(compact_tick_label(25.0, Unit::Percent), "25%");
        assert_eq!(compact_tick_label(0.0, Unit::Persons), "0");
    }

    #[test]
    fn territory_steps_match_the_dissolve() {
        let atlas = Atlas::builtin().unwrap();
        let chart = territory(&atlas);
        // Outside the campaigns: the chart does not yet follow the daily
        // fronts (its steps are the regions' days).
        for d in [
            "1939-06-01",
            "1942-06-01",
            "1943-10-13",
            "1945-06-01",
            "1991-09-10",
        ] {
            let date = Date::parse(d).unwrap();
            for t in atlas.territories_at(date) {
                let id = &atlas.controllers.get(t.controller).id;
                let s = chart.controller_series(id).unwrap();
                let v = s.step_value_at(date).unwrap();
                // Against the area of the dissolved outline the map draws
                // (land; the lakes are holes) and the water inside it, not
                // the same sum of region areas the chart is made of.
                let drawn =
                    geo::GeodesicArea::geodesic_area_unsigned(&t.geometry) / 1e6 + t.water_km2;
                assert!(
                    (v - drawn).abs() <= drawn * 0.002 + 0.5,
                    "{id} on {d}: chart {v:.1} km², map {drawn:.1} km²"
                );
                assert_eq!(s.fill, Some(atlas.controllers.get(t.controller).color));
            }
        }
    }

    #[test]
    fn territory_follows_the_daily_fronts() {
        let atlas = Atlas::builtin().unwrap();
        let chart = territory(&atlas);
        let series_of = |id: &str| chart.controller_series(id).unwrap();
        // On campaign days the chart gives the areas split along the front
        // (the legend's and `territories`' numbers).
        for d in ["1941-07-15", "1944-08-15", "1944-09-20", "1945-02-15"] {
            let date = Date::parse(d).unwrap();
            for (cid, area) in atlas.areas_at(date) {
                let s = series_of(&atlas.controllers.get(cid).id);
                let v = s.step_value_at(date).unwrap();
                assert!(
                    (v - area).abs() < 0.5,
                    "{d}: chart {v} km², areas {area} km²"
                );
            }
            // The hover's note says the day was split along the front.
            let note = &chart.stack_point_at(date).unwrap().note;
            assert!(note.contains("modelled"), "{d}: {note}");
        }
        for d in ["1941-10-22", "1950-01-01", "1945-05-10"] {
            let note = &chart.stack_point_at(Date::parse(d).unwrap()).unwrap().note;
            assert!(!note.contains("modelled"), "{d}: {note}");
        }
        // The footer and the hover cite the fronts as modelled.
        assert!(chart.source_keys().contains(&crate::chronicle::FRONTS_KEY));
        // A value a day while the 1944 offensive moves: Germany's area
        // changes on (nearly) every day of ten in August.
        let de = series_of("DE");
        let days: Vec<f64> = (0..10)
            .map(|i| {
                let d = Date::parse("1944-08-10").unwrap().add_days(i);
                de.step_value_at(d).unwrap()
            })
            .collect();
        let changes = days
            .windows(2)
            .filter(|w| (w[0] - w[1]).abs() > 1.0)
            .count();
        assert!(changes >= 8, "{days:?}");
    }

    #[test]
    fn hidden_series_leave_the_chart_and_its_sources() {
        let atlas = Atlas::builtin().unwrap();
        let chart = territory(&atlas);
        let first = chart.series[0].name.clone();
        let shown = chart.without_series(std::slice::from_ref(&first));
        assert_eq!(shown.series.len(), chart.series.len() - 1);
        assert!(shown.series.iter().all(|s| s.name != first));
        assert_eq!(chart.without_series(&[]), chart);
        assert_eq!(chart.without_series(&["no such series".to_string()]), chart);
    }
}
