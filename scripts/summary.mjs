// Reads one Contract 1 result (JSON) on stdin and prints who said what, and when, for a person to read.
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [].concat(JSON.parse(input));
const clip = (s, n = 90) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
for (const r of results) {
  console.log(`${r.id}  (published ${r.published ?? 'unknown'})`);
  const outlets = Object.fromEntries(r.sources.map((s) => [s.id, s.outlet]));
  for (const q of r.quotes) {
    const who = q.speaker ?? (q.speaker_description ? `(${q.speaker_description})` : '(unknown)');
    const extra = [q.when && `on ${q.when}`, q.source && `via ${outlets[q.source]}`].filter(Boolean).join(', ');
    console.log(`  ${q.id.padEnd(4)} ${q.kind.padEnd(8)} ${who.padEnd(26)} “${clip(q.text)}”${extra ? '  ' + extra : ''}`);
  }
  for (const s of r.sources) console.log(`  ${s.id.padEnd(4)} source   ${s.outlet.padEnd(26)} ${s.kind}: ${s.text}`);
  for (const d of r.dates) console.log(`  ${d.id.padEnd(4)} ${d.type.padEnd(8)} ${String(d.value).padEnd(26)} ${d.text}`);
  console.log(`  ${r.quotes.length} quotes, ${r.entities.length} entities, ${r.sources.length} sources, ${r.dates.length} dates`);
}
