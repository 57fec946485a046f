//! Map geometry independent of any renderer: the projection, triangulated
//! region meshes, and the shared edges between regions. The interactive map
//! and the image export both draw from this.

pub mod edges;
pub mod geometry;
pub mod layer_geometry;
pub mod projection;

pub use geometry::{MapGeometry, Mesh2};
pub use projection::Projection;
