// Every speed, size and main-thread budget QuoteLens holds itself to, in one table. The benchmarks
// (`./build.sh bench`) and the corpus sweep (`./build.sh sweep`) measure them and print each figure beside its
// budget; they fail only when asked to (`--check-budgets`). Tests never assert a time: on a shared CI machine
// a timed test fails for no defect (issue 13), so tests assert behaviour and budgets live here.

/** id → {what, limit, unit, at: 'most' | 'least'} */
export const BUDGETS = {
  'engine-mb-s': { what: 'native engine throughput, one core', limit: 10, unit: 'MB/s', at: 'least' },
  'dates-mb-s': { what: 'native dates engine throughput, one core', limit: 30, unit: 'MB/s', at: 'least' },
  'engine-vs-chrono': { what: 'engine / chrono-node, same texts', limit: 30, unit: '×', at: 'least' },
  'wasm-gzip-kb': { what: '.wasm gzipped', limit: 200, unit: 'KB', at: 'most' },
  'wasm-memory-mb': { what: 'WASM linear memory after the largest page', limit: 16, unit: 'MB', at: 'most' },
  'seed-wasm-ms': { what: 'reference article through the WASM core, warm', limit: 5, unit: 'ms', at: 'most' },
  'page-request-median-ms': { what: 'annotate request → highlights, median over the corpus', limit: 50, unit: 'ms', at: 'most' },
  'page-longest-task-ms': { what: 'longest main-thread task on any corpus page', limit: 50, unit: 'ms', at: 'most' },
  'huge-annotate-task-ms': { what: 'longest main-thread task, 10 MB page annotated and read', limit: 200, unit: 'ms', at: 'most' },
  'huge-restore-task-ms': { what: 'longest main-thread task, 10 MB page restored', limit: 200, unit: 'ms', at: 'most' },
  'rewriting-task-ms': { what: 'longest main-thread task, a page rewriting itself every 100 ms', limit: 500, unit: 'ms', at: 'most' },
};

/** The budget's note for a table: "budget ≤ 200 ms: met" (or "NOT MET"); throws for an unknown id. */
export function judge(id, value) {
  const b = BUDGETS[id];
  if (!b) throw new Error(`no budget ${id}`);
  const met = b.at === 'most' ? value <= b.limit : value >= b.limit;
  return { id, value, met, note: `budget ${b.at === 'most' ? '≤' : '≥'} ${b.limit}${b.unit === '×' ? '×' : ` ${b.unit}`}: ${met ? 'met' : 'NOT MET'}` };
}

/**
 * Prints the verdicts of a run (`judged`: judge() results) and, under `--check-budgets` in `argv`, sets a
 * non-zero exit status when one is not met.
 */
export function settle(judged, argv = process.argv) {
  const missed = judged.filter((j) => !j.met);
  for (const j of missed) console.error(`over budget: ${BUDGETS[j.id].what}: ${j.value} ${BUDGETS[j.id].unit} (${j.note})`);
  if (argv.includes('--check-budgets') && missed.length) process.exitCode = 1;
  return missed.length === 0;
}
