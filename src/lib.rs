//! Baltic Atlas: an offline atlas of the Baltic states, 1939–1999.
//!
//! The library holds the domain (dates, regions, the control timeline,
//! territories) with no knowledge of any user interface; the desktop app and
//! the command line both read it.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod atlas;
pub mod atomic_write;
pub mod charts;
pub mod check;
pub mod chronicle;
pub mod cities;
pub mod cli;
pub mod compare;
pub mod date;
pub mod dissolve;
pub mod error;
pub mod events;
pub mod export;
pub mod figures;
pub mod fronts;
pub mod geodata;
pub mod legal_view;
pub mod map;
pub mod periods;
pub mod places;
pub mod session;
pub mod style;
pub mod territory;
pub mod territory_geojson;
#[cfg(feature = "gui")]
pub mod ui;
pub mod user_files;
pub mod user_layer;
pub mod vertex_key;

pub use atlas::Atlas;
pub use date::Date;
pub use error::AtlasError;
