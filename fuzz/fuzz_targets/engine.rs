//! See `kefu_lens::fuzzing::engine`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_lens::fuzzing::engine(data));
