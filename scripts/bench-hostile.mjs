// How long the page's main thread is held on the pages built to be hard (issue 13: these are budgets, so they
// are measured here, not asserted in the tests): the 10 MB page annotated, read at its top, middle and end and
// restored, and a page that rewrites itself every 100 ms — the same walks the end-to-end tests take
// (tests/harness/walks.mjs), in the built extension, in Chromium (a trace of every renderer main-thread task)
// and Firefox (gaps of a 5 ms timer in the page, an upper bound).
//
//   node scripts/bench-hostile.mjs [--firefox] [--check-budgets]
//
// stdout: JSON lines {what, value, note, budget, measured} for scripts/bench.mjs's table; a missed budget is
// also said on stderr (and, with --check-budgets, in the exit status).
import { browserEnv } from '../tests/harness/harness.mjs';
import { walkTenMegabytePage, walkRewritingPage } from '../tests/harness/walks.mjs';
import { judge, settle } from './budgets.mjs';

const firefox = process.argv.includes('--firefox');
const { launch } = await import(firefox ? '../tests/harness/firefox.mjs' : '../tests/harness/chromium.mjs');
const browser = firefox ? 'Firefox' : 'Chromium';
const env = browserEnv(launch);
const judged = [];
/** A row for bench.mjs's table (which judges it again beside the others); a budget missed is also said here. */
const out = (what, value, note, budget, measured) => {
  judged.push(judge(budget, measured));
  console.log(JSON.stringify({ what, value, note, budget, measured }));
};

await env.start();
try {
  env.beginTest();
  const { annotate: a, restore: r } = await walkTenMegabytePage(env);
  await env.endTest();
  const why = (x) => (x.why ? `, in it: ${x.why} ms` : '');
  out(`${browser}: 10 MB page, longest main-thread task annotating and reading it (${a.method})`, `${a.longest} ms`,
    `annotated in ${(a.ms / 1000).toFixed(1)} s, ${a.over50} tasks over 50 ms${why(a)}`, 'huge-annotate-task-ms', a.longest);
  out(`${browser}: 10 MB page, longest main-thread task restoring it (${r.method})`, `${r.longest} ms`,
    `restored in ${r.ms} ms${why(r)}`, 'huge-restore-task-ms', r.longest);
  env.beginTest();
  const w = await walkRewritingPage(env);
  await env.endTest();
  out(`${browser}: page rewriting itself every 100 ms, longest main-thread task (${w.method})`, `${w.longest} ms`,
    `${w.rewrites} rewrites in ${w.window} ms, ${w.runs} core runs`, 'rewriting-task-ms', w.longest);
} finally {
  await env.stop();
}
settle(judged);
