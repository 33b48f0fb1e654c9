fn main() {
    eprintln!("kefu: not yet wired");
}
