//! GIFT tests: the documented examples, malformed files, export round trips.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod examples;
mod malformed;
mod round_trip;
