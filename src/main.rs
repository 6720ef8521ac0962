fn main() {
    ops_console::mount();
}
