"""What the quote-gold converters (polnear.py, ggt.py) share: reading a fetched repository, the project's
speech lexicons, paragraph normalisation with exact offset maps, quote-mark regions, turning an
annotated content span into units of OUR kinds (direct / partial / indirect), name helpers and the
deterministic JSONL writer.

Conventions are those of ../shared/docs/design.md (Contract 1) and of the gold in
../shared/eval/dev/news-dev.jsonl:
- one unit per contiguous piece within one paragraph; a direct or partial unit's span is the content
  inside the quote marks; an indirect unit's span is the reported clause without its complementiser
  ("said that X" -> X), and a quoted fragment inside it is its own partial unit as well;
- direct = the quote stands as a sentence of its own (it opens the paragraph or a sentence, or follows
  the cue or a comma, colon or dash); partial = a quoted fragment inside running text.
"""
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICONS = os.path.join(HERE, '..', '..', 'data', 'lexicons')
DEFAULT_MIRROR = '/work/.mirror'


def fail(tool, msg):
    raise SystemExit(f'{tool}: {msg}')


def require(ok, tool, msg):
    """A check of the source data that must hold even under python -O."""
    if not ok:
        fail(tool, msg)


# ---------- the fetched repository ----------

def git_dir(mirror, slug, tool):
    """The git directory of github:<slug> under the mirror folder (fetch leaves <owner>+<name>/repo)."""
    base = os.path.join(mirror, slug.replace('/', '+'))
    for sub in ('repo/.git', 'repo', ''):
        path = os.path.join(base, sub)
        if os.path.isfile(os.path.join(path, 'HEAD')):
            return path
    fail(tool, f'{base} is missing: fetch github:{slug} with the search tool (or point --mirror / $QL_MIRROR '
               f'at the folder holding {slug.replace("/", "+")}/)')


class Git:
    """Reads blobs of one commit of a bare repository through one `git cat-file --batch` process."""

    def __init__(self, gdir, commit, tool):
        self.gdir, self.commit = gdir, commit
        have = subprocess.run(['git', '--git-dir', gdir, 'cat-file', '-e', commit + '^{commit}'])
        require(have.returncode == 0, tool, f'commit {commit} is not in {gdir}: fetch the repository again')
        self.proc = subprocess.Popen(['git', '--git-dir', gdir, 'cat-file', '--batch'],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def ls(self, folder):
        """Paths of the files under folder at the commit, sorted."""
        out = subprocess.run(['git', '--git-dir', self.gdir, 'ls-tree', '-r', '--name-only', self.commit,
                              '--', folder + '/'], capture_output=True, check=True)
        return sorted(out.stdout.decode('utf-8').splitlines())

    def read(self, path):
        """The file's bytes, or None when the mirror lacks the blob (fetch may leave the largest out)."""
        self.proc.stdin.write(f'{self.commit}:{path}\n'.encode('utf-8'))
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode('utf-8').split()
        if len(header) < 3:  # "<name> missing"
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)  # the newline after each blob
        return data

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


# ---------- lexicons ----------

def entries(name):
    """The entries of data/lexicons/<name>: the words of each line, comments dropped."""
    with open(os.path.join(LEXICONS, name), encoding='utf-8') as f:
        return [line.split('#', 1)[0].split() for line in f if line.split('#', 1)[0].strip()]


def lexicon(name):
    """The first word of each entry of data/lexicons/<name> (the lexicons are lower case)."""
    return {e[0] for e in entries(name)}


COGNITION = lexicon('speech-verbs-cognition.txt')
WEAK = lexicon('speech-verbs-weak.txt') - COGNITION
SPEECH = set().union(*(lexicon(n) for n in (
    'quote-verbs-en.ggt.txt', 'speech-verbs-extra.txt', 'speech-verbs-tell.txt', 'speech-verbs-infinitive.txt',
    'speech-verbs-question.txt', 'speech-verbs-need-that.txt', 'speech-nouns.txt'))) - COGNITION - WEAK
