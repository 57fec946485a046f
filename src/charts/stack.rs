//! Stacked charts (the territory of each power): where each series' band
//! lies, how the bands group into powers, and what hovering a date says.
//! The window and the exported image both draw from these pieces, so the
//! two stack the same values in the same order.

use super::{Chart, ChartPoint, SeriesStyle, format_value};
use crate::date::Date;

/// One filled box of a stacked chart: series `series` fills the years
/// `x0..x1` between `lo` and `hi` (its value is `hi - lo` from `date` until
/// the next change).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StackPiece {
    /// Index of the series in [`Chart::series`].
    pub series: usize,
    /// The day the value starts.
    pub date: Date,
    /// Start, in decimal years.
    pub x0: f64,
    /// End, in decimal years (the next change, or the end of the atlas).
    pub x1: f64,
    /// Bottom of the band: the sum of the series stacked below.
    pub lo: f64,
    /// Top of the band.
    pub hi: f64,
}

/// One series' band of a stacked chart, as rows of (x, bottom, top): the
/// window fills between the two lines, the export fills [`Self::outline`].
#[derive(Clone, Debug, PartialEq)]
pub struct StackBand {
    /// Index of the series in [`Chart::series`].
    pub series: usize,
    /// Decimal years, each change twice (the end of one step and the start
    /// of the next share an x).
    pub xs: Vec<f64>,
    /// The bottom of the band at each x.
    pub lo: Vec<f64>,
    /// The top of the band at each x.
    pub hi: Vec<f64>,
}

impl StackBand {
    /// The band as one closed outline in (decimal year, value): its top
    /// from left to right, then its bottom back.
    pub fn outline(&self) -> Vec<[f64; 2]> {
        let top = self.xs.iter().zip(&self.hi).map(|(x, y)| [*x, *y]);
        let bottom = self.xs.iter().zip(&self.lo).rev().map(|(x, y)| [*x, *y]);
        top.chain(bottom).collect()
    }
}

/// A group of stacked series shown as one entry of the legend (for
/// territory: a power and its republics).
#[derive(Clone, Debug, PartialEq)]
pub struct StackGroup {
    /// The group's name ("USSR and its republics").
    pub name: String,
    /// Its series, bottom first, as indices into [`Chart::series`].
    pub series: Vec<usize>,
}

/// The value of one group on a day, with its members' values: what the
/// hover of a stacked chart lists.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupValue {
    /// The group's name.
    pub name: String,
    /// The sum of its members.
    pub total: f64,
    /// Each member with a value on that day, by name.
    pub members: Vec<(String, f64)>,
}

impl Chart {
    /// Whether the chart stacks its series (every series is
    /// [`SeriesStyle::Stacked`]).
    pub fn is_stacked(&self) -> bool {
        !self.series.is_empty() && self.series.iter().all(|s| s.style == SeriesStyle::Stacked)
    }

    /// The days on which any stacked value changes, in order.
    fn stack_dates(&self) -> Vec<Date> {
        let mut dates: Vec<Date> = self
            .series
            .iter()
            .filter(|s| s.style == SeriesStyle::Stacked)
            .flat_map(|s| s.points.iter().map(|p| p.date))
            .collect();
        dates.sort();
        dates.dedup();
        dates
    }

    /// The boxes to fill, series stacked in list order (the first at the
    /// bottom), one per series and interval between change days; a value of
    /// zero fills nothing.
    pub fn stack_pieces(&self) -> Vec<StackPiece> {
        let dates = self.stack_dates();
        let end = Date::LAST.decimal_year() + 1.0 / 365.0;
        let mut pieces = Vec::new();
        for (i, &d) in dates.iter().enumerate() {
            let x1 = dates.get(i + 1).map_or(end, |n| n.decimal_year());
            let mut lo = 0.0;
            for (series, s) in self.series.iter().enumerate() {
                if s.style != SeriesStyle::Stacked {
                    continue;
                }
                let v = s.step_value_at(d).unwrap_or(0.0);
                if v > 0.0 {
                    pieces.push(StackPiece {
                        series,
                        date: d,
                        x0: d.decimal_year(),
                        x1,
                        lo,
                        hi: lo + v,
                    });
                    lo += v;
                }
            }
        }
        pieces
    }

