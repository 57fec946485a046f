//! Reading a large FeatureCollection on two threads.
//!
//! A structural scan (strings and brackets only, no numbers parsed) finds
//! the `features` array and the first feature that starts in the second
//! half of the file. A second thread parses the features from there on
//! while the main reader parses the first half and only skips the rest,
//! which still checks the whole file's JSON syntax and top-level members.
//! The main reader then takes the second thread's features in file order,
//! so the result, the issues and their order are those of a sequential
//! read.
//!
//! The scan trusts nothing: whenever the file is not shaped as expected,
//! or the two readers disagree, the load falls back to the sequential
//! reader, which gives the exact error message.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeSeed;

use super::LoadProgress;
use super::parse::{CoordTree, FeatureSeed, RawFeature};

/// Files smaller than this are read on one thread: starting a second one
/// would gain nothing a user could notice.
pub(crate) const PARALLEL_FROM: usize = 4 << 20;

/// Where the `features` array is cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Split {
    /// Elements of `features` before the cut (read by the main reader).
    pub first_len: usize,
    /// Byte offset of the first element after the cut.
    pub at: usize,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the string whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut i = i + 1;
    loop {
        let j = i + memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[j] == b'\\' {
            i = j + 2;
        } else {
            return Some(j + 1);
        }
    }
}

/// End (exclusive) of the JSON value starting at `i` (not whitespace).
/// Only strings and brackets are looked at; the parser checks the rest.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Finds the top-level `features` array and the first of its elements that
/// starts in the second half of `body`. `None` when the file is not a
/// plain object with such an array (the sequential reader then says why).
pub(crate) fn plan(body: &[u8]) -> Option<Split> {
    let mut i = skip_ws(body, 0);
    if *body.get(i)? != b'{' {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(body, i);
        if *body.get(i)? != b'"' {
            return None;
        }
        let key_end = string_end(body, i)?;
        let key = &body[i + 1..key_end - 1];
        i = skip_ws(body, key_end);
        if *body.get(i)? != b':' {
            return None;
        }
        i = skip_ws(body, i + 1);
        if key == b"features" {
            return (*body.get(i)? == b'[').then(|| cut(body, i + 1)).flatten();
        }
        i = skip_ws(body, value_end(body, i)?);
        if *body.get(i)? != b',' {
            return None;
        }
        i += 1;
    }
}

