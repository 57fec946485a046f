//! Map geometry and the map scene, independent of any renderer: the
//! projection, triangulated region meshes, the shared edges between
//! regions, and for a date and a view the list of what to draw with every
//! label placed. The interactive map and the image export both draw the
//! same [`scene::MapScene`].

pub mod edges;
pub mod front_split;
pub mod geometry;
pub mod labels;
pub mod layer_geometry;
pub mod projection;
pub mod scene;
pub mod simplify;

pub use geometry::{Detail, MapGeometry, Mesh2};
pub use projection::Projection;
pub use scene::{MapScene, SceneInput, SceneStyle, Viewport};
