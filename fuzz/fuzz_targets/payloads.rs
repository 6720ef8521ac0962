//! The three /beak payload parsers and the rules that read their data.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ops_console::fuzzing::payloads(data));
