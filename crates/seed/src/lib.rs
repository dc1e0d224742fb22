//! Seed data for Lawha: the demo country slice that `lawha demo` serves, and the synthetic
//! national dataset that `lawha generate`, the demo's dashboards, tests and benches use.
//!
//! Both write through the store's public API, as an administrator's import would. What is
//! data rather than code — the demo's places, accounts, curriculum, exercises and capsule
//! texts, the generator's names — lives in `data/`, embedded in the binary and read with
//! serde; the national reference lists come from `lawha-core`.

mod data;
pub mod demo;
mod error;
pub mod synthetic;

pub use error::{Result, SeedError};
