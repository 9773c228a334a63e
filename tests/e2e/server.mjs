// A static server on 127.0.0.1 for the end-to-end tests: the reference article page and the real pages
// of ../shared/corpus/readability/, each also under /csp/ with a strict Content-Security-Policy that
// forbids WASM in the page (the case toolchain.md describes: Chromium then refuses content-script WASM),
// and /big.html, a long article generated from the reference one.
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
  m = urlPath.match(/^\/fixtures\/([A-Za-z0-9._-]+\.html)$/);
  if (m) return path.join(FIXTURES, m[1]);
  return null;
}

/** Starts the server on an ephemeral port; resolves to {origin, close()}. */
/** A long article (the reference article's body sixty times, ~230k characters) for the big-page path. */
function bigPage() {
  const seed = fs.readFileSync(path.join(FIXTURES, 'seed-sputnik-2021-12-21.html'), 'utf8');
  const body = seed.slice(seed.indexOf('<article>') + 9, seed.indexOf('</article>'));
  return seed.replace(body, Array.from({ length: 60 }, (_, i) => `<section id="part-${i}">${body}</section>`).join('\n'));
}

export function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/big.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(bigPage());
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
      ok({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// `node tests/e2e/server.mjs` serves until interrupted, for trying the extension by hand.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { origin } = await startServer();
  console.log(`serving ${origin}/seed.html, ${origin}/csp/seed.html, ${origin}/corpus/NAME/`);
}
