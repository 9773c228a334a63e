#!/usr/bin/env python3
"""Joins the hand-made gold (eval/gold/own/NAME.json) into own-train.jsonl and own-dev.jsonl, the split
fixed by own/split.tsv (NAME<TAB>train|dev), after checking every file: each span's "text" is the
document text at its offsets, units are sorted, and the text is still what make_text.py makes.

    python3 eval/gold/build.py
    python3 ../shared/eval/qleval.py run eval/gold/own-dev.jsonl
"""
import json
import os
import sys

import make_text

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {'direct', 'partial', 'indirect'}


def problems(doc):
    text = doc['text']
    for key in ('quotes', 'not_quotes', 'dates'):
        spans = doc[key]
        if spans != sorted(spans, key=lambda x: (x['start'], -x['end'])):
            yield f'{key} not sorted by start'
        for x in spans:
            if text[x['start']:x['end']] != x['text']:
                yield f'{key} {x["start"]}-{x["end"]}: "text" is not the document text there'
            if '\n\n' in x['text']:
                yield f'{key} {x["start"]}-{x["end"]} crosses a paragraph'
    for q in doc['quotes']:
        if q['kind'] not in KINDS:
            yield f'quote {q["start"]}: kind {q["kind"]!r}'
    made = make_text.page(doc['id'])
    if (made['text'], made['published']) != (text, doc['published']):
        yield 'text or published differs from what make_text.py makes'


def main():
    splits, bad = {}, 0
    with open(os.path.join(HERE, 'own', 'split.tsv'), encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f if line.strip()]
    for name, split in rows:
        with open(os.path.join(HERE, 'own', name + '.json'), encoding='utf-8') as f:
            doc = json.load(f)
        for p in problems(doc):
            bad += 1
            print(f'{name}: {p}', file=sys.stderr)
        splits.setdefault(split, []).append(doc)
    if bad:
        sys.exit(1)
    for split, docs in sorted(splits.items()):
        path = os.path.join(HERE, f'own-{split}.jsonl')
        with open(path, 'w', encoding='utf-8') as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + '\n' for d in docs)
        print(f'{os.path.relpath(path)}: {len(docs)} documents, '
              f'{sum(len(d["quotes"]) for d in docs)} quotes, {sum(len(d["dates"]) for d in docs)} dates')


if __name__ == '__main__':
    main()
