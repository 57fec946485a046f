//! GeoJSON that is not a FeatureCollection, and TopoJSON.
//!
//! RFC 7946 allows a single Feature or a bare Geometry at the top of a
//! file, and HistoGIS publishes each historical unit so; TopoJSON (the
//! `world-atlas` package, many historical collections) stores shared arcs
//! once. These are turned into FeatureCollections here and read by the
//! same streaming parser, so every check and repair applies to them too.
//! Only files that the parser refused as "not a FeatureCollection" come
//! here, so a FeatureCollection is never read twice.

use serde_json::{Map, Value, json};

use super::{
    IssueKind, LayerError, LayerIssue, LayerOptions, LoadProgress, Severity, UserLayer, parse,
};

/// The geometry types a GeoJSON file may hold at its top level.
const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// Reads a file the FeatureCollection parser refused with `refusal`: a
/// Feature, a Geometry or a TopoJSON Topology gives its layers; anything
/// else gives `refusal` back.
pub(crate) fn load_other(
    name: &str,
    bytes: &[u8],
    opts: &LayerOptions,
    progress: &LoadProgress,
    refusal: LayerError,
) -> Result<Vec<UserLayer>, LayerError> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Err(refusal);
    };
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    let (collections, note) = match kind {
        "Feature" => (
            vec![(None, collection_of(vec![value.clone()]))],
            "a single GeoJSON Feature, read as a layer of one feature".to_string(),
        ),
        k if GEOMETRY_TYPES.contains(&k) => (
            vec![(
                None,
                collection_of(vec![
                    json!({"type": "Feature", "properties": {}, "geometry": value}),
                ]),
            )],
            format!("a bare GeoJSON {k} geometry, read as a layer of one feature"),
        ),
        "Topology" => topology(name, &value, opts)?,
        _ => return Err(refusal),
    };
    let mut layers = Vec::new();
    let mut failed: Vec<LayerError> = Vec::new();
    for (object, fc) in collections {
        let shown = match &object {
            Some(o) => format!("{name} · {o}"),
            None => name.to_string(),
        };
        let text = serde_json::to_vec(&fc)
            .map_err(|e| LayerError::new(name, IssueKind::NotFeatureCollection, format!("{e}")))?;
        match parse::load(&shown, &text, opts, progress) {
            Ok(mut layer) => {
                layer.notes.insert(0, note.clone());
                layers.push(layer);
            }
            Err(e) if e.kind == IssueKind::Cancelled => return Err(e),
            Err(e) => failed.push(e),
        }
    }
    // An object that cannot be used does not hold back the others; the
    // first layer's report says what was left out and why.
    let Some(first) = layers.first_mut() else {
        return Err(failed.remove(0));
    };
    for e in failed {
        let why = e
            .issues
            .iter()
            .find(|i| i.severity == Severity::Error)
            .map(|i| format!(" ({})", i.message))
            .unwrap_or_default();
        first.issues.push(LayerIssue {
            feature: None,
            kind: e.kind,
            severity: Severity::Error,
            message: format!("{}{why}; this object was left out", e.message),
        });
    }
    Ok(layers)
}

