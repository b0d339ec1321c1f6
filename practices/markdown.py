"""Markdown to safe HTML, with bounded work: markdown-it-py renders (CommonMark and tables,
in time linear in the text, nesting bounded), then nh3 (ammonia) keeps only harmless HTML.

A text is at most MAX_LENGTH characters and its lists and quotes at most MAX_DEPTH levels
deep: ``validate_markdown`` refuses more when a text is saved, and ``render_markdown`` shows
an older text beyond the limits as plain paragraphs rather than parse it.
"""

import html
import re
from functools import lru_cache

import nh3
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

MAX_LENGTH = 30_000  # characters: about 5,000 words, a dozen pages
MAX_DEPTH = 10  # lists within lists, quotes within quotes

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# A list is two levels of markdown-it's nesting (the list and its item), a quote one; beyond
# maxNesting the parser drops the rest of a block, so it is set above what MAX_DEPTH allows:
# anything it would cut is refused by validate_markdown first.
_parser = MarkdownIt("commonmark", {"maxNesting": 2 * MAX_DEPTH + 4, "html": True}).enable("table")
# Nesting is a matter of blocks: validate_markdown parses only them, which is cheap.
_blocks = MarkdownIt("commonmark", _parser.options).enable("table").disable("inline")
# Every link becomes a link, whose address nh3 keeps only for ALLOWED_SCHEMES (a refused
# javascript: link keeps its text, not its address), as the first renderer did.
_parser.validateLink = lambda url: True
_CONTAINERS = {"bullet_list", "ordered_list", "blockquote"}


def sanitise(html_text: str) -> str:
    """Keep only the tags, attributes and URL schemes above; links get rel=noopener."""
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _depth(tokens) -> int:
    """How deep lists and quotes are nested in the parsed text."""
    depth = deepest = 0
    for token in tokens:
        kind = token.type.rsplit("_", 1)[0]
        if kind in _CONTAINERS:
            depth += token.nesting
            deepest = max(deepest, depth)
    return deepest


def validate_markdown(text: str) -> None:
    """Refuse a Markdown text longer or more deeply nested than the portal renders."""
    if not text:
        return
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _(
                "This text is too long (%(length)s characters); the limit is %(limit)s. "
                "Shorten it, or attach the full text as a document."
            ),
            code="markdown_too_long",
            params={
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(MAX_LENGTH, force_grouping=True),
            },
        )
    if _depth(_blocks.parse(text)) > MAX_DEPTH:
        raise ValidationError(
            _(
                "Lists or quotes are nested too deeply in this text (more than %(limit)s "
                "levels). Use fewer levels of indentation or of “>”."
            ),
            code="markdown_too_deep",
            params={"limit": MAX_DEPTH},
        )


def _plain(text: str) -> str:
    """The text as typed, in paragraphs: for a text beyond the limits (saved before them)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>\n") + "</p>" for paragraph in paragraphs
    )


@lru_cache(maxsize=64)
def _render(text: str) -> str:
    # Cached per process: a page shown again renders again for nothing (at most 64 texts
    # of at most MAX_LENGTH characters are kept).
    if len(text) > MAX_LENGTH:
        return _plain(text)
    env = {}
    tokens = _parser.parse(text, env)
    if _depth(tokens) > MAX_DEPTH:
        return _plain(text)
    return sanitise(_parser.renderer.render(tokens, _parser.options, env))


def literal(text: str) -> str:
    """``text`` as Markdown that shows it as typed, with no link, image or HTML in it
    (backslashes before ``[ ] < \\``): for text from outside the network, which nobody has
    reviewed yet (proposals)."""
    return re.sub(r"([\[\]<\\])", r"\\\1", text)


def render_markdown(text: str) -> SafeString:
    """Render member-written Markdown to HTML that is safe to show to anyone."""
    if not text:
        return mark_safe("")
    return mark_safe(_render(text))  # noqa: S308 - sanitised (or escaped) in _render


def stored(rendered: str) -> SafeString:
    """HTML that ``render_markdown`` wrote when its text was saved (``Practice.
    description_html_*``, ``Meeting.minutes_html``), to show as it is."""
    return mark_safe(rendered or "")  # noqa: S308 - render_markdown's output, sanitised


def rendered_fields(instance, sources: dict[str, str], update_fields=None):
    """Before a save: render each Markdown source field of ``instance`` that the save writes
    into its HTML field (``sources``: source name → HTML name). Returns ``update_fields``
    with the HTML fields of the sources it names added."""
    names = None if update_fields is None else set(update_fields)
    deferred = instance.get_deferred_fields()
    written = {
        source: target
        for source, target in sources.items()
        if source not in deferred and (names is None or source in names)
    }
    for source, target in written.items():
        setattr(instance, target, str(render_markdown(getattr(instance, source) or "")))
    return None if names is None else names | set(written.values())


def rerender(queryset, sources: dict[str, str], *, batch: int = 500) -> int:
    """Render the Markdown of every row of ``queryset`` again into its stored HTML
    (``sources``: source name → HTML name), in batches; returns how many rows changed.
    Used by ``manage.py rerender_markdown`` and the migrations that added the HTML."""
    targets = list(sources.values())
    changed, pending = 0, []
    rows = queryset.only("pk", *sources, *targets).order_by("pk").iterator(chunk_size=batch)
    for row in rows:
        html_by_target = {
            target: str(render_markdown(getattr(row, source) or ""))
            for source, target in sources.items()
        }
        if all(getattr(row, target) == text for target, text in html_by_target.items()):
            continue
        for target, text in html_by_target.items():
            setattr(row, target, text)
        pending.append(row)
        if len(pending) >= batch:
            changed += queryset.bulk_update(pending, targets)
            pending = []
    if pending:
        changed += queryset.bulk_update(pending, targets)
    return changed
