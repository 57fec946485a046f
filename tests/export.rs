//! Exported images and tables: PNG decodes at the requested size with a
//! drawn plot and a visible date cursor; SVG parses with a real SVG library,
//! keeps title, legend and sources as text and renders; CSV round-trips;
//! map sequences write every frame and an animated PNG.
// Tests and benchmarks may unwrap: a panic is their failure report.
#![allow(clippy::unwrap_used)]

use baltic_atlas::charts::{Chart, ChartKind};
use baltic_atlas::chronicle::Chronicle;
use baltic_atlas::export::chart_image::chart_svg_with_frame;
use baltic_atlas::export::sequence::{SequenceOptions, Step, frame_dates, write_sequence};
use baltic_atlas::export::{
    self, Citations, Document, ExportFormat, ExportRequest, ExportTarget, ImageSize,
};
use baltic_atlas::{Atlas, Date};
use resvg::usvg;

fn data() -> (Atlas, Chronicle) {
    let atlas = Atlas::builtin().unwrap();
    let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
    (atlas, chronicle)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn bytes(req: &ExportRequest, atlas: &Atlas, chronicle: &Chronicle) -> Vec<u8> {
    let doc = export::document(req, atlas, chronicle, None).unwrap();
    export::encode(&doc, req).unwrap()
}

/// Every text string in a parsed SVG tree.
fn texts(group: &usvg::Group, out: &mut Vec<String>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => texts(g, out),
            usvg::Node::Text(t) => out.extend(t.chunks().iter().map(|c| c.text().to_string())),
            _ => {}
        }
    }
}

fn is_white(p: &image::Rgba<u8>) -> bool {
    p.0[0] > 245 && p.0[1] > 245 && p.0[2] > 245
}

#[test]
fn chart_png_at_2x_has_the_size_a_drawn_plot_and_the_cursor() {
    let (atlas, chronicle) = data();
    let d = date("1949-03-25");
    let mut req = ExportRequest::new(
        ExportTarget::Chart(ChartKind::Deportations),
        d,
        ExportFormat::Png,
    );
    req.scale = 2;
    let png = bytes(&req, &atlas, &chronicle);
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (3200, 1800));

    let chart = Chart::build(ChartKind::Deportations, &atlas, &chronicle.figures);
    let cite = Citations {
        atlas: &atlas,
        chronicle: &chronicle,
    };
    let (_, frame) = chart_svg_with_frame(&chart, d, req.size, &cite);
    let s = 2.0;
    // The plot area is not blank: bars cover a good share of it.
    let (x0, x1) = ((frame.left * s) as u32 + 4, (frame.right * s) as u32 - 4);
    let (y0, y1) = ((frame.top * s) as u32 + 4, (frame.bottom * s) as u32 - 4);
    let mut coloured = 0u64;
    let mut total = 0u64;
    for y in (y0..y1).step_by(3) {
        for x in (x0..x1).step_by(3) {
            total += 1;
            let p = img.get_pixel(x, y);
            // Grid lines are light grey; bars are saturated.
            let spread = p.0[0].max(p.0[1]).max(p.0[2]) - p.0[0].min(p.0[1]).min(p.0[2]);
            if spread > 60 {
                coloured += 1;
            }
        }
    }
    assert!(
        coloured * 50 > total,
        "plot nearly blank: {coloured} of {total}"
    );
    // The cursor: a red line at the date, from top to bottom of the plot.
    let cx = (frame.cursor_x * s).round() as u32;
    for y in [y0 + 20, (y0 + y1) / 2 - 300, y1 - 500] {
        let p = img.get_pixel(cx, y);
        assert!(!is_white(p), "cursor missing at y {y}: {p:?}");
        assert!(
            p.0[0] > 150 && p.0[1] < 80,
            "cursor not red at y {y}: {p:?}"
        );
    }
    // A little to the side of the cursor is background.
    assert!(is_white(img.get_pixel(cx + 30, y0 + 20)));
}

