#!/usr/bin/env python3
"""Gender Gap Tracker evaluation annotations -> quote gold for qleval.py.

  python3 eval/datasets/ggt.py [--mirror DIR] [--out eval/data] [--heldout FILE]
      -> eval/data/ggt-train.jsonl, eval/data/ggt-dev.jsonl

Reads `fetch github:sfu-discourse-lab/GenderGapTracker` at commit 9e647e0: the annotation table
NLP/evaluation/src/eval/AnnotationTable_byArticle_withReplacementArticles.xlsx (98 Canadian news articles:
per article its quotations {speaker, verb, quote, quote_index, reference}, "reference" being the speaker's
canonical name) and the article texts NLP/evaluation/src/rawtext.zip (the static copies GGT's own
evaluation runs on). The 70 articles listed in ../shared/eval/heldout-ids/ggt-test.txt are held out: their
rows are skipped as soon as their id is read, before any other cell, and their texts are never opened.
The other 28 are split in two fixed halves (quotegold.sha1_halves).

- text: the article's rawtext file, paragraphs separated by blank lines (quotegold.normalise_paragraphs).
- quotes: GGT's quote_index offsets count in another rendering of the text (paragraphs joined by
  "\\n .\\n ") and drift, so each quote is found by its own words, at the occurrence nearest to where its
  offset, corrected by the drift of the quotes before it, puts it; its text is checked against the quote's.
  GGT quotes are all speech, so unquoted content is indirect; kinds as in quotegold.content_units.
- speaker: "reference" when it is a proper name (without a leading "the"); a description ("authorities",
  "a spokesperson", "McCallum’s staff") or several people ("Kim and Clark Moran") give speaker null and
  the reference as speaker_description. References with a fuller form in the text are reported.
- not_quotes: short quote-mark stretches no GGT quote touches.
- published: null (the table has no publication date).
"""
import argparse
import collections
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

import quotegold as qg

TOOL = 'ggt'
SLUG = 'sfu-discourse-lab/GenderGapTracker'
COMMIT = '9e647e05bea1c8f8469afba2e55c077863f80a01'
TABLE = 'NLP/evaluation/src/eval/AnnotationTable_byArticle_withReplacementArticles.xlsx'
TEXTS = 'NLP/evaluation/src/rawtext.zip'
HELDOUT = os.path.join(os.environ.get('QUOTELENS_SHARED', os.path.join(qg.HERE, '..', '..', '..', 'shared')),
                       'eval', 'heldout-ids', 'ggt-test.txt')
EXPECTED_HELDOUT = 70
NOT_QUOTE_WORDS = 4
XLSX = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
NAME_JOINERS = {'of', 'and', 'for', 'the', 'de', 'du', 'la', 'le', 'van', 'der', 'von', 'da', 'di', 'al', 'el', '&'}


