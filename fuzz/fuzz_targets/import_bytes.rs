//! See `kefu_lens::fuzzing::import_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_lens::fuzzing::import_bytes(data));
