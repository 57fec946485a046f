//! The command-line side: everything that works without a window.
//!
//! `main.rs` parses arguments with [`Cli`] and, when a subcommand is given,
//! hands it to [`run`]; errors come back as values and become one line on
//! stderr and a non-zero exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::json;

use crate::atlas::Atlas;
use crate::charts::ChartKind;
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::error::AtlasError;
use crate::export::compare_image::{CompareMode, Comparison, compare_svg};
use crate::export::gif_sequence::{GifOptions, write_gif};
use crate::export::map_image::Overlay;
use crate::export::sequence::{self, SequenceOptions, Step};
use crate::export::{self, ExportFormat, ExportRequest, ExportTarget, ImageSize};
use crate::legal_view::StatusView;
use crate::map::layer_geometry::LayerGeometry;
use crate::territory_geojson::territories_feature_collection;
use crate::user_layer::{LayerOptions, LoadProgress, UserLayer, load_layer_files};

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
    /// Open your own data in the window: a GeoJSON layer (features with
    /// start_date/end_date), a CSV of figures, or a geodata folder.
    /// Repeat for several.
    #[arg(long = "geodata", value_name = "FILE")]
    pub open: Vec<PathBuf>,
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
        #[arg(
            long,
            allow_negative_numbers = true,
            required_unless_present = "place",
            requires = "lat",
            conflicts_with = "place"
        )]
        lon: Option<f64>,
        /// Latitude in degrees north.
        #[arg(
            long,
            allow_negative_numbers = true,
            required_unless_present = "place",
            requires = "lon",
            conflicts_with = "place"
        )]
        lat: Option<f64>,
        /// A place by any of its names (Dünaburg, Dvinsk, Daugavpils…; case
        /// and diacritics do not matter), instead of --lon and --lat.
        #[arg(long)]
        place: Option<String>,
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
        /// Files (.geojson/.json/.topojson layers, .csv figures) or geodata
        /// folders.
        #[arg(required = true, value_name = "FILE")]
        paths: Vec<PathBuf>,
        /// How to read the layers' labels and dates.
        #[command(flatten)]
        layer: LayerArgs,
        /// List every issue on its own line instead of grouping repeats.
        #[arg(long)]
        verbose: bool,
    },
    /// Write a chart or the map as an image (PNG or SVG), or a chart's
    /// values as CSV, without opening a window.
    Export {
        /// Chart or map.
        #[command(subcommand)]
        what: ExportCommand,
    },
}

/// How to read a user's layer when its properties are not the usual ones.
#[derive(Debug, Clone, clap::Args)]
pub struct LayerArgs {
    /// The property holding each feature's label (default: name, name:en,
    /// NAME_EN, CNTRY_NAME, label, title… in any case).
    #[arg(long)]
    pub label_property: Option<String>,
    /// The property holding each feature's start date, when the file uses
    /// none of start_date, start_date:edtf, FromYear or gwsdate.
    #[arg(long)]
    pub start_property: Option<String>,
    /// The property holding each feature's end date (the end day excluded).
    #[arg(long)]
    pub end_property: Option<String>,
    /// First and last day (both included) of features without dates, e.g.
    /// 1938-01-01/1939-08-31 for a map of 1938.
    #[arg(long, value_parser = parse_layer_range)]
    pub layer_dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// The object of a TopoJSON file to open (default: every object, each
    /// as a layer).
    #[arg(long)]
    pub object: Option<String>,
}

impl LayerArgs {
    /// The loader's options for these arguments.
    pub fn options(&self) -> LayerOptions {
        LayerOptions {
            label_property: self.label_property.clone(),
            start_property: self.start_property.clone(),
            end_property: self.end_property.clone(),
            layer_dates: self.layer_dates,
            topology_object: self.object.clone(),
            ..LayerOptions::default()
        }
    }
}

fn parse_layer_range(s: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), String> {
    crate::user_layer::parse_layer_dates(s)
}

