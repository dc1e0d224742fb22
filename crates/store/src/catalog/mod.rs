pub mod capsule_files;
pub mod capsules;
pub mod curriculum;
pub mod read_models;

pub use read_models::*;
