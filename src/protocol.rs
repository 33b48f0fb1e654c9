//! Messages between the UI thread and the Web Worker (JSON over postMessage).
//! OWNER: app (lead).
