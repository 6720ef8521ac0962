//! The backup (import) decoder, with the round trip of what it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ops_console::fuzzing::import(data));