fn collection_of(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

/// Layers wanted from a topology: (object name, FeatureCollection).
type Collections = Vec<(Option<String>, Value)>;

/// The objects of a TopoJSON topology as FeatureCollections, every object
/// or the one the user named.
fn topology(
    name: &str,
    value: &Value,
    opts: &LayerOptions,
) -> Result<(Collections, String), LayerError> {
    let refuse = |kind: IssueKind, what: String| LayerError::new(name, kind, what);
    let objects = match value.get("objects").and_then(Value::as_object) {
        Some(o) if !o.is_empty() => o,
        _ => {
            return Err(refuse(
                IssueKind::NoFeatures,
                "the TopoJSON topology has no objects".into(),
            ));
        }
    };
    let arcs = Arcs::new(value).map_err(|what| refuse(IssueKind::BadCoordinates, what))?;
    let names: Vec<&String> = objects.keys().collect();
    let chosen: Vec<&String> = match &opts.topology_object {
        Some(want) => {
            let Some(found) = names.iter().find(|n| n.eq_ignore_ascii_case(want)) else {
                return Err(refuse(
                    IssueKind::NoFeatures,
                    format!(
                        "the TopoJSON topology has no object \"{want}\" (it has: {})",
                        list(&names)
                    ),
                ));
            };
            vec![*found]
        }
        None => names.clone(),
    };
    let mut out = Vec::new();
    for &object in &chosen {
        let features = object_features(&objects[object.as_str()], &arcs).map_err(|what| {
            refuse(
                IssueKind::BadCoordinates,
                format!("object \"{object}\": {what}"),
            )
        })?;
        let label = (names.len() > 1).then(|| object.to_string());
        out.push((label, collection_of(features)));
    }
    let read = match &opts.topology_object {
        Some(_) => format!("read: {}", list(&chosen)),
        None => "each read as a layer".to_string(),
    };
    let note = format!(
        "a TopoJSON topology with {} object{} ({}); {read}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        list(&names)
    );
    Ok((out, note))
}

fn list(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The topology's arcs in longitude/latitude: quantised arcs are
/// delta-decoded and transformed once.
struct Arcs(Vec<Vec<[f64; 2]>>);

impl Arcs {
    fn new(topology: &Value) -> Result<Self, String> {
        let transform = match topology.get("transform") {
            None | Some(Value::Null) => None,
            Some(t) => Some(Transform::new(t)?),
        };
        let raw = match topology.get("arcs") {
            None | Some(Value::Null) => return Ok(Arcs(Vec::new())),
            Some(Value::Array(a)) => a,
            Some(_) => return Err("\"arcs\" is not an array".into()),
        };
        let mut arcs = Vec::with_capacity(raw.len());
        for (i, arc) in raw.iter().enumerate() {
            let pts = arc
                .as_array()
                .ok_or_else(|| format!("arc {i} is not an array of positions"))?;
            let mut acc = [0.0f64; 2];
            let mut line = Vec::with_capacity(pts.len());
            for p in pts {
                let xy = position(p).ok_or_else(|| format!("arc {i} has a bad position"))?;
                line.push(match &transform {
                    Some(t) => {
                        acc = [acc[0] + xy[0], acc[1] + xy[1]];
                        t.apply(acc)
                    }
                    None => xy,
                });
            }
            arcs.push(line);
        }
        Ok(Arcs(arcs))
    }

    /// The positions of arcs `indices` joined into one line (a negative
    /// index `~i` is arc `i` reversed; joints are not repeated).
    fn line(&self, indices: &Value) -> Result<Vec<[f64; 2]>, String> {
        let list = indices
            .as_array()
            .ok_or("arc references are not an array of numbers")?;
        let mut out: Vec<[f64; 2]> = Vec::new();
        for r in list {
            let i = r.as_i64().ok_or("an arc reference is not a whole number")?;
            let (index, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let arc = usize::try_from(index)
                .ok()
                .and_then(|k| self.0.get(k))
                .ok_or_else(|| {
                    format!(
                        "it refers to arc {index}, but the topology has {} arcs",
                        self.0.len()
                    )
                })?;
            let mut pts: Vec<[f64; 2]> = arc.clone();
            if reversed {
                pts.reverse();
            }
            let skip = usize::from(!out.is_empty());
            out.extend(pts.into_iter().skip(skip));
        }
        Ok(out)
    }
}

/// TopoJSON quantisation: position = delta-decoded integer × scale +
/// translate.
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

impl Transform {
    fn new(t: &Value) -> Result<Self, String> {
        let pair = |key: &str| {
            t.get(key)
                .and_then(position)
                .ok_or_else(|| format!("the topology's transform has no numeric \"{key}\""))
        };
        Ok(Transform {
            scale: pair("scale")?,
            translate: pair("translate")?,
        })
    }

    fn apply(&self, q: [f64; 2]) -> [f64; 2] {
        [
            q[0] * self.scale[0] + self.translate[0],
            q[1] * self.scale[1] + self.translate[1],
        ]
    }
}

fn position(v: &Value) -> Option<[f64; 2]> {
    let a = v.as_array()?;
    Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?])
}

/// The features of one topology object: each geometry of a collection,
/// or the object itself.
fn object_features(object: &Value, arcs: &Arcs) -> Result<Vec<Value>, String> {
    if object.get("type").and_then(Value::as_str) == Some("GeometryCollection") {
        let members = object
            .get("geometries")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        return members.iter().map(|g| feature(g, arcs)).collect();
    }
    Ok(vec![feature(object, arcs)?])
}

/// One TopoJSON geometry object as a GeoJSON Feature (its `properties`
/// and `id` kept).
fn feature(g: &Value, arcs: &Arcs) -> Result<Value, String> {
    let mut f = Map::new();
    f.insert("type".into(), "Feature".into());
    f.insert(
        "properties".into(),
        g.get("properties").cloned().unwrap_or(json!({})),
    );
    if let Some(id) = g.get("id") {
        f.insert("id".into(), id.clone());
    }
    f.insert("geometry".into(), geometry(g, arcs)?);
    Ok(Value::Object(f))
}

/// A TopoJSON geometry as GeoJSON: arcs resolved, points transformed.
/// Unknown types and `null` become a null geometry, which the parser
/// reports per feature.
fn geometry(g: &Value, arcs: &Arcs) -> Result<Value, String> {
    let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
    let field = |k: &str| g.get(k).cloned().unwrap_or(Value::Null);
    let rings = |v: &Value| -> Result<Vec<Vec<[f64; 2]>>, String> {
        v.as_array()
            .ok_or("arc lists are not arrays")?
            .iter()
            .map(|r| arcs.line(r))
            .collect()
    };
    Ok(match kind {
        "Point" | "MultiPoint" => {
            // Quantised points are not delta-encoded.
            let coords = field("coordinates");
            json!({"type": kind, "coordinates": coords})
        }
        "LineString" => json!({"type": kind, "coordinates": arcs.line(&field("arcs"))?}),
        "MultiLineString" | "Polygon" => {
            json!({"type": kind, "coordinates": rings(&field("arcs"))?})
        }
        "MultiPolygon" => {
            let polys = field("arcs");
            let list = polys.as_array().ok_or("arc lists are not arrays")?;
            let coords = list
                .iter()
                .map(&rings)
                .collect::<Result<Vec<_>, String>>()?;
            json!({"type": kind, "coordinates": coords})
        }
        "GeometryCollection" => {
            let members = g
                .get("geometries")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let gs = members
                .iter()
                .map(|m| geometry(m, arcs))
                .collect::<Result<Vec<_>, String>>()?;
            json!({"type": kind, "geometries": gs})
        }
        _ => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topo() -> Value {
        // Two squares sharing the arc x = 1; quantised with a transform.
        json!({
            "type": "Topology",
            "transform": {"scale": [0.5, 0.5], "translate": [20.0, 56.0]},
            "arcs": [
                [[2, 0], [0, 2]],
                [[2, 2], [-2, 0], [0, -2], [2, 0]],
                [[2, 0], [2, 0], [0, 2], [-2, 0]]
            ],
            "objects": {
                "areas": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"NAME": "West"}},
                    {"type": "Polygon", "arcs": [[2, -1]], "properties": {"NAME": "East"}, "id": 7}
                ]},
                "towns": {"type": "Point", "coordinates": [21.5, 56.5], "properties": {"name": "T"}}
            }
        })
    }

    #[test]
    fn shared_arcs_are_decoded_joined_and_reversed() {
        let t = topo();
        let arcs = Arcs::new(&t).unwrap();
        assert_eq!(arcs.0[0], vec![[21.0, 56.0], [21.0, 57.0]]);
        let west = arcs.line(&json!([0, 1])).unwrap();
        assert_eq!(
            west,
            vec![
                [21.0, 56.0],
                [21.0, 57.0],
                [20.0, 57.0],
                [20.0, 56.0],
                [21.0, 56.0]
            ]
        );
        let east = arcs.line(&json!([2, -1])).unwrap();
        assert_eq!(east.first(), east.last());
        assert_eq!(east[east.len() - 2], [21.0, 57.0]);
        let bad = arcs.line(&json!([5])).unwrap_err();
        assert!(bad.contains("arc 5"), "{bad}");
    }

    #[test]
    fn every_object_is_a_layer_or_the_one_named() {
        let bytes = serde_json::to_vec(&topo()).unwrap();
        let refusal = LayerError::new("t.json", IssueKind::NotFeatureCollection, "no");
        let layers = load_other(
            "t.json",
            &bytes,
            &LayerOptions::default(),
            &LoadProgress::new(),
            refusal.clone(),
        )
        .unwrap();
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[0].name, "t.json · areas");
        assert_eq!(layers[0].features.len(), 2);
        assert_eq!(layers[0].features[1].label, "East");
        assert_eq!(layers[1].features[0].label, "T");
        use geo::Area;
        let area: f64 = layers[0]
            .features
            .iter()
            .map(|f| f.geometry.unsigned_area())
            .sum();
        assert!((area - 2.0).abs() < 1e-9, "{area}");
        let opts = LayerOptions {
            topology_object: Some("TOWNS".into()),
            ..LayerOptions::default()
        };
        let one = load_other(
            "t.json",
            &bytes,
            &opts,
            &LoadProgress::new(),
            refusal.clone(),
        )
        .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].name, "t.json · towns");
        let empty =
            serde_json::to_vec(&json!({"type": "Topology", "objects": {}, "arcs": []})).unwrap();
        let e = load_other(
            "e.json",
            &empty,
            &LayerOptions::default(),
            &LoadProgress::new(),
            refusal,
        )
        .unwrap_err();
        assert_eq!(e.kind, IssueKind::NoFeatures);
    }
}
