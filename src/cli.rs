//! The command-line side: everything that works without a window.
//!
//! `main.rs` parses arguments with [`Cli`] and, when a subcommand is given,
//! hands it to [`run`]; errors come back as values and become one line on
//! stderr and a non-zero exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::atlas::Atlas;
use crate::date::Date;
use crate::error::AtlasError;
use crate::territory_geojson::territories_feature_collection;

/// Baltic Atlas: who controlled each part of Estonia, Latvia and Lithuania
/// on each day from 1939 to 1999. Without a subcommand, opens the map window.
#[derive(Debug, Parser)]
#[command(name = "baltic-atlas", version, about, long_about = None)]
pub struct Cli {
    /// Open the window at this date (YYYY-MM-DD).
    #[arg(long, global = false, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Use the geodata in this folder (laid out like `geodata/`) instead of
    /// the built-in data.
    #[arg(long, global = true, value_name = "DIR")]
    pub geodata_dir: Option<PathBuf>,
    /// Print the time from process start to the first frame, then quit
    /// (for measuring start-up).
    #[arg(long, hide = true)]
    pub startup_report: bool,
    /// What to do without a window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Who controlled the place at LON/LAT on DATE.
    Query {
        /// The day (YYYY-MM-DD, 1939-01-01 to 1999-12-31).
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// Longitude in degrees east.
        #[arg(long, allow_negative_numbers = true)]
        lon: f64,
        /// Latitude in degrees north.
        #[arg(long, allow_negative_numbers = true)]
        lat: f64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the territories on DATE (regions dissolved by controller) as a
    /// GeoJSON FeatureCollection.
    Territories {
        /// The day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// Output file (standard output when omitted).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check GeoJSON layers, figures CSVs or geodata folders as the window
    /// would open them; prints one line per problem. Exit 0 when every path
    /// loads (warnings allowed), 1 when any cannot.
    Check {
        /// Files (.geojson/.json layers, .csv figures) or geodata folders.
        #[arg(required = true, value_name = "FILE")]
        paths: Vec<PathBuf>,
        /// The property holding each feature's label (default: name, label,
        /// controller or title).
        #[arg(long)]
        label_property: Option<String>,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).map_err(|e| e.to_string())
}

/// Loads the atlas the user asked for (a folder or the built-in data).
pub fn load_atlas(dir: Option<&Path>) -> Result<Atlas, AtlasError> {
    match dir {
        Some(d) => Atlas::from_dir(d),
        None => Atlas::builtin(),
    }
}

/// Runs a headless subcommand, writing results to `out`.
pub fn run(command: &Command, atlas: &Atlas, out: &mut dyn Write) -> Result<(), AtlasError> {
    let io = |source: std::io::Error| AtlasError::Io {
        action: "write",
        path: PathBuf::from("<standard output>"),
        source,
    };
    match command {
        Command::Query {
            date,
            lon,
            lat,
            json,
        } => {
            let text = query_text(atlas, *date, *lon, *lat, *json)?;
            writeln!(out, "{text}").map_err(io)
        }
        Command::Territories { date, out: file } => {
            let fc = territories_feature_collection(atlas, *date);
            let text = serde_json::to_string(&fc).map_err(|e| {
                AtlasError::data("territories", None, None, format!("cannot encode: {e}"))
            })?;
            match file {
                Some(path) => crate::atomic_write::write_atomically(path, text.as_bytes()),
                None => writeln!(out, "{text}").map_err(io),
            }
        }
        Command::Check {
            paths,
            label_property,
        } => match crate::check::run(paths, label_property.as_deref(), out).map_err(io)? {
            true => Ok(()),
            false => Err(AtlasError::data(
                "check",
                None,
                None,
                "some files cannot be loaded",
            )),
        },
    }
}

/// The answer to `query`, as text or JSON.
pub fn query_text(
    atlas: &Atlas,
    date: Date,
    lon: f64,
    lat: f64,
    as_json: bool,
) -> Result<String, AtlasError> {
    let c = atlas.control_at(date, lon, lat)?;
    let names: Vec<_> = c.region.names_on(date);
    let sources: Vec<_> = c
        .interval
        .sources
        .iter()
        .filter_map(|k| atlas.sources.get(k))
        .collect();
    if as_json {
        let v = json!({
            "date": date.iso(),
            "lon": lon,
            "lat": lat,
            "region": {"id": c.region.id, "name": c.region.name},
            "names": names.iter().map(|n| json!({"name": n.name, "lang": n.lang})).collect::<Vec<_>>(),
            "controller": {"id": c.controller.id, "name": c.controller.name},
            "from": c.held.0.iso(),
            "to": c.held.1.iso(),
            "interval": {"start_date": c.interval.start.iso(), "end_date": c.interval.end.iso()},
            "status": {"key": c.status.key, "text": c.status.text, "contested": c.status.contested},
            "note": c.interval.note,
            "sources": sources.iter().map(|s| json!({"key": s.key, "citation": s.citation, "url": s.url})).collect::<Vec<_>>(),
        });
        return Ok(serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    let mut s = String::new();
    s.push_str(&format!("Date:       {}\n", date.long()));
    s.push_str(&format!(
        "Region:     {} ({})\n",
        c.region.name, c.region.id
    ));
    let name_list: Vec<String> = names
        .iter()
        .map(|n| format!("{} [{}]", n.name, n.lang))
        .collect();
    s.push_str(&format!("Names:      {}\n", name_list.join(", ")));
    s.push_str(&format!("Controller: {}\n", c.controller.name));
    s.push_str(&format!(
        "Held:       from {} to {}\n",
        c.held.0.long(),
        c.held.1.long()
    ));
    s.push_str(&format!("Status:     {}\n", c.status.text));
    if !c.interval.note.is_empty() {
        s.push_str(&format!("Note:       {}\n", c.interval.note));
    }
    for src in sources {
        s.push_str(&format!("Source:     {} <{}>\n", src.citation, src.url));
    }
    Ok(s.trim_end().to_string())
}