#[test]
fn chart_svg_parses_and_keeps_title_legend_and_sources_as_text() {
    let (atlas, chronicle) = data();
    let req = ExportRequest::new(
        ExportTarget::Chart(ChartKind::Population),
        date("1959-01-15"),
        ExportFormat::Svg,
    );
    let svg = String::from_utf8(bytes(&req, &atlas, &chronicle)).unwrap();
    let tree = usvg::Tree::from_str(
        &svg,
        &usvg::Options {
            fontdb: export::fonts::database(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut all = Vec::new();
    texts(tree.root(), &mut all);
    let joined = all.join("\n");
    for expected in [
        "Population at each census",
        "Estonia",
        "Latvia",
        "Lithuania",
        "Cursor at 15 January 1959",
        "Made with Baltic Atlas",
        "People",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in {joined}"
        );
    }
    assert!(
        all.iter().any(|t| t.starts_with("Sources: ")),
        "no source line: {joined}"
    );
    // Renders to a non-blank raster.
    let pm = export::raster::render(&svg, 1.0).unwrap();
    let dark = pm
        .pixels()
        .iter()
        .filter(|p| p.red() < 100 && p.green() < 100)
        .count();
    assert!(dark > 2000, "rendered nearly blank: {dark}");
}

#[test]
fn chart_csv_round_trips_to_the_plotted_values() {
    let (atlas, chronicle) = data();
    for &kind in ChartKind::ALL {
        let req = ExportRequest::new(
            ExportTarget::Chart(kind),
            date("1950-01-01"),
            ExportFormat::Csv,
        );
        let Document::Csv(text) = export::document(&req, &atlas, &chronicle, None).unwrap() else {
            panic!("not a table");
        };
        let chart = Chart::build(kind, &atlas, &chronicle.figures);
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            export::chart_csv::COLUMNS.to_vec()
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        let expected: Vec<_> = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(move |p| (s, p)))
            .collect();
        assert_eq!(rows.len(), expected.len(), "{kind:?}");
        for (row, (s, p)) in rows.iter().zip(expected) {
            assert_eq!(&row[1], s.name.as_str());
            assert_eq!(Date::parse_for_figure(&row[3]).unwrap(), p.date);
            assert_eq!(row[4].parse::<f64>().unwrap(), p.value, "{kind:?}");
            assert_eq!(&row[5], chart.unit.suffix());
            assert_eq!(
                row[8].split(';').map(str::to_string).collect::<Vec<_>>(),
                p.sources
            );
            assert!(!row[9].is_empty(), "no citation for {row:?}");
        }
    }
}

#[test]
fn map_png_and_svg_show_the_territories_of_the_day() {
    let (atlas, chronicle) = data();
    let d = date("1944-10-13");
    let req = ExportRequest::new(ExportTarget::Map, d, ExportFormat::Png);
    let png = bytes(&req, &atlas, &chronicle);
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (1600, 1200));
    // Germany's grey and the Latvian SSR's orange are both on the map.
    let has = |rgb: [u8; 3]| {
        img.pixels()
            .filter(|p| (0..3).all(|k| (p.0[k] as i32 - rgb[k] as i32).abs() <= 3))
            .count()
    };
    assert!(has([0x80, 0x80, 0x80]) > 5000, "Courland (Germany) missing");
    assert!(has([0xD5, 0x5E, 0x00]) > 20_000, "Latvian SSR missing");
    assert_eq!(
        has([0x00, 0x9E, 0x73]),
        0,
        "independent Latvia drawn in 1944"
    );

    let svg_req = ExportRequest::new(ExportTarget::Map, d, ExportFormat::Svg);
    let svg = String::from_utf8(bytes(&svg_req, &atlas, &chronicle)).unwrap();
    for expected in [
        "Who controlled the Baltic states on 13 October 1944",
        "Germany (German Reich)",
        "USSR – Latvian SSR",
        "Sources: ",
        "© OpenStreetMap contributors (ODbL)",
    ] {
        assert!(svg.contains(expected), "missing {expected:?}");
    }
    // Tallinn was Reval only under German rule (to 22 September 1944).
    assert!(
        !svg.contains("Reval"),
        "Tallinn named Reval in October 1944"
    );
    assert!(svg.contains(">Tallinn</text>"));
    assert!(export::raster::parse(&svg).is_ok());
}

