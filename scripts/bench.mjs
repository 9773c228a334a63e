// `./build.sh bench [--check-budgets]`: one table of QuoteLens's speed and size figures, each beside a
// baseline measured in the same run (these machines are noisy; ratios travel, absolute numbers less so) and
// beside its budget (scripts/budgets.mjs). With --check-budgets the exit status says whether every one is met.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import * as chrono from 'chrono-node';
import { judge, settle } from './budgets.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SHARED = process.env.QUOTELENS_SHARED || path.resolve(ROOT, '..', 'shared');
const rows = [];
const judged = [];
/** A table row; with `budget` (an id of budgets.mjs) the measured number is judged against it, beside the note. */
const row = (what, value, note = '', budget = null, measured = null) => {
  const j = budget ? judge(budget, measured) : null;
  if (j) judged.push(j);
  rows.push([what, value, j ? [note, j.note].filter(Boolean).join('; ') : note]);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// 1. Native engine vs chrono-node on the same texts.
const cargoBench = (...args) =>
  execFileSync('cargo', ['bench', '--quiet', '--bench', 'engine', '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
const engine = JSON.parse(cargoBench().trim().split('\n').pop());
const texts = cargoBench('--dump').trim().split('\n').map((l) => JSON.parse(l));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
// chrono-node does the same work as the engine's dates layer: every date of every document, each against
// its publication date (or now). Warmed up, then repeated for at least 3 s; the median round counts.
const medianSeconds = (round) => {
  round();
  const samples = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 3000 || samples.length < 3) {
    const s = performance.now();
    round();
    samples.push((performance.now() - s) / 1000);
  }
  return median(samples);
};
const reference = (t) => (t.published ? new Date(`${t.published}T12:00:00`) : new Date());
const chronoMBs = bytes / 1e6 / medianSeconds(() => texts.reduce((n, t) => n + chrono.parse(t.text, reference(t)).length, 0));
row('engine throughput (quotes+speakers+sources+dates)', `${engine.mb_per_s.toFixed(1)} MB/s`, `${engine.documents} texts, ${kb(engine.bytes)}`, 'engine-mb-s', engine.mb_per_s);
const dates = JSON.parse(cargoBench('--dates').trim().split('\n').pop());
row('dates engine throughput (dates only), same texts', `${dates.mb_per_s.toFixed(1)} MB/s`, '', 'dates-mb-s', dates.mb_per_s);
row('chrono-node 2 throughput (dates only), same texts', `${chronoMBs.toFixed(2)} MB/s`, 'baseline');
row('engine / chrono-node', `${(engine.mb_per_s / chronoMBs).toFixed(1)}×`, '', 'engine-vs-chrono', engine.mb_per_s / chronoMBs);
// The same texts as one document: chrono-node slows down on long inputs (a figure taken that way is lower).
const joined = texts.map((t) => t.text).join('\n\n');
const engineJoined = JSON.parse(cargoBench('--joined').trim().split('\n').pop());
const chronoJoinedMBs = bytes / 1e6 / medianSeconds(() => chrono.parse(joined, new Date('2021-12-21T12:00:00')).length);
row('the same texts as one document: engine', `${engineJoined.mb_per_s.toFixed(1)} MB/s`, `chrono-node ${chronoJoinedMBs.toFixed(2)} MB/s, ${(engineJoined.mb_per_s / chronoJoinedMBs).toFixed(1)}×`);

// 2. The CLI over the corpus pages with 1 and 2 workers.
const bin = path.join(ROOT, 'target', 'release', 'quotelens');
const corpus = path.join(SHARED, 'corpus', 'readability');
const pages = fs.readdirSync(corpus).filter((d) => fs.existsSync(path.join(corpus, d, 'source.html'))).length;
for (const jobs of [1, 2]) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const s = performance.now();
    const r = spawnSync(bin, ['annotate', '-j', String(jobs), '--format', 'jsonl', corpus], { stdio: ['ignore', 'ignore', 'pipe'] });
    times.push((performance.now() - s) / 1000);
    if (r.status !== 0) throw new Error(`quotelens failed: ${r.stderr}`);
  }
  row(`CLI on ${pages} corpus pages, -j ${jobs}`, `${(pages / median(times)).toFixed(1)} docs/s`, `median of 3, ${os.cpus().length} cores`);
}