/// What `export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One chart, with the date cursor at --date.
    Chart {
        /// Which chart.
        #[arg(value_enum)]
        name: ChartKind,
        /// The date of the cursor (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// Output file; its extension chooses the format unless --format is given.
        #[arg(long)]
        out: PathBuf,
        /// Format and size.
        #[command(flatten)]
        image: ImageArgs,
    },
    /// Two dates compared: the maps side by side, or one map of what
    /// changed hands between them (--mode changes).
    Compare {
        /// The two days, first and second (give --date twice).
        #[arg(long = "date", value_parser = parse_date, num_args = 1, required = true)]
        dates: Vec<Date>,
        /// side: the two maps side by side; changes: one map of the second
        /// date with the land that changed hands outlined and listed.
        #[arg(long, value_enum, default_value_t = CompareModeName::Side)]
        mode: CompareModeName,
        /// Output file; its extension chooses the format unless --format is given.
        #[arg(long)]
        out: PathBuf,
        /// Only this box of the map: WEST,SOUTH,EAST,NORTH in degrees.
        #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
        bbox: Option<export::MapExtent>,
        /// Who held each place (de-facto), or the legal status as most
        /// Western states saw it (de-jure).
        #[arg(long, value_enum, default_value_t = ViewName::DeFacto)]
        view: ViewName,
        /// Format and size (the size of one map).
        #[command(flatten)]
        image: ImageArgs,
    },
    /// The map on --date, or a sequence of maps from --from to --to, one
    /// every --every (1d, 1w, 1m, 1y), into --out-dir.
    Map {
        /// The day of the map (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date, conflicts_with_all = ["from", "to", "every", "out_dir"])]
        date: Option<Date>,
        /// Output file for one map.
        #[arg(long, conflicts_with = "out_dir")]
        out: Option<PathBuf>,
        /// First day of a sequence.
        #[arg(long, value_parser = parse_date)]
        from: Option<Date>,
        /// Last day of a sequence.
        #[arg(long, value_parser = parse_date)]
        to: Option<Date>,
        /// Step between frames: a number and d, w, m or y (e.g. 1w).
        #[arg(long, value_parser = parse_step)]
        every: Option<Step>,
        /// Folder for the frames (created if missing).
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Only this box of the map: WEST,SOUTH,EAST,NORTH in degrees
        /// (e.g. 20.9,56.2,23.4,57.8 for Courland).
        #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
        bbox: Option<export::MapExtent>,
        /// Draw your GeoJSON or TopoJSON layer over the map (features on the
        /// days they exist); repeat for several.
        #[arg(long = "layer", value_name = "FILE")]
        layers: Vec<PathBuf>,
        /// How to read the layers' labels and dates.
        #[command(flatten)]
        layer_args: Box<LayerArgs>,
        /// Seconds each frame shows in the animated PNG or GIF of a sequence.
        #[arg(long, default_value_t = 0.5)]
        frame_seconds: f32,
        /// How a GIF animation plays.
        #[command(flatten)]
        animation: AnimationArgs,
        /// Who held each place (de-facto), or the legal status 1940–1991
        /// as most Western states saw it (de-jure: the three states under
        /// occupation).
        #[arg(long, value_enum, default_value_t = ViewName::DeFacto)]
        view: ViewName,
        /// Format and size.
        #[command(flatten)]
        image: ImageArgs,
    },
}

/// The charts on the command line: the chart list's names, each with its
/// one line of help, so a chart added to the list is exported from here too.
impl ValueEnum for ChartKind {
    fn value_variants<'a>() -> &'a [Self] {
        ChartKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let spec = self.spec();
        // Help lines end without a full stop, as clap writes doc comments.
        Some(PossibleValue::new(spec.slug).help(spec.about.trim_end_matches('.')))
    }
}

/// File formats by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatName {
    /// PNG image.
    Png,
    /// SVG vector image.
    Svg,
    /// CSV table (charts only).
    Csv,
    /// Animated GIF (map sequences only: --from, --to, --every, --out).
    Gif,
}

impl FormatName {
    /// The format of one image; a GIF's frames are drawn as PNG.
    fn format(self) -> ExportFormat {
        match self {
            FormatName::Png | FormatName::Gif => ExportFormat::Png,
            FormatName::Svg => ExportFormat::Svg,
            FormatName::Csv => ExportFormat::Csv,
        }
    }
}

