// Big messages in parts: the one way every QuoteLens context (the background, the content script, the popup)
// sends a value too big for one message. Chrome refuses a message over 64 MiB, and the receiving context
// parses each message in one task of its main thread: a 10 MB page's snapshot, its result (the text, tens of
// thousands of quotes, the plan, the anchors) and the popup's state are both too big and too slow to send at
// once. So a value over PARCEL_CHARS (as JSON, estimated) goes as a header {parcel: {id, kind}}, and its
// receiver pulls the parts, one `ql:part {id, k}` message (one parse task) at a time, from the context that
// sent it, which keeps them for the owner only. Parts are made one at a time as they are asked for, so the
// sender's work is sliced too: each part is a run of array items or object entries, or a slice of a string,
// of about PART_CHARS. Small values stay one message (no extra round trip).
//
// A classic script (the content script loads it before engine.js), also imported by the background and the
// popup (ES modules) for its side effect: the API is `globalThis.QuoteLens.parcel`.
'use strict';
(() => {
  const QL = (globalThis.QuoteLens ??= {});
  if (QL.parcel) return;

  const PARCEL_CHARS = 1 << 19; // a value up to this goes whole
  // Firefox spends ~200 ms of the sending page's thread on a 1 MiB part (measured on the 10 MB page: three
  // gaps over 200 ms while its snapshot went up); at 256 KiB none reach 100 ms, for ~20 % more time in all.
  const PART_CHARS = 1 << 18;
  const KEEP_MS = 120_000; // a parcel nobody asked anything of for this long is dropped
  const MAX_PARTS = 4096; // a receiver stops there (4 GB): a broken or hostile sender cannot keep it busy forever
  const held = new Map(); // id -> {parts (generator), k (the next part), ahead, owner, timer}

  /** The length of `v` as JSON, estimated (escapes not counted), counting no further than just past `limit`. */
  function measure(v, limit) {
    if (typeof v === 'string') return v.length + 2;
    if (typeof v === 'number') return v > -1e4 && v < 1e4 ? 4 : 16;
    if (!v || typeof v !== 'object') return 5;
    let n = 2;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && n <= limit; i++) n += measure(v[i], limit - n) + 1;
    } else {
      for (const key in v) {
        if (n > limit) break;
        if (Object.hasOwn(v, key)) n += key.length + 4 + measure(v[key], limit - n);
      }
    }
    return n;
  }

  const kindOf = (v) => (typeof v === 'string' ? 'string' : Array.isArray(v) ? 'array' : 'object');
  const emptyOf = (kind) => (kind === 'string' ? '' : kind === 'array' ? [] : {});
  const big = (v, size) => size > PART_CHARS && (typeof v === 'string' || (v !== null && typeof v === 'object'));

  /** The parts of `v` (at `path` in the value), in order: runs of its items or entries, a big one's own parts after it. */
  function* partsOf(v, path) {
    if (typeof v === 'string') {
      for (let i = 0; i < v.length;) {
        let j = Math.min(v.length, i + PART_CHARS);
        const c = v.charCodeAt(j - 1);
        if (j < v.length && c >= 0xd800 && c <= 0xdbff) j--; // never split a surrogate pair
        yield { path, text: v.slice(i, j) };
        i = j;
      }
      return;
    }
    const isArray = Array.isArray(v);
    const keys = isArray ? null : Object.keys(v);
    const n = isArray ? v.length : keys.length;
    let run = [], size = 0;
    const flush = () => {
      const part = isArray ? { path, items: run } : { path, entries: run };
      run = [];
      size = 0;
      return part;
    };
    for (let i = 0; i < n; i++) {
      const key = isArray ? i : keys[i];
      const item = v[key];
      const s = measure(item, PART_CHARS);
      if (big(item, s)) {
        // An empty one in its place, then its own parts.
        const hole = emptyOf(kindOf(item));
        run.push(isArray ? hole : [key, hole]);
        yield flush();
        yield* partsOf(item, [...path, key]);
        continue;
      }
      if (run.length && size + s > PART_CHARS) yield flush();
      run.push(isArray ? item : [key, item]);
      size += s;
    }
    if (run.length) yield flush();
  }

  function drop(id) {
    const p = held.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    held.delete(id);
  }

  /** Drops every parcel held for an owner whose name starts with `prefix` (a closed tab's). */
  function dropOwned(prefix) {
    for (const [id, p] of held) if (typeof p.owner === 'string' && p.owner.startsWith(prefix)) drop(id);
  }

  function keepAlive(id, p) {
    clearTimeout(p.timer);
    p.timer = setTimeout(() => held.delete(id), KEEP_MS);
  }

  /** 128 random bits (getRandomValues, unlike randomUUID, is there on http: pages too). */
  function newId() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /**
   * `value` itself when small; else a header {parcel: {id, kind}} whose parts take() hands out to `owner` only
   * (a string naming the receiving context; null: the first context that takes a part, for a value sent
   * unasked, whose id only its one receiver learns). The value must not change while its parts are taken.
   */
  function wrap(value, owner) {
    if (value === null || typeof value !== 'object' || measure(value, PARCEL_CHARS) <= PARCEL_CHARS) return value;
    const id = newId();
    const p = { parts: partsOf(value, []), k: 0, ahead: null, owner, timer: 0 };
    held.set(id, p);
    keepAlive(id, p);
    return { parcel: { id, kind: kindOf(value) } };
  }

  /** Part `k` of parcel `id` for `who` ({path, items|entries|text, last}); parts are taken in order. */
  function take(id, k, who) {
    const p = held.get(id);
    if (!p || k !== p.k || (p.owner !== null && p.owner !== who)) throw new Error(`QuoteLens: part ${k} of ${id} is gone`);
    p.owner = who;
    const cur = p.ahead ?? p.parts.next();
    p.ahead = p.parts.next(); // one ahead, to say whether this one is the last
    p.k++;
    if (p.ahead.done) drop(id);
    else keepAlive(id, p);
    return { ...cur.value, last: p.ahead.done };
  }

  /** take() as a message answer: the part, or {error}. */
  function answerPart(msg, who) {
    try {
      return take(String(msg && msg.id), Number(msg && msg.k), who);
    } catch (e) {
      return { error: String(e.message || e) };
    }
  }

  /** The own property `key` of `o`, which must be an array, object or string (never a prototype). */
  function child(o, key) {
    if (o === null || typeof o !== 'object' || !Object.hasOwn(o, key)) throw new Error('QuoteLens: a part does not fit its parcel');
    return o[key];
  }

  function put(o, key, value) {
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  }

  function apply(box, part) {
    if (!part || !Array.isArray(part.path)) throw new Error('QuoteLens: a part does not fit its parcel');
    const path = ['v', ...part.path];
    const key = path.pop();
    const holder = path.reduce(child, box);
    const target = child(holder, key);
    if (typeof part.text === 'string' && typeof target === 'string') put(holder, key, target + part.text);
    else if (Array.isArray(part.items) && Array.isArray(target)) for (const item of part.items) target.push(item);
    else if (Array.isArray(part.entries) && target && typeof target === 'object' && !Array.isArray(target)) {
      for (const entry of part.entries) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw new Error('QuoteLens: a part does not fit its parcel');
        put(target, entry[0], entry[1]);
      }
    } else throw new Error('QuoteLens: a part does not fit its parcel');
  }

  const isHeader = (v) => !!(v && typeof v === 'object' && v.parcel && typeof v.parcel.id === 'string' && Object.keys(v).length === 1);

  /**
   * The value a message carried: `value` itself, or, for a header, the value put back together from its parts,
   * fetched in order with `send({type: 'ql:part', id, k})` (which sends to the context that sent the header).
   */
  async function unwrap(value, send) {
    if (!isHeader(value)) return value;
    const { id, kind } = value.parcel;
    const box = { v: emptyOf(kind) };
    for (let k = 0; ; k++) {
      if (k >= MAX_PARTS) throw new Error('QuoteLens: too many parts');
      const part = await send({ type: 'ql:part', id, k });
      if (!part || part.error) throw new Error((part && part.error) || `QuoteLens: part ${k} of ${id} is missing`);
      apply(box, part);
      if (part.last) return box.v;
    }
  }

  /** Sends `msg` with `send` and returns its answer, put back together when it came in parts. */
  async function ask(send, msg) {
    return unwrap(await send(msg), send);
  }

  QL.parcel = { wrap, take, answerPart, unwrap, ask, dropOwned, PARCEL_CHARS, PART_CHARS };
})();
