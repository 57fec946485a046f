//! Publishable files of the charts and the map: PNG at 1×, 2× or 4×, SVG
//! (text kept as text for restyling), and the plotted values as CSV.
//!
//! The app and the `export` command both come here; the images are drawn
//! from the same [`Chart`] definitions, colours ([`crate::style`]) and
//! territories the window shows. Drawing makes an SVG document; PNG is that
//! document rendered on the CPU ([`raster`]), so the two never diverge.

pub mod chart_csv;
pub mod chart_image;
pub mod compare_image;
pub mod fonts;
pub mod frame_clip;
pub mod gif_animation;
pub mod gif_sequence;
pub mod layout;
pub mod map_image;
pub mod raster;
pub mod sequence;
pub mod svg;

use std::path::Path;

use crate::atlas::Atlas;
use crate::atomic_write::write_atomically;
use crate::charts::{Chart, ChartKind, ChartOrigin};
use crate::chronicle::Chronicle;
use crate::date::Date;
use crate::error::AtlasError;
use crate::map::{MapGeometry, Projection};
use map_image::MapImage;

/// Turns source keys into the citations printed in footers and tables.
#[derive(Clone, Copy)]
pub struct Citations<'a> {
    /// The geodata's citations.
    pub atlas: &'a Atlas,
    /// The figures', events' and cities' citations.
    pub chronicle: &'a Chronicle,
}

impl Citations<'_> {
    /// The citation of one source key.
    pub fn text(&self, key: &str) -> String {
        self.chronicle.citation(key, &self.atlas.sources)
    }
}

/// The file formats offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// A raster image for slides and documents.
    Png,
    /// A vector image for restyling (Inkscape, Illustrator, browsers).
    Svg,
    /// The plotted values with their sources (charts only).
    Csv,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Png, ExportFormat::Svg, ExportFormat::Csv];

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Png => "png",
            ExportFormat::Svg => "svg",
            ExportFormat::Csv => "csv",
        }
    }

    /// A label for menus.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Png => "PNG image",
            ExportFormat::Svg => "SVG (vector)",
            ExportFormat::Csv => "CSV table of the values",
        }
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ExportFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// Image size in px before scaling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageSize {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl ImageSize {
    /// Smallest side accepted.
    pub const MIN: u32 = 320;
    /// Largest side accepted (before scaling).
    pub const MAX: u32 = 8000;
    /// A 16:9 slide.
    pub const CHART_DEFAULT: ImageSize = ImageSize {
        width: 1600,
        height: 900,
    };
    /// A 4:3 page: the Baltic states are taller than wide.
    pub const MAP_DEFAULT: ImageSize = ImageSize {
        width: 1600,
        height: 1200,
    };

    /// Refuses sizes no one means (0×0, 100 000 px wide).
    pub fn check(self) -> Result<(), AtlasError> {
        let ok = |v: u32| (Self::MIN..=Self::MAX).contains(&v);
        if ok(self.width) && ok(self.height) {
            Ok(())
        } else {
            Err(AtlasError::Export(format!(
                "image size {}×{} is outside {min}–{max} px per side",
                self.width,
                self.height,
                min = Self::MIN,
                max = Self::MAX
            )))
        }
    }
}

/// Checks a PNG scale factor (1, 2, 3 or 4).
pub fn check_scale(scale: u32) -> Result<(), AtlasError> {
    if (1..=4).contains(&scale) {
        Ok(())
    } else {
        Err(AtlasError::Export(format!(
            "scale {scale} is not offered: choose 1, 2, 3 or 4"
        )))
    }
}

/// What is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    /// One of the built-in charts.
    Chart(ChartKind),
    /// A chart of the user's own figures, handed in as [`Extras::chart`]
    /// (only the window has one).
    UserChart,
    /// The map.
    Map,
}

