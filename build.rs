// Re-embed the SQL migrations (sqlx::migrate!) and the knowledge base (include_str!) when they
// change, and list the source texts of knowledge/sources/ for the embedded copy.
use std::path::PathBuf;
use std::{env, fs, io};

fn main() -> io::Result<()> {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=knowledge");
    let var = |name: &str| env::var(name).map_err(|err| io::Error::other(format!("{name}: {err}")));
    let folder = PathBuf::from(var("CARGO_MANIFEST_DIR")?).join("knowledge/sources");
    let mut names = Vec::new();
    if folder.is_dir() {
        for item in fs::read_dir(&folder)? {
            let name = item?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                names.push(name);
            }
        }
    }
    names.sort();
    let mut code = String::from("&[\n");
    for name in names {
        let path = folder.join(&name).display().to_string();
        code.push_str(&format!(
            "    ({:?}, include_str!({path:?})),\n",
            format!("sources/{name}")
        ));
    }
    code.push_str("]\n");
    fs::write(
        PathBuf::from(var("OUT_DIR")?).join("embedded_sources.rs"),
        code,
    )
}