def table_rows(data):
    """The first sheet of an .xlsx file as a list of {column letter: cell text} (stdlib only)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = [''.join(t.text or '' for t in si.iter(XLSX + 't'))
              for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(XLSX + 'si')]
    rows = []
    for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter(XLSX + 'row'):
        cells = {}
        for c in row.iter(XLSX + 'c'):
            v = c.find(XLSX + 'v')
            if c.get('t') == 's':
                cells[re.match(r'[A-Z]+', c.get('r')).group()] = shared[int(v.text)]
            elif v is not None:
                cells[re.match(r'[A-Z]+', c.get('r')).group()] = v.text
        rows.append(cells)
    header = rows[0]
    return [{header[k]: v for k, v in r.items() if k in header} for r in rows[1:]]


def heldout_ids(path):
    if not os.path.isfile(path):
        qg.fail(TOOL, f'the held-out id list {path} is missing: refusing to convert without it')
    with open(path, encoding='utf-8') as f:
        ids = {line.strip() for line in f if line.strip()}
    qg.require(len(ids) == EXPECTED_HELDOUT, TOOL, f'{path} lists {len(ids)} ids, expected {EXPECTED_HELDOUT}')
    return ids


# ---------- quotes ----------

def quote_pattern(quote):
    """A regex for a GGT quote string in the text: its words in order, any white space between them (the
    annotation's paragraph joiner "\\n .\\n " included)."""
    words = re.sub(r'\n \.\n ', ' ', quote.strip()).split()
    return re.compile(r'\s+'.join(re.escape(w) for w in words)) if words else None


def offset(index):
    m = re.fullmatch(r'\((\d+),\s*(\d+)\)', (index or '').strip())
    return int(m.group(1)) if m else None


def locate(text, quotations, stats):
    """[(quotation, start, end)] for the quotations found in text, in annotation order: the occurrence of
    each quote's words nearest to its offset corrected by the drift (found - given) of the one before."""
    order = sorted(range(len(quotations)), key=lambda i: offset(quotations[i].get('quote_index')) or 0)
    found, drift = {}, 0
    for i in order:
        q = quotations[i]
        pattern = quote_pattern(q.get('quote', ''))
        hits = [m.span() for m in pattern.finditer(text)] if pattern else []
        if not hits:
            stats['quotes whose words are not in the text, left out'] += 1
            continue
        given = offset(q.get('quote_index'))
        want = (given if given is not None else 0) + drift
        s, e = min(hits, key=lambda h: abs(h[0] - want))
        if given is not None:
            drift = s - given
        qg.require(' '.join(text[s:e].split()) == ' '.join(re.sub(r'\n \.\n ', ' ', q['quote']).split()), TOOL,
                   f'quote text differs at {s}')
        found[i] = (q, s, e)
    return [found[i] for i in sorted(found)]


# ---------- speakers ----------

def speaker_of(reference, people):
    """(speaker, speaker_description) of a GGT reference: a proper name gives the name (a leading "the"
    dropped, design.md: "the Supreme Court" -> "Supreme Court"); a description or several people give
    null and the reference as description."""
    ref = ' '.join(reference.split())
    if not ref:
        return None, None
    name = re.sub(r'^the\s+', '', ref, flags=re.I)
    words = name.split()
    content = [w for w in words if w.lower() not in NAME_JOINERS]
    proper = content and all(w[0].isupper() or w[0].isdigit() for w in content) and qg.plausible_name(content)
    several = re.split(r',\s*|\s+and\s+|\s*&\s*', name)
    if proper and len(several) > 1 and all(any(p in person for person in people) for p in several):
        proper = False  # "Tore Sohlberg and Lehla Abreder": two of the article's people
    return (name, None) if proper else (None, ref)


def fuller_forms(name, text):
    """Longer capitalised forms of name in the text ("Erin Kim" for "Kim"), leaving out titles and roles
    before it ("Conservative Leader Andrew Scheer") and words of other lines."""
    out = set()
    for m in re.finditer(r'(?<![\w’\'])' + re.escape(name) + r'(?![\w’\'])', text):
        before = re.findall(r"([A-Z][\w’'.-]*) $", text[max(0, text.rfind('\n', 0, m.start()) + 1):m.start()])
        after = re.match(r" ([A-Z][\w’'-]*)", text[m.end():])
        extra = [w for w in before + ([after.group(1)] if after else []) if qg.plausible_name([w]) and
                 w.lower().rstrip('.') not in qg.TITLES]
        if extra:
            out.add(' '.join(([before[0]] if before and before[0] in extra else []) + [name] +
                             ([after.group(1)] if after and after.group(1) in extra else [])))
    return out


# ---------- one article ----------

def convert(doc_id, raw, row, stats):
    text, _ = qg.normalise_paragraphs(raw)
    quotations = json.loads(row.get('quotations') or '[]')
    people = [p.strip() for p in json.loads(row.get('people') or '[]')]
    regions = qg.quote_regions(text)
    quotes, covered = [], []
    for n, (q, s, e) in enumerate(locate(text, quotations, stats)):
        covered.append((s, e))
        speaker, description = speaker_of(q.get('reference', ''), people)
        via = 'name' if speaker else 'description' if description else 'none'
        if speaker and speaker not in text:
            stats[f'speaker not in the text as such: {speaker}'] += 1
        for form in sorted(fuller_forms(speaker, text)) if speaker else ():
            stats[f'speaker {speaker!r} has a fuller form in the text? {form!r}'] += 1
        units = qg.content_units(text, qg.paragraph_pieces(text, s, e), regions, reported=True)
        if not units:
            stats['quotes with no words, left out'] += 1
        for a, b, kind in units:
            unit = dict(start=a, end=b, kind=kind, speaker=speaker, text=text[a:b],
                        cue=' '.join((q.get('verb') or '').split()) or None, group=f'q{n + 1}', speaker_via=via)
            if description:
                unit['speaker_description'] = description
            quotes.append(unit)
            stats[f'speaker via {via}'] += 1
    quotes.sort(key=lambda q: (q['start'], -q['end'], q['kind']))
    nq = [dict(start=a, end=b, text=text[a:b]) for a, b in qg.not_quotes(text, regions, covered, NOT_QUOTE_WORDS)]
    return dict(id=doc_id, text=text, published=None, quotes=quotes, not_quotes=nq)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mirror', default=os.environ.get('QL_MIRROR', qg.DEFAULT_MIRROR),
                    help='folder of fetched repositories (default $QL_MIRROR or /work/.mirror)')
    ap.add_argument('--out', default=os.path.join(qg.HERE, '..', 'data'), help='output folder (default eval/data)')
    ap.add_argument('--heldout', default=HELDOUT, help='the held-out ids (default ../shared/eval/heldout-ids/ggt-test.txt)')
    a = ap.parse_args()
    held = heldout_ids(a.heldout)
    git = qg.Git(qg.git_dir(a.mirror, SLUG, TOOL), COMMIT, TOOL)
    table, texts = git.read(TABLE), git.read(TEXTS)
    git.close()
    qg.require(table is not None and texts is not None, TOOL, f'{TABLE} or {TEXTS} is missing from the mirror')
    texts = zipfile.ZipFile(io.BytesIO(texts))
    stats, ours, excluded = collections.Counter(), {}, set()
    for row in table_rows(table):
        m = re.search(r'([0-9a-f]{24})\)\s*$', row.get('_id', ''))
        qg.require(m, TOOL, f'unreadable article id {row.get("_id")!r}')
        if m.group(1) in held:
            excluded.add(m.group(1))
            continue
        ours[m.group(1)] = row
    print(f'ggt: {len(excluded)} held-out articles excluded, {len(ours)} kept')
    qg.require(excluded == held, TOOL, f'{len(held - excluded)} held-out ids are not in the table')
    split = qg.sha1_halves(ours)
    sets = {'train': [], 'dev': []}
    for doc_id in sorted(ours):
        raw = texts.read(f'rawtext/{doc_id}.txt').decode('utf-8')
        sets[split[doc_id]].append(convert(doc_id, raw, ours[doc_id], stats))
    for name, docs in sets.items():
        qg.write_jsonl(os.path.join(a.out, f'ggt-{name}.jsonl'), docs)
        print(f'ggt-{name}: {qg.unit_counts(docs)}')
    for k, v in sorted(stats.items()):
        print(f'  {k}: {v}')


if __name__ == '__main__':
    sys.exit(main())
