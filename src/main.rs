fn main() {
    println!("sflint");
}
