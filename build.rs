//! Copies the word lists of `data/` into `OUT_DIR` without their comment and blank lines, for
//! `data_file!` to compile in: every reader of those lists skips such lines anyway, and every byte of a
//! list ships in the .wasm that each page downloads (the comments are ~6 KB of ~32 KB).

use std::fs;
use std::path::Path;

fn copy_stripped(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let Some(name) = path.file_name() else { continue };
        if path.is_dir() {
            copy_stripped(&path, &to.join(name))?;
        } else if path.extension().is_some_and(|e| e == "txt" || e == "tsv") {
            let text = fs::read_to_string(&path)?;
            let kept: String = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .flat_map(|l| [l, "\n"])
                .collect();
            fs::write(to.join(name), kept)?;
        }
    }
    Ok(())
}

fn main() {
    println!("cargo::rerun-if-changed=data");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    copy_stripped(Path::new("data"), &Path::new(&out).join("data")).expect("data/ is readable and OUT_DIR writable");
}