#[test]
fn map_1942_uses_the_names_of_the_day() {
    let (atlas, chronicle) = data();
    let req = ExportRequest::new(ExportTarget::Map, date("1942-06-01"), ExportFormat::Svg);
    let svg = String::from_utf8(bytes(&req, &atlas, &chronicle)).unwrap();
    assert!(
        svg.contains(">Reval</text>"),
        "Tallinn should be Reval in 1942"
    );
}

#[test]
fn sequences_write_every_frame_and_an_animation() {
    let (atlas, chronicle) = data();
    let dir = tempfile::tempdir().unwrap();
    let dates = frame_dates(date("1944-07-01"), date("1944-10-01"), Step::Months(1)).unwrap();
    assert_eq!(dates.len(), 4);
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let out = write_sequence(
        &atlas,
        &chronicle,
        &dates,
        SequenceOptions {
            format: ExportFormat::Png,
            size: ImageSize {
                width: 480,
                height: 360,
            },
            scale: 1,
            frame_seconds: 0.5,
            extent: None,
            view: baltic_atlas::legal_view::StatusView::DeFacto,
        },
        &dir.path().join("frames"),
        &mut |done, total| {
            assert!(done <= total);
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            true
        },
    )
    .unwrap();
    assert_eq!(calls.into_inner(), 4);
    assert_eq!(out.frames.len(), 4);
    assert!(out.frames[0].ends_with("map-1944-07-01.png"));
    for f in &out.frames {
        let img = image::open(f).unwrap();
        assert_eq!((img.width(), img.height()), (480, 360));
    }
    let anim = out.animation.unwrap();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&anim).unwrap()));
    let reader = decoder.read_info().unwrap();
    let actl = reader.info().animation_control().unwrap();
    assert_eq!(actl.num_frames, 4);
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("frames"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    assert_eq!(names.len(), 5);
}

#[test]
fn writing_to_a_missing_folder_fails_and_leaves_nothing() {
    let (atlas, chronicle) = data();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone").join("map.png");
    let req = ExportRequest::new(ExportTarget::Map, date("1944-10-13"), ExportFormat::Png);
    let err = export::export_to_file(&req, &atlas, &chronicle, &path).unwrap_err();
    assert!(err.to_string().contains("cannot create"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The built-in geodata without its last region (and that region's
/// control rows and water): an atlas with fewer regions than the built-in
/// one.
fn atlas_without_last_region() -> Atlas {
    let mut files = baltic_atlas::geodata::GeodataFiles::builtin();
    let mut fc: serde_json::Value = serde_json::from_str(&files.regions).unwrap();
    let dropped = fc["features"].as_array_mut().unwrap().pop().unwrap();
    let id = dropped["properties"]["id"].as_str().unwrap().to_string();
    files.regions = fc.to_string();
    let mut water: serde_json::Value = serde_json::from_str(&files.water).unwrap();
    water["features"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["properties"]["region"].as_str() != Some(id.as_str()));
    files.water = water.to_string();
    files.control = files
        .control
        .lines()
        .filter(|l| !l.starts_with(&format!("{id},")))
        .collect::<Vec<_>>()
        .join("\n");
    Atlas::from_files(&files).unwrap()
}

#[test]
fn a_map_geometry_kept_from_a_replaced_atlas_is_never_drawn() {
    use baltic_atlas::map::{MapGeometry, Projection};
    let (atlas, chronicle) = data();
    let old = MapGeometry::new(&atlas, Projection::baltic());
    let replaced = atlas_without_last_region();
    assert_eq!(replaced.region_count(), atlas.region_count() - 1);
    assert!(!old.is_of(&replaced) && old.is_of(&atlas));
    let req = ExportRequest::new(ExportTarget::Map, date("1941-07-15"), ExportFormat::Svg);
    // Handing the old geometry in draws the new atlas, exactly as if no
    // geometry had been kept.
    let with_old = export::document(&req, &replaced, &chronicle, Some(&old)).unwrap();
    let fresh = export::document(&req, &replaced, &chronicle, None).unwrap();
    let (Document::Svg(a), Document::Svg(b)) = (with_old, fresh) else {
        panic!("a map is SVG")
    };
    assert_eq!(a, b);
    let before = export::document(&req, &atlas, &chronicle, Some(&old)).unwrap();
    let Document::Svg(before) = before else {
        panic!("a map is SVG")
    };
    assert_ne!(a, before, "the new atlas draws a different map");
}
