// Validity of W3C Web Annotation documents as Contract 3 of design.md defines it: a document is valid
// when it passes every `assertionType: "must"` schema of the W3C Web Annotation Working Group's test
// definitions (../shared/schemas/web-annotation/), checked as Apache Annotator's test suite checks them:
// Ajv, JSON Schema draft-04, the definitions/*.json added for `$ref`, formats checked.
//
// Why Ajv 6: it implements draft-04 itself (`id` as the schema identifier, the draft-04 meta-schema
// ships in ajv/lib/refs), checks `format` (uri, date-time) without a plug-in, and tolerates the test
// definitions' own keywords (assertionType, expectedResult, errorMessage, …) as draft-04 allows; it is
// the major version Apache Annotator's suite runs. Formats are checked in Ajv's "full" mode (RFC 3986
// URIs, calendar-checked date-times), the stricter of its two modes.
//
// Which schemas apply to what: the `*.test` files list the assertions per kind of object —
// annotations/*.test for an Annotation, collections/*.test for an AnnotationCollection and
// collections/pages/*.test for an AnnotationPage (written to take either a page or a collection with
// an embedded `first` page). Of those, the schemas whose own `assertionType` is "must" are used.
// Body and target assertions (bodiesTargets/, specificResource/) are annotation assertions.
//
// Embedded objects inherit the JSON-LD context of the document that holds them: an annotation in a
// page's `items` without its own `@context` is validated as the standalone annotation it denotes,
// with the enclosing document's `@context`. (The W3C's own correct collection sample embeds its
// annotations that way.)

import Ajv from 'ajv';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = process.env.QUOTELENS_SHARED ?? path.resolve(REPO, '../shared');
export const SCHEMA_DIR = path.join(SHARED, 'schemas/web-annotation');

const readJson = (rel) => JSON.parse(readFileSync(path.join(SCHEMA_DIR, rel), 'utf8'));

/** Where each kind's `*.test` files are (not recursive: pages are their own kind). */
const KIND_DIRS = { annotation: 'annotations', collection: 'collections', page: 'collections/pages' };

function makeAjv() {
  // Draft-04 ignores the siblings of `$ref` (a few definitions put `type` beside it); Ajv does the
  // same and warns each time. Only that warning is dropped.
  const logger = {
    log: console.log,
    warn: (...args) => String(args[0]).startsWith('$ref: keywords ignored') || console.warn(...args),
    error: console.error,
  };
  const ajv = new Ajv({ schemaId: 'id', meta: false, format: 'full', unknownFormats: true, extendRefs: 'ignore', allErrors: true, logger });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  for (const f of readdirSync(path.join(SCHEMA_DIR, 'definitions')).filter((f) => f.endsWith('.json')).sort()) {
    ajv.addSchema(readJson(`definitions/${f}`));
  }
  return ajv;
}

function loadMusts(ajv) {
  const kinds = {};
  for (const [kind, dir] of Object.entries(KIND_DIRS)) {
    const tests = readdirSync(path.join(SCHEMA_DIR, dir)).filter((f) => f.endsWith('.test')).sort();
    if (tests.length === 0) throw new Error(`no *.test files in ${path.join(SCHEMA_DIR, dir)}`);
    const seen = new Map();
    for (const t of tests) {
      for (const rel of readJson(`${dir}/${t}`).assertions) {
        const schema = readJson(rel);
        if (schema.assertionType !== 'must') continue;
        const name = path.basename(rel, '.json');
        if (seen.has(name)) {
          if (seen.get(name).path !== rel) throw new Error(`two must assertions named ${name}`);
          continue;
        }
        if (!['valid', 'invalid'].includes(schema.expectedResult)) {
          throw new Error(`${rel}: unexpected expectedResult ${schema.expectedResult}`);
        }
        // Compiled without registering the assertion's own `id` (ids repeat across folders); `$ref`s
        // in it resolve against the definitions by their ids.
        const { id, ...body } = schema;
        seen.set(name, { name, path: rel, kind, expect: schema.expectedResult === 'valid', validate: ajv.compile(body) });
      }
    }
    kinds[kind] = [...seen.values()];
  }
  return kinds;
}

const ajv = makeAjv();
/** The must assertions by kind: `{annotation: [{name, path, validate}], collection: […], page: […]}`. */
export const MUSTS = loadMusts(ajv);

/** Runs `kind`'s must assertions on `obj`: the failed ones as `{name, message}`. */
export function runMusts(kind, obj) {
  const failed = [];
  for (const a of MUSTS[kind]) {
    const ok = a.validate(obj);
    if (ok !== a.expect) failed.push({ name: a.name, message: ok ? 'expected invalid' : ajv.errorsText(a.validate.errors) });
  }
  return failed;
}

const withContext = (obj, context) =>
  obj && typeof obj === 'object' && !Array.isArray(obj) && !('@context' in obj) && context !== undefined
    ? { '@context': context, ...obj }
    : obj;

/** The failed must assertions of a standalone Annotation (names like `3.1-annotationIdValidated`). */
export function validateAnnotation(obj) {
  return runMusts('annotation', obj).map((f) => f.name);
}

/** The annotations embedded in a page's `items`, each failure prefixed `items[i]/`. */
function validateItems(page, context) {
  const items = page && typeof page === 'object' && Array.isArray(page.items) ? page.items : [];
  return items.flatMap((item, i) =>
    item && typeof item === 'object' ? validateAnnotation(withContext(item, context)).map((n) => `items[${i}]/${n}`) : [],
  );
}

/** An AnnotationPage: the page musts, and the annotation musts for every embedded annotation. */
export function validatePage(obj) {
  return [...runMusts('page', obj).map((f) => f.name), ...validateItems(obj, obj?.['@context'])];
}

/**
 * An AnnotationCollection: the collection musts; with an embedded `first` page also the page musts
 * (which take the collection with its embedded page) and the annotation musts for each of its items.
 */
export function validateCollection(obj) {
  const failed = runMusts('collection', obj).map((f) => f.name);
  const first = obj && typeof obj === 'object' ? obj.first : undefined;
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    failed.push(...runMusts('page', obj).map((f) => f.name));
    failed.push(...validateItems(first, first['@context'] ?? obj['@context']));
  }
  return failed;
}

/** Dispatches on `type`: a collection, a page, else an annotation. */
export function validateDocument(obj) {
  const types = [obj?.type].flat();
  if (types.includes('AnnotationCollection')) return validateCollection(obj);
  if (types.includes('AnnotationPage')) return validatePage(obj);
  return validateAnnotation(obj);
}
