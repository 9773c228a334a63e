#!/usr/bin/env python3
"""Lists the date errors of the engine on a gold set, by kind, with the text around each.

qleval.py scores dates but lists few errors; this pairs gold and predicted TIMEX3s exactly as qleval.py does
(its own matching: one-to-one, by overlap) and reports every pair and leftover:
  missed     a gold expression no prediction overlaps
  spurious   a prediction that overlaps no gold expression (of a type the set labels)
  extent     a relaxed match with other boundaries (the words added or left out are shown)
  type       a relaxed match of another TIMEX3 type
  value      a relaxed match of another value; "anchored" when the gold value comes from a date in the
             text rather than the creation time (the gold's "anchor", see tbaq.py)
Within each kind, errors are grouped by form (lower case, digits as 9) or by value shape, commonest first.

  python3 eval/datasets/date_errors.py GOLD.jsonl [--pred PRED.jsonl | --cmd CMD] [--examples N] [--kinds K,...]
"""
import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.environ.get('QLEVAL_DIR', os.path.join(os.path.dirname(__file__), '..', '..', '..',
                                                             'shared', 'eval')))
import qleval  # noqa: E402  (the shared scorer: its loading, engine run and matching are reused)

KINDS = ('missed', 'spurious', 'extent', 'type', 'value')


def shape(value):
    """A value's shape: digits as 9 ("1998-Q3" -> "9999-Q9"), so alike values group together."""
    return re.sub(r'\d', '9', value or 'null')


def form(text):
    return re.sub(r'\d', '9', ' '.join(text.lower().split()))


def context(text, s, e, width=45):
    left = text[max(0, s - width):s].replace('\n', ' ')
    right = text[e:e + width].replace('\n', ' ')
    return f'…{left}[{text[s:e]}]{right}…'


def extent_diff(text, g, p):
    """What the prediction adds (+) or leaves out (-) at each edge, e.g. "-the" or "+on"."""
    out = []
    for added, a, b in ((p['s'] < g['s'], min(g['s'], p['s']), max(g['s'], p['s'])),
                        (p['e'] > g['e'], min(g['e'], p['e']), max(g['e'], p['e']))):
        if a < b:
            out.append(('+' if added else '-') + ' '.join(text[a:b].split()))
    return ' '.join(out)


def errors(gold_docs, preds):
    """(kind, group key, line) for every error, in document order."""
    out = []
    for doc in gold_docs:
        text = doc['text']
        types = set(doc.get('date_types') or ['DATE', 'TIME', 'DURATION', 'SET'])
        gold = [dict(s=t['start'], e=t['end'], **t) for t in doc.get('dates', [])]
        pred = [dict(s=t['start'], e=t['end'], **t) for t in preds.get(doc['id'], {}).get('dates', [])]
        pairs = qleval.match(gold, pred, lambda a, b: qleval.overlap(a, b), 1)
        hit_g, hit_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        where = f"{doc['id']} (published {doc.get('published')})"
        for gi, g in enumerate(gold):
            if gi not in hit_g:
                out.append(('missed', f"{g['type']} {form(text[g['s']:g['e']])}",
                            f"{where}: {context(text, g['s'], g['e'])}  gold {g['type']} {g.get('value')}"))
        for pi, p in enumerate(pred):
            if pi not in hit_p and p.get('type') in types:
                out.append(('spurious', f"{p.get('type')} {form(text[p['s']:p['e']])}",
                            f"{where}: {context(text, p['s'], p['e'])}  pred {p.get('type')} {p.get('value')}"))
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            if (g['s'], g['e']) != (p['s'], p['e']):
                diff = extent_diff(text, g, p)
                out.append(('extent', re.sub(r'\d', '9', diff.lower()),
                            f"{where}: gold {context(text, g['s'], g['e'])}  pred [{text[p['s']:p['e']]}]  {diff}"))
            if g.get('type') != p.get('type'):
                out.append(('type', f"{g.get('type')} -> {p.get('type')}",
                            f"{where}: {context(text, g['s'], g['e'])}  gold {g.get('type')} {g.get('value')}"
                            f"  pred {p.get('type')} {p.get('value')}"))
            if g.get('value') != p.get('value'):
                anchored = ''
                if 'anchor' in g:
                    anchored = f"  anchored to [{text[g['anchor']['start']:g['anchor']['end']]}]"
                key = f"{shape(g.get('value'))} -> {shape(p.get('value'))}{' anchored' if anchored else ''}"
                out.append(('value', key, f"{where}: {context(text, g['s'], g['e'])}  gold {g.get('value')}"
                                          f"  pred {p.get('value')}{anchored}"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('gold')
    ap.add_argument('--pred', help='predictions (JSONL); else the engine is run on the gold texts')
    ap.add_argument('--cmd', default=os.environ.get('QUOTELENS_CMD', 'target/release/quotelens annotate --jsonl -'))
    ap.add_argument('--examples', type=int, default=3, help='examples listed per group (default 3)')
    ap.add_argument('--groups', type=int, default=25, help='groups listed per kind (default 25)')
    ap.add_argument('--kinds', default=','.join(KINDS), help=f'kinds to list (default {",".join(KINDS)})')
    a = ap.parse_args()
    gold = qleval.load(a.gold)
    pred = qleval.load(a.pred) if a.pred else qleval.run_engine(gold, a.cmd)
    found = errors(gold, {d.get('id'): d for d in pred})
    counts = collections.Counter(kind for kind, _, _ in found)
    print(f"{a.gold}: {sum(len(d.get('dates', [])) for d in gold)} gold expressions; "
          + ', '.join(f'{k} {counts[k]}' for k in KINDS))
    for kind in a.kinds.split(','):
        groups = collections.defaultdict(list)
        for k, key, line in found:
            if k == kind:
                groups[key].append(line)
        print(f'\n## {kind} ({counts[kind]}, {len(groups)} groups)')
        for key, lines in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:a.groups]:
            print(f'{len(lines):4}  {key}')
            for line in lines[:a.examples]:
                print(f'        {line}')


if __name__ == '__main__':
    main()