/// The map's views by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ViewName {
    /// Who held each place on the day.
    DeFacto,
    /// The legal status as most Western states saw it.
    DeJure,
}

impl ViewName {
    fn view(self) -> StatusView {
        match self {
            ViewName::DeFacto => StatusView::DeFacto,
            ViewName::DeJure => StatusView::DeJure,
        }
    }
}

/// What `export` says when a GIF is asked for where only a map sequence
/// can be one.
const GIF_IS_A_SEQUENCE: &str = "a GIF is an animation of the map: give --from, --to, --every \
     and --out FILE.gif";

/// Format and size options shared by chart and map exports.
#[derive(Debug, Args)]
pub struct ImageArgs {
    /// File format (default: from the output file's extension, else png).
    #[arg(long, value_enum)]
    pub format: Option<FormatName>,
    /// Pixel scale of PNG images: 1, 2, 3 or 4.
    #[arg(long, default_value_t = 1)]
    pub scale: u32,
    /// Image width in px before scaling (default 1600).
    #[arg(long)]
    pub width: Option<u32>,
    /// Image height in px before scaling (default 900 for charts, 1200 for the map).
    #[arg(long)]
    pub height: Option<u32>,
}

impl ImageArgs {
    /// True when the output is an animated GIF (by --format or by the
    /// file's extension).
    fn is_gif(&self, out: Option<&Path>) -> bool {
        match self.format {
            Some(f) => f == FormatName::Gif,
            None => out
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("gif")),
        }
    }

    fn request(&self, target: ExportTarget, date: Date, out: Option<&Path>) -> ExportRequest {
        let format = self
            .format
            .map(FormatName::format)
            .or_else(|| out.and_then(ExportFormat::from_path))
            .unwrap_or(ExportFormat::Png);
        let default = target.default_size();
        ExportRequest {
            target,
            date,
            format,
            scale: self.scale,
            size: ImageSize {
                width: self.width.unwrap_or(default.width),
                height: self.height.unwrap_or(default.height),
            },
            map_extent: None,
        }
    }
}

fn parse_bbox(s: &str) -> Result<export::MapExtent, String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("invalid box \"{s}\": write WEST,SOUTH,EAST,NORTH in degrees"))?;
    match v[..] {
        [w, so, e, n] => export::MapExtent::from_lon_lat(w, so, e, n).map_err(|e| e.to_string()),
        _ => Err(format!(
            "invalid box \"{s}\": write four numbers WEST,SOUTH,EAST,NORTH"
        )),
    }
}

