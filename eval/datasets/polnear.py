#!/usr/bin/env python3
"""PolNeAR (political news attribution relations, brat) -> quote gold for qleval.py.

  python3 eval/datasets/polnear.py [--mirror DIR] [--out eval/data]
      -> eval/data/polnear-train.jsonl, eval/data/polnear-dev.jsonl

Reads `fetch github:networkdynamics/PolNeAR` at a pinned commit: data/<split>/text, attributions
(brat: Source / Cue / Content spans joined by an Attribution event) and corenlp (CoreNLP XML: tokens, POS,
CoNLL NER, basic dependencies, dcoref chains) for the splits of ALLOWED_SPLITS only. The test split is
held out: no path outside the allow-list can be built, and nothing else is listed or read.

PolNeAR marks every attribution (statements, but also beliefs, intentions, perceptions). Kept as speech,
by the cue's words in the project's lexicons (quotegold.cue_class):
- cue with a speech verb or noun, or "according to": the whole content — quoted content as direct or
  partial units; unquoted content as an indirect unit if it is a reported clause (its head is a verb or
  has a subject or copula, or it opens with that/if/whether, a wh-word or "to"), while a noun-phrase
  object ("recited her policy ideas") gives only the quoted fragments in it;
- cue with a cognition verb (believe, think, feel): dropped, quoted words and all;
- cue with only a weak verb (called, continued, read) or with no word of the lexicons (shows, wants,
  accused, praised, yelled, ":"): only what is in quote marks — a quoted sentence ("“You lie!” yelled a
  man") or a credited fragment ("called Trump “unhinged”", "accused him of an “artful smear”"); the
  unquoted rest is not reported speech.
An indirect unit whose speaker is a news outlet of the media lexicon and whose cue reports ("The Post
reported that …", "according to Reuters") is a media source (design.md), not a quote, and is dropped.
Spans: annotations that start or end inside a word are widened to the word; content is cut into pieces
at paragraph breaks and around quoted sentences (quotegold.content_units). Where several annotators did
an article, the first annotator's file by id is used; articles whose CoreNLP file the mirror lacks are
left out (and counted).
Speakers: the source span's head (basic dependencies). A proper-name head gives its name (the run of
tokens of its NER class, titles stripped), completed from its coreference chain or from the article's
other names when they agree on one fuller form; a pronoun or common-noun head takes the fullest proper
name of its dcoref chain when the chain's names agree (and, for he/she, agree with its gender by the
first-names lexicon), else the speaker is null (with the source text as
`speaker_description` when it is a description). `speaker_via` says which: name, coref, description,
unresolved (a pronoun CoreNLP did not resolve) or none (no source). dcoref is automatic, so "coref"
speakers are silver.
"""
import argparse
import collections
import html
import os
import re
import sys

import quotegold as qg

TOOL = 'polnear'
SLUG = 'networkdynamics/PolNeAR'
COMMIT = 'c3eee833c035bf7b8c84f55b58c0bf7346cfae76'
ALLOWED_SPLITS = ('train', 'dev')
NOT_QUOTE_WORDS = 4
REPORTING = re.compile(r'\b(according|report(s|ed|ing)?)\b', re.I)  # an outlet's report is a source, design.md
PRONOUN_TAGS = {'PRP', 'PRP$', 'WP', 'WP$', 'WDT', 'DT'}  # he, who, which, that, this
NAME_TAGS = {'NNP', 'NNPS'}
NAMED = {'PERSON', 'ORGANIZATION', 'LOCATION'}
FINITE = {'VB', 'VBD', 'VBP', 'VBZ', 'MD'}
CLAUSE_DEPS = {'nsubj', 'nsubjpass', 'csubj', 'csubjpass', 'cop', 'expl', 'mark', 'aux', 'auxpass'}
CLAUSE_OPENERS = {'that', 'if', 'whether', 'to', 'how', 'what', 'why', 'when', 'where', 'who', 'which'}


def split_folder(split, kind):
    """The only paths this converter reads: data/<split>/<kind> for an allow-listed split."""
    if split not in ALLOWED_SPLITS:
        qg.fail(TOOL, f'refusing split {split!r}: only {ALLOWED_SPLITS} may be read (test is held out)')
    return f'data/{split}/{kind}'


