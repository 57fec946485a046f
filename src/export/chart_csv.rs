//! A chart's plotted values as CSV, one row per point, with the citation of
//! each value, for people who redraw the chart in a spreadsheet.

use super::Citations;
use crate::charts::Chart;
use crate::error::AtlasError;

/// The columns of an exported chart table.
pub const COLUMNS: [&str; 10] = [
    "chart",
    "series",
    "country",
    "date",
    "value",
    "unit",
    "label",
    "note",
    "sources",
    "citations",
];

/// The chart's points as CSV text.
pub fn chart_csv(chart: &Chart, cite: &Citations<'_>) -> Result<String, AtlasError> {
    let fail = |e: csv::Error| AtlasError::Export(format!("cannot write the table ({e})"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(fail)?;
    for s in &chart.series {
        for p in &s.points {
            let citations: Vec<String> = p.sources.iter().map(|k| cite.text(k)).collect();
            w.write_record([
                chart.origin.slug(),
                s.name.as_str(),
                s.country
                    .as_deref()
                    .or(s.controller.as_deref())
                    .unwrap_or(""),
                p.date.iso().as_str(),
                // Shortest text that reads back as the same number.
                format!("{}", p.value).as_str(),
                chart.unit.suffix(),
                p.label.as_str(),
                p.note.as_str(),
                p.sources.join(";").as_str(),
                citations.join(" | ").as_str(),
            ])
            .map_err(fail)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AtlasError::Export(format!("cannot write the table ({e})")))?;
    String::from_utf8(bytes)
        .map_err(|e| AtlasError::Export(format!("cannot write the table ({e})")))
}
