//! See `kefu_lens::fuzzing::xlsx`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_lens::fuzzing::xlsx(data));