# ---------- brat ----------

def parse_brat(data):
    """Text-bound annotations {id: (type, [(start, end)], text)} and events [(id, type, {role: T id})].
    A T line's text may run over several lines (the annotated span held a line break)."""
    spans, events, last = {}, [], None
    for line in (data[:-1] if data.endswith('\n') else data).split('\n'):
        f = line.split('\t')
        if re.fullmatch(r'T\d+', f[0]) and len(f) == 3:
            typ, where = f[1].split(' ', 1)
            spans[f[0]] = (typ, [tuple(map(int, w.split())) for w in where.split(';')], f[2])
            last = f[0]
        elif re.fullmatch(r'E\d+', f[0]) and len(f) >= 2:
            args = f[1].split()
            events.append((f[0], args[0].split(':')[0], dict(a.split(':', 1) for a in args[1:] if ':' in a)))
            last = None
        elif last and not re.match(r'[A-Z#*]\d*\t', line):
            typ, where, text = spans[last]
            spans[last] = (typ, where, text + '\n' + line)
        else:
            last = None
    return spans, events


# ---------- CoreNLP ----------

TOKEN = re.compile(r'<token id="\d+">\s*<word>(.*?)</word>\s*<lemma>.*?</lemma>\s*'
                   r'<CharacterOffsetBegin>(\d+)</CharacterOffsetBegin>\s*<CharacterOffsetEnd>(\d+)'
                   r'</CharacterOffsetEnd>\s*<POS>(.*?)</POS>\s*<NER>(.*?)</NER>', re.S)
DEP = re.compile(r'<dep type="([^"]+)">\s*<governor idx="(\d+)">.*?</governor>\s*<dependent idx="(\d+)">', re.S)
MENTION = re.compile(r'<mention[^>]*>\s*<sentence>(\d+)</sentence>\s*<start>(\d+)</start>\s*<end>(\d+)</end>\s*'
                     r'<head>(\d+)</head>', re.S)