    /// Each stacked series' band over the whole time axis: at every change
    /// its bottom and top, held until the next change (two rows per
    /// interval, so the band has vertical steps). Where the series holds
    /// nothing the band has no height, sitting on the bands below.
    ///
    /// Changes less than `min_step` years after the last one drawn are
    /// left out (the value of the drawn change holds until the next one
    /// drawn): a plot a few hundred pixels wide cannot show the daily
    /// steps of a campaign, and drawing them cost every frame. 0 draws
    /// every change (the exports).
    pub fn stack_bands(&self, min_step: f64) -> Vec<StackBand> {
        let dates = thinned(self.stack_dates(), min_step);
        let end = Date::LAST.decimal_year() + 1.0 / 365.0;
        let stacked: Vec<usize> = (0..self.series.len())
            .filter(|&i| self.series[i].style == SeriesStyle::Stacked)
            .collect();
        let mut bands: Vec<StackBand> = stacked
            .iter()
            .map(|&series| StackBand {
                series,
                xs: Vec::with_capacity(2 * dates.len()),
                lo: Vec::with_capacity(2 * dates.len()),
                hi: Vec::with_capacity(2 * dates.len()),
            })
            .collect();
        for (i, &d) in dates.iter().enumerate() {
            let x1 = dates.get(i + 1).map_or(end, |n| n.decimal_year());
            let mut lo = 0.0;
            for band in &mut bands {
                // As the boxes of `stack_pieces`: nothing filled for zero.
                let v = self.series[band.series].step_value_at(d).unwrap_or(0.0);
                let v = if v > 0.0 { v } else { 0.0 };
                for x in [d.decimal_year(), x1] {
                    band.xs.push(x);
                    band.lo.push(lo);
                    band.hi.push(lo + v);
                }
                lo += v;
            }
        }
        bands
    }

    /// The point whose note and sources say how the stacked values of
    /// `date` were made: the latest point at or before it among the
    /// stacked series (the last day they were computed anew).
    pub fn stack_point_at(&self, date: Date) -> Option<&ChartPoint> {
        self.series
            .iter()
            .filter(|s| s.style == SeriesStyle::Stacked)
            .filter_map(|s| s.points.iter().rev().find(|p| p.date <= date))
            .max_by_key(|p| p.date)
    }

    /// The legend's groups, in the order their first series is stacked.
    /// A series without a group is a group of its own.
    pub fn stack_groups(&self) -> Vec<StackGroup> {
        let mut groups: Vec<StackGroup> = Vec::new();
        for (i, s) in self.series.iter().enumerate() {
            let name = s.group.clone().unwrap_or_else(|| s.name.clone());
            match groups.iter_mut().find(|g| g.name == name) {
                Some(g) => g.series.push(i),
                None => groups.push(StackGroup {
                    name,
                    series: vec![i],
                }),
            }
        }
        groups
    }

    /// Each group's value on `date` with its members, groups without land
    /// left out.
    pub fn stack_values_at(&self, date: Date) -> Vec<GroupValue> {
        self.stack_groups()
            .into_iter()
            .filter_map(|g| {
                let members: Vec<(String, f64)> = g
                    .series
                    .iter()
                    .filter_map(|&i| {
                        let s = &self.series[i];
                        let v = s.step_value_at(date).unwrap_or(0.0);
                        (v > 0.0).then(|| (s.name.clone(), v))
                    })
                    .collect();
                let total: f64 = members.iter().map(|(_, v)| v).sum();
                (total > 0.0).then_some(GroupValue {
                    name: g.name,
                    total,
                    members,
                })
            })
            .collect()
    }

    /// What hovering a stacked chart at `date` says: each group's total
    /// and, under it, its members (when it has more than one).
    pub fn stack_hover_text(&self, date: Date) -> String {
        let mut text = date.long();
        for g in self.stack_values_at(date) {
            text.push_str(&format!(
                "\n{}: {}",
                g.name,
                format_value(g.total, self.unit)
            ));
            if g.members.len() > 1 || g.members.first().is_some_and(|(n, _)| *n != g.name) {
                for (name, v) in &g.members {
                    text.push_str(&format!("\n    {name}: {}", format_value(*v, self.unit)));
                }
            }
        }
        text
    }
}