fn parse_step(s: &str) -> Result<Step, String> {
    s.parse()
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

/// Runs a headless subcommand, writing results to `out`. Each command
/// loads what it needs: `check` no atlas at all (it must work when the
/// user's geodata folder is the thing being checked), the others the atlas
/// from `geodata_dir` or the built-in one. `Ok(false)` means the command
/// ran and reported failures itself (`check` with a file that cannot be
/// used: exit 1 without a further message).
pub fn run(
    command: &Command,
    geodata_dir: Option<&Path>,
    out: &mut dyn Write,
) -> Result<bool, AtlasError> {
    match command {
        Command::Check {
            paths,
            layer,
            verbose,
        } => crate::check::run(paths, &layer.options(), *verbose, out).map_err(stdout_error),
        Command::Export { what } => {
            let atlas = load_atlas(geodata_dir)?;
            let chronicle = Chronicle::builtin(&atlas.sources)?;
            run_export(what, &atlas, &chronicle, out).map(|()| true)
        }
        Command::Query {
            date,
            lon,
            lat,
            place,
            json,
        } => {
            let atlas = load_atlas(geodata_dir)?;
            if let Some(name) = place {
                return query_place(&atlas, *date, name, *json, out);
            }
            let (Some(lon), Some(lat)) = (lon, lat) else {
                return Err(AtlasError::Export(
                    "give --lon and --lat, or --place".into(),
                ));
            };
            let text = query_text(&atlas, *date, *lon, *lat, *json)?;
            writeln!(out, "{text}").map_err(stdout_error)?;
            Ok(true)
        }
        Command::Territories { date, out: file } => {
            let atlas = load_atlas(geodata_dir)?;
            let fc = territories_feature_collection(&atlas, *date);
            let text = serde_json::to_string(&fc).map_err(|e| {
                AtlasError::data("territories", None, None, format!("cannot encode: {e}"))
            })?;
            match file {
                Some(path) => crate::atomic_write::write_atomically(path, text.as_bytes())?,
                None => writeln!(out, "{text}").map_err(stdout_error)?,
            }
            Ok(true)
        }
    }
}

fn stdout_error(source: std::io::Error) -> AtlasError {
    AtlasError::Io {
        action: "write",
        path: PathBuf::from("<standard output>"),
        source,
    }
}

/// Runs `export chart` or `export map`, reporting what was written.
pub fn run_export(
    what: &ExportCommand,
    atlas: &Atlas,
    chronicle: &Chronicle,
    out: &mut dyn Write,
) -> Result<(), AtlasError> {
    match what {
        ExportCommand::Chart {
            name,
            date,
            out: path,
            image,
        } => {
            if image.is_gif(Some(path)) {
                return Err(AtlasError::Export(GIF_IS_A_SEQUENCE.into()));
            }
            let req = image.request(ExportTarget::Chart(*name), *date, Some(path));
            export::export_to_file(&req, atlas, chronicle, path)?;
            writeln!(out, "wrote {}", describe(&req, path)).map_err(stdout_error)
        }
        ExportCommand::Map {
            date,
            out: path,
            from,
            to,
            every,
            out_dir,
            bbox,
            layers,
            layer_args,
            frame_seconds,
            animation,
            view,
            image,
        } => {
            let loaded = load_layers(layers, &layer_args.options())?;
            let overlays: Vec<Overlay<'_>> = loaded
                .iter()
                .enumerate()
                .map(|(i, (layer, geometry))| Overlay {
                    layer,
                    geometry,
                    color: crate::style::layer_color(i, false),
                })
                .collect();
            let extras = export::Extras {
                layers: overlays,
                view: view.view(),
                ..export::Extras::default()
            };
            let gif = image.is_gif(path.as_deref());
            match (date, path, from, to, every, out_dir) {
                (Some(_), _, _, _, _, _) | (_, _, _, _, _, Some(_)) if gif => {
                    Err(AtlasError::Export(GIF_IS_A_SEQUENCE.into()))
                }
                (None, Some(path), Some(from), Some(to), Some(every), None) if gif => {
                    let gif = GifSequence {
                        dates: sequence::frame_dates(*from, *to, *every)?,
                        opts: GifOptions {
                            size: image.request(ExportTarget::Map, *from, None).size,
                            scale: image.scale,
                            extent: *bbox,
                            frame_seconds: *frame_seconds,
                            hold_last_seconds: animation.hold_last,
                            skip_unchanged: animation.skip_unchanged,
                            view: view.view(),
                        },
                        path,
                    };
                    write_gif_sequence(&gif, atlas, chronicle, &extras.layers, out)
                }
                (Some(date), Some(path), None, None, None, None) => {
                    let mut req = image.request(ExportTarget::Map, *date, Some(path));
                    req.map_extent = *bbox;
                    let doc = export::document_with(&req, atlas, chronicle, None, &extras)?;
                    crate::atomic_write::write_atomically(path, &export::encode(&doc, &req)?)?;
                    writeln!(out, "wrote {}", describe(&req, path)).map_err(stdout_error)
                }
                (None, None, Some(from), Some(to), Some(every), Some(dir)) => {
                    let req = image.request(ExportTarget::Map, *from, None);
                    req.check()?;
                    let frames = MapFrames {
                        dates: sequence::frame_dates(*from, *to, *every)?,
                        opts: SequenceOptions {
                            format: req.format,
                            size: req.size,
                            scale: req.scale,
                            frame_seconds: *frame_seconds,
                            extent: *bbox,
                            view: view.view(),
                        },
                        dir,
                    };
                    write_map_frames(&frames, atlas, chronicle, &extras.layers, out)
                }
                _ => Err(AtlasError::Export(MAP_ARGUMENTS.into())),
            }
        }
        ExportCommand::Compare {
            dates,
            mode,
            out: path,
            bbox,
            view,
            image,
        } => {
            let args = CompareArgs {
                dates,
                mode: *mode,
                path,
                bbox: *bbox,
                view: *view,
                image,
            };
            export_compare(&args, atlas, chronicle, out)
        }
    }
}

/// The options of `export compare`.
#[derive(Clone, Copy)]
struct CompareArgs<'a> {
    dates: &'a [Date],
    mode: CompareModeName,
    path: &'a Path,
    bbox: Option<export::MapExtent>,
    view: ViewName,
    image: &'a ImageArgs,
}