impl ExportTarget {
    /// A name for file names and messages.
    pub fn slug(self) -> &'static str {
        match self {
            ExportTarget::Chart(k) => k.slug(),
            ExportTarget::UserChart => ChartOrigin::UserFigures.slug(),
            ExportTarget::Map => "map",
        }
    }

    /// The default size for this target.
    pub fn default_size(self) -> ImageSize {
        match self {
            ExportTarget::Chart(_) | ExportTarget::UserChart => ImageSize::CHART_DEFAULT,
            ExportTarget::Map => ImageSize::MAP_DEFAULT,
        }
    }
}

/// A part of the map to export, in projected km (x east, y north): the
/// window's current view, or a box given on the command line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapExtent {
    /// South-west corner.
    pub min: [f64; 2],
    /// North-east corner.
    pub max: [f64; 2],
}

impl MapExtent {
    /// The extent covering a longitude/latitude box (west, south, east,
    /// north) in the map's projection.
    pub fn from_lon_lat(west: f64, south: f64, east: f64, north: f64) -> Result<Self, AtlasError> {
        let ok = west.is_finite()
            && east.is_finite()
            && south.is_finite()
            && north.is_finite()
            && west < east
            && south < north
            && (-180.0..=180.0).contains(&west)
            && (-180.0..=180.0).contains(&east)
            && (-80.0..=85.0).contains(&south)
            && (-80.0..=85.0).contains(&north);
        if !ok {
            return Err(AtlasError::Export(format!(
                "the box {west},{south},{east},{north} is not west,south,east,north in degrees \
                 with west < east and south < north"
            )));
        }
        let p = crate::map::projection::Projection::baltic();
        let mut min = [f64::MAX; 2];
        let mut max = [f64::MIN; 2];
        // The edges of a lon/lat box curve in a conic projection: sample them.
        for i in 0..=16 {
            let t = i as f64 / 16.0;
            for (lon, lat) in [
                (west + (east - west) * t, south),
                (west + (east - west) * t, north),
                (west, south + (north - south) * t),
                (east, south + (north - south) * t),
            ] {
                let (x, y) = p.forward(lon, lat);
                min = [min[0].min(x), min[1].min(y)];
                max = [max[0].max(x), max[1].max(y)];
            }
        }
        Ok(MapExtent { min, max })
    }
}

/// One export: what, on which day, in which format and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportRequest {
    /// Chart or map.
    pub target: ExportTarget,
    /// The date of the cursor (charts) or of the map.
    pub date: Date,
    /// File format.
    pub format: ExportFormat,
    /// Pixel scale for PNG (ignored by SVG and CSV).
    pub scale: u32,
    /// Size before scaling.
    pub size: ImageSize,
    /// The part of the map to show (`None`: all three states).
    pub map_extent: Option<MapExtent>,
}

impl ExportRequest {
    /// A request with the target's default size at 1×.
    pub fn new(target: ExportTarget, date: Date, format: ExportFormat) -> Self {
        ExportRequest {
            target,
            date,
            format,
            scale: 1,
            size: target.default_size(),
            map_extent: None,
        }
    }

    /// Device pixels per unit of the page: the PNG scale, 1 for SVG (which
    /// has no pixels; drawn for a 1× page).
    pub fn pixel_scale(&self) -> f32 {
        match self.format {
            ExportFormat::Png => self.scale.max(1) as f32,
            ExportFormat::Svg | ExportFormat::Csv => 1.0,
        }
    }

    /// A file name that says what the file holds:
    /// `deportations-1949-03-25@2x.png`.
    pub fn file_name(&self) -> String {
        let scale = if self.format == ExportFormat::Png && self.scale != 1 {
            format!("@{}x", self.scale)
        } else {
            String::new()
        };
        format!(
            "{}-{}{scale}.{}",
            self.target.slug(),
            self.date.iso(),
            self.format.extension()
        )
    }

    /// Checks size, scale and that the format suits the target.
    pub fn check(&self) -> Result<(), AtlasError> {
        if self.target == ExportTarget::Map && self.format == ExportFormat::Csv {
            return Err(AtlasError::Export(
                "the map exports as PNG or SVG (for its data use the `territories` command, \
                 which writes GeoJSON)"
                    .into(),
            ));
        }
        self.size.check()?;
        check_scale(self.scale)
    }
}