/// `dates` (in order) without those less than `min_step` years after the
/// last one kept; the first and the last are always kept.
fn thinned(dates: Vec<Date>, min_step: f64) -> Vec<Date> {
    if min_step <= 0.0 || dates.len() < 3 {
        return dates;
    }
    let last = dates.len() - 1;
    let mut out: Vec<Date> = Vec::with_capacity(dates.len());
    for (i, d) in dates.into_iter().enumerate() {
        let far = out
            .last()
            .is_none_or(|k| d.decimal_year() - k.decimal_year() >= min_step);
        if far || i == last {
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{ChartKind, ChartOrigin, ChartPoint, ChartSeries};
    use crate::figures::Unit;

    fn series(name: &str, group: &str, values: &[(&str, f64)]) -> ChartSeries {
        ChartSeries {
            name: name.into(),
            country: None,
            controller: None,
            group: Some(group.into()),
            fill: None,
            style: SeriesStyle::Stacked,
            dashed: false,
            points: values
                .iter()
                .map(|(d, v)| ChartPoint {
                    date: Date::parse(d).unwrap(),
                    value: *v,
                    label: String::new(),
                    sources: vec![],
                    note: String::new(),
                })
                .collect(),
        }
    }

    fn chart() -> Chart {
        Chart {
            origin: ChartOrigin::Builtin(ChartKind::Territory),
            title: "t".into(),
            y_label: "y".into(),
            unit: Unit::SquareKm,
            series: vec![
                series("A", "States", &[("1939-01-01", 10.0), ("1940-06-17", 0.0)]),
                series("B", "States", &[("1939-01-01", 5.0)]),
                series("C", "Union", &[("1939-01-01", 0.0), ("1940-06-17", 10.0)]),
            ],
        }
    }

    #[test]
    fn pieces_stack_in_list_order_and_skip_zero() {
        let p = chart().stack_pieces();
        // 1939: A 0..10, B 10..15; 1940: B 0..5, C 5..15.
        let boxes: Vec<(usize, f64, f64)> = p.iter().map(|p| (p.series, p.lo, p.hi)).collect();
        assert_eq!(
            boxes,
            vec![
                (0, 0.0, 10.0),
                (1, 10.0, 15.0),
                (1, 0.0, 5.0),
                (2, 5.0, 15.0)
            ]
        );
        assert_eq!(
            p[0].x1, p[2].x0,
            "the first interval ends where the next starts"
        );
        assert!(p[3].x1 > Date::LAST.decimal_year());
    }

    #[test]
    fn thinned_bands_keep_the_first_and_last_change_and_stay_stacked() {
        // A value a day for a year, thinned to a step a month.
        let days: Vec<(String, f64)> = (0..365)
            .map(|i| {
                let d = Date::parse("1944-01-01").unwrap().add_days(i);
                (d.iso(), 100.0 + i as f64)
            })
            .collect();
        let refs: Vec<(&str, f64)> = days.iter().map(|(d, v)| (d.as_str(), *v)).collect();
        let mut c = chart();
        c.series = vec![
            series("A", "States", &refs),
            series("B", "States", &[("1944-01-01", 5.0)]),
        ];
        let all = c.stack_bands(0.0);
        let thin = c.stack_bands(1.0 / 12.0);
        assert_eq!(all[0].xs.len(), 2 * 365);
        assert!(
            (12..=14).contains(&(thin[0].xs.len() / 2)),
            "{} steps",
            thin[0].xs.len() / 2
        );
        assert_eq!(thin[0].hi[0], 100.0, "the first change");
        assert_eq!(*thin[0].hi.last().unwrap(), 464.0, "the last change");
        // Every band starts where the one below ends, at every x.
        for k in 1..thin.len() {
            assert_eq!(thin[k].xs, thin[0].xs);
            assert_eq!(thin[k].lo, thin[k - 1].hi);
        }
    }

    #[test]
    fn a_band_outline_follows_its_boxes() {
        let bands = chart().stack_bands(0.0);
        assert_eq!(bands.len(), 3);
        // B: 10..15 in 1939, 0..5 from 1940.
        let b = &bands[1];
        assert_eq!((b.lo[0], b.hi[0]), (10.0, 15.0));
        assert_eq!((b.lo[2], b.hi[2]), (0.0, 5.0));
        assert_eq!(b.xs[1], b.xs[2], "a step: one x, two heights");
        // C holds nothing in 1939: there it is flat on top of A and B.
        let c = bands[2].outline();
        assert_eq!(
            c[0],
            [Date::parse("1939-01-01").unwrap().decimal_year(), 15.0]
        );
        assert_eq!(c[c.len() - 1][1], 15.0);
        assert_eq!(c.len(), 2 * bands[2].xs.len());
    }

    #[test]
    fn groups_and_their_values_on_a_day() {
        let c = chart();
        let g = c.stack_groups();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].series, vec![0, 1]);
        let v = c.stack_values_at(Date::parse("1939-06-01").unwrap());
        assert_eq!(v.len(), 1, "the union holds nothing yet");
        assert_eq!(v[0].total, 15.0);
        assert_eq!(v[0].members.len(), 2);
        let text = c.stack_hover_text(Date::parse("1941-01-01").unwrap());
        assert!(text.contains("States: 5 km²"), "{text}");
        assert!(text.contains("Union: 10 km²"), "{text}");
    }
}