/// Writes `export compare` and reports it.
fn export_compare(
    args: &CompareArgs<'_>,
    atlas: &Atlas,
    chronicle: &Chronicle,
    out: &mut dyn Write,
) -> Result<(), AtlasError> {
    let CompareArgs {
        dates,
        mode,
        path,
        bbox,
        view,
        image,
    } = *args;
    let [first, second] = dates else {
        return Err(AtlasError::Export(
            "give --date twice: the first and the second day to compare".into(),
        ));
    };
    if image.is_gif(Some(path)) {
        return Err(AtlasError::Export(GIF_IS_A_SEQUENCE.into()));
    }
    let req = image.request(ExportTarget::Map, *second, Some(path));
    if req.format == ExportFormat::Csv {
        return Err(AtlasError::Export(
            "a comparison is an image: choose png or svg".into(),
        ));
    }
    export::check_scale(req.scale)?;
    let cmp = Comparison {
        first: *first,
        second: *second,
        mode: mode.mode(),
        size: req.size,
        extent: bbox,
        view: view.view(),
        pixel_scale: req.pixel_scale(),
    };
    let svg = compare_svg(atlas, chronicle, &cmp, &[])?;
    let doc = export::Document::Svg(svg);
    let whole = ExportRequest {
        size: cmp.image_size(),
        ..req
    };
    crate::atomic_write::write_atomically(path, &export::encode(&doc, &whole)?)?;
    writeln!(out, "wrote {}", describe(&whole, path)).map_err(stdout_error)
}

/// The comparison modes by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompareModeName {
    /// The two maps side by side.
    Side,
    /// One map of what changed hands.
    Changes,
}

impl CompareModeName {
    fn mode(self) -> CompareMode {
        match self {
            CompareModeName::Side => CompareMode::Side,
            CompareModeName::Changes => CompareMode::Changes,
        }
    }
}

/// What `export map` says when its options name neither one map nor a
/// sequence.
const MAP_ARGUMENTS: &str = "give --date and --out for one map, or --from, --to, --every and \
     --out-dir for a sequence";

/// How a GIF sequence plays (`export map --format gif`).
#[derive(Debug, Args)]
pub struct AnimationArgs {
    /// Extra seconds the last frame of a GIF shows before it loops.
    #[arg(long, default_value_t = 2.0)]
    pub hold_last: f32,
    /// Leave out of a GIF the dates on which nothing but the date changes
    /// (the frame before stays on screen longer).
    #[arg(long)]
    pub skip_unchanged: bool,
}

/// A GIF to write: the days, how to draw them and the file.
struct GifSequence<'a> {
    dates: Vec<Date>,
    opts: GifOptions,
    path: &'a Path,
}

/// Writes `export map --format gif` and reports it.
fn write_gif_sequence(
    gif: &GifSequence<'_>,
    atlas: &Atlas,
    chronicle: &Chronicle,
    layers: &[Overlay<'_>],
    out: &mut dyn Write,
) -> Result<(), AtlasError> {
    if !(gif.opts.frame_seconds > 0.0 && gif.opts.hold_last_seconds >= 0.0) {
        return Err(AtlasError::Export(
            "--frame-seconds must be above 0 and --hold-last at least 0".into(),
        ));
    }
    let done = write_gif(
        atlas,
        chronicle,
        &gif.dates,
        gif.opts,
        gif.path,
        layers,
        &mut |_, _| true,
    )?;
    let skipped = match done.skipped {
        0 => String::new(),
        n => format!(", {n} unchanged left out"),
    };
    writeln!(
        out,
        "wrote the animation {} ({} dates{skipped}, {} frames)",
        done.path.display(),
        done.dates,
        done.frames
    )
    .map_err(stdout_error)
}

/// A sequence of maps to write: the days, how to draw them and where.
struct MapFrames<'a> {
    dates: Vec<Date>,
    opts: SequenceOptions,
    dir: &'a Path,
}

