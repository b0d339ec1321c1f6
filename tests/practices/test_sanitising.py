"""Member-written Markdown becomes HTML that is safe to show to anyone."""

import pytest

from practices.markdown import render_markdown, sanitise

from .factories import PracticeFactory, complete

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="alert(1)">lien</a>',
    '<p onmouseover="alert(1)">survol</p>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](javascript&#58;alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="data:text/html,<script>alert(1)</script>">lien</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "![image](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<!-- <script>alert(1)</script> -->",
    "<scr<script>ipt>alert(1)</script>",
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onclick",
    "onmouseover",
    "onload",
    "javascript:",
    "data:",
    "<iframe",
    "<object",
    "<embed",
    "<svg",
    "<style",
    "<form",
    "<input",
    "<meta",
    "<img",
    "style=",
    "<!--",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_is_removed(payload):
    html = render_markdown(f"Avant.\n\n{payload}\n\nAprès.").lower()

    for bad in FORBIDDEN:
        assert bad not in html, (payload, html)
    assert "avant." in html
    assert "après." in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_inside_a_paragraph_is_removed(payload):
    html = render_markdown(f"Un texte {payload} au milieu.").lower()

    for bad in FORBIDDEN:
        assert bad not in html, (payload, html)


def test_script_content_is_dropped_not_shown_as_text():
    html = render_markdown("Texte <script>alert('x')</script> suite")

    assert "alert" not in html


def test_ordinary_markdown_survives():
    html = render_markdown(
        "## Fonctionnement\n\n"
        "Une **audition** *filmée* et `code`.\n\n"
        "- police\n- justice\n\n"
        "1. un\n2. deux\n\n"
        "> une citation\n\n"
        '[Le site](https://example.org/page?a=1&b=2 "Titre")'
    )

    assert "<h2>Fonctionnement</h2>" in html
    assert "<strong>audition</strong>" in html
    assert "<em>filmée</em>" in html
    assert "<code>code</code>" in html
    assert "<ul>\n<li>police</li>\n<li>justice</li>\n</ul>" in html
    assert "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>" in html
    assert "<blockquote>" in html
    assert 'href="https://example.org/page?a=1&amp;b=2"' in html
    assert 'title="Titre"' in html


def test_links_get_rel_noopener():
    html = render_markdown("[Le site](https://example.org)")

    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">Le site</a>' in html


def test_mailto_links_are_kept():
    html = render_markdown("[Écrire](mailto:contact@example.org)")

    assert 'href="mailto:contact@example.org"' in html


def test_a_table_survives():
    html = render_markdown("| Secteur | Rôle |\n|---|---|\n| Police | Audition |")

    assert "<table>" in html
    assert "<td>Police</td>" in html


def test_text_that_looks_like_html_is_escaped_or_removed():
    html = render_markdown("5 < 6 & 7 > 3")

    assert "5 &lt; 6 &amp; 7 &gt; 3" in html


@pytest.mark.parametrize(
    "text",
    [
        *PAYLOADS,
        "## Titre\n\n**gras** et [lien](https://example.org)\n\n- a\n- b",
        "5 < 6 & 7 > 3 \"quoted\" 'single'",
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ],
)
def test_sanitising_twice_changes_nothing(text):
    once = render_markdown(text)

    assert sanitise(once) == once
    assert sanitise(sanitise(once)) == once


def test_empty_text_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_practice_page_shows_sanitised_descriptions(client, db):
    practice = complete(
        PracticeFactory(
            description_fr="**Bien**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))",
        )
    )

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "<strong>Bien</strong>" in page
    assert "alert(1)" not in page
    assert "javascript:alert(2)" not in page
