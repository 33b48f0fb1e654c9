//! See `kefu_lens::fuzzing::rules`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_lens::fuzzing::rules(data));
