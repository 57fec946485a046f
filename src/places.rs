//! The gazetteer: places of the three states and their border areas with
//! every name they are known by (Estonian, Latvian, Lithuanian, German,
//! Polish, Russian in Cyrillic and transliterated, Yiddish) and the names
//! that were official only for a time (Kuressaare was Kingissepa
//! 1952–1988), so that a place can be found by the name in a
//! grandmother's papers.
//!
//! Matching ignores case and diacritics and reads other scripts through
//! their Latin transliteration (`Dunaburg` finds Dünaburg, `Siauliai`
//! finds Šiauliai, `Даугавпилс` finds Daugavpils); suggestions also
//! tolerate one typo. Data: `assets/places.csv` (positions and main names
//! from GeoNames, CC BY 4.0; other names from the pages cited per place).

use chrono::NaiveDate;

use crate::date::Date;
use crate::error::AtlasError;

/// A language (or form) a place's name is given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Estonian.
    Et,
    /// Latvian.
    Lv,
    /// Lithuanian.
    Lt,
    /// German.
    De,
    /// Polish.
    Pl,
    /// Russian, Cyrillic.
    Ru,
    /// Russian, transliterated (BGN/PCGN).
    RuLatn,
    /// Yiddish, romanised (YIVO).
    Yi,
}

impl Lang {
    /// The CSV columns, in order.
    const COLUMNS: [(&'static str, Lang); 8] = [
        ("name_et", Lang::Et),
        ("name_lv", Lang::Lv),
        ("name_lt", Lang::Lt),
        ("name_de", Lang::De),
        ("name_pl", Lang::Pl),
        ("name_ru", Lang::Ru),
        ("name_ru_latn", Lang::RuLatn),
        ("name_yi", Lang::Yi),
    ];

    /// The language's name, for lists of names.
    pub fn label(self) -> &'static str {
        match self {
            Lang::Et => "Estonian",
            Lang::Lv => "Latvian",
            Lang::Lt => "Lithuanian",
            Lang::De => "German",
            Lang::Pl => "Polish",
            Lang::Ru => "Russian",
            Lang::RuLatn => "Russian (transliterated)",
            Lang::Yi => "Yiddish",
        }
    }
}

/// A name that was official only between two days (both included).
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodName {
    /// The name.
    pub name: String,
    /// First day in use.
    pub from: NaiveDate,
    /// Last day in use.
    pub to: NaiveDate,
}

/// One place of the gazetteer.
#[derive(Clone, Debug)]
pub struct Place {
    /// A stable ASCII id (`kuressaare`).
    pub id: String,
    /// Today's country (ISO code).
    pub country: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
    /// city, town or village (by population, not legal status).
    pub kind: String,
    /// Its names, by language.
    pub names: Vec<(Lang, String)>,
    /// Names official only for a time.
    pub periods: Vec<PeriodName>,
    /// Population (GeoNames, recent), to rank suggestions only.
    pub population: u64,
    /// Where the names and position come from.
    pub sources: Vec<String>,
}

impl Place {
    /// The name of today's country's language, else the first one given.
    pub fn local_name(&self) -> &str {
        let own = match self.country.as_str() {
            "EE" => Some(Lang::Et),
            "LV" => Some(Lang::Lv),
            "LT" => Some(Lang::Lt),
            "RU" | "BY" => Some(Lang::Ru),
            _ => None,
        };
        own.and_then(|l| self.name(l))
            .or_else(|| self.names.first().map(|(_, n)| n.as_str()))
            .unwrap_or(&self.id)
    }

    /// The name in a language, if the gazetteer has one.
    pub fn name(&self, lang: Lang) -> Option<&str> {
        self.names
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, n)| n.as_str())
    }

    /// The official name in use on `date`: a period name when one applies,
    /// else the local name.
    pub fn name_on(&self, date: Date) -> &str {
        let Some(day) = NaiveDate::from_ymd_opt(date.year(), date.month(), date.day()) else {
            return self.local_name();
        };
        self.periods
            .iter()
            .find(|p| p.from <= day && day <= p.to)
            .map_or_else(|| self.local_name(), |p| p.name.as_str())
    }

    /// Every name, once each, with its language (period names last).
    pub fn all_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in self
            .names
            .iter()
            .map(|(_, n)| n)
            .chain(self.periods.iter().map(|p| &p.name))
        {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }
}

/// How a query matched a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The whole name (case and diacritics aside).
    Exact,
    /// The name starts with the query.
    Prefix,
    /// The whole name with one typo.
    Typo,
    /// A word of the name starts with the query.
    Word,
}

/// One suggestion: a place and the name that matched.
#[derive(Clone, Debug)]
pub struct Match {
    /// Index into [`Gazetteer::places`].
    pub place: usize,
    /// The name as written in the gazetteer.
    pub name: String,
    /// How it matched.
    pub kind: MatchKind,
}

