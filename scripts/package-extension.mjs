// Packages the extension for each browser: dist/chrome/ and dist/firefox/ (loadable unpacked), each with its
// own generated manifest (Chrome: background service worker; Firefox: background scripts — one manifest for
// both makes web-ext warn BACKGROUND_SERVICE_WORKER_IGNORED), the WASM core from target/pkg/, and store zips.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ICON_SIZES, writeIcons } from './make-icons.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'extension');
const PKG = path.join(ROOT, 'target', 'pkg');
const DIST = path.join(ROOT, 'dist');

const version = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const PAGES = ['http://*/*', 'https://*/*'];
// Content scripts are classic scripts sharing one isolated world; order matters (helpers first).
const CONTENT_JS = ['parcel.js', 'content/snapshot.js', 'content/applier.js', 'content/pagewatch.js', 'content/corrections.js', 'content/card.js', 'content/engine.js', 'content/content.js'];
const icons = Object.fromEntries(ICON_SIZES.map((s) => [String(s), `icons/icon-${s}.png`]));

function manifest(browser) {
  const m = {
    manifest_version: 3,
    name: 'QuoteLens',
    version,
    description: 'Highlights who said what, and when, on news articles. Runs entirely on your device.',
    icons,
    action: { default_title: 'QuoteLens', default_popup: 'popup/popup.html', default_icon: icons },
    // storage: settings; activeTab+scripting: "Annotate this page" where the content script is not present;
    // downloads: exports (a popup's blob URL dies with the popup); contextMenus: "Add quote from selection"
    // (a correction the reader starts from selected text).
    permissions: ['storage', 'activeTab', 'scripting', 'downloads', 'contextMenus'],
    content_scripts: [{ matches: PAGES, js: CONTENT_JS, css: ['content/highlights.css'], run_at: 'document_idle' }],
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
    commands: {
      'toggle-quotelens': { suggested_key: { default: 'Alt+Shift+Q' }, description: 'Turn QuoteLens on or off for this site' },
      'next-quote': { suggested_key: { default: 'Alt+Shift+N' }, description: 'Jump to the next quote' },
    },
  };
  if (browser === 'chrome') {
    m.minimum_chrome_version = '121';
    m.background = { service_worker: 'background.js', type: 'module' };
  } else {
    m.background = { scripts: ['background.js'], type: 'module' };
    m.browser_specific_settings = {
      gecko: { id: 'quotelens@quotelens.org', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return m;
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const s = path.join(from, e.name), d = path.join(to, e.name);
    if (e.isDirectory()) copyDir(s, d);
    else fs.copyFileSync(s, d);
  }
}

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  }).sort();
}

// A minimal ZIP writer (deflate, no extras): store zips need nothing more, and CI machines may lack `zip`.
function crc32(buf) {
  if (zlib.crc32) return zlib.crc32(buf) >>> 0;
  let crc = 0xffffffff;
  for (const b of buf) {
    let c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function zipDir(dir, out) {
  const locals = [], centrals = [];
  let offset = 0;
  const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1; // fixed timestamp: reproducible zips
  for (const name of listFiles(dir)) {
    const data = fs.readFileSync(path.join(dir, name));
    const packed = zlib.deflateRawSync(data, { level: 9 });
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(8, 8); head.writeUInt16LE(0, 10); head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(crc, 14); head.writeUInt32LE(packed.length, 18); head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(fname.length, 26); head.writeUInt16LE(0, 28);
    locals.push(head, fname, packed);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10); cen.writeUInt16LE(0, 12); cen.writeUInt16LE(DOS_DATE, 14);
    cen.writeUInt32LE(crc, 16); cen.writeUInt32LE(packed.length, 20); cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(fname.length, 28); cen.writeUInt32LE(offset, 42);
    centrals.push(cen, fname);
    offset += head.length + fname.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8); end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  fs.writeFileSync(out, Buffer.concat([...locals, cd, end]));
}

for (const f of ['quotelens.js', 'quotelens_bg.wasm']) {
  if (!fs.existsSync(path.join(PKG, f))) {
    console.error(`package-extension: ${path.join(PKG, f)} is missing; build the WASM first (./build.sh)`);
    process.exit(1);
  }
}
if (!ICON_SIZES.every((s) => fs.existsSync(path.join(SRC, 'icons', `icon-${s}.png`)))) writeIcons(path.join(SRC, 'icons'));

for (const browser of ['chrome', 'firefox']) {
  const out = path.join(DIST, browser);
  fs.rmSync(out, { recursive: true, force: true });
  copyDir(SRC, out);
  copyDir(PKG, path.join(out, 'pkg'));
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest(browser), null, 2) + '\n');
  const zip = path.join(DIST, `quotelens-${browser}.zip`);
  zipDir(out, zip);
  console.log(`${path.relative(ROOT, out)}/ and ${path.relative(ROOT, zip)} (${listFiles(out).length} files)`);
}