class Parse:
    """One article's CoreNLP analysis, tokens numbered across the document."""

    def __init__(self, xml):
        body, _, coref = xml.partition('<coreference>')
        self.start, self.end, self.word, self.pos, self.ner = [], [], [], [], []
        self.gov, self.rel, self.deps = [], [], collections.defaultdict(set)
        first = []  # global index of each sentence's first token
        for sent in re.finditer(r'<sentence id="\d+">(.*?)</sentence>', body, re.S):
            s = sent.group(1)
            base = len(self.start)
            first.append(base)
            toks = TOKEN.findall(s[:s.find('</tokens>')])
            for word, a, b, pos, ner in toks:
                self.word.append(html.unescape(word))
                self.start.append(int(a))
                self.end.append(int(b))
                self.pos.append(pos)
                self.ner.append(ner)
                self.gov.append(None)
                self.rel.append('root')
            i = s.find('<dependencies type="basic-dependencies">')
            for rel, g, d in DEP.findall(s[i:s.find('</dependencies>', i)]):
                d, g = base + int(d) - 1, int(g)
                self.gov[d] = base + g - 1 if g else None
                self.rel[d] = rel
                if g:
                    self.deps[base + g - 1].add(rel)
        self.sentence_start = set(first)
        self.lower_words = {w for w in self.word if w.islower()}
        self.chain_of = {}  # head token -> chain number
        self.chains = []  # [(first token, end token, head token)]
        for chain in re.findall(r'<coreference>(.*?)</coreference>', coref, re.S):
            mentions = [(first[int(s) - 1] + int(a) - 1, first[int(s) - 1] + int(b) - 1, first[int(s) - 1] + int(h) - 1)
                        for s, a, b, h in MENTION.findall(chain)]
            for m in mentions:
                self.chain_of.setdefault(m[2], len(self.chains))
            self.chains.append(mentions)

    def tokens(self, a, b):
        """Indices of the tokens inside the character span [a, b)."""
        return [i for i in range(len(self.start)) if self.start[i] >= a and self.end[i] <= b]

    def head(self, idxs, prefer_name=False):
        """The token of idxs whose governor lies outside them (the phrase's head). Where the parse splits the
        phrase ("said [pollster] [Geoff Garin]"), the first such token, or with prefer_name the first that
        can be part of a name."""
        inside = set(idxs)
        heads = [i for i in idxs if self.gov[i] not in inside]
        return next((i for i in heads if prefer_name and self.proper(i)), heads[0] if heads else None)

    def proper(self, j):
        """Whether token j can be part of a proper name: a proper noun, or a capitalised word CoreNLP's NER
        puts in a person, organisation or place (its tagger calls some surnames adjectives)."""
        return self.pos[j] in NAME_TAGS or (self.ner[j] in NAMED and self.word[j][:1].isupper())

    def name(self, i, lo, hi, text):
        """(name tokens, type) of the proper name headed by token i within tokens [lo, hi), or None: the run
        of tokens sharing i's NER class (or of proper nouns when it has none), without edge words that are
        not proper nouns and, for people, without leading titles. Nationalities, parties and other MISC
        words, plural proper nouns outside organisations and places ("Democrats"), and words of the
        project's title, group and function-word lexicons are not names."""
        ner = self.ner[i] if self.ner[i] in NAMED else None
        if not self.proper(i) or self.ner[i] == 'MISC' or (self.pos[i] == 'NNPS' and ner in (None, 'PERSON')):
            return None
        same = (lambda j: self.ner[j] == ner) if ner else (lambda j: self.pos[j] in NAME_TAGS)
        a = b = i
        while a - 1 >= lo and same(a - 1):
            a -= 1
        while b + 1 < hi and same(b + 1):
            b += 1
        while a <= b and not self.proper(a):
            a += 1
        while b >= a and not self.proper(b):
            b -= 1
        words = tuple(text[self.start[j]:self.end[j]] for j in range(a, b + 1))
        if not qg.plausible_name(words) or self.common_noun(a, b):
            return None
        kind = 'ORGANIZATION' if ner in ('ORGANIZATION', 'LOCATION') else 'PERSON' if ner == 'PERSON' else 'OTHER'
        return (words if kind == 'ORGANIZATION' else qg.strip_titles(words)), kind

    def named_dependent(self, h, idxs, text):
        """The name a common-noun head stands beside in the same phrase: an appositive person or
        organisation ("the group's founder, Jane Roe"), or a person compounded with a title ("pollster
        Geoff Garin"). Not a modifier: "the Clinton campaign", "SEIU chief" and "Border Patrol agents" are
        not Clinton, SEIU or the Border Patrol."""
        title = self.word[h].lower() in qg.TITLES
        for j in idxs:
            if self.gov[j] == h and ((self.rel[j] == 'appos' and self.ner[j] in ('PERSON', 'ORGANIZATION')) or
                                     (self.rel[j] == 'compound' and title and self.ner[j] == 'PERSON')):
                found = self.name(j, idxs[0], idxs[-1] + 1, text)
                if found:
                    return found
        return None

    def common_noun(self, a, b):
        """Whether tokens [a, b] are one capitalised common noun opening a sentence ("Poll shows …"): the
        word is not a person for NER and the article also writes it in lower case."""
        return a == b and a in self.sentence_start and self.ner[a] != 'PERSON' and self.word[a].lower() in self.lower_words

    def article_names(self, text):
        """Every proper name of the article (runs of PERSON or ORGANIZATION tokens), by type, in order."""
        names = collections.defaultdict(list)
        i = 0
        while i < len(self.ner):
            if self.ner[i] in ('PERSON', 'ORGANIZATION') and self.pos[i] in NAME_TAGS:
                j = i
                while j + 1 < len(self.ner) and self.ner[j + 1] == self.ner[i]:
                    j += 1
                found = self.name(i, i, j + 1, text)
                if found and found[0] not in names[found[1]]:
                    names[found[1]].append(found[0])
                i = j + 1
            else:
                i += 1
        return names

    def chain_names(self, i, text):
        """(name, type) of each mention in the coreference chain of head token i that is the name of a
        person or organisation (NER-typed: the chains also hold headlines and other capitalised strings)."""
        c = self.chain_of.get(i)
        if c is None:
            return []
        out = []
        for a, b, h in self.chains[c]:
            found = self.name(h, a, b, text)
            if found and found[1] != 'OTHER':
                out.append(found)
        return out


