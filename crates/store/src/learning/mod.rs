pub mod assignments;
pub mod class_progress;
pub mod exercises;
pub mod progress;
pub mod revision;
pub mod watching;