/// Writes the frames of `export map --from --to --every` and reports them.
fn write_map_frames(
    frames: &MapFrames<'_>,
    atlas: &Atlas,
    chronicle: &Chronicle,
    layers: &[Overlay<'_>],
    out: &mut dyn Write,
) -> Result<(), AtlasError> {
    let done = sequence::write_sequence_with_layers(
        atlas,
        chronicle,
        &frames.dates,
        frames.opts,
        frames.dir,
        &mut |_, _| true,
        layers,
    )?;
    writeln!(
        out,
        "wrote {} frames to {}",
        done.frames.len(),
        frames.dir.display()
    )
    .map_err(stdout_error)?;
    if let Some(a) = done.animation {
        writeln!(out, "wrote the animation {}", a.display()).map_err(stdout_error)?;
    }
    Ok(())
}

/// Loads the layers given with `--layer` (every object of a TopoJSON
/// file); a file that cannot be used at all stops the export with its
/// message (skipped features do not).
fn load_layers(
    paths: &[PathBuf],
    opts: &LayerOptions,
) -> Result<Vec<(UserLayer, LayerGeometry)>, AtlasError> {
    let mut out = Vec::new();
    for p in paths {
        // The legend and sources name the file, not the whole path.
        let name = p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().to_string(),
        );
        let layers = load_layer_files(p, &name, opts, &LoadProgress::new())
            .map_err(|e| AtlasError::Export(e.message))?;
        for layer in layers {
            let geometry = LayerGeometry::new(&layer, &crate::map::Projection::baltic());
            out.push((layer, geometry));
        }
    }
    Ok(out)
}

fn describe(req: &ExportRequest, path: &Path) -> String {
    match req.format {
        ExportFormat::Png => format!(
            "{} ({}×{} px)",
            path.display(),
            req.size.width * req.scale,
            req.size.height * req.scale
        ),
        ExportFormat::Svg | ExportFormat::Csv => path.display().to_string(),
    }
}