# ---------- speakers ----------

def resolve(parse, text, span, article_names):
    """(speaker, speaker_description, speaker_via) of a source span (character offsets in text)."""
    idxs = parse.tokens(*span)
    h = parse.head(idxs, prefer_name=True)
    source = ' '.join(text[span[0]:span[1]].split())
    if h is None:
        return None, None, 'unresolved'
    pronoun = parse.pos[h] in PRONOUN_TAGS
    own = None if pronoun else parse.name(h, idxs[0], idxs[-1] + 1, text) or parse.named_dependent(h, idxs, text)
    chain = parse.chain_names(h, text)
    if own:
        kind = own[1]
        names = [n for n, k in chain if k == kind] + [own[0]]
        best = qg.fullest(names) or own[0]
        via = 'name'
    elif not pronoun and any(parse.ner[i] in ('PERSON', 'ORGANIZATION') for i in idxs):
        return None, source, 'description'  # "the Clinton campaign", "a Trump aide": not Clinton or Trump
    else:
        gender = qg.PRONOUN_GENDER.get(parse.word[h].lower())
        kinds = ['PERSON'] if gender in ('m', 'f') else \
            [k for k, _ in collections.Counter(k for _, k in chain).most_common(1)]
        names = [n for n, k in chain if k in kinds and (  # "he" is not a chain's "Hillary Clinton"
            gender not in ('m', 'f') or qg.FIRST_NAME_GENDER.get(n[0].lower(), gender) == gender)]
        best = qg.fullest(names)
        if not best:
            return (None, source, 'description') if parse.pos[h].startswith('NN') else (None, None, 'unresolved')
        kind = kinds[0]
        via = 'coref'
    if kind != 'OTHER':
        best = qg.extend_name(best, article_names[kind])
    return ' '.join(best), None, via


def reported_clause(parse, span):
    """Whether unquoted content is a reported clause rather than a noun-phrase or gerund object
    ("recited her policy ideas", "mentioned raising the wage"): its head is a finite or bare verb or has
    a subject, copula, auxiliary or complementiser, or it opens with one of CLAUSE_OPENERS as a
    complementiser, wh-word or infinitive marker (not "that moment")."""
    idxs = parse.tokens(*span)
    if not idxs:
        return False
    first = idxs[0]
    if parse.word[first].lower() in CLAUSE_OPENERS and (parse.pos[first] in ('IN', 'TO') or parse.pos[first][0] == 'W'):
        return True
    h = parse.head(idxs)
    return h is not None and (parse.pos[h] in FINITE or bool(parse.deps[h] & CLAUSE_DEPS))


# ---------- one article ----------

def snap(text, span):
    """span widened to whole words: a few annotations start or end inside one ("t|he former president")."""
    a, b = span
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        b += 1
    return a, b


