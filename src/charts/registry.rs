//! The one list of built-in charts. The charts panel, the Export window's
//! list, the File ▸ Export menu, the command line's chart names and the
//! snapshot tests all walk this list, so adding a chart is one entry in
//! the `chart_registry!` table below plus its builder function; the compiler checks
//! both (an entry names its builder, and the enum [`ChartKind`] is made from
//! the entries, so no `match` on it can forget the new chart).

use super::{Chart, composition, deportations, population, territory, territory_steps, troops};
use crate::atlas::Atlas;
use crate::figures::Figure;

/// How a chart is built, which also says when it must be built again: the
/// figures never change while the app runs, the geodata can be replaced.
#[derive(Clone, Copy, Debug)]
pub enum Builder {
    /// From the sourced figures (`assets/figures.csv`).
    Figures(fn(&[Figure]) -> Chart),
    /// From the geodata (computed areas); rebuilt when the atlas is
    /// replaced. `quick` is what the window shows while `full` (what the
    /// exports draw) is made on a background thread.
    Geodata {
        /// The chart as exported.
        full: fn(&Atlas) -> Chart,
        /// A version quick enough for the window's start-up.
        quick: fn(&Atlas) -> Chart,
    },
}

/// Where the charts panel shows a chart. Charts that share a column are
/// tabs of it; the panel has as many columns as the list uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelPlace {
    /// The column, counted from the left.
    pub column: usize,
    /// The chart's tab label, used when its column holds more than one
    /// chart (the column's first chart is the one shown at start).
    pub tab: &'static str,
}

/// Everything the window, the exports and the command line need to know
/// about one built-in chart besides its points.
#[derive(Clone, Copy, Debug)]
pub struct ChartSpec {
    /// The chart.
    pub kind: ChartKind,
    /// Its name on the command line and in file names.
    pub slug: &'static str,
    /// Its name in menus and in the Export window ("Population chart").
    pub menu_name: &'static str,
    /// One line about it, for `--help` and this enum's docs.
    pub about: &'static str,
    /// Where the charts panel shows it.
    pub place: PanelPlace,
    /// How it is built.
    pub builder: Builder,
}

/// Makes [`ChartKind`] (one variant per entry, documented with the entry's
/// `about`), [`ChartKind::ALL`] in entry order, and [`ChartKind::spec`].
macro_rules! chart_registry {
    ($(
        $kind:ident {
            slug: $slug:literal,
            menu_name: $menu:literal,
            about: $about:literal,
            place: ($column:literal, $tab:literal),
            builder: $builder:expr $(,)?
        }
    ),+ $(,)?) => {
        /// The built-in charts (the charts of the user's own figures are
        /// not among them: they come and go with the files the user opens).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ChartKind {
            $(
                #[doc = $about]
                $kind,
            )+
        }

        impl ChartKind {
            /// Every built-in chart, in the order the window lists them.
            pub const ALL: &[ChartKind] = &[$(ChartKind::$kind),+];

            /// The chart's entry in the list.
            pub fn spec(self) -> &'static ChartSpec {
                match self {
                    $(
                        ChartKind::$kind => {
                            const SPEC: ChartSpec = ChartSpec {
                                kind: ChartKind::$kind,
                                slug: $slug,
                                menu_name: $menu,
                                about: $about,
                                place: PanelPlace {
                                    column: $column,
                                    tab: $tab,
                                },
                                builder: $builder,
                            };
                            &SPEC
                        }
                    )+
                }
            }
        }
    };
}

chart_registry! {
    Population {
        slug: "population",
        menu_name: "Population chart",
        about: "Census population per country.",
        place: (0, "Population"),
        builder: Builder::Figures(population),
    },
    Composition {
        slug: "composition",
        menu_name: "Ethnic composition chart",
        about: "Titular and Russian shares per census.",
        place: (0, "Ethnic shares (%)"),
        builder: Builder::Figures(composition),
    },
    Deportations {
        slug: "deportations",
        menu_name: "Deportations chart",
        about: "Deportations by operation.",
        place: (1, "Deportations"),
        builder: Builder::Figures(deportations),
    },
    Troops {
        slug: "troops",
        menu_name: "Troops chart",
        about: "Soviet and Russian troops.",
        place: (2, "Troops"),
        builder: Builder::Figures(troops),
    },
    Territory {
        slug: "territory",
        menu_name: "Territory chart",
        about: "Area held by each power.",
        place: (3, "Territory"),
        builder: Builder::Geodata {
            full: territory,
            quick: territory_steps,
        },
    },
}

impl ChartKind {
    /// The name used on the command line and in file names.
    pub fn slug(self) -> &'static str {
        self.spec().slug
    }

    /// The position of the chart in [`ChartKind::ALL`].
    pub fn index(self) -> usize {
        ChartKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or_default()
    }

    /// The chart whose command-line name is `slug`.
    pub fn from_slug(slug: &str) -> Option<ChartKind> {
        ChartKind::ALL.iter().copied().find(|k| k.slug() == slug)
    }

    /// How many columns the charts panel has: as many as the list uses.
    pub fn panel_columns() -> usize {
        ChartKind::ALL
            .iter()
            .map(|k| k.spec().place.column + 1)
            .max()
            .unwrap_or(0)
    }

    /// The charts of panel column `column`, in list order (its tabs).
    pub fn in_column(column: usize) -> impl Iterator<Item = ChartKind> {
        ChartKind::ALL
            .iter()
            .copied()
            .filter(move |k| k.spec().place.column == column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronicle::Chronicle;

    #[test]
    fn entries_are_consistent() {
        for (i, k) in ChartKind::ALL.iter().enumerate() {
            let spec = k.spec();
            assert_eq!(spec.kind, *k, "{} names another chart", spec.slug);
            assert_eq!(k.index(), i);
            assert_eq!(ChartKind::from_slug(spec.slug), Some(*k));
            assert!(
                ChartKind::ALL
                    .iter()
                    .filter(|o| o.spec().place == spec.place)
                    .count()
                    == 1,
                "{} shares its panel place",
                spec.slug
            );
        }
        // No empty column in the panel.
        for c in 0..ChartKind::panel_columns() {
            assert!(
                ChartKind::in_column(c).next().is_some(),
                "column {c} is empty"
            );
        }
    }

    #[test]
    fn every_chart_plots_the_built_in_data() {
        let atlas = Atlas::builtin().unwrap();
        let chronicle = Chronicle::builtin(&atlas.sources).unwrap();
        for k in ChartKind::ALL {
            let chart = Chart::build(*k, &atlas, &chronicle.figures);
            assert_eq!(chart.origin, super::super::ChartOrigin::Builtin(*k));
            assert!(
                chart.series.iter().any(|s| !s.points.is_empty()),
                "the {} chart has no points: does its builder read a series \
                 the figures have?",
                k.slug()
            );
        }
    }
}