TITLES = lexicon('titles.txt') | lexicon('role-modifiers.txt')
GROUPS = lexicon('groups.txt')
FUNCTION_WORDS = lexicon('function-words.txt') | lexicon('pronouns.txt')
NOT_NAMES = TITLES | GROUPS | FUNCTION_WORDS | lexicon('non-names.txt')
PRONOUN_GENDER = {e[0]: e[1] for e in entries('pronouns.txt') if len(e) > 1}  # he m, she f, it n, they p
FIRST_NAME_GENDER = {e[0]: e[1] for e in entries('first-names.txt') if len(e) > 1}
MEDIA = {' '.join(e) for e in entries('media-outlets.txt')}
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def cue_class(cue):
    """What a cue says about its attribution, by the project's lexicons, strongest word first:
    'according' (according to), 'speech' (a speech verb or noun), 'cognition' (think, believe, feel:
    never speech), 'weak' (a verb that names speech only beside a quote: called, continued), or None."""
    words = [w.lower() for w in WORD.findall(cue)]
    if 'according' in words:
        return 'according'
    if any(w in COGNITION for w in words):
        return 'cognition'
    if any(w in SPEECH for w in words):
        return 'speech'
    if any(w in WEAK for w in words):
        return 'weak'
    return None


# ---------- text ----------

def normalise_paragraphs(text):
    """Paragraphs separated by blank lines, as the engine reads plain text: every lone "\\n" becomes "\\n\\n".
    Returns the new text and the map of each old offset (0..len) to its new offset."""
    out, where = [], []
    for i, c in enumerate(text):
        where.append(len(out))
        out.append(c)
        if c == '\n' and (i == 0 or text[i - 1] != '\n') and (i + 1 == len(text) or text[i + 1] != '\n'):
            out.append('\n')
    where.append(len(out))
    return ''.join(out), where


def paragraph_pieces(text, start, end):
    """[start, end) cut at line breaks, each piece trimmed of white space; empty pieces dropped."""
    out, s = [], start
    for i in range(start, end + 1):
        if i == end or text[i] == '\n':
            a, b = s, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            s = i + 1
    return out


DOUBLE_OPEN, DOUBLE_CLOSE, DOUBLE_BOTH = '“„«', '”»', '"'
TWO_MARKS = {"''": 'both', '‘‘': 'open', '’’': 'close'}  # double quotes typed as two single ones
SINGLE_OPEN, SINGLE_CLOSE, SINGLE_BOTH = '‘', '’', "'"
SENTENCE_END = '.!?'
INTRODUCERS = ',:;—–-('


def quote_regions(text):
    """Quoted stretches as (open, start, end, close): the opening mark at [open, start), the content
    [start, end), the closing mark at [end, close). Double marks pair up within a paragraph (“…”, "…", and
    ones typed as two single marks: NYT-style ''…'', ‘‘…’’); an opening mark left unclosed at the end of a paragraph runs to it (a quote going on
    in the next paragraph). Single marks (‘…’, '…') count only outside double ones and at word edges, so
    apostrophes (don't, players') are not quote marks."""
    regions = []
    for a, b in ((m.start(), m.end()) for m in re.finditer(r'[^\n]+', text)):
        opened = None  # (open, start)
        i = a
        while i < b:
            mark = text[i:i + 2] if text[i:i + 2] in TWO_MARKS else text[i]
            if mark in DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_BOTH or mark in TWO_MARKS:
                kind = TWO_MARKS.get(mark) or ('open' if mark in DOUBLE_OPEN else 'close' if mark in DOUBLE_CLOSE else 'both')
                if opened and kind != 'open':
                    regions.append((opened[0], opened[1], i, i + len(mark)))
                    opened = None
                elif kind != 'close':
                    opened = (i, i + len(mark))
            i += len(mark)
        if opened:
            regions.append((opened[0], opened[1], b, b))
        regions.extend(single_regions(text, a, b, regions))
    return sorted(regions)


