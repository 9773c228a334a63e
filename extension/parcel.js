// Large answers from the background to a content script, in parcels. Chrome refuses a message over 64 MiB, and
// the receiving page parses each message in one task of its main thread: a 10 MB page's result (its text, tens
// of thousands of quotes, the plan, the anchors) is both too big and too slow to parse at once. So an answer
// over PARCEL_BYTES goes as a header (the answer with its big arrays and maps emptied) and parts of about
// PART_BYTES, each a slice of one of them, fetched one message at a time (engine.js puts them back together).

const PARCEL_BYTES = 8 << 20;
const PART_BYTES = 2 << 20;
const KEEP_MS = 120_000; // parts not fetched by then are dropped
const parcels = new Map(); // id -> {parts, owner, timer}
let serial = 0;

/**
 * The answer itself when small; else a header {parcel: {id, parts}} whose parts takePart() hands out to the
 * same `owner` (the tab that asked) only.
 */
export function parcel(answer, owner) {
  const size = JSON.stringify(answer).length;
  if (size <= PARCEL_BYTES) return answer;
  const header = { ...answer, result: answer.result && { ...answer.result } };
  const parts = [];
  // Every array or object of the answer and of its result, when big, is cut into slices of ~PART_BYTES.
  for (const [holder, path] of [[header, []], [header.result, ['result']]]) {
    if (!holder) continue;
    for (const [key, value] of Object.entries(holder)) {
      if (!value || typeof value !== 'object') continue;
      const isArray = Array.isArray(value);
      const items = isArray ? value : Object.entries(value);
      const bytes = JSON.stringify(value).length;
      if (bytes <= PART_BYTES || items.length < 2) continue;
      const per = Math.max(1, Math.floor((items.length * PART_BYTES) / bytes));
      holder[key] = isArray ? [] : {};
      for (let i = 0; i < items.length; i += per) parts.push({ path: [...path, key], [isArray ? 'items' : 'entries']: items.slice(i, i + per) });
    }
  }
  const id = `p${++serial}`;
  const timer = setTimeout(() => parcels.delete(id), KEEP_MS);
  parcels.set(id, { parts, owner, timer });
  header.parcel = { id, parts: parts.length };
  return header;
}

/** Part `k` of parcel `id` for `owner`; the parcel is dropped once its last part is taken. */
export function takePart(id, k, owner) {
  const p = parcels.get(id);
  const part = p && p.owner === owner && p.parts[k];
  if (!part) throw new Error(`QuoteLens: part ${k} of ${id} is gone`);
  if (k === p.parts.length - 1) {
    clearTimeout(p.timer);
    parcels.delete(id);
  }
  return part;
}
