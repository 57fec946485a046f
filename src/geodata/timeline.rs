//! The control timeline: for each region, consecutive day-precise intervals
//! with the de facto controller and the de jure status.

use super::controllers::{ControllerId, Controllers};
use super::statuses::{StatusId, Statuses};
use super::{csv_records, source_keys};
use crate::date::Date;
use crate::error::AtlasError;

/// One interval of a region's history.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlInterval {
    /// First day (inclusive).
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
    /// Who held the region de facto.
    pub controller: ControllerId,
    /// The de jure status in this interval.
    pub status: StatusId,
    /// Source keys for the dates and the controller.
    pub sources: Vec<String>,
    /// Where sources disagree, or where a date is approximate.
    pub note: String,
}

impl ControlInterval {
    /// True when `date` falls in the interval.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A region's full history, sorted, gap-free and covering 1939–1999.
#[derive(Clone, Debug, Default)]
pub struct RegionTimeline {
    intervals: Vec<ControlInterval>,
}

impl RegionTimeline {
    /// The interval holding `date` (always exists once validated).
    pub fn at(&self, date: Date) -> &ControlInterval {
        let i = self.intervals.partition_point(|iv| iv.end < date);
        &self.intervals[i.min(self.intervals.len() - 1)]
    }

    /// All intervals in order.
    pub fn intervals(&self) -> &[ControlInterval] {
        &self.intervals
    }

    /// The intervals grouped into runs of one controller (a run changes
    /// only in status inside), in order: what the region history lists, so
    /// that its rows are the spans the map's hover gives.
    pub fn runs(&self) -> Vec<&[ControlInterval]> {
        self.intervals
            .chunk_by(|a, b| a.controller == b.controller)
            .collect()
    }

    /// The span of consecutive days around `date` during which the
    /// controller does not change (status changes inside it are ignored):
    /// "held by X since … until …".
    pub fn controller_run(&self, date: Date) -> (Date, Date) {
        let i = self.intervals.partition_point(|iv| iv.end < date);
        let i = i.min(self.intervals.len() - 1);
        let c = self.intervals[i].controller;
        let mut a = i;
        while a > 0 && self.intervals[a - 1].controller == c {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < self.intervals.len() && self.intervals[b + 1].controller == c {
            b += 1;
        }
        (self.intervals[a].start, self.intervals[b].end)
    }
}

/// The columns of `control.csv`.
const COLUMNS: [&str; 7] = [
    "region",
    "start_date",
    "end_date",
    "controller",
    "status",
    "sources",
    "note",
];

/// Parses `control.csv` into one timeline per region id, in the order
/// `region_ids` gives, validating references and continuity.
pub fn parse(
    text: &str,
    file: &str,
    region_ids: &[&str],
    controllers: &Controllers,
    statuses: &Statuses,
) -> Result<Vec<(Vec<usize>, RegionTimeline)>, AtlasError> {
    let mut per_region: Vec<(Vec<usize>, Vec<ControlInterval>)> =
        vec![(Vec::new(), Vec::new()); region_ids.len()];
    for (line, rec) in csv_records(text, file, &COLUMNS)? {
        let region = rec[0].trim();
        let idx = region_ids
            .iter()
            .position(|r| *r == region)
            .ok_or_else(|| {
                AtlasError::data(
                    file,
                    Some(line),
                    Some("region"),
                    format!("unknown region \"{region}\" (not in regions.geojson)"),
                )
            })?;
        let interval = parse_row(&rec, file, line, controllers, statuses)?;
        per_region[idx].0.push(line);
        per_region[idx].1.push(interval);
    }
    per_region
        .into_iter()
        .zip(region_ids)
        .map(|((lines, intervals), id)| continuous(id, lines, intervals, file))
        .collect()
}

/// One row of `control.csv` as an interval, its references checked.
fn parse_row(
    rec: &csv::StringRecord,
    file: &str,
    line: usize,
    controllers: &Controllers,
    statuses: &Statuses,
) -> Result<ControlInterval, AtlasError> {
    let date = |col: usize| -> Result<Date, AtlasError> {
        Date::parse(&rec[col])
            .map_err(|e| AtlasError::data(file, Some(line), Some(COLUMNS[col]), e.to_string()))
    };
    let (start, end) = (date(1)?, date(2)?);
    if end < start {
        return Err(AtlasError::data(
            file,
            Some(line),
            Some("end_date"),
            format!("end {end} is before start {start}"),
        ));
    }
    let controller = controllers.find(rec[3].trim()).ok_or_else(|| {
        AtlasError::data(
            file,
            Some(line),
            Some("controller"),
            format!(
                "unknown controller \"{}\" (not in controllers.csv)",
                rec[3].trim()
            ),
        )
    })?;
    let status = statuses.find(rec[4].trim()).ok_or_else(|| {
        AtlasError::data(
            file,
            Some(line),
            Some("status"),
            format!("unknown status \"{}\" (not in statuses.csv)", rec[4].trim()),
        )
    })?;
    Ok(ControlInterval {
        start,
        end,
        controller,
        status,
        sources: source_keys(&rec[5]),
        note: rec[6].trim().to_string(),
    })
}

/// One region's intervals in date order, checked to run without gap or
/// overlap from the first to the last day of the atlas.
fn continuous(
    id: &str,
    lines: Vec<usize>,
    intervals: Vec<ControlInterval>,
    file: &str,
) -> Result<(Vec<usize>, RegionTimeline), AtlasError> {
    if intervals.is_empty() {
        return Err(AtlasError::data(
            file,
            None,
            Some("region"),
            format!("region \"{id}\" has no control intervals"),
        ));
    }
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| intervals[i].start);
    let lines: Vec<usize> = order.iter().map(|&i| lines[i]).collect();
    let intervals: Vec<ControlInterval> = order.into_iter().map(|i| intervals[i].clone()).collect();
    if intervals[0].start != Date::FIRST {
        return Err(AtlasError::data(
            file,
            Some(lines[0]),
            Some("start_date"),
            format!(
                "region \"{id}\" starts on {} instead of {}",
                intervals[0].start,
                Date::FIRST
            ),
        ));
    }
    for w in 0..intervals.len() - 1 {
        let (a, b) = (&intervals[w], &intervals[w + 1]);
        if b.start != a.end.add_days(1) || a.end == Date::LAST {
            let what = if b.start <= a.end {
                "overlaps"
            } else {
                "leaves a gap after"
            };
            return Err(AtlasError::data(
                file,
                Some(lines[w + 1]),
                Some("start_date"),
                format!(
                    "region \"{id}\": the interval starting {} {what} the one ending {}",
                    b.start, a.end
                ),
            ));
        }
    }
    let last = intervals.len() - 1;
    if intervals[last].end != Date::LAST {
        return Err(AtlasError::data(
            file,
            Some(lines[last]),
            Some("end_date"),
            format!(
                "region \"{id}\" ends on {} instead of {}",
                intervals[last].end,
                Date::LAST
            ),
        ));
    }
    Ok((lines, RegionTimeline { intervals }))
}
