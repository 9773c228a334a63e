// Contract 3 exports, checked from outside: the W3C Web Annotation collection against the W3C test
// definitions (w3c-validate.mjs), with the validator set-up itself pinned on the W3C's own correct and
// incorrect samples; the CSV with an RFC 4180 parser; the Markdown by rendering it.
//
//   node --test tests/exports/            (from the repository root)
//
// Runs the built CLI: $QUOTELENS_BIN, else target/release/quotelens (`cargo build --release`).
// The engine improves over time, so the quote counts are not pinned: every quote the CLI reports must
// come out as one well-formed annotation (row, blockquote), whatever their number.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import MarkdownIt from 'markdown-it';
import { MUSTS, SCHEMA_DIR, validateAnnotation, validateCollection, validateDocument } from './w3c-validate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const SHARED = process.env.QUOTELENS_SHARED ?? path.resolve(REPO, '../shared');
const BIN = path.resolve(REPO, process.env.QUOTELENS_BIN ?? 'target/release/quotelens');
const SEED = path.join(SHARED, 'corpus/articles/seed-sputnik-2021-12-21.txt');
const DEV = path.join(SHARED, 'eval/dev/news-dev.jsonl');
const READABILITY = path.join(SHARED, 'corpus/readability');
const SEED_PAGE = path.join(REPO, 'tests/fixtures/seed-sputnik-2021-12-21.html');
const PAGES = ['bbc-1', 'cnn', 'guardian-1', 'nytimes-1', 'wapo-1', 'telegraph'];
const AFFIX = 32;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------------------------------
// (a) The validator set-up, pinned on the W3C samples.

const VERDICTS = JSON.parse(readFileSync(path.join(HERE, 'w3c-sample-verdicts.json'), 'utf8'));
const SAMPLES = path.join(SCHEMA_DIR, 'tools/samples');

/** Drops commas before `}` or `]` outside strings (some incorrect samples have them). */
function withoutTrailingCommas(src) {
  let out = '';
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inString) {
      out += c;
      if (c === '\\') out += src[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === ',' && /^\s*[}\]]/.test(src.slice(i + 1))) {
      // dropped
    } else {
      out += c;
    }
  }
  return out;
}