def single_regions(text, a, b, double):
    """Single-mark quotes in [a, b) outside the double regions: an opening mark after a space, bracket or
    line start and before a letter; a closing one after a letter or punctuation and before a space,
    punctuation or the line end."""
    inside = [(o, c) for o, _, _, c in double if a <= o < b]
    out, opened = [], None
    for i in range(a, b):
        c = text[i]
        if c not in SINGLE_OPEN + SINGLE_CLOSE + SINGLE_BOTH or any(o <= i < e for o, e in inside):
            continue
        before = text[i - 1] if i > a else ' '
        after = text[i + 1] if i + 1 < b else ' '
        if opened is None and c != SINGLE_CLOSE and (before.isspace() or before in '(['):
            if after.isalpha():
                opened = i
        elif opened is not None and c != SINGLE_OPEN and not before.isspace() and \
                (after.isspace() or after in '.,;:!?)]'):
            out.append((opened, opened + 1, i, i + 1))
            opened = None
    return out


def text_before(text, open_at):
    """The paragraph's text before a quote opening at open_at, without trailing spaces and closing marks."""
    before = text[text.rfind('\n', 0, open_at) + 1:open_at].rstrip()
    while before and before[-1] in DOUBLE_CLOSE + DOUBLE_BOTH + SINGLE_CLOSE + SINGLE_BOTH:
        before = before[:-1].rstrip()
    return before


def opens_sentence(text, open_at):
    """Whether a quote opening at open_at starts the paragraph or a sentence."""
    before = text_before(text, open_at)
    return not before or before[-1] in SENTENCE_END


def stands_alone(text, open_at):
    """Whether a quote opening at open_at is a sentence of its own (direct) rather than a fragment inside
    running text (partial): it opens the paragraph or a sentence, or follows a comma, colon, dash or a
    speech verb ("he said “every president …”")."""
    before = text_before(text, open_at)
    if not before or before[-1] in SENTENCE_END + INTRODUCERS:
        return True
    last = WORD.findall(before[-30:])
    return bool(last) and before.endswith(last[-1]) and last[-1].lower() in SPEECH | WEAK


COMPLEMENTISERS = ('that', 'if', 'whether')


def strip_complementiser(text, a, b):
    """[a, b) without a leading "that"/"if"/"whether" and the spaces after it."""
    m = re.match(r'(%s)\s+' % '|'.join(COMPLEMENTISERS), text[a:b], re.I)
    return (a + m.end(), b) if m else (a, b)


def words_outside_quotes(text, a, b, regions):
    """The words of [a, b) that lie outside every quoted region (marks included)."""
    outside = list(text[a:b])
    for o, _, _, c in regions:
        for i in range(max(o, a), min(c, b)):
            outside[i - a] = ' '
    return WORD.findall(''.join(outside))


def sentence_quote_cuts(text, a, b, regions):
    """[a, b) cut before and after each quote inside it that opens a sentence, so that reported speech
    followed by a quoted sentence ("She says people should vote. “It is their life,” …") gives an
    indirect unit and a direct one, not one indirect unit over both."""
    cuts = [a]
    for o, s, e, c in regions:
        if a < o < b and opens_sentence(text, o):
            cuts += [o, min(c, b)]
    cuts.append(b)
    out = []
    for x, y in zip(cuts, cuts[1:]):
        out.extend(paragraph_pieces(text, x, y))
    return out


def content_units(text, pieces, regions, reported):
    """Units of our kinds for one attribution's content, given as pieces [a, b) within paragraphs.
    A piece whose words all lie inside quote marks gives a direct/partial unit per quoted stretch;
    otherwise, when `reported` (the content is a reported clause), an indirect unit for the piece (cut
    around quoted sentences, see sentence_quote_cuts) plus a partial unit for each quoted fragment in it,
    and when not, only the quoted fragments. Units never reach outside their piece: (start, end, kind)."""
    units = []
    for a, b in (p for piece in pieces for p in sentence_quote_cuts(text, *piece, regions)):
        quoted = [(max(s, a), min(e, b), o) for o, s, e, c in regions if min(e, b) > max(s, a)]
        if not words_outside_quotes(text, a, b, regions):
            units.extend((s, e, 'direct' if stands_alone(text, o) else 'partial') for s, e, o in quoted)
            continue
        if reported:
            s, e = strip_complementiser(text, a, b)
            while e > s and text[e - 1] in ',;:':
                e -= 1
            if any(w.lower() not in FUNCTION_WORDS for w in WORD.findall(text[s:e])):  # not a bare "that"
                units.append((s, e, 'indirect'))
        units.extend((s, e, 'partial') for s, e, o in quoted)
    return [trim(text, *u) for u in units if WORD.search(text[u[0]:u[1]])]