def convert(doc_id, text, ann, xml, stats):
    parse = Parse(xml)
    norm, where = qg.normalise_paragraphs(text)
    collapse = lambda s: re.sub(r'\n+', '\n', s)
    spans, events = parse_brat(ann)
    for tid, (typ, frags, stext) in spans.items():
        qg.require(' '.join(text[a:b] for a, b in frags) == stext, TOOL, f'{doc_id} {tid}: span text differs')
        for a, b in frags:
            qg.require(collapse(norm[where[a]:where[b]]) == collapse(text[a:b]), TOOL, f'{doc_id} {tid}: bad map')
    regions = qg.quote_regions(norm)
    article_names = parse.article_names(text)
    quotes, covered = [], []
    for eid, _, roles in events:
        contents = [spans[roles[r]] for r in ('Content', 'Content2') if r in roles]
        frags = [snap(text, f) for _, fr, _ in contents for f in fr]
        covered.extend((where[a], where[b]) for a, b in frags)
        if not frags:
            stats['rule: no content'] += 1
            continue
        cue = ' '.join(text[a:b] for a, b in spans[roles['Cue']][1]) if 'Cue' in roles else ''
        cls = qg.cue_class(cue)
        pieces = [p for a, b in frags for p in qg.paragraph_pieces(norm, where[a], where[b])]
        if cls == 'cognition':
            stats['rule: cognition cue, dropped'] += 1
            continue
        reported = cls in ('speech', 'according') and reported_clause(parse, frags[0])
        units = qg.content_units(norm, pieces, regions, reported)
        if not units:
            stats[f'rule: {cls or "other"} cue, nothing kept (no reported clause, nothing quoted)'] += 1
            continue
        if 'Source' in roles:
            speaker, description, via = resolve(parse, text, snap(text, spans[roles['Source']][1][0]), article_names)
        else:
            speaker, description, via = None, None, 'none'
        if speaker and qg.is_media(speaker) and REPORTING.search(cue) and any(u[2] == 'indirect' for u in units):
            units = [u for u in units if u[2] != 'indirect']
            if not units:
                stats['rule: a news outlet reports (a media source, not a quote), dropped'] += 1
                continue
            stats['note: a news outlet reports, only its quoted part kept'] += 1
        stats[f'rule: {cls or "other"} cue, kept'] += 1
        for s, e, kind in units:
            q = dict(start=s, end=e, kind=kind, speaker=speaker, text=norm[s:e], cue=' '.join(cue.split()) or None,
                     group=eid, speaker_via=via)
            if description:
                q['speaker_description'] = description
            quotes.append(q)
            stats[f'speaker via {via}'] += 1
    quotes.sort(key=lambda q: (q['start'], -q['end'], q['kind']))
    nq = [dict(start=s, end=e, text=norm[s:e]) for s, e in qg.not_quotes(norm, regions, covered, NOT_QUOTE_WORDS)]
    published = re.match(r'[^_]+_(\d{4}-\d\d-\d\d)_', doc_id).group(1)
    return dict(id=doc_id, text=norm, published=published, quotes=quotes, not_quotes=nq)


def articles(git, split, stats):
    """(id, text, brat, CoreNLP XML) of each article of an allow-listed split, in id order. Where several
    annotators did one article, the first annotator's file (by id) is used."""
    ann_of = {}
    for path in git.ls(split_folder(split, 'attributions')):
        m = re.fullmatch(r'.*/(.+)_([0-9a-f]{4})\.ann', path)
        qg.require(m, TOOL, f'unexpected file {path}')
        ann_of.setdefault(m.group(1), path)
    for path in git.ls(split_folder(split, 'text')):
        doc_id = os.path.basename(path)[:-len('.txt')]
        qg.require(doc_id in ann_of, TOOL, f'{doc_id}: no attributions')
        xml = git.read(f'{split_folder(split, "corenlp")}/{doc_id}.txt.xml')
        if xml is None:
            stats['articles without CoreNLP in the mirror, left out'] += 1
            continue
        yield (doc_id, git.read(path).decode('utf-8'), git.read(ann_of[doc_id]).decode('utf-8'),
               xml.decode('utf-8'))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mirror', default=os.environ.get('QL_MIRROR', qg.DEFAULT_MIRROR),
                    help='folder of fetched repositories (default $QL_MIRROR or /work/.mirror)')
    ap.add_argument('--out', default=os.path.join(here, '..', 'data'), help='output folder (default eval/data)')
    a = ap.parse_args()
    git = qg.Git(qg.git_dir(a.mirror, SLUG, TOOL), COMMIT, TOOL)
    for split in ALLOWED_SPLITS:
        stats = collections.Counter()
        docs = [convert(*art, stats) for art in articles(git, split, stats)]
        qg.write_jsonl(os.path.join(a.out, f'polnear-{split}.jsonl'), docs)
        print(f'polnear-{split}: {qg.unit_counts(docs)}')
        for k, v in sorted(stats.items()):
            print(f'  {k}: {v}')
    git.close()


if __name__ == '__main__':
    sys.exit(main())
