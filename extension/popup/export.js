// Contract 3 exports, built from the page's Contract 1 result. Pure functions: no DOM, no extension APIs.

/** RFC 3339 UTC with `Z`, to the second. */
export function rfc3339(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The JSON export: the result with its text, plus url, title, exported, generator and corrections. */
export function jsonExport(result, { url, title, version, corrections = [], now = new Date() }) {
  return {
    ...result,
    text: result.text ?? '',
    url: result.url ?? url ?? null,
    title: result.title ?? title ?? null,
    exported: rfc3339(now),
    generator: { name: 'QuoteLens', version: version ?? 'unknown' },
    corrections,
  };
}

/** A file name from the page title: `quotelens-armament-deployment.json`. */
export function fileName(title, ext) {
  const slug = String(title || 'page').normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
    .toLowerCase().slice(0, 60).replace(/-+$/, '');
  return `quotelens-${slug || 'page'}.${ext}`;
}

/** Speakers with their utterance counts (a group counted once), in order of first quote. */
export function speakers(result) {
  const map = new Map();
  const roles = new Map((result.entities || []).map((e) => [e.id, e.role]));
  for (const q of result.quotes || []) {
    const key = q.speaker ?? (q.speaker_description ? `(${q.speaker_description})` : '(unknown speaker)');
    if (!map.has(key)) map.set(key, { key, name: key, role: q.entity ? roles.get(q.entity) ?? null : null, count: 0, kinds: {}, entity: q.entity ?? null });
    if (q.group !== q.id) continue;
    const s = map.get(key);
    s.count++;
    s.kinds[q.kind] = (s.kinds[q.kind] || 0) + 1;
  }
  return [...map.values()];
}
