#!/usr/bin/env python3
"""The document text and publication date of corpus pages, as the hand-made gold uses them.

    python3 eval/gold/make_text.py NAME ...      # one {"id", "text", "published"} JSON line per page

The text is ../shared/corpus/articles/NAME.txt verbatim where it exists. Otherwise it is built from
Readability's extraction (readability/NAME/expected.html) the way design.md defines the document text:
block elements become paragraphs joined by "\\n\\n", white space collapses as CSS `white-space: normal`
renders it (no-break spaces included and soft hyphens dropped, as in articles/), <br> is "\\n", blocks
without text (images) are dropped, and the headline (expected-metadata.json "title") is the first
paragraph unless the page is not an article (og:type "website": its title is the site's, not a
headline) or already starts with it.

`published` is expected-metadata.json publishedTime, else the page's own metadata in source.html
(publication-date meta tags and microdata, JSON-LD datePublished, then the first <time datetime>), else
null; the date is taken as written, in the timestamp's own offset.
"""
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'corpus'))

BLOCKS = set('address article aside blockquote body caption dd details div dl dt fieldset figcaption figure '
             'footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody '
             'td tfoot th thead tr ul'.split())
SKIPPED = {'script', 'style', 'noscript', 'template', 'head', 'title'}
# White space CSS collapses, plus the no-break space, which articles/ texts also turn into a plain space.
COLLAPSIBLE = re.compile(r'[ \t\n\r\f\u00a0]+')
# Meta names/properties/itemprops that carry a publication date, in order of trust.
DATE_META = ['article:published_time', 'article:published', 'datepublished', 'og:published_time',
             'published_at', 'publishdate', 'pubdate', 'pdate', 'date', 'dc.date', 'dcterms.created']
# schema.org item types whose datePublished is the page's own
ARTICLE_ITEM = re.compile(r'(Article|BlogPosting)$')


class BlockText(HTMLParser):
    """Collects the paragraphs of an HTML fragment: one per run of inline content between block edges."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.line, self.skip, self.pre = [], [], 0, 0

    def flush(self):
        text = ''.join(self.line)
        self.line = []
        if not self.pre:
            # a line break swallows the spaces around it, as does the edge of the block
            text = '\n'.join(part.strip(' ') for part in text.split('\n'))
        text = text.strip(' \n') if not self.pre else text.strip('\n')
        if text.strip():
            self.paragraphs.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skip += 1
        elif tag == 'br':
            self.line.append('\n')
        elif tag in BLOCKS:
            self.flush()
            self.pre += tag == 'pre'

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.flush()
            self.pre -= tag == 'pre' and self.pre > 0

    def handle_data(self, data):
        if self.skip:
            return
        if self.pre:
            self.line.append(data)
            return
        data = COLLAPSIBLE.sub(' ', data.replace('\u00ad', ''))
        if data.startswith(' ') and (not self.line or self.line[-1].endswith((' ', '\n'))):
            data = data[1:]
        if data:
            self.line.append(data)


class PageMeta(HTMLParser):
    """Reads what a page says about itself: og:type, publication-date metas, JSON-LD, <time datetime>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.ld, self.times, self.in_ld = {}, [], [], False
        self.itemtype, self.article_dated = '', False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'meta' and a.get('content'):
            for key in ('property', 'name', 'itemprop'):
                if a.get(key):
                    self.meta.setdefault(a[key].lower(), a['content'])
        elif tag == 'script' and (a.get('type') or '').lower() == 'application/ld+json':
            self.in_ld = True
            self.ld.append('')
        elif tag == 'time' and a.get('datetime'):
            self.times.append(a['datetime'])
        self.itemtype = a.get('itemtype') or self.itemtype
        # microdata on any element: <time itemprop="datePublished" content="...">; the date of the
        # Article item wins over those of items embedded before it (a video's, an image's)
        if (a.get('itemprop') or '').lower() == 'datepublished':
            value = a.get('content') or a.get('datetime') or ''
            if ARTICLE_ITEM.search(self.itemtype) and not self.article_dated:
                self.meta['datepublished'], self.article_dated = value, True
            else:
                self.meta.setdefault('datepublished', value)

    def handle_endtag(self, tag):
        if tag == 'script':
            self.in_ld = False

    def handle_data(self, data):
        if self.in_ld:
            self.ld[-1] += data


def date_part(value):
    """"2017-01-13T00:00:04-05:00" -> "2017-01-13" (its own offset); "20170113" -> "2017-01-13"."""
    m = re.match(r'\s*(\d{4})-?(\d{2})-?(\d{2})(?!\d)', value or '')
    return f'{m[1]}-{m[2]}-{m[3]}' if m else None


def ld_published(blocks):
    for raw in blocks:
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', raw)
        if m and date_part(m[1]):
            return date_part(m[1])
    return None


def page(name):
    base = os.path.join(CORPUS, 'readability', name)
    with open(os.path.join(base, 'expected-metadata.json'), encoding='utf-8') as f:
        info = json.load(f)
    meta = PageMeta()
    with open(os.path.join(base, 'source.html'), encoding='utf-8', errors='replace') as f:
        meta.feed(f.read())
    published = (date_part(info.get('publishedTime'))
                 or next((date_part(meta.meta[k]) for k in DATE_META if date_part(meta.meta.get(k))), None)
                 or ld_published(meta.ld)
                 or next((date_part(t) for t in meta.times if date_part(t)), None))
    article = os.path.join(CORPUS, 'articles', name + '.txt')
    if os.path.exists(article):
        with open(article, encoding='utf-8') as f:
            return {'id': name, 'text': f.read(), 'published': published}
    blocks = BlockText()
    with open(os.path.join(base, 'expected.html'), encoding='utf-8') as f:
        blocks.feed(f.read())
    blocks.flush()
    paragraphs = blocks.paragraphs
    title = COLLAPSIBLE.sub(' ', info.get('title') or '').strip()
    if title and meta.meta.get('og:type', 'article').lower() != 'website' and paragraphs[:1] != [title]:
        paragraphs = [title] + paragraphs
    return {'id': name, 'text': '\n\n'.join(paragraphs), 'published': published}


if __name__ == '__main__':
    if not sys.argv[1:]:
        sys.exit(__doc__)
    for name in sys.argv[1:]:
        print(json.dumps(page(name), ensure_ascii=False))