describe('W3C validator set-up', () => {
  test('uses every must assertion of the test definitions, and only those', () => {
    // Each kind has its musts, and every schema file that declares itself a must is one of them: none
    // is missed because a *.test file forgot it or lists it under another kind.
    const used = new Set(Object.values(MUSTS).flat().map((a) => a.path));
    for (const kind of ['annotation', 'collection', 'page']) assert.ok(MUSTS[kind].length > 0, `no ${kind} musts`);
    const walk = (dir) =>
      readdirSync(path.join(SCHEMA_DIR, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.json') ? [`${dir}/${e.name}`] : [],
      );
    const declared = ['annotations', 'collections'].flatMap(walk).filter((rel) => {
      const s = JSON.parse(readFileSync(path.join(SCHEMA_DIR, rel), 'utf8'));
      return s.assertionType === 'must';
    });
    assert.deepEqual([...used].sort(), declared.sort());
    for (const a of Object.values(MUSTS).flat()) {
      const s = JSON.parse(readFileSync(path.join(SCHEMA_DIR, a.path), 'utf8'));
      assert.equal(s.assertionType, 'must', a.path);
    }
  });

  test('every sample has a pinned verdict', () => {
    const files = ['correct', 'incorrect'].flatMap((d) => readdirSync(path.join(SAMPLES, d)).map((f) => `${d}/${f}`));
    assert.deepEqual(Object.keys(VERDICTS.samples).sort(), files.sort());
    const upstream = readFileSync(path.join(SCHEMA_DIR, 'UPSTREAM_COMMIT'), 'utf8').trim();
    assert.equal(VERDICTS.upstreamCommit, upstream, 'the samples and schemas changed: review the pinned verdicts');
  });

  for (const [name, want] of Object.entries(VERDICTS.samples)) {
    test(`sample ${name}: ${want.excluded ? 'excluded, pinned' : want.verdict}`, () => {
      const src = readFileSync(path.join(SAMPLES, name), 'utf8');
      const correct = name.startsWith('correct/');
      assert.ok(want.excluded || want.verdict === (correct ? 'valid' : 'invalid'), `verdict of ${name}`);
      let doc;
      if (want.json === 'none') {
        assert.throws(() => JSON.parse(src));
        assert.throws(() => JSON.parse(withoutTrailingCommas(src)));
        return; // not JSON, so not a Web Annotation: invalid
      } else if (want.json === 'trailing-commas') {
        assert.throws(() => JSON.parse(src));
        doc = JSON.parse(withoutTrailingCommas(src));
      } else {
        assert.equal(want.json, undefined);
        doc = JSON.parse(src);
      }
      const fails = validateDocument(doc);
      assert.deepEqual(fails, want.fails ?? [], `failed must assertions of ${name}`);
      if (want.verdict === 'valid') {
        if (want.dropItems) {
          const keep = doc.first.items.filter((i) => !want.dropItems.includes(i.id));
          assert.equal(keep.length, doc.first.items.length - want.dropItems.length);
          assert.deepEqual(validateDocument({ ...doc, first: { ...doc.first, items: keep } }), []);
        } else {
          assert.deepEqual(fails, []);
        }
      }
      if (want.verdict === 'invalid') assert.ok(fails.length > 0, `${name} passes every must`);
      if (want.withSingleId) {
        assert.ok(Array.isArray(doc.id) && doc.id.length > 1);
        assert.deepEqual(validateDocument({ ...doc, id: doc.id[0] }), want.withSingleId);
      }
      if (want.withPatch) assert.deepEqual(validateDocument({ ...doc, ...want.withPatch.set }), want.withPatch.fails);
    });
  }

  test('format checking is on: a non-URI id and a non-date-time created fail', () => {
    const good = JSON.parse(readFileSync(path.join(SAMPLES, 'correct/anno14.json'), 'utf8'));
    assert.deepEqual(validateAnnotation(good), []);
    assert.deepEqual(validateAnnotation({ ...good, id: 'anno 14' }), ['3.1-annotationIdValidated']);
    assert.deepEqual(validateAnnotation({ ...good, created: '2015-02-30T12:00:00Z' }), ['3.3.1-annotationCreatedValidated']);
    assert.deepEqual(validateAnnotation({ ...good, created: '2015-01-28' }), ['3.3.1-annotationCreatedValidated']);
  });

  test('embedded annotations are checked, with the collection context', () => {
    const anno = JSON.parse(readFileSync(path.join(SAMPLES, 'correct/anno26.json'), 'utf8'));
    const { '@context': context, ...item } = anno;
    const collection = (items) => ({
      '@context': context,
      id: 'urn:uuid:00000000-0000-8000-8000-000000000000',
      type: 'AnnotationCollection',
      total: items.length,
      first: { id: 'urn:uuid:00000000-0000-8000-8000-000000000001', type: 'AnnotationPage', startIndex: 0, items },
    });
    assert.deepEqual(validateCollection(collection([item])), []);
    assert.deepEqual(validateCollection(collection([item, { ...item, target: { selector: item.target.selector } }])), [
      'items[1]/3.2-targetObjectsRecognized',
    ]);
    assert.deepEqual(validateCollection({ ...collection([item]), total: -1 }), ['5.1-collectionTotalValidated']);
    assert.deepEqual(validateCollection({ ...collection([item]), '@context': 'http://example.org/ctx' }), [
      '5.1-collectionContextValidated',
      '5.2-pageContextValidated',
      'items[0]/3.1-annotationContextValidated',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------
// (b) Our own exports, from the built CLI.

function cli(args) {
  const r = spawnSync(BIN, ['annotate', ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `quotelens annotate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const cp = (s) => Array.from(s);

/**
 * Checks one W3C export against the documents it came from: `docs` are `{text, quotes, source}` in
 * output order (`source` the expected target.source, or a function checking it).
 */
function checkW3c(out, docs, what) {
  const coll = typeof out === 'string' ? JSON.parse(out) : out;
  assert.deepEqual(validateCollection(coll), [], `${what}: W3C must assertions`);
  assert.equal(coll.type, 'AnnotationCollection');
  assert.equal(coll['@context'], 'http://www.w3.org/ns/anno.jsonld');
  assert.equal(typeof coll.first, 'object', `${what}: first page embedded`);
  assert.equal(coll.first.type, 'AnnotationPage');
  const items = coll.first.items;
  assert.ok(Array.isArray(items));
  assert.equal(coll.total, items.length, `${what}: total`);
  const quotes = docs.flatMap((d) => d.quotes.map((q) => ({ q, d })));
  assert.equal(items.length, quotes.length, `${what}: one annotation per quote`);
  const ids = new Set();
  items.forEach((a, i) => {
    const { q, d } = quotes[i];
    const where = `${what}: annotation ${i} (quote ${q.id})`;
    assert.deepEqual(validateAnnotation({ '@context': coll['@context'], ...a }), [], where);
    assert.equal(a.type, 'Annotation', where);
    assert.match(a.id, URN_UUID, where);
    assert.ok(!ids.has(a.id), `${where}: id repeated`);
    ids.add(a.id);
    assert.equal(typeof a.target, 'object', where);
    if (typeof d.source === 'function') d.source(a.target.source, where);
    else assert.equal(a.target.source, d.source, `${where}: target.source`);
    const sel = [a.target.selector].flat();
    const quote = sel.filter((s) => s.type === 'TextQuoteSelector');
    const pos = sel.filter((s) => s.type === 'TextPositionSelector');
    assert.equal(quote.length, 1, `${where}: one TextQuoteSelector`);
    assert.equal(pos.length, 1, `${where}: one TextPositionSelector`);
    const { start, end } = pos[0];
    assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end, where);
    assert.deepEqual([start, end], [q.start, q.end], `${where}: position is the quote's span`);
    const text = cp(d.text);
    assert.ok(end <= text.length, `${where}: end beyond the text`);
    assert.equal(quote[0].exact, text.slice(start, end).join(''), `${where}: exact`);
    assert.equal(quote[0].exact, q.text, `${where}: exact is the quote`);
    assert.equal(quote[0].prefix, text.slice(Math.max(0, start - AFFIX), start).join(''), `${where}: prefix`);
    assert.equal(quote[0].suffix, text.slice(end, end + AFFIX).join(''), `${where}: suffix`);
    assert.ok(cp(quote[0].prefix).length <= AFFIX && cp(quote[0].suffix).length <= AFFIX, where);
    const describing = [a.body ?? []].flat().filter((b) => b?.type === 'TextualBody' && [b.purpose].flat().includes('describing'));
    const who = q.speaker ?? q.speaker_description ?? null;
    if (who === null) {
      assert.equal(describing.length, 0, `${where}: no speaker, yet a describing body`);
    } else {
      assert.equal(describing.length, 1, `${where}: one describing body naming ${who}`);
      assert.equal(typeof describing[0].value, 'string', where);
      assert.ok(describing[0].value.startsWith(who), `${where}: body ${JSON.stringify(describing[0].value)} names ${who}`);
    }
    const tags = [a.body ?? []].flat().filter((b) => b?.type === 'TextualBody' && [b.purpose].flat().includes('tagging'));
    assert.deepEqual(tags.map((b) => b.value), q.when ? [q.when] : [], `${where}: the quote's date as a tag`);
  });
  return coll;
}

/** A target.source check for documents without a URL: an absolute URI of its own, one per document. */
function ownUri(seen, key) {
  return (source, where) => {
    assert.equal(typeof source, 'string', where);
    assert.match(source, /^[a-z][a-z0-9+.-]*:\S+$/i, `${where}: target.source ${JSON.stringify(source)} is not an absolute URI`);
    const other = seen.get(source);
    assert.ok(other === undefined || other === key, `${where}: documents ${other} and ${key} share target.source`);
    seen.set(source, key);
  };
}

/** The URI of a page URL as the export writes it: what URI syntax does not allow, percent-encoded. */
const uriOf = (url) =>
  Array.from(url)
    .map((c) => (/^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]$/.test(c) ? c : [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')))
    .join('');

test('the CLI binary is built', () => {
  assert.ok(existsSync(BIN), `quotelens binary not found at ${BIN}: build it with \`cargo build --release\` (or point QUOTELENS_BIN at one)`);
});

describe('W3C export of the CLI', () => {
  before(() => {
    assert.ok(
      existsSync(BIN),
      `quotelens binary not found at ${BIN}: build it with \`cargo build --release\` (or point QUOTELENS_BIN at one)`,
    );
  });

  test('the seed article: a valid collection with at least one annotation', () => {
    const args = ['--published', '2021-12-21', SEED];
    const result = JSON.parse(cli(['--format', 'json', ...args]));
    assert.equal(result.text, readFileSync(SEED, 'utf8'));
    const coll = checkW3c(
      cli(['--format', 'w3c', ...args]),
      [{ text: result.text, quotes: result.quotes, source: result.url ?? ownUri(new Map(), SEED) }],
      'seed article',
    );
    assert.ok(coll.first.items.length >= 1, 'the engine finds no quote in the seed article');
  });

  test('the dev batch (JSONL): one valid collection for all documents', () => {
    const records = readFileSync(DEV, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    assert.ok(records.length > 0);
    const results = cli(['--jsonl', DEV, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(results.map((r) => r.id), records.map((r) => r.id));
    const seen = new Map();
    checkW3c(
      cli(['--jsonl', DEV, '--format', 'w3c']),
      records.map((rec, i) => ({ text: rec.text, quotes: results[i].quotes, source: ownUri(seen, rec.id) })),
      'dev batch',
    );
  });

  test('the checks above catch a broken export', () => {
    // The dev batch's real export, broken one way at a time: each must be caught.
    const records = readFileSync(DEV, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    const results = cli(['--jsonl', DEV, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const good = JSON.parse(cli(['--jsonl', DEV, '--format', 'w3c']));
    const docs = () => {
      const seen = new Map();
      return records.map((rec, i) => ({ text: rec.text, quotes: results[i].quotes, source: ownUri(seen, rec.id) }));
    };
    checkW3c(structuredClone(good), docs(), 'unbroken');
    const items = good.first.items;
    const spoken = items.findIndex((a) => a.body);
    const unspoken = items.findIndex((a) => !a.body);
    const otherDoc = items.findIndex((a) => a.target.source !== items[0].target.source);
    assert.ok(spoken >= 0 && unspoken >= 0 && otherDoc > 0, 'the dev batch lacks a quote with or without a speaker, or a second document');
    const sel = (a, type) => a.target.selector.find((s) => s.type === type);
    const mid = items.findIndex((a) => Array.from(sel(a, 'TextQuoteSelector').prefix).length === AFFIX && sel(a, 'TextQuoteSelector').suffix !== '');
    assert.ok(mid >= 0, 'no annotation with a full prefix and a suffix');
    const breakers = {
      'id not a URI': (c) => { c.first.items[0].id = 'q1'; },
      'id a URI but not a urn:uuid': (c) => { c.first.items[0].id = 'urn:quotelens:q1'; },
      'repeated id': (c) => { c.first.items[1].id = c.first.items[0].id; },
      'created not a date-time': (c) => { c.first.items[0].created = 'yesterday'; },
      'exact changed': (c) => { sel(c.first.items[mid], 'TextQuoteSelector').exact += ' '; },
      'prefix one code point short': (c) => { const q = sel(c.first.items[mid], 'TextQuoteSelector'); q.prefix = Array.from(q.prefix).slice(1).join(''); },
      'suffix one code point short': (c) => { const q = sel(c.first.items[mid], 'TextQuoteSelector'); q.suffix = Array.from(q.suffix).slice(0, -1).join(''); },
      'position shifted': (c) => { sel(c.first.items[mid], 'TextPositionSelector').start += 1; },
      'selector missing': (c) => { c.first.items[0].target.selector = [sel(c.first.items[0], 'TextQuoteSelector')]; },
      'speaker without a describing body': (c) => { delete c.first.items[spoken].body; },
      'describing body without a speaker': (c) => { c.first.items[unspoken].body = structuredClone(items[spoken].body); },
      'body naming someone else': (c) => { c.first.items[spoken].body[0].value = 'Somebody Else'; },
      'date tag lost': (c) => { const dated = c.first.items.find((a) => [a.body ?? []].flat().some((b) => b.purpose === 'tagging')); dated.body = dated.body.filter((b) => b.purpose !== 'tagging'); },
      'another document as target': (c) => { c.first.items[otherDoc].target.source = items[0].target.source; },
      'target not a URI': (c) => { c.first.items[0].target.source = 'dev-001'; },
      'a quote without annotation': (c) => { c.first.items.pop(); c.total -= 1; },
      'total wrong': (c) => { c.total += 1; },
      'page not an AnnotationPage': (c) => { c.first.type = 'Page'; },
    };
    for (const [what, breakIt] of Object.entries(breakers)) {
      const broken = structuredClone(good);
      breakIt(broken);
      assert.throws(() => checkW3c(broken, docs(), what), assert.AssertionError, `not caught: ${what}`);
    }
  });

  for (const name of [...PAGES, 'seed-page']) {
    test(`HTML page ${name} with --url`, () => {
      const file = name === 'seed-page' ? SEED_PAGE : path.join(READABILITY, name, 'source.html');
      const url = `http://127.0.0.1/${name}/`;
      const result = JSON.parse(cli(['--format', 'json', '--url', url, file]));
      assert.equal(result.url, url);
      assert.equal(typeof result.text, 'string');
      checkW3c(cli(['--format', 'w3c', '--url', url, file]), [{ text: result.text, quotes: result.quotes, source: url }], name);
    });
  }

  test('a page URL outside URI syntax becomes its percent-encoded URI', () => {
    const url = 'http://127.0.0.1/köln page/';
    const file = path.join(READABILITY, 'bbc-1', 'source.html');
    const result = JSON.parse(cli(['--format', 'json', '--url', url, file]));
    assert.ok(result.quotes.length > 0, 'the engine finds no quote in bbc-1: the check would be vacuous');
    const source = 'http://127.0.0.1/k%C3%B6ln%20page/';
    assert.equal(uriOf(url), source);
    checkW3c(cli(['--format', 'w3c', '--url', url, file]), [{ text: result.text, quotes: result.quotes, source }], 'non-ASCII URL');
  });

  test('several pages in one collection, each annotation targets its own page', () => {
    // One run, several HTML files without --url: each page's own URL (its metadata) or an IRI of its own.
    const files = PAGES.slice(0, 3).map((n) => path.join(READABILITY, n, 'source.html'));
    const results = JSON.parse(cli(['--format', 'json', ...files]));
    const seen = new Map();
    checkW3c(
      cli(['--format', 'w3c', ...files]),
      results.map((r) => ({ text: r.text, quotes: r.quotes, source: r.url && /^https?:\/\//.test(r.url) ? uriOf(r.url) : ownUri(seen, r.id) })),
      'three pages',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// (c) CSV and Markdown.

const CSV_HEADER = ['id', 'group', 'kind', 'speaker', 'role', 'quote', 'cue', 'when', 'source', 'url'];
const HOSTILE = '“<script>alert(1)</script> [x](javascript:alert(1))” Jane Doe said.';

function tmpJsonl(records) {
  const dir = mkdtempSync(path.join(tmpdir(), 'quotelens-exports-'));
  const file = path.join(dir, 'in.jsonl');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** Line breaks outside quoted fields, which RFC 4180 wants as CRLF. */
function recordBreaks(csv) {
  const breaks = [];
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      breaks.push(csv.slice(i, i + 2) === '\r\n' ? '\r\n' : c);
      if (csv.slice(i, i + 2) === '\r\n') i++;
    }
  }
  return breaks;
}

function checkCsv(out, what) {
  const rows = parseCsv(out, { bom: false, relax_quotes: false, relax_column_count: false, skip_empty_lines: false });
  assert.deepEqual(rows[0], CSV_HEADER, `${what}: header`);
  assert.ok(out.endsWith('\r\n'), `${what}: ends with CRLF`);
  const breaks = recordBreaks(out);
  assert.equal(breaks.length, rows.length, `${what}: one line break a record`);
  assert.ok(breaks.every((b) => b === '\r\n'), `${what}: records end with CRLF`);
  for (const [i, row] of rows.entries()) {
    assert.equal(row.length, CSV_HEADER.length, `${what}: row ${i} has ${row.length} cells`);
    for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), `${what}: row ${i}: formula-like cell ${JSON.stringify(cell)}`);
  }
  return rows.slice(1).map((r) => Object.fromEntries(CSV_HEADER.map((h, i) => [h, r[i]])));
}

describe('CSV export of the CLI', () => {
  before(() => assert.ok(existsSync(BIN), `quotelens binary not found at ${BIN}: build it with \`cargo build --release\``));

  test('the dev batch: RFC 4180, CRLF, the contract header, one row a quote', () => {
    const out = cli(['--jsonl', DEV, '--format', 'csv']);
    const rows = checkCsv(out, 'dev batch');
    const results = cli(['--jsonl', DEV, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const quotes = results.flatMap((r) => r.quotes);
    assert.equal(rows.length, quotes.length, 'one row per quote');
    rows.forEach((row, i) => {
      const q = quotes[i];
      assert.equal(row.id, q.id);
      assert.equal(row.kind, q.kind);
      // The quote cell holds the quote, behind a `'` when it would read as a formula.
      assert.equal(row.quote, /^[=+\-@\t\r]/.test(q.text) ? `'${q.text}` : q.text);
    });
  });

  test('cells that a spreadsheet would read as formulas are neutralised', () => {
    const texts = ['=HYPERLINK("http://evil.example/","x")', '+1+2', '-2+3', '@SUM(A1)'];
    const file = tmpJsonl(
      texts.map((t, i) => ({ id: `f${i}`, text: `“${t}, and more words here,” Jane Doe said on Monday.`, published: '2021-12-21' })),
    );
    const rows = checkCsv(cli(['--jsonl', file, '--format', 'csv']), 'formula records');
    const results = cli(['--jsonl', file, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    const leading = results.flatMap((r) => r.quotes).filter((q) => /^[=+\-@]/.test(q.text));
    assert.ok(leading.length > 0, 'the engine found none of the formula-like quotes: nothing to neutralise was exported');
    for (const q of leading) {
      const row = rows.find((r) => r.id === q.id && r.quote.slice(1) === q.text);
      assert.ok(row, `no row for ${q.text}`);
      assert.equal(row.quote, `'${q.text}`);
    }
  });
});

describe('Markdown export of the CLI', () => {
  before(() => assert.ok(existsSync(BIN), `quotelens binary not found at ${BIN}: build it with \`cargo build --release\``));

  const md = new MarkdownIt({ html: true, linkify: true });
  /** Rendered HTML: the tags markdown itself makes, and text. */
  const ALLOWED_TAGS = new Set(['h1', 'h2', 'p', 'blockquote', 'a', 'br', 'ul', 'li']);
  const decode = (html) =>
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');

  function checkRendered(html, what) {
    assert.ok(!/<script/i.test(html), `${what}: renders a <script>`);
    assert.ok(!/href\s*=\s*"\s*javascript:/i.test(html), `${what}: renders a javascript: link`);
    for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
      assert.ok(ALLOWED_TAGS.has(tag.toLowerCase()), `${what}: renders a <${tag}> from page text`);
    }
    for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
      assert.match(href, /^https?:\/\//, `${what}: link to ${href}`);
    }
  }

  test('page text cannot inject HTML or links', () => {
    const id = 'doc <img src=x onerror=alert(1)> [y](javascript:alert(2))';
    const file = tmpJsonl([{ id, text: HOSTILE, published: '2021-12-21' }]);
    const out = cli(['--jsonl', file, '--format', 'md']);
    const html = md.render(out);
    checkRendered(html, 'hostile record');
    const text = decode(html);
    assert.ok(text.includes(id), 'the heading shows the document id literally');
    const [result] = cli(['--jsonl', file, '--format', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(result.quotes.length > 0, 'the engine found no quote in the hostile record: the escaping of quotes went untested');
    for (const q of result.quotes) assert.ok(text.includes(q.text), `the quote is shown literally: ${q.text}`);
    assert.ok(text.includes('<script>alert(1)</script>'), 'the script tag is shown as text');
  });

  test('the dev batch renders without page markup', () => {
    const out = cli(['--jsonl', DEV, '--format', 'md']);
    checkRendered(md.render(out), 'dev batch');
  });

  test('an HTML page with its URL: links only to the page', () => {
    const url = 'http://127.0.0.1/seed-page/';
    const out = cli(['--format', 'md', '--url', url, SEED_PAGE]);
    const html = md.render(out);
    checkRendered(html, 'seed page');
    for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) assert.ok(href.startsWith(url), `link to ${href}`);
  });
});

// ---------------------------------------------------------------------------------------------------
// (d) A collection: three articles in one file, in each format, one record set per article.

describe('a collection of three articles in every format', () => {
  before(() => assert.ok(existsSync(BIN), `quotelens binary not found at ${BIN}: build it with \`cargo build --release\``));
  const files = [SEED_PAGE, ...PAGES.slice(0, 2).map((n) => path.join(READABILITY, n, 'source.html'))];

  test('JSON: an array of export records with URL, title, date, corrections and the sourcing audit', () => {
    const records = JSON.parse(cli(['--format', 'json', ...files]));
    assert.equal(records.length, 3);
    for (const [i, r] of records.entries()) {
      for (const key of ['id', 'url', 'title', 'published', 'text', 'quotes', 'entities', 'sources', 'dates', 'exported', 'generator', 'corrections', 'audit']) {
        assert.ok(Object.hasOwn(r, key), `record ${i} lacks ${key}`);
      }
      assert.equal(r.id, files[i]);
      assert.equal(r.generator.name, 'QuoteLens');
      assert.deepEqual(r.corrections, []);
      const a = r.audit;
      assert.equal(a.named, a.people + a.organizations);
      assert.equal(a.named + a.unnamed, a.speakers.length);
      assert.equal(a.speakers.reduce((n, s) => n + s.words, 0), a.words);
      const utterances = new Set(r.quotes.map((q) => `${q.group} ${q.kind}`));
      assert.equal(a.direct + a.partial + a.indirect, utterances.size, `record ${i}: utterances by kind`);
    }
    const seed = records[0].audit;
    assert.deepEqual(seed.outlets.map((o) => o.outlet), ['Sputnik', 'RT']);
    assert.deepEqual(seed.anonymous.map((x) => x.description), ['Russian diplomats']);
  });

  test('CSV: one table, each row linking to its own article', () => {
    const records = JSON.parse(cli(['--format', 'json', ...files]));
    const rows = checkCsv(cli(['--format', 'csv', ...files]), 'collection');
    const quotes = records.flatMap((r) => r.quotes.map((q) => ({ q, r })));
    assert.equal(rows.length, quotes.length);
    rows.forEach((row, i) => {
      const { q, r } = quotes[i];
      assert.equal(row.id, q.id);
      if (r.url) assert.ok(row.url.startsWith(r.url.split('#')[0] + '#:~:text='), `row ${i}: ${row.url}`);
    });
  });

  test('Markdown: a section per article with its sourcing, nothing injected', () => {
    const out = cli(['--format', 'md', ...files]);
    const md = new MarkdownIt({ html: true });
    const tokens = md.parse(out, {});
    const h1 = tokens.filter((t) => t.type === 'heading_open' && t.tag === 'h1');
    assert.equal(h1.length, 3);
    assert.equal(out.split('\n## Sourcing\n').length - 1, 3, 'a Sourcing section per article');
    assert.match(out, /- Speakers: 4 named \(3 people, 1 organisation\), 1 unnamed\n/);
    assert.match(out, /- Outlets credited: Sputnik, RT; pictures credited to AiF\n/);
    assert.match(out, /- Mentioned, never quoted: [^\n]*Yuri Ushakov \(Russian presidential aide\)[^\n]*Jake Sullivan/);
    assert.match(out, /- Anonymous sources: Russian diplomats \(1 quote\)\n/);
    const html = md.render(out);
    assert.ok(!/<script/i.test(html) && !/javascript:/i.test(html));
  });

  test('W3C: one valid collection, each annotation on its own article', () => {
    const records = JSON.parse(cli(['--format', 'json', ...files]));
    const seen = new Map();
    checkW3c(
      cli(['--format', 'w3c', ...files]),
      records.map((r) => ({ text: r.text, quotes: r.quotes, source: r.url && /^https?:\/\//.test(r.url) ? uriOf(r.url) : ownUri(seen, r.id) })),
      'collection of three',
    );
  });

  test('reader corrections reach every format (--corrections)', () => {
    const seed = JSON.parse(cli(['--format', 'json', SEED_PAGE]));
    const q = seed.quotes.find((x) => x.speaker_description === 'Russian diplomats');
    assert.ok(q, 'the diplomats quote');
    const dir = mkdtempSync(path.join(tmpdir(), 'quotelens-corr-'));
    const file = path.join(dir, 'corrections.json');
    const text = Array.from(seed.text);
    const target = { type: 'TextQuoteSelector', exact: q.text, prefix: text.slice(Math.max(0, q.start - AFFIX), q.start).join(''), suffix: text.slice(q.end, q.end + AFFIX).join('') };
    writeFileSync(file, JSON.stringify([{ id: 'c-1', action: 'speaker', speaker: 'Maria <b>Zakharova</b>', target }]));
    const corrected = JSON.parse(cli(['--format', 'json', '--corrections', file, SEED_PAGE]));
    const cq = corrected.quotes.find((x) => x.corrections?.includes('c-1'));
    assert.equal(cq.speaker, 'Maria <b>Zakharova</b>');
    assert.equal(corrected.audit.unnamed, 0);
    const rows = checkCsv(cli(['--format', 'csv', '--corrections', file, SEED_PAGE]), 'corrected');
    assert.ok(rows.some((r) => r.id === cq.id && r.speaker === 'Maria <b>Zakharova</b>'));
    const md = cli(['--format', 'md', '--corrections', file, SEED_PAGE]);
    const html = new MarkdownIt({ html: true }).render(md);
    assert.ok(!/<b>/.test(html), 'a typed speaker name is escaped');
    assert.ok(md.includes('Maria \\<b\\>Zakharova\\</b\\>'));
    const w3c = JSON.parse(cli(['--format', 'w3c', '--corrections', file, SEED_PAGE]));
    assert.ok(w3c.first.items.some((a) => [a.body ?? []].flat().some((b) => b.value === 'Maria <b>Zakharova</b>')));
  });
});
