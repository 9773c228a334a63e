#!/usr/bin/env python3
"""TBAQ-cleaned (TempEval-3 training data: TimeBank 1.2 + AQUAINT TimeML) -> date gold for qleval.py.

Reads the TimeML files straight from the fetched repository (a bare git directory, `fetch
github:qiangning/StructTempRel-EMNLP17`) at a pinned commit and writes a fixed train/dev split:

  python3 eval/datasets/tbaq.py [--mirror DIR] [--out eval/data]
      -> eval/data/tbaq-train.jsonl, eval/data/tbaq-dev.jsonl

One JSON line per document, in id order:
  {"id", "text", "published": DCT date "YYYY-MM-DD",
   "dates": [{"start", "end", "type", "value", "text", "mod"?, "anchor"?}]}
- text: the TEXT element's character content, verbatim (XML has already turned CRLF into LF). Most files
  separate paragraphs by blank lines; 36 TimeBank files are one line and stay so (no breaks are invented:
  sentence splitting would be a guess, and the held-out TempEval-3 files have the same layout).
  TITLE, DCT and EXTRAINFO lie outside TEXT and are left out, as TempEval-3's scorer leaves them out.
- offsets: code points into text, end exclusive; every span's text is checked against its TIMEX3.
- anchor: {"start", "end"} of the TIMEX3 in the text that a relative expression is anchored to
  (anchorTimeID), present only when that is not the document creation time; the scorer ignores it.
- the split: a document is dev when sha1(id) mod 5 == 0 (about 20 %), train otherwise.

Only the TimeBank and AQUAINT folders are ever read: the TempEval-3 platinum test set and WikiWars are
held out, and the allow-list below refuses any other path.
"""
import argparse
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET

REPO = 'qiangning+StructTempRel-EMNLP17'
COMMIT = 'd6518a5a79d940d749c95ee5b72830714b132238'
ROOT = 'data/TempEval3/Training/TBAQ-cleaned'
ALLOWED = ('TimeBank', 'AQUAINT')
MEMBER = re.compile(r'%s/(%s)/([^/]+)\.tml' % (re.escape(ROOT), '|'.join(ALLOWED)))


def git_dir(mirror):
    """The repository's git directory in the mirror (fetch leaves either a bare repo or a clone)."""
    for sub in ('repo/.git', 'repo'):
        path = os.path.join(mirror, REPO, sub)
        if os.path.isfile(os.path.join(path, 'HEAD')):
            return path
    sys.exit(f'tbaq: {os.path.join(mirror, REPO)} is missing: fetch github:qiangning/StructTempRel-EMNLP17')


def tml_files(gdir):
    """(corpus, file stem, bytes) of every allow-listed .tml file at COMMIT, in path order. git archive is
    given the allowed folders only, so no other file of the repository is even read."""
    paths = [f'{ROOT}/{name}' for name in ALLOWED]
    proc = subprocess.run(['git', '--git-dir', gdir, 'archive', '--format=tar', COMMIT, '--', *paths],
                          capture_output=True)
    if proc.returncode:
        sys.exit(f'tbaq: git archive {COMMIT[:7]} failed in {gdir}: {proc.stderr.decode(errors="replace")}')
    out = []
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        for member in tar:
            if not member.isfile():
                continue
            m = MEMBER.fullmatch(member.name)
            if not m:
                raise SystemExit(f'tbaq: refusing {member.name}: only {ROOT}/{{{",".join(ALLOWED)}}}/*.tml')
            out.append((m.group(1), m.group(2), tar.extractfile(member).read()))
    return sorted(out, key=lambda f: f[1])


def require(ok, msg):
    """A check of the source data that must hold even under python -O."""
    if not ok:
        raise SystemExit(f'tbaq: {msg}')


def flatten(el):
    """The character content of el and the (start, end, element) of every TIMEX3 inside it."""
    parts, spans, pos = [], [], 0

    def add(s):
        nonlocal pos
        parts.append(s)
        pos += len(s)

    def walk(e):
        start = pos
        add(e.text or '')
        for child in e:
            walk(child)
            add(child.tail or '')
        if e.tag == 'TIMEX3':
            spans.append((start, pos, e))

    walk(el)
    return ''.join(parts), spans


def convert(stem, data, stats):
    """One TimeML document -> one gold record."""
    root = ET.fromstring(data)
    doc_id = root.findtext('DOCID', '').strip()
    require(doc_id == stem, f'{stem}: DOCID is {doc_id!r}')
    dct = root.find('DCT/TIMEX3')
    require(dct is not None and dct.get('functionInDocument') == 'CREATION_TIME', f'{stem}: no DCT')
    published = dct.get('value', '')[:10]
    require(re.fullmatch(r'\d{4}-\d\d-\d\d', published), f'{stem}: DCT value {dct.get("value")!r}')

    text, spans = flatten(root.find('TEXT'))
    stats['outside_text'] += sum(1 for _ in root.iter('TIMEX3')) - len(spans)
    where = {e.get('tid'): (s, t) for s, t, e in spans}
    dates = []
    for start, end, e in spans:
        surface = ''.join(e.itertext())
        require(text[start:end] == surface, f'{stem} {e.get("tid")}: span text differs from the TIMEX3')
        if not surface.strip():
            stats['empty'] += 1
            continue
        d = dict(start=start, end=end, type=e.get('type'), value=e.get('value'), text=surface)
        if e.get('mod'):
            d['mod'] = e.get('mod')
        anchor = e.get('anchorTimeID')
        if anchor and anchor != dct.get('tid'):
            require(anchor in where, f'{stem} {e.get("tid")}: anchor {anchor} is not in the text')
            d['anchor'] = dict(start=where[anchor][0], end=where[anchor][1])
        dates.append(d)
    dates.sort(key=lambda d: (d['start'], d['end']))
    return dict(id=doc_id, text=text, published=published, dates=dates)


def split_of(doc_id):
    """The fixed split: about a fifth of the documents, chosen by the hash of their id, are dev."""
    return 'dev' if int(hashlib.sha1(doc_id.encode('utf-8')).hexdigest(), 16) % 5 == 0 else 'train'


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mirror', default=os.environ.get('QL_MIRROR', '/work/.mirror'),
                    help='folder of fetched repositories (default $QL_MIRROR or /work/.mirror)')
    ap.add_argument('--out', default=os.path.join(here, '..', 'data'), help='output folder (default eval/data)')
    a = ap.parse_args()

    stats = dict(outside_text=0, empty=0)
    sets = {'train': [], 'dev': []}
    corpus_of = {}
    for corpus, stem, data in tml_files(git_dir(a.mirror)):
        doc = convert(stem, data, stats)
        corpus_of[doc['id']] = corpus
        sets[split_of(doc['id'])].append(doc)

    os.makedirs(a.out, exist_ok=True)
    for name, docs in sets.items():
        path = os.path.join(a.out, f'tbaq-{name}.jsonl')
        with open(path, 'w', encoding='utf-8', newline='\n') as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + '\n' for d in docs)
        types = {}
        for d in docs:
            for t in d['dates']:
                types[t['type']] = types.get(t['type'], 0) + 1
        by_corpus = {c: sum(corpus_of[d['id']] == c for d in docs) for c in ALLOWED}
        print(f'{os.path.relpath(path)}: {len(docs)} documents {by_corpus}, '
              f'{sum(types.values())} TIMEX3 {dict(sorted(types.items()))}')
    print(f'left out: {stats["outside_text"]} TIMEX3 outside TEXT (creation times), {stats["empty"]} empty')


if __name__ == '__main__':
    main()