/// The answer to `query`, as text or JSON.
/// `query --place`: the place's names and position, then who held it on
/// `date`; an unknown name lists the closest ones and an ambiguous one the
/// candidates (exit 1 for both).
fn query_place(
    atlas: &Atlas,
    date: Date,
    name: &str,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<bool, AtlasError> {
    use crate::places::{Gazetteer, Lookup};
    let g = Gazetteer::builtin()?;
    let describe = |i: usize| {
        let p = &g.places[i];
        format!(
            "{} ({}, {:.4}°E {:.4}°N, id {})",
            p.local_name(),
            p.country,
            p.lon,
            p.lat,
            p.id
        )
    };
    let place = match g.lookup(name) {
        Lookup::Found(i) => &g.places[i],
        Lookup::Ambiguous(list) => {
            writeln!(
                out,
                "\"{name}\" names {} places; choose one with --place id:ID:",
                list.len()
            )
            .map_err(stdout_error)?;
            for i in list {
                writeln!(out, "  {}", describe(i)).map_err(stdout_error)?;
            }
            return Ok(false);
        }
        Lookup::NotFound(close) => {
            writeln!(out, "no place called \"{name}\" in the gazetteer").map_err(stdout_error)?;
            if !close.is_empty() {
                writeln!(out, "closest names:").map_err(stdout_error)?;
                for m in close {
                    writeln!(out, "  {} → {}", m.name, describe(m.place)).map_err(stdout_error)?;
                }
            }
            return Ok(false);
        }
    };
    let control = query_text(atlas, date, place.lon, place.lat, as_json)?;
    let text = if as_json {
        let mut v: serde_json::Value = serde_json::from_str(&control).unwrap_or_default();
        v["place"] = json!({
            "id": place.id,
            "name_on_date": place.name_on(date),
            "country": place.country,
            "lon": place.lon,
            "lat": place.lat,
            "names": place.names.iter().map(|(l, n)| json!({"lang": l.label(), "name": n})).collect::<Vec<_>>(),
            "period_names": place.periods.iter().map(|p| json!({"name": p.name, "from": p.from.to_string(), "to": p.to.to_string()})).collect::<Vec<_>>(),
            "sources": place.sources,
        });
        serde_json::to_string_pretty(&v).unwrap_or_default()
    } else {
        let names: Vec<String> = place
            .names
            .iter()
            .map(|(l, n)| format!("{n} [{}]", l.label()))
            .chain(
                place
                    .periods
                    .iter()
                    .map(|p| format!("{} [{} to {}]", p.name, p.from, p.to)),
            )
            .collect();
        format!(
            "Place:      {} ({}), {:.4}°E {:.4}°N\nPlace names: {}\n{control}\nPlace data: {}",
            place.name_on(date),
            place.id,
            place.lon,
            place.lat,
            names.join(", "),
            place.sources.join("; ")
        )
    };
    writeln!(out, "{text}").map_err(stdout_error)?;
    Ok(true)
}

/// What the front says about a point: modelled or sourced, the places it
/// rests on, and their pages.
fn front_text(front: &crate::fronts::FrontEstimate) -> String {
    let mut s = format!("Front:      {}\n", front.summary());
    for line in front.anchor_lines() {
        s.push_str(&format!("Between:    {line}\n"));
    }
    for url in front.pages() {
        s.push_str(&format!("Capture:    <{url}>\n"));
    }
    s
}

/// The answer of `query` for a position: region, names, controller,
/// status and sources on `date`, as text or JSON.
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
            "water": c.water.map(|w| json!({
                "id": w.id,
                "name": w.name,
                "names": w.names.iter().map(|n| json!({"name": n.name, "lang": n.lang})).collect::<Vec<_>>(),
            })),
            "names": names.iter().map(|n| json!({"name": n.name, "lang": n.lang})).collect::<Vec<_>>(),
            "controller": {"id": c.controller.id, "name": c.controller.name},
            "from": c.held.0.iso(),
            "to": c.held.1.iso(),
            "interval": {"start_date": c.interval.start.iso(), "end_date": c.interval.end.iso()},
            "status": {"key": c.status.key, "text": c.status.text, "contested": c.status.contested},
            "note": c.interval.note,
            "front": c.front.as_ref().map(|f| json!({
                "interpolated": !f.sourced,
                "taken": f.taken,
                "day": f.day.iso(),
                "spread_days": f.spread_days,
                "summary": f.summary(),
                "anchors": f.anchors.iter().map(|a| json!({
                    "name": a.name,
                    "day": a.day.iso(),
                    "weight": a.weight,
                    "confidence": a.confidence,
                    "sources": a.sources,
                })).collect::<Vec<_>>(),
            })),
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
    if let Some(w) = c.water {
        let local: Vec<String> = w
            .names
            .iter()
            .filter(|n| n.lang != "en")
            .map(|n| format!("{} [{}]", n.name, n.lang))
            .collect();
        if local.is_empty() {
            s.push_str(&format!("Water:      {}\n", w.name));
        } else {
            s.push_str(&format!("Water:      {} ({})\n", w.name, local.join(", ")));
        }
    }
    s.push_str(&format!("Controller: {}\n", c.controller.name));
    if let Some(front) = &c.front {
        s.push_str(&front_text(front));
    } else {
        s.push_str(&format!(
            "Held:       {}\n",
            Date::span_text(c.held.0, c.held.1)
        ));
    }
    s.push_str(&format!("Status:     {}\n", c.status.text));
    if !c.interval.note.is_empty() {
        s.push_str(&format!("Note:       {}\n", c.interval.note));
    }
    for src in sources {
        s.push_str(&format!("Source:     {} <{}>\n", src.citation, src.url));
    }
    Ok(s.trim_end().to_string())
}
