//! Expands the command line's inputs: files as given, directories walked for pages and texts, and
//! glob patterns (quoted so the shell left them alone) matched — all in a stable, sorted order so a
//! batch's output order never depends on the file system.

use std::path::Path;

const EXTENSIONS: [&str; 4] = ["html", "htm", "xhtml", "txt"];

fn walk(dir: &Path, out: &mut Vec<String>, errors: &mut Vec<(String, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return errors.push((dir.display().to_string(), e.to_string())),
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, errors);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p.display().to_string());
        }
    }
}

/// The files to annotate, and the inputs that could not be expanded (path, reason).
pub fn expand(args: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for a in args {
        let path = Path::new(a);
        if a != "-" && path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else if !path.exists() && a.contains(['*', '?', '[']) {
            match glob::glob(a) {
                Ok(paths) => {
                    let before = files.len();
                    files.extend(paths.filter_map(Result::ok).filter(|p| p.is_file()).map(|p| p.display().to_string()));
                    if files.len() == before {
                        errors.push((a.clone(), "no file matches this pattern".into()));
                    }
                }
                Err(e) => errors.push((a.clone(), format!("bad pattern: {e}"))),
            }
        } else {
            // Missing files are reported when read, in their place in the batch.
            files.push(a.clone());
        }
    }
    (files, errors)
}
