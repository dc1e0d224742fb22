pub mod media;
pub mod uploads;
