// Re-embed the SQL migrations (sqlx::migrate!) and the knowledge base (include_str!) when they change.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=knowledge");
}
