// The popup's speaker list from the page's Contract 1 result. Pure: no DOM, no extension APIs.

/** Speakers with their utterance counts (a group counted once) by kind, in order of first quote. */
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
