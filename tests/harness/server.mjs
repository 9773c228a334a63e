// A static server on 127.0.0.1 for the end-to-end tests: the reference article page and the real pages
// of ../shared/corpus/readability/, each also under /csp/ with a strict Content-Security-Policy that
// forbids WASM in the page (the case toolchain.md describes: Chromium then refuses content-script WASM),
// /big.html, a long article generated from the reference one, the hostile fixtures (/fixtures/hostile/),
// /hostile/10mb.html, a 10 MB article generated the same way, and /hostile/columns.html, a long one in columns.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const SHARED = process.env.QUOTELENS_SHARED || path.resolve(ROOT, '..', 'shared');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
export const STRICT_CSP = "script-src 'self'";

function resolve(urlPath) {
  if (urlPath === '/seed.html') return path.join(FIXTURES, 'seed-sputnik-2021-12-21.html');
  let m = urlPath.match(/^\/corpus\/([A-Za-z0-9._-]+)\/?$/);
  if (m) return path.join(SHARED, 'corpus', 'readability', m[1], 'source.html');
  m = urlPath.match(/^\/fixtures\/((?:hostile\/)?[A-Za-z0-9._-]+\.html)$/);
  if (m) return path.join(FIXTURES, m[1]);
  return null;
}

/** A long article (the reference article's body sixty times, ~230k characters) for the big-page path. */
function bigPage(copies = 60) {
  const seed = fs.readFileSync(path.join(FIXTURES, 'seed-sputnik-2021-12-21.html'), 'utf8');
  const body = seed.slice(seed.indexOf('<article>') + 9, seed.indexOf('</article>'));
  return seed.replace(body, Array.from({ length: copies }, (_, i) => `<section id="part-${i}">${body}</section>`).join('\n'));
}

/**
 * The 10 MB page of the hostile fixtures: the reference article's paragraphs repeated in sections to 10 MB of
 * HTML (~2,600 articles' worth of text), ending in a section with a quote of its own, so a test can see the
 * page was annotated to the end. Generated here, never committed.
 */
function tenMegabytePage() {
  const seed = fs.readFileSync(path.join(FIXTURES, 'seed-sputnik-2021-12-21.html'), 'utf8');
  const body = seed.slice(seed.indexOf('<article>') + 9, seed.indexOf('</article>'));
  const parts = [];
  let size = seed.length;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const part = `<section id="part-${i}">${body}</section>\n`;
    parts.push(part);
    size += part.length;
  }
  parts.push('<section id="the-end"><p>“This is the very last paragraph of the page,” Konstantin Gavrilov said.</p></section>');
  return seed.replace(body, parts.join(''));
}

/**
 * A long article (the reference body 150 times, ~6,000 highlights: past the applier's near-the-viewport
 * threshold) set in three CSS columns, so that document order is not top-to-bottom order.
 */
function columnsPage() {
  return bigPage(150).replace('</head>', '<style>article { columns: 3; column-gap: 2em; }</style></head>');
}

/** Starts the server on an ephemeral port; resolves to {origin, requests, close()}. */
export function startServer() {
  const requests = []; // every request served, for the privacy tests ("method path")
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}`);
    const generated = { '/big.html': bigPage, '/hostile/10mb.html': tenMegabytePage, '/hostile/columns.html': columnsPage }[url.pathname];
    if (generated) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(generated());
      return;
    }
    const csp = url.pathname.startsWith('/csp/');
    const file = resolve(csp ? url.pathname.slice(4) : url.pathname);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (csp) headers['content-security-policy'] = STRICT_CSP;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// `node tests/harness/server.mjs` serves until interrupted, for trying the extension by hand.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { origin } = await startServer();
  console.log(`serving ${origin}/seed.html, ${origin}/csp/seed.html, ${origin}/corpus/NAME/`);
}
