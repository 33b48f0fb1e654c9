//! The worker: the transport (`client`), typed questions (`api`) and hooks
//! that keep an answer current (`hooks`). Only this module knows the wire
//! protocol's answers.

pub(crate) mod api;
pub(crate) mod client;
pub(crate) mod hooks;
pub(crate) mod workspace;
