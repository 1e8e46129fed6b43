"""Page or text bytes -> ExtractedArticle.

trafilatura (with htmldate for the date) does the extraction; this module decides what counts as
an article, decodes gzip, resolves relative image links and turns every failure into an
`ExtractError` that says why, so the caller can report it and move on.
"""

from __future__ import annotations

import re
import zlib
from datetime import date
from urllib.parse import urljoin

import trafilatura

from praynews.core.errors import ExtractError
from praynews.core.text import normalise, split_sentences, word_count
from praynews.core.types import ExtractedArticle

# Pages larger than this are refused before parsing. The largest of the 89 real pages in
# shared/data is 1.1 MB; extraction time grows faster than size (a hostile page of links takes
# 4 s at 1 MB, 11 s at 2 MB, over two minutes at 8 MB), so 4 MB leaves real pages room.
MAX_PAGE_BYTES = 4 * 1024 * 1024
# What a page is judged text by: the start of it, where a binary file shows itself.
TEXT_SAMPLE_BYTES = 64 * 1024
# Control bytes (other than tab, newlines, form feed) allowed in that sample. None of the 89 real
# pages, 16 real feeds or 1,113 BBC articles in shared/data has a single one; executables, images
# and archives run far above this, and any NUL byte refuses the file outright.
MAX_CONTROL_BYTE_RATIO = 0.001
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
BINARY_SIGNATURES = {
    b"\x7fELF": "an executable (ELF)",
    b"MZ\x90\x00": "a Windows executable",
    b"\xcf\xfa\xed\xfe": "an executable (Mach-O)",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"RIFF": "a media file (RIFF)",
    b"\x00asm": "a WebAssembly module",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
}
# A first line longer than this is the story's opening paragraph, not its title: the 1,113 BBC
# titles in shared/data run to 9 words at most.
MAX_TITLE_LINE_WORDS = 20
# Fewer words than this is a teaser, a paywall or a index page, not an article we can write from.
MIN_ARTICLE_WORDS = 60


def decompress(data: bytes, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Undo gzip if present, refusing anything that inflates past `limit` (a gzip bomb)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ExtractError(f"the gzip data is corrupt ({exc})") from exc
    if len(out) > limit:
        raise ExtractError(f"the page is larger than {limit // (1024 * 1024)} MB once unzipped")
    return out


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<meta")) or (
        b"<p" in head or b"<div" in head
    )


def extract_article(data: bytes, url: str | None = None) -> ExtractedArticle:
    """Extract one article from HTML or plain text bytes (gzip accepted)."""
    data = decompress(data)
    if len(data) > MAX_PAGE_BYTES:
        raise ExtractError(f"the page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise ExtractError("the page is empty")
    _refuse_binary(data)
    if looks_like_html(data):
        article = _from_html(data, url)
    else:
        article = from_plain_text(data.decode("utf-8", errors="replace"), url)
    if article.word_count < MIN_ARTICLE_WORDS:
        raise ExtractError(
            f"only {article.word_count} words of article text were found "
            f"(at least {MIN_ARTICLE_WORDS} are needed)"
        )
    return article


def _refuse_binary(data: bytes) -> None:
    """Raise `ExtractError` unless the bytes are text: a file named `.html` may be anything."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ExtractError(f"this is {kind}, not a page or text")
    sample = data[:TEXT_SAMPLE_BYTES]
    if b"\x00" in sample:
        raise ExtractError("this is binary data (it holds NUL bytes), not a page or text")
    controls = len(CONTROL_BYTES.findall(sample))
    if controls > MAX_CONTROL_BYTE_RATIO * len(sample):
        raise ExtractError(
            f"this is binary data ({controls} control bytes in its first {len(sample)}), "
            "not a page or text"
        )


def from_plain_text(text: str, url: str | None = None) -> ExtractedArticle:
    """Plain text: the first non-empty line is the title unless it reads as a paragraph (then
    the article has no title and the writer composes the headline); blank lines separate
    paragraphs."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ExtractError("the text is empty")
    title = normalise(lines[0])
    if reads_as_paragraph(title):
        title = ""
    else:
        lines = lines[1:]
    paragraphs = [normalise(" ".join(block.split())) for block in "\n".join(lines).split("\n\n")]
    return ExtractedArticle(title=title, text="\n".join(p for p in paragraphs if p), url=url)


# A feed entry's own content stands in for its page only when it is an article, not a teaser:
# real feeds' summaries run 20-60 words, and the bundled samples' shortest report is over 100.
MIN_ENTRY_ARTICLE_WORDS = 80
_BLOCKS = ("p", "li", "blockquote", "h2", "h3", "h4", "pre")


def from_feed_entry(
    title: str, content_html: str, url: str | None = None, published: date | None = None
) -> ExtractedArticle:
    """The article a feed entry carries in its own content (HTML or text), marked as such;
    raises `ExtractError` when that is a teaser rather than an article."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(content_html or "<p></p>", create_parent="div")
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ExtractError(f"the feed entry's content could not be read ({exc})") from exc
    blocks = [normalise(b.text_content()) for b in root.iter(*_BLOCKS)]
    paragraphs = [b for b in blocks if b] or [normalise(root.text_content())]
    text = "\n".join(p for p in paragraphs if p)
    if word_count(text) < MIN_ENTRY_ARTICLE_WORDS:
        raise ExtractError(f"the feed entry carries only {word_count(text)} words, not the article")
    return ExtractedArticle(
        title=normalise(title), text=text, url=url, published=published, from_feed_entry=True
    )


def reads_as_paragraph(line: str) -> bool:
    """A line is body text, not a title, when it is long or holds more than one sentence."""
    return word_count(line) > MAX_TITLE_LINE_WORDS or len(split_sentences(line)) > 1


def _from_html(data: bytes, url: str | None) -> ExtractedArticle:
    """trafilatura's `fast` mode skips its second opinion (readability and jusText run on every
    page, their text compared with its own): that was a fifth of a draft's time, and not one of
    the 89 real pages or 15 samples came out different without it."""
    try:
        document = trafilatura.bare_extraction(
            data,
            url=url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception as exc:  # trafilatura surfaces lxml and encoding errors of many kinds
        raise ExtractError(f"the page could not be parsed ({type(exc).__name__}: {exc})") from exc
    if document is None or not getattr(document, "text", None):
        raise ExtractError("no article text was found on the page")
    page_url = document.url or url
    image = document.image
    return ExtractedArticle(
        title=normalise(document.title or ""),
        text="\n".join(normalise(p) for p in document.text.split("\n") if p.strip()),
        url=page_url,
        author=normalise(document.author) if document.author else None,
        published=_parse_date(document.date),
        image_url=_resolve(image, url or page_url) if image else None,
        site_name=normalise(document.sitename) if document.sitename else None,
        description=normalise(document.description) if document.description else None,
    )


def _resolve(link: str, base: str | None) -> str | None:
    try:
        return urljoin(base, link.strip()) if base else link
    except ValueError:  # a link too broken to join is no image
        return None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