/// A drawn export before encoding: cheap to make on the UI thread; the slow
/// part (rasterising and compressing) is [`encode`], which can run on
/// another thread.
#[derive(Clone, Debug)]
pub enum Document {
    /// An image as SVG text.
    Svg(String),
    /// A table as CSV text.
    Csv(String),
}

/// Draws the requested chart or map. `geometry` reuses the projected map
/// across exports (made here when `None`, or when it belongs to another
/// atlas).
pub fn document(
    req: &ExportRequest,
    atlas: &Atlas,
    chronicle: &Chronicle,
    geometry: Option<&MapGeometry>,
) -> Result<Document, AtlasError> {
    document_with(req, atlas, chronicle, geometry, &Extras::default())
}

/// What the window adds to an export beyond the request: the user's
/// layers over the map, a chart of the user's own figures, and the series
/// the user switched off in the chart's legend.
#[derive(Default)]
pub struct Extras<'a> {
    /// Layers drawn over the map.
    pub layers: Vec<map_image::Overlay<'a>>,
    /// The chart as the window shows it (a built-in one or one of the
    /// user's figures); `None` builds the request's built-in chart.
    pub chart: Option<&'a Chart>,
    /// Names of series left out of a chart export, as in the window.
    pub hidden_series: &'a [String],
    /// The map as held (default) or in law, as most Western states saw it.
    pub view: crate::legal_view::StatusView,
    /// The changes map since this earlier date (the window's comparison).
    pub compare_with: Option<Date>,
    /// With `compare_with`: the two maps side by side instead (one image
    /// twice as wide).
    pub side_by_side: bool,
}

/// [`document`] with the user's layers and charts.
pub fn document_with(
    req: &ExportRequest,
    atlas: &Atlas,
    chronicle: &Chronicle,
    geometry: Option<&MapGeometry>,
    extras: &Extras<'_>,
) -> Result<Document, AtlasError> {
    req.check()?;
    let cite = Citations { atlas, chronicle };
    match req.target {
        ExportTarget::Chart(_) | ExportTarget::UserChart => {
            let chart = chart_to_export(req.target, atlas, chronicle, extras)?;
            Ok(match req.format {
                ExportFormat::Csv => Document::Csv(chart_csv::chart_csv(&chart, &cite)?),
                ExportFormat::Png | ExportFormat::Svg => {
                    Document::Svg(chart_image::chart_svg(&chart, req.date, req.size, &cite))
                }
            })
        }
        ExportTarget::Map => {
            let owned;
            let geometry = match geometry {
                Some(g) if g.is_of(atlas) => g,
                _ => {
                    owned = MapGeometry::new(atlas, Projection::baltic());
                    &owned
                }
            };
            let image = MapImage {
                atlas,
                chronicle,
                geometry,
                layers: &extras.layers,
                date_stamp: false,
                legend_width: None,
                view: extras.view,
                changes_since: extras.compare_with,
                pixel_scale: req.pixel_scale(),
            };
            if let (Some(first), true) = (extras.compare_with, extras.side_by_side) {
                let cmp = compare_image::Comparison {
                    first,
                    second: req.date,
                    mode: compare_image::CompareMode::Side,
                    size: req.size,
                    extent: req.map_extent,
                    view: extras.view,
                    pixel_scale: req.pixel_scale(),
                };
                let image = MapImage {
                    changes_since: None,
                    ..image
                };
                return Ok(Document::Svg(compare_image::side_by_side(&image, &cmp)));
            }
            Ok(Document::Svg(image.svg(req.date, req.size, req.map_extent)))
        }
    }
}

/// The chart a chart export draws: the one the window shows (from
/// `extras`), else the built-in one built afresh; without the series
/// switched off in the window's legend.
fn chart_to_export(
    target: ExportTarget,
    atlas: &Atlas,
    chronicle: &Chronicle,
    extras: &Extras<'_>,
) -> Result<Chart, AtlasError> {
    let built;
    let chart = match (target, extras.chart) {
        (_, Some(c)) => c,
        (ExportTarget::Chart(kind), None) => {
            built = Chart::build(kind, atlas, &chronicle.figures);
            &built
        }
        (ExportTarget::UserChart, None) => {
            return Err(AtlasError::Export(
                "that chart of your figures is no longer open".into(),
            ));
        }
        (ExportTarget::Map, None) => {
            return Err(AtlasError::Export("the map is not a chart".into()));
        }
    };
    Ok(chart.without_series(extras.hidden_series))
}