// 3. Sizes.
const wasm = path.join(ROOT, 'target', 'pkg', 'quotelens_bg.wasm');
if (fs.existsSync(wasm)) {
  const raw = fs.readFileSync(wasm);
  const gz = zlib.gzipSync(raw, { level: 9 }).length;
  row('.wasm size', kb(raw.length), `${kb(gz)} gzipped`, 'wasm-gzip-kb', gz / 1024);
}
for (const b of ['chrome', 'firefox']) {
  const zip = path.join(ROOT, 'dist', `quotelens-${b}.zip`);
  if (fs.existsSync(zip)) row(`extension package (${b})`, kb(fs.statSync(zip).size), 'zip');
}

// 4. The WASM core in Node on every corpus page's snapshot (what the content script sends): time per
// page, and linear memory after the largest page in a fresh instance (memory only grows, so that is its peak).
if (fs.existsSync(wasm)) {
  const glue = await import(path.join(ROOT, 'target', 'pkg', 'quotelens.js'));
  const snapshots = fs
    .readdirSync(corpus)
    .filter((d) => fs.existsSync(path.join(corpus, d, 'source.html')))
    .map((d) => {
      const file = path.join(corpus, d, 'source.html');
      const json = execFileSync(bin, ['snapshot', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      return { name: d, size: fs.statSync(file).size, snapshot: JSON.parse(json) };
    });
  const largest = snapshots.reduce((a, b) => (b.size > a.size ? b : a));
  const fresh = glue.initSync({ module: fs.readFileSync(wasm) });
  glue.annotatePage(largest.snapshot, { force: true });
  const memory = fresh.memory.buffer.byteLength / 2 ** 20;
  row(`WASM linear memory after the largest page (${largest.name}, ${kb(largest.size)})`, `${memory.toFixed(1)} MB`, '', 'wasm-memory-mb', memory);
  const times = [];
  for (const s of snapshots) {
    const t = performance.now();
    glue.annotatePage(s.snapshot, { force: true });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.floor(times.length * 0.95)];
  row(`WASM annotatePage per corpus page (${times.length} pages)`, `${median(times).toFixed(2)} ms`, `median; p95 ${p95.toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms`);
  const seed = JSON.parse(execFileSync(bin, ['snapshot', path.join(ROOT, 'tests', 'fixtures', 'seed-sputnik-2021-12-21.html')], { encoding: 'utf8' }));
  const seedTimes = Array.from({ length: 50 }, () => {
    const t = performance.now();
    glue.annotatePage(seed, {});
    return performance.now() - t;
  });
  row('WASM annotatePage, reference article', `${median(seedTimes).toFixed(2)} ms`, 'median of 50', 'seed-wasm-ms', median(seedTimes));
  // What a page pays on its first call: V8 compiles WASM functions lazily, on their first call (and caches
  // them per process), so each sample is the first call in a new Node process.
  const seedFile = path.join(os.tmpdir(), `ql-bench-seed-${process.pid}.json`);
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const cold = `const fs = await import('node:fs'); const g = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'target', 'pkg', 'quotelens.js')).href)});
    g.initSync({ module: new WebAssembly.Module(fs.readFileSync(${JSON.stringify(wasm)})) });
    const s = JSON.parse(fs.readFileSync(${JSON.stringify(seedFile)}, 'utf8')); const t = performance.now(); g.annotatePage(s, {});
    console.log(performance.now() - t);`;
  const firstTimes = Array.from({ length: 5 }, () => Number(execFileSync('node', ['--input-type=module', '-e', cold], { encoding: 'utf8' })));
  fs.rmSync(seedFile);
  row('WASM annotatePage, reference article, first call', `${median(firstTimes).toFixed(2)} ms`, 'after instantiation in a new process (functions compile lazily), median of 5');
}

// 5. In the browser: every corpus page as it comes and under a strict CSP (scripts/bench-pages.mjs), then the
// hostile pages' main-thread figures (scripts/bench-hostile.mjs), in Chromium and in Firefox.
const browserBenches = [['bench-pages.mjs'], ['bench-pages.mjs', '--csp'], ['bench-hostile.mjs'], ['bench-hostile.mjs', '--firefox']];
for (const [script, ...args] of browserBenches) {
  const out = execFileSync('node', [path.join(ROOT, 'scripts', script), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.trim().split('\n')) {
    const r = JSON.parse(line);
    row(r.what, r.value, r.note ?? '', r.budget ?? null, r.measured ?? null);
  }
}

const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length)));
console.log(`QuoteLens benchmarks — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${new Date().toISOString().slice(0, 10)}`);
for (const r of rows) console.log(`  ${r[0].padEnd(w[0])}  ${String(r[1]).padStart(w[1])}  ${r[2]}`);
settle(judged);