/// The cut in the array whose first element is at or after `i`.
fn cut(body: &[u8], mut i: usize) -> Option<Split> {
    let half = body.len() / 2;
    let mut count = 0;
    loop {
        i = skip_ws(body, i);
        if *body.get(i)? == b']' {
            return None;
        }
        if i >= half {
            return Some(Split {
                first_len: count,
                at: i,
            });
        }
        i = skip_ws(body, value_end(body, i)?);
        count += 1;
        match *body.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

/// Parses the elements of `features` from `at` to the end of the array,
/// each exactly as the main reader would. `None` on anything unexpected
/// (a syntax error, cancel, or `stop` set because the main reader is
/// done): the main reader then knows better.
pub(crate) fn read_tail(
    body: &[u8],
    at: usize,
    progress: &LoadProgress,
    stop: &AtomicBool,
) -> Option<Vec<RawFeature>> {
    let mut tree = CoordTree::default();
    let mut out = Vec::new();
    let mut i = at;
    loop {
        i = skip_ws(body, i);
        if *body.get(i)? == b']' {
            return Some(out);
        }
        let end = value_end(body, i)?;
        let mut de = serde_json::Deserializer::from_slice(&body[i..end]);
        let raw = FeatureSeed {
            tree: &mut tree,
            progress,
        }
        .deserialize(&mut de)
        .ok()?;
        de.end().ok()?;
        out.push(raw);
        progress.set_tail_done((end - at) as u64);
        if progress.is_cancelled() || stop.load(Ordering::Relaxed) {
            return None;
        }
        i = skip_ws(body, end);
        match *body.get(i)? {
            b',' => i += 1,
            b']' => return Some(out),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(n: usize) -> String {
        let features: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    "{{\"type\":\"Feature\",\"properties\":{{\"name\":\"a \\\"q\\\" ] }} {i}\"}},\
                     \"geometry\":{{\"type\":\"Point\",\"coordinates\":[24.1,56.9]}}}}"
                )
            })
            .collect();
        format!(
            "{{\"type\":\"FeatureCollection\",\"name\":{{\"x\":[1,2]}},\"features\":[\n{}\n]}}",
            features.join(",\n")
        )
    }

    #[test]
    fn the_cut_is_at_the_first_feature_of_the_second_half() {
        let text = collection(100);
        let b = text.as_bytes();
        let split = plan(b).expect("a plan");
        assert!(split.at >= b.len() / 2);
        assert_eq!(&b[split.at..split.at + 17], b"{\"type\":\"Feature\"");
        // Every element before the cut is counted: the features are equal
        // in length, so about half.
        assert!((48..=51).contains(&split.first_len), "{split:?}");
        let tail = read_tail(b, split.at, &LoadProgress::new(), &AtomicBool::new(false))
            .expect("the tail reads");
        assert_eq!(split.first_len + tail.len(), 100);
    }

    #[test]
    fn brackets_and_quotes_inside_strings_do_not_confuse_the_scan() {
        let b = br#"{"a":"]}\"\\","features":[{"s":"[[{"},{"s":"\\"},{"s":"x"},{"s":"y"},{"s":"z"},{"s":"w"}]}"#;
        let split = plan(b).expect("a plan");
        // The cut is at the start of an element, and counts those before.
        let starts: Vec<usize> = (0..b.len())
            .filter(|&i| b[i..].starts_with(br#"{"s":"#))
            .collect();
        assert_eq!(starts.len(), 6);
        assert_eq!(starts.get(split.first_len), Some(&split.at), "{split:?}");
        assert!(split.at >= b.len() / 2);
        let tail = read_tail(b, split.at, &LoadProgress::new(), &AtomicBool::new(false))
            .expect("the tail reads");
        assert_eq!(split.first_len + tail.len(), 6);
    }

    #[test]
    fn a_tail_that_does_not_parse_is_refused() {
        for b in [
            &b"{\"features\":[1,2"[..],
            b"{\"features\":[1,2,{\"a\":tru}]}",
        ] {
            let split = plan(b).expect("a plan");
            assert_eq!(
                read_tail(b, split.at, &LoadProgress::new(), &AtomicBool::new(false))
                    .map(|v| v.len()),
                None
            );
        }
    }

    #[test]
    fn unexpected_shapes_leave_it_to_the_sequential_reader() {
        for b in [
            &b"[1,2,3]"[..],
            b"{\"features\":{}}",
            b"{\"type\":\"FeatureCollection\"}",
            b"{\"a\":1 \"features\":[1,2,3,4,5,6,7,8]}",
            b"{\"features\":[1 2 3 4 5 6 7 8 9 10 11 12]}",
            b"",
        ] {
            assert_eq!(plan(b), None, "{}", String::from_utf8_lossy(b));
        }
    }

    /// The size from which these tests read on two threads.
    const SMALL: usize = 64 << 10;

    /// A load as the tests compare it: every issue as reported, and each
    /// feature's index, label, dates, properties, and its geometry's type,
    /// size and area (a repaired polygon's parts may come out in another
    /// order from one run to the next).
    fn summary(r: &Result<super::super::UserLayer, super::super::LayerError>) -> Vec<String> {
        use geo::{Area, CoordsIter};
        match r {
            Err(e) => vec![format!("{e:?}")],
            Ok(l) => l
                .issues
                .iter()
                .map(|i| format!("{i:?}"))
                .chain(l.features.iter().map(|f| {
                    format!(
                        "{} {} {:?} {:?} {:?} {} {} {:.9}",
                        f.index,
                        f.label,
                        f.start,
                        f.end,
                        f.properties,
                        match &f.geometry {
                            geo::Geometry::Point(_) => "point",
                            geo::Geometry::LineString(_) => "line",
                            geo::Geometry::Polygon(_) => "polygon",
                            geo::Geometry::MultiPolygon(_) => "multipolygon",
                            _ => "other",
                        },
                        f.geometry.coords_count(),
                        f.geometry.unsigned_area()
                    )
                }))
                .collect(),
        }
    }

    fn assert_same(two: &[String], one: &[String], what: &str) {
        for (i, (a, b)) in two.iter().zip(one).enumerate() {
            assert_eq!(a, b, "{what}: line {i} differs");
        }
        assert_eq!(two.len(), one.len(), "{what}: lengths differ");
    }

    /// Features of every kind the reader keeps, repairs or skips.
    const SNIPPETS: [&str; 7] = [
        r#"{"type":"Feature","properties":{"name":"Sector N","start_date":"1944-09","end_date":"1945"},"geometry":{"type":"Polygon","coordinates":[[[24,56],[25,56],[25,57],[24,57],[24,56]]]}}"#,
        r#"{"type":"Feature","properties":{"name":"Bad date N","start_date":"1944-13-01"},"geometry":{"type":"Point","coordinates":[24,56]}}"#,
        r#"{"type":"Feature","properties":{"label":"Far N"},"geometry":{"type":"Point","coordinates":[200,56]}}"#,
        r#"{"type":"Feature","properties":{"name":"Bowtie N","start_date":"1941"},"geometry":{"type":"Polygon","coordinates":[[[24,56],[25,57],[25,56],[24,57],[24,56]]]}}"#,
        r#"42"#,
        r#"{"type":"Feature","properties":{"name":"No geometry N"}}"#,
        r#"{"type":"Feature","properties":{"title":"Line N","end_date":"1991-08-20"},"geometry":{"type":"LineString","coordinates":[[24,56],[24.5,56.5]]}}"#,
    ];

    fn big_collection(head: &str, tail: &str) -> String {
        let mut features = Vec::new();
        let mut size = 0;
        let mut i = 0;
        while size < 2 * SMALL {
            let f = SNIPPETS[i % SNIPPETS.len()].replace(" N\"", &format!(" {i}\""));
            size += f.len() + 2;
            features.push(f);
            i += 1;
        }
        format!(
            "{{{head}\"features\":[\n{}\n]{tail}}}",
            features.join(",\n")
        )
    }

    /// The summaries of a load on two threads and on one, and whether the
    /// two-thread load used its second thread's work.
    fn both_ways(bytes: &[u8]) -> (Vec<String>, Vec<String>, bool) {
        let opts = super::super::LayerOptions::default();
        let progress = LoadProgress::new();
        let two = super::super::parse::load_with("big.geojson", bytes, &opts, &progress, SMALL);
        let used = progress.tail_done.load(Ordering::Relaxed) > 0
            && !progress.reread.load(Ordering::Relaxed);
        let one = super::super::parse::load_with(
            "big.geojson",
            bytes,
            &opts,
            &LoadProgress::new(),
            usize::MAX,
        );
        (summary(&two), summary(&one), used)
    }

    #[test]
    fn two_threads_read_exactly_what_one_reads() {
        let text = big_collection("\"type\":\"FeatureCollection\",", "");
        let (two, one, used) = both_ways(text.as_bytes());
        assert!(used, "the second thread's features were not used");
        assert!(one.len() > 1000, "{:?}", one.first());
        assert_same(&two, &one, "a good file");
    }

    #[test]
    fn on_trouble_two_threads_say_what_one_says() {
        let good = big_collection("\"type\":\"FeatureCollection\",", "");
        let half = good.len() / 2;
        let late = half + good[half..].find("\"Line").unwrap();
        let early = good[..half / 2].rfind("\"Line").unwrap();
        let cases = [
            // Syntax errors after and before the cut.
            format!("{}{}", &good[..late], &good[late + 1..]),
            format!("{}{}", &good[..early], &good[early + 1..]),
            // A raw control character inside a string after the cut.
            format!("{}\u{1}{}", &good[..late + 2], &good[late + 2..]),
            // Members after the features that make the file unusable.
            big_collection("", ",\"type\":\"Topology\""),
            big_collection(
                "\"type\":\"FeatureCollection\",",
                ",\"crs\":{\"properties\":{\"name\":\"EPSG:3301\"}}",
            ),
            // Two feature arrays, and garbage after the object.
            big_collection("\"type\":\"FeatureCollection\",", ",\"features\":[]"),
            format!("{good} x"),
        ];
        for (i, text) in cases.iter().enumerate() {
            let (two, one, _) = both_ways(text.as_bytes());
            assert_same(&two, &one, &format!("case {i}"));
        }
        // An error before the cut needs no second, sequential read.
        let progress = LoadProgress::new();
        let early_error = super::super::parse::load_with(
            "big.geojson",
            cases[1].as_bytes(),
            &super::super::LayerOptions::default(),
            &progress,
            SMALL,
        );
        assert!(early_error.is_err());
        assert!(!progress.reread.load(Ordering::Relaxed));
        // Bytes that are not UTF-8 at all, inside a string after the cut.
        let mut bytes = good.into_bytes();
        bytes[late + 3] = 0xFF;
        let (two, one, _) = both_ways(&bytes);
        assert_same(&two, &one, "invalid UTF-8");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Any byte changed, removed or inserted anywhere: two threads
        /// still report exactly what one thread reports.
        #[test]
        fn a_damaged_file_reads_the_same_on_two_threads(
            edits in proptest::collection::vec((0.0f64..1.0, 0u8..=255, 0u8..3), 1..4)
        ) {
            let mut bytes = big_collection("\"type\":\"FeatureCollection\",", "").into_bytes();
            for (at, byte, how) in edits {
                let i = ((bytes.len() - 1) as f64 * at) as usize;
                match how {
                    0 => bytes[i] = byte,
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, byte),
                }
            }
            let (two, one, _) = both_ways(&bytes);
            assert_same(&two, &one, "a damaged file");
        }
    }
}