/// The bytes of the file: SVG or CSV text, or the SVG rendered as PNG.
pub fn encode(doc: &Document, req: &ExportRequest) -> Result<Vec<u8>, AtlasError> {
    match (doc, req.format) {
        (Document::Svg(svg), ExportFormat::Png) => raster::svg_to_png(svg, req.scale as f32),
        (Document::Svg(svg), ExportFormat::Svg) => Ok(svg.clone().into_bytes()),
        (Document::Csv(csv), ExportFormat::Csv) => Ok(csv.clone().into_bytes()),
        // A document drawn for another format (the caller mixed requests):
        // refused rather than written under the wrong extension.
        (Document::Svg(_), ExportFormat::Csv)
        | (Document::Csv(_), ExportFormat::Png | ExportFormat::Svg) => Err(AtlasError::Export(
            format!("this document cannot be written as {}", req.format.label()),
        )),
    }
}

/// Draws, encodes and writes one export atomically (an existing file is
/// replaced only when the new one is complete).
pub fn export_to_file(
    req: &ExportRequest,
    atlas: &Atlas,
    chronicle: &Chronicle,
    path: &Path,
) -> Result<(), AtlasError> {
    let doc = document(req, atlas, chronicle, None)?;
    let bytes = encode(&doc, req)?;
    write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_they_hold() {
        let d = Date::parse("1949-03-25").unwrap();
        let mut r = ExportRequest::new(
            ExportTarget::Chart(ChartKind::Deportations),
            d,
            ExportFormat::Png,
        );
        r.scale = 2;
        assert_eq!(r.file_name(), "deportations-1949-03-25@2x.png");
        let m = ExportRequest::new(ExportTarget::Map, d, ExportFormat::Svg);
        assert_eq!(m.file_name(), "map-1949-03-25.svg");
    }

    /// A 2× PNG is drawn from a finer level of detail than a 1× one (its
    /// lines would otherwise be off by two device pixels), and an SVG from
    /// the 1× level.
    #[test]
    fn the_level_of_detail_follows_the_pixel_scale() {
        let atlas = Atlas::builtin().unwrap();
        let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
        let d = Date::parse("1944-10-13").unwrap();
        let svg_of = |format, scale| {
            let mut req = ExportRequest::new(ExportTarget::Map, d, format);
            req.scale = scale;
            match document(&req, &atlas, &chronicle, None).unwrap() {
                Document::Svg(svg) => svg.len(),
                Document::Csv(_) => unreachable!("a map is an image"),
            }
        };
        let one = svg_of(ExportFormat::Png, 1);
        let two = svg_of(ExportFormat::Png, 2);
        assert!(two > one * 5 / 4, "1x: {one} bytes, 2x: {two} bytes");
        assert_eq!(svg_of(ExportFormat::Svg, 2), one);
    }

    #[test]
    fn formats_from_extensions() {
        assert_eq!(
            ExportFormat::from_path(Path::new("a/b.PNG")),
            Some(ExportFormat::Png)
        );
        assert_eq!(ExportFormat::from_path(Path::new("b.txt")), None);
    }

    #[test]
    fn bad_requests_are_refused() {
        let d = Date::parse("1949-03-25").unwrap();
        let mut r = ExportRequest::new(ExportTarget::Map, d, ExportFormat::Csv);
        assert!(r.check().is_err());
        r.format = ExportFormat::Png;
        r.scale = 8;
        assert!(r.check().unwrap_err().to_string().contains("scale 8"));
        r.scale = 1;
        r.size.width = 10;
        assert!(r.check().unwrap_err().to_string().contains("outside"));
    }
}