/// The answer to "which place is NAME?".
#[derive(Clone, Debug)]
pub enum Lookup {
    /// One place has that name.
    Found(usize),
    /// Several places have it (indices).
    Ambiguous(Vec<usize>),
    /// None has it; the closest names.
    NotFound(Vec<Match>),
}

/// All places, with their names folded for matching.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// The places, in file order.
    pub places: Vec<Place>,
    /// (folded name, place, name as written).
    index: Vec<(String, usize, String)>,
}

/// A name folded for matching: transliterated to ASCII, lower case,
/// letters and digits only, words separated by single spaces.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// Whether `a` becomes `b` with at most one insertion, deletion,
/// substitution or swap of neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let mut i = 0;
    while i < la && i < lb && a[i] == b[i] {
        i += 1;
    }
    if la == lb {
        // Substitution, or a swap of i and i + 1.
        if a[i + 1..] == b[i + 1..] {
            return true;
        }
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..];
    }
    let (long, short) = if la > lb { (&a, &b) } else { (&b, &a) };
    long[i + 1..] == short[i..]
}

/// Parses `Name@YYYY-MM-DD/YYYY-MM-DD;…`.
fn period_names(text: &str, row: usize) -> Result<Vec<PeriodName>, String> {
    let mut out = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("row {row}: period name \"{part}\" is not Name@YYYY-MM-DD/YYYY-MM-DD");
        let (name, span) = part.split_once('@').ok_or_else(bad)?;
        let (a, b) = span.split_once('/').ok_or_else(bad)?;
        let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad());
        out.push(PeriodName {
            name: name.trim().to_string(),
            from: day(a)?,
            to: day(b)?,
        });
    }
    Ok(out)
}

impl Gazetteer {
    /// The gazetteer shipped with the atlas.
    pub fn builtin() -> Result<Self, AtlasError> {
        Self::parse(include_str!("../assets/places.csv"), "assets/places.csv")
    }