def trim(text, a, b, kind):
    """A unit without white space at its edges ("… too!’ ”" ends with a space before its closing mark)."""
    while text[a].isspace():
        a += 1
    while text[b - 1].isspace():
        b -= 1
    return a, b, kind


def not_quotes(text, regions, covered, max_words):
    """Quote-mark stretches that no annotated content touches and that are short (at most max_words
    words, no sentence inside): titles, scare quotes, words mentioned as words. The annotations are
    nearly exhaustive, so an unannotated long quote is more likely a miss than a non-quote and is left out."""
    out = []
    for o, s, e, c in regions:
        if any(x < c and y > o for x, y in covered):
            continue
        inner = text[s:e]
        if 0 < len(WORD.findall(inner)) <= max_words and not re.search(r'[.!?]\s+\S', inner):
            out.append(trim(text, s, e, None)[:2])
    return out


# ---------- names ----------

def plausible_name(tokens):
    """Whether capitalised words can be a name: not only words of the title, group, function-word and
    non-name lexicons ("Judge", "Officials", "Some", "HOW")."""
    return any(t.lower().rstrip('.') not in NOT_NAMES and t.lower() not in NOT_NAMES for t in tokens)


def is_media(name):
    """Whether a name is a news outlet of the media-outlets lexicon ("The Washington Post")."""
    words = name.lower().split()
    return ' '.join(words[1:] if words[:1] == ['the'] else words) in MEDIA


def strip_titles(tokens):
    """A person's name tokens without leading titles and roles ("Former Sen. Ted Cruz" -> "Ted Cruz")."""
    tokens = list(tokens)
    while len(tokens) > 1 and (tokens[0].lower() in TITLES or tokens[0].lower().rstrip('.') in TITLES):
        tokens.pop(0)
    return tuple(tokens)


def compatible(name, fuller):
    """Whether two name forms may be one entity: every word of the shorter is in the longer
    ("Trump" ~ "Donald J. Trump"; "Bill Clinton" !~ "Hillary Clinton")."""
    a = {w.lower() for w in name}
    b = {w.lower() for w in fuller}
    return a <= b or b <= a


def fullest(names):
    """The fullest of several forms of one name, or None when they are not all compatible."""
    if not names:
        return None
    best = max(names, key=len)  # max keeps the first of equal length
    return best if all(compatible(n, best) for n in names) else None


def extend_name(name, article_names):
    """The fullest form of `name` among the article's names: the longer names ending with it (a surname,
    "Clinton" -> "Hillary Clinton"), or, when there are none and it is one word, those starting with it (a
    first name). Left as it is when there is none or when they disagree ("Bill Clinton", "Hillary Clinton")."""
    low = tuple(w.lower() for w in name)
    k = len(low)
    longer = [n for n in article_names if len(n) > k and tuple(w.lower() for w in n[-k:]) == low] or \
        [n for n in article_names if len(n) > k and k == 1 and n[0].lower() == low[0]]
    return fullest(longer) or name


# ---------- output ----------

def sha1_halves(ids):
    """The fixed split of a small set into two exact halves: ids ordered by sha1(id), the first half dev."""
    ranked = sorted(ids, key=lambda i: hashlib.sha1(i.encode('utf-8')).hexdigest())
    dev = set(ranked[:len(ranked) // 2])
    return {i: 'dev' if i in dev else 'train' for i in ids}


def write_jsonl(path, docs):
    """One JSON document a line, in the given order, UTF-8 unescaped: the same input gives the same bytes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.writelines(json.dumps(d, ensure_ascii=False) + '\n' for d in docs)
    print(f'wrote {os.path.relpath(path)}: {len(docs)} documents', file=sys.stderr)


def unit_counts(docs):
    """Documents, units by kind and units with a named speaker, for the README's table."""
    c = dict(documents=len(docs), direct=0, partial=0, indirect=0, named=0, not_quotes=0)
    for d in docs:
        for q in d['quotes']:
            c[q['kind']] += 1
            c['named'] += q['speaker'] is not None
        c['not_quotes'] += len(d.get('not_quotes', []))
    return c
