//! Test support shared by the Janus tests.

#![allow(dead_code)]

pub mod janus;
pub mod page;