    /// Reads a gazetteer CSV (the columns of `assets/places.csv`); `file`
    /// names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Self, AtlasError> {
        let fail = |what: String| AtlasError::data(file, None, None, what);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| fail(e.to_string()))?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| fail(format!("no \"{name}\" column")))
        };
        let (id, country, lon, lat, kind) = (
            col("id")?,
            col("country")?,
            col("lon")?,
            col("lat")?,
            col("kind")?,
        );
        let (periods, population, sources) =
            (col("period_names")?, col("population")?, col("sources")?);
        let langs: Vec<(usize, Lang)> = Lang::COLUMNS
            .iter()
            .map(|(c, l)| col(c).map(|i| (i, *l)))
            .collect::<Result<_, _>>()?;
        let mut g = Gazetteer::default();
        for (row, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| fail(e.to_string()))?;
            let get = |i: usize| rec.get(i).unwrap_or("").trim();
            let number = |i: usize, what: &str| {
                get(i)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        fail(format!(
                            "row {}: {what} \"{}\" is not a number",
                            row + 2,
                            get(i)
                        ))
                    })
            };
            let place = Place {
                id: get(id).to_string(),
                country: get(country).to_string(),
                lon: number(lon, "lon")?,
                lat: number(lat, "lat")?,
                kind: get(kind).to_string(),
                names: langs
                    .iter()
                    .filter(|(i, _)| !get(*i).is_empty())
                    .map(|(i, l)| (*l, get(*i).to_string()))
                    .collect(),
                periods: period_names(get(periods), row + 2).map_err(fail)?,
                population: get(population).parse().unwrap_or(0),
                sources: get(sources)
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            if place.id.is_empty()
                || !(-180.0..=180.0).contains(&place.lon)
                || !(-90.0..=90.0).contains(&place.lat)
            {
                return Err(fail(format!(
                    "row {}: no id or a position off the globe",
                    row + 2
                )));
            }
            g.places.push(place);
        }
        g.index = g
            .places
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.all_names()
                    .into_iter()
                    .chain(std::iter::once(p.id.clone()))
                    .map(move |n| (fold(&n), i, n))
            })
            .filter(|(f, _, _)| !f.is_empty())
            .collect();
        Ok(g)
    }

    /// Suggestions for what a user has typed so far, best first: whole
    /// names, then names that start with it, names one typo away, names
    /// with a word that starts with it; larger places first within each.
    /// One entry per place.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Match> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<Match> = Vec::new();
        for (folded, place, name) in &self.index {
            let kind = if *folded == q {
                MatchKind::Exact
            } else if folded.starts_with(&q) {
                MatchKind::Prefix
            } else if q.len() >= 4 && within_one_edit(folded, &q) {
                MatchKind::Typo
            } else if folded.split(' ').any(|w| w.starts_with(&q)) {
                MatchKind::Word
            } else {
                continue;
            };
            match found.iter_mut().find(|m| m.place == *place) {
                Some(m) if m.kind <= kind => {}
                Some(m) => {
                    m.kind = kind;
                    m.name = name.clone();
                }
                None => found.push(Match {
                    place: *place,
                    name: name.clone(),
                    kind,
                }),
            }
        }
        found.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then(
                    self.places[b.place]
                        .population
                        .cmp(&self.places[a.place].population),
                )
                .then(a.name.cmp(&b.name))
        });
        found.truncate(limit);
        found
    }

    /// The place called `name` (case and diacritics aside; `id:ID` for a
    /// place's id), the places sharing it, or the closest names.
    pub fn lookup(&self, name: &str) -> Lookup {
        // `id:priekule-lt` names one place when several share a name.
        if let Some(id) = name.trim().strip_prefix("id:")
            && let Some(i) = self.places.iter().position(|p| p.id == id.trim())
        {
            return Lookup::Found(i);
        }
        let matches = self.search(name, 8);
        let exact: Vec<usize> = matches
            .iter()
            .filter(|m| m.kind == MatchKind::Exact)
            .map(|m| m.place)
            .collect();
        match exact.len() {
            0 => Lookup::NotFound(matches.into_iter().take(5).collect()),
            1 => Lookup::Found(exact[0]),
            _ => Lookup::Ambiguous(exact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_script() {
        assert_eq!(fold("Dünaburg"), "dunaburg");
        assert_eq!(fold("ŠIAULIAI"), "siauliai");
        assert_eq!(fold("Abja-Paluoja"), "abja paluoja");
        assert_eq!(fold("Даугавпилс"), "daugavpils");
    }

    #[test]
    fn one_edit_means_one() {
        assert!(within_one_edit("siauliai", "siaulai"));
        assert!(within_one_edit("tartu", "tratu"));
        assert!(within_one_edit("tartu", "tarty"));
        assert!(within_one_edit("riga", "rigaa"));
        assert!(!within_one_edit("tartu", "trtau"));
        assert!(!within_one_edit("riga", "rgia x"));
    }

    fn g() -> Gazetteer {
        Gazetteer::builtin().unwrap()
    }

    #[test]
    fn the_builtin_gazetteer_finds_places_by_any_name() {
        let g = g();
        assert!(g.places.len() >= 300, "{}", g.places.len());
        let id = |q: &str| match g.lookup(q) {
            Lookup::Found(i) => g.places[i].id.clone(),
            other => panic!("{q}: {other:?}"),
        };
        assert_eq!(id("Dunaburg"), "daugavpils");
        assert_eq!(id("Siauliai"), "siauliai");
        assert_eq!(id("kingissepa"), "kuressaare");
        assert_eq!(id("Kowno"), "kaunas");
        assert_eq!(id("Vilne"), "vilnius");
        assert_eq!(id("id:priekule-lt"), "priekule-lt");
        assert!(matches!(g.lookup("Priekule"), Lookup::Ambiguous(v) if v.len() == 2));
        // One typo: a suggestion, not an answer.
        let s = g.search("Siaulai", 5);
        assert_eq!(g.places[s[0].place].id, "siauliai");
        assert!(matches!(g.lookup("Siaulai"), Lookup::NotFound(_)));
    }

    #[test]
    fn names_follow_the_date() {
        let g = g();
        let Lookup::Found(i) = g.lookup("Kuressaare") else {
            panic!()
        };
        let p = &g.places[i];
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(p.name_on(d("1960-01-01")), "Kingissepa");
        assert_eq!(p.name_on(d("1990-01-01")), "Kuressaare");
        assert_eq!(p.name_on(d("1952-05-15")), "Kingissepa");
        assert_eq!(p.name_on(d("1952-05-14")), "Kuressaare");
    }

    #[test]
    fn bad_rows_are_refused_with_their_row() {
        let head = "id,country,lon,lat,kind,name_et,name_lv,name_lt,name_de,name_pl,name_ru,name_ru_latn,name_yi,period_names,population,sources\n";
        let bad_lon = format!("{head}x,EE,east,58,town,X,,,,,,,,,1,src\n");
        let e = Gazetteer::parse(&bad_lon, "p.csv").unwrap_err().to_string();
        assert!(e.contains("row 2") && e.contains("lon"), "{e}");
        let bad_period = format!("{head}x,EE,25,58,town,X,,,,,,,,Y@1950,1,src\n");
        let e = Gazetteer::parse(&bad_period, "p.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Name@YYYY-MM-DD/YYYY-MM-DD"), "{e}");
    }
}
