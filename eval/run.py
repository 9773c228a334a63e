#!/usr/bin/env python3
"""Runs the engine over every gold set present and prints the scores by set, scored by the shared
../shared/eval/qleval.py (imported, not copied).

  python3 eval/run.py [--rebuild] [--train] [--sets NAME ...] [--errors N] [--cmd CMD] [--save DIR] [--json]

Sets (dev, the default): news-dev and meantime (../shared/eval/dev/), every eval/data/*-dev.jsonl (rebuilt
by eval/datasets/rebuild.py) and every eval/gold/*-dev.jsonl (our own gold). --train runs the
*-train.jsonl sets instead, for tuning: report dev, tune on train.
  --rebuild   rebuild eval/data/ from the fetched repositories first (eval/datasets/rebuild.py)
  --sets      only these sets (names as in the table: news-dev, polnear-dev, ...)
  --errors N  after the table, up to N errors of each kind per set, longest first: quotes missed,
              spurious, with the wrong speaker; dates missed, spurious, with the wrong value
  --cmd       the engine (default: $QUOTELENS_CMD, else target/release/quotelens annotate --jsonl -),
              run from the repository root; it reads {"id","text","published"} lines on stdin
  --save DIR  keep each set's predictions as DIR/<set>.pred.jsonl
Quote columns: direct (direct + partial) and indirect span F1, speaker accuracy, end-to-end F1 (span and
speaker), e2e* the same without the gold units whose speaker a converter could not resolve (PolNeAR's
pronouns without a coreference chain; see without_unresolved), scare quotes taken for quotes; date columns: strict, relaxed and value F1 (TempEval-3).
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get('QUOTELENS_SHARED', os.path.join(ROOT, '..', 'shared'))
sys.path.insert(0, os.environ.get('QLEVAL_DIR', os.path.join(SHARED, 'eval')))
import qleval  # noqa: E402  (the shared scorer: loading, engine run, matching and metrics)

COLUMNS = [  # (header, width, value from the scores)
    ('set', 14, lambda r: r['set']),
    ('docs', 5, lambda r: str(r['documents'])),
    ('units', 6, lambda r: str(r['units']) if 'quotes' in r else ''),
    ('direct F1', 10, lambda r: pct(r, 'quotes', 'direct_span_f1')),
    ('indirect F1', 12, lambda r: pct(r, 'quotes', 'indirect_span_f1')),
    ('speaker', 8, lambda r: pct(r, 'quotes', 'speaker_acc')),
    ('e2e F1', 7, lambda r: pct(r, 'quotes', 'end_to_end_f1')),
    ('e2e*', 5, lambda r: pct(r, 'known', 'end_to_end_f1')),
    ('scare FP', 9, lambda r: pct(r, 'quotes', 'scare_quote_fp') if r.get('not_quotes') else ''),
    ('dates strict', 13, lambda r: pct(r, 'dates', 'strict_f1')),
    ('relaxed', 8, lambda r: pct(r, 'dates', 'relaxed_f1')),
    ('value F1', 8, lambda r: pct(r, 'dates', 'value_f1')),
]


def pct(result, layer, key):
    if layer not in result:
        return ''
    v = result[layer][key]
    return f'{100 * (v[2] if isinstance(v, (tuple, list)) else v):.1f}'


def gold_sets(train):
    """(name, path) of every gold set present, shared dev sets first."""
    suffix = 'train' if train else 'dev'
    sets = [] if train else [(n, os.path.join(SHARED, 'eval', 'dev', n + '.jsonl')) for n in ('news-dev', 'meantime')]
    for folder in ('data', 'gold'):
        for path in sorted(glob.glob(os.path.join(ROOT, 'eval', folder, f'*-{suffix}.jsonl'))):
            sets.append((os.path.basename(path)[:-len('.jsonl')], path))
    return [(n, p) for n, p in sets if os.path.isfile(p)]


def score(name, gold, pred):
    preds = {d.get('id'): d for d in pred}
    r = dict(set=name, documents=len(gold), missing=sum(d['id'] not in preds for d in gold),
             offset_mismatches=qleval.offset_errors(gold, preds))
    if any('quotes' in d for d in gold):
        r['quotes'] = qleval.score_quotes(gold, preds, None)
        r['units'] = sum(len(qleval.units(d, d['text'])) for d in gold if 'quotes' in d)
        r['not_quotes'] = sum(len(d.get('not_quotes', [])) for d in gold)
    if any(q.get('speaker_via') == 'unresolved' for d in gold for q in d.get('quotes', [])):
        known_gold, known_preds = without_unresolved(gold, preds)
        r['known'] = qleval.score_quotes(known_gold, known_preds, None)
    if any('dates' in d for d in gold):
        r['dates'] = qleval.score_dates(gold, preds, None)
    return r


def without_unresolved(gold, preds):
    """Gold and predictions without the units whose speaker the converter could not resolve (gold
    "speaker_via": "unresolved", a pronoun without a coreference chain: its null is "unknown", not "no
    speaker") and without the predictions those units pair with, so that e2e* scores speakers only where
    the gold knows them."""
    out_gold, out_preds = [], {}
    for doc in gold:
        text, quotes = doc['text'], doc.get('quotes', [])
        dropped = [dict(s=a, e=b) for q in quotes if q.get('speaker_via') == 'unresolved'
                   for a, b in qleval.pieces(text, q['start'], q['end'])]
        pred = preds.get(doc['id'], {})
        keep = [q for q in pred.get('quotes', []) if not any(
            qleval.iou(dict(s=a, e=b), g) >= 0.5 for a, b in qleval.pieces(text, q['start'], q['end']) for g in dropped)]
        out_gold.append({**doc, 'quotes': [q for q in quotes if q.get('speaker_via') != 'unresolved']})
        out_preds[doc['id']] = {**pred, 'quotes': keep}
    return out_gold, out_preds


# ---------- errors (qleval.py's own listing stops early, so they are paired here with its matching) ----------

def context(text, s, e, width=50):
    flat = lambda t: t.replace('\n', ' ⏎ ')
    return f'{flat(text[max(0, s - width):s])}[[{flat(text[s:e])}]]{flat(text[e:e + 25])}'


def quote_errors(gold, preds):
    """{kind: [(length, line)]} for quote units, paired one-to-one at IoU >= 0.5 as qleval.py pairs them
    for end-to-end F1."""
    out = {'missed': [], 'spurious': [], 'speaker': []}
    for doc in gold:
        if 'quotes' not in doc:
            continue
        text = doc['text']
        G, P = qleval.units(doc, text), qleval.units(preds.get(doc['id'], {}), text)
        pairs = qleval.match(G, P, qleval.iou, 0.5)
        kind = lambda u: u['kind'] if u['kind'] in ('direct', 'partial', 'indirect') else 'direct'
        for gi in set(range(len(G))) - {g for g, _ in pairs}:
            u = G[gi]
            out['missed'].append((u['e'] - u['s'], f"missed   {doc['id']} [{kind(u)}] gold={u['spk']!r}: "
                                                   f"{context(text, u['s'], u['e'])}"))
        for pi in set(range(len(P))) - {p for _, p in pairs}:
            u = P[pi]
            out['spurious'].append((u['e'] - u['s'], f"spurious {doc['id']} [{kind(u)}] pred={u['spk']!r}: "
                                                     f"{context(text, u['s'], u['e'])}"))
        for gi, pi in pairs:
            g, p = G[gi], P[pi]
            named = bool(qleval.name_tokens(g['spk']))
            if (named and not qleval.same_speaker(g['spk'], p['spk'])) or (not named and qleval.name_tokens(p['spk'])):
                out['speaker'].append((g['e'] - g['s'], f"speaker  {doc['id']} [{kind(g)}] gold={g['spk']!r} "
                                                        f"pred={p['spk']!r}: {context(text, g['s'], g['e'])}"))
    return out


def date_errors(gold, preds):
    """{kind: [(length, line)]} for dates, paired by overlap as qleval.py pairs them."""
    out = {'date missed': [], 'date spurious': [], 'date value': []}
    for doc in gold:
        if 'dates' not in doc:
            continue
        text = doc['text']
        types = set(doc.get('date_types') or ['DATE', 'TIME', 'DURATION', 'SET'])
        G = [dict(s=t['start'], e=t['end'], **t) for t in doc['dates']]
        P = [dict(s=t['start'], e=t['end'], **t) for t in preds.get(doc['id'], {}).get('dates', [])]
        pairs = qleval.match(G, P, qleval.overlap, 1)
        for gi in set(range(len(G))) - {g for g, _ in pairs}:
            g = G[gi]
            out['date missed'].append((g['e'] - g['s'], f"date missed   {doc['id']} {g.get('type')} {g.get('value')}: "
                                                        f"{context(text, g['s'], g['e'])}"))
        for pi in set(range(len(P))) - {p for _, p in pairs}:
            p = P[pi]
            if p.get('type') in types:
                out['date spurious'].append((p['e'] - p['s'], f"date spurious {doc['id']} {p.get('type')} "
                                                              f"{p.get('value')}: {context(text, p['s'], p['e'])}"))
        for gi, pi in pairs:
            g, p = G[gi], P[pi]
            if g.get('value') != p.get('value'):
                out['date value'].append((g['e'] - g['s'], f"date value    {doc['id']} gold={g.get('value')} "
                                                           f"pred={p.get('value')}: {context(text, g['s'], g['e'])}"))
    return out


def print_errors(name, gold, pred, n):
    preds = {d.get('id'): d for d in pred}
    errors = {**quote_errors(gold, preds), **date_errors(gold, preds)}
    print(f'\n== {name}: ' + ', '.join(f'{k} {len(v)}' for k, v in errors.items() if v))
    for kind, rows in errors.items():
        for _, line in sorted(rows, key=lambda x: (-x[0], x[1]))[:n]:
            print('  ' + line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rebuild', action='store_true', help='rebuild eval/data/ first')
    ap.add_argument('--train', action='store_true', help='the *-train sets instead of the dev sets')
    ap.add_argument('--sets', nargs='+', metavar='NAME', help='only these sets')
    ap.add_argument('--errors', type=int, default=0, metavar='N', help='list up to N errors of each kind per set')
    ap.add_argument('--cmd', default=os.environ.get('QUOTELENS_CMD', 'target/release/quotelens annotate --jsonl -'))
    ap.add_argument('--save', metavar='DIR', help='keep the predictions as DIR/<set>.pred.jsonl')
    ap.add_argument('--json', action='store_true', help='one JSON object of scores a set instead of the table')
    a = ap.parse_args()
    if a.rebuild:
        subprocess.run([sys.executable, os.path.join(ROOT, 'eval', 'datasets', 'rebuild.py')], check=True)
    sets = gold_sets(a.train)
    if a.sets:
        unknown = set(a.sets) - {n for n, _ in sets}
        if unknown:
            sys.exit(f'run: no such set {", ".join(sorted(unknown))} (present: {", ".join(n for n, _ in sets)})')
        sets = [(n, p) for n, p in sets if n in a.sets]
    os.chdir(ROOT)
    results, runs = [], []
    for name, path in sets:
        gold = qleval.load(path)
        pred = qleval.run_engine(gold, a.cmd)
        if a.save:
            os.makedirs(a.save, exist_ok=True)
            with open(os.path.join(a.save, f'{name}.pred.jsonl'), 'w', encoding='utf-8') as f:
                f.writelines(json.dumps(d, ensure_ascii=False) + '\n' for d in pred)
        results.append(score(name, gold, pred))
        runs.append((name, gold, pred))
    if a.json:
        for r in results:
            print(json.dumps(r))
    else:
        print('  '.join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w, _) in enumerate(COLUMNS)))
        for r in results:
            print('  '.join(f(r).ljust(w) if i == 0 else f(r).rjust(w) for i, (_, w, f) in enumerate(COLUMNS)))
        for r in results:
            if r['missing'] or r['offset_mismatches']:
                print(f"  {r['set']}: {r['missing']} documents without prediction, "
                      f"{r['offset_mismatches']} predicted spans whose text does not match their offsets")
    for name, gold, pred in runs if a.errors else ():
        print_errors(name, gold, pred, a.errors)


if __name__ == '__main__':
    main()
