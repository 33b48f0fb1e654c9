//! Kefu Lens web UI entry point (Leptos CSR, built by Trunk for wasm32).
//! Natively this binary only points at the CLI.

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    ui::install_panic_panel();
    leptos::mount::mount_to_body(ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kefu-lens is the web app: build it with `trunk build --release`. For the command line use `kefu`.");
}
