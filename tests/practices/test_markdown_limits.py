"""Markdown cannot stall or crash a page: pathological texts are refused with a clear form
error or render with bounded work (markdown-it-py, linear in the text); a text saved before
the limits still shows, as typed."""

import contextlib
import io
import signal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from practices.markdown import MAX_DEPTH, MAX_LENGTH, render_markdown, validate_markdown
from practices.models import Practice

from .factories import org_of
from .test_forms import complete_post

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def guard(seconds=30):
    """Fail instead of hanging: a generous bound that catches a stall, not a speed test."""

    def stalled(signum, frame):
        raise AssertionError(f"still working after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def deep_list(levels):
    return "".join("  " * i + "- x\n" for i in range(levels))


def fill(unit, length=MAX_LENGTH):
    return (unit * (length // len(unit) + 1))[:length]


PATHOLOGICAL = {
    "8,000 nested brackets": "[" * 8000 + "a" + "]" * 8000,
    "50,000 nested brackets": "[" * 50_000 + "a" + "]" * 50_000,
    "nested brackets up to the limit": "[" * (MAX_LENGTH // 2) + "]" * (MAX_LENGTH // 2),
    "link openers": "[" * MAX_LENGTH,
    "brackets and emphasis": fill("[*"),
    "unclosed links": fill("[a](<b"),
    "deeply nested list": deep_list(200),
    "list of 400 levels": deep_list(400),
    "deeply nested quotes": ">" * 20_000 + " a",
    "long emphasis run": fill("*a "),
    "nested strong and emphasis": fill("*a **a "),
    "many backticks": "`" * 20_000 + " code " + "`" * 19_999,
    "backtick runs": "".join("`" * i + "a" for i in range(1, 320))[:MAX_LENGTH],
    "huge table": "a|b\n-|-\n" + fill("x|y\n", MAX_LENGTH - 8),
    "wide table": "|" + "a|" * 8000 + "\n|" + "-|" * 8000 + "\n|" + "x|" * 8000 + "\n",
    "table of many empty cells": "|"
    + "a|" * 500
    + "\n|"
    + "-|" * 500
    + "\n"
    + fill("x\n")[:48_000],
    "many references": "".join(f"[r{i}]: /u\n" for i in range(2500)) + fill("[r1] ", 20_000),
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=list(PATHOLOGICAL))
def test_pathological_markdown_is_refused_or_renders_bounded(text):
    with guard():
        try:
            validate_markdown(text)
        except ValidationError as refused:
            assert refused.code in ("markdown_too_long", "markdown_too_deep")
        # Refused or not, showing it never hangs nor fails (a text saved before the limits).
        html = render_markdown(text)
    assert len(html) < 50 * len(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("[" * 50_000 + "a" + "]" * 50_000, "markdown_too_long"),
        ("x" * (MAX_LENGTH + 1), "markdown_too_long"),
        (deep_list(MAX_DEPTH + 1), "markdown_too_deep"),
        ("> " * (MAX_DEPTH + 1) + "a", "markdown_too_deep"),
        ("- a\n" + "  > " * MAX_DEPTH + "b", "markdown_too_deep"),
    ],
)
def test_what_is_refused(text, code):
    with pytest.raises(ValidationError) as refused:
        validate_markdown(text)
    assert refused.value.code == code


def test_what_is_allowed_renders_whole():
    text = deep_list(MAX_DEPTH) + "\n" + "> " * MAX_DEPTH + "fin\n"
    validate_markdown(text)
    validate_markdown("x" * MAX_LENGTH)
    html = render_markdown(text)
    assert html.count("<ul>") == MAX_DEPTH
    assert html.count("<blockquote>") == MAX_DEPTH
    assert "fin" in html


def test_a_text_saved_before_the_limits_shows_as_typed(client, make_practice):
    practice = make_practice(Practice.Status.PUBLISHED)
    text = deep_list(400) + "\n<script>alert(1)</script> **fin**"
    Practice.objects.filter(pk=practice.pk).update(description_fr=text, description=text)

    with guard():
        # What the migration that stored the rendered descriptions did with such a text.
        call_command("rerender_markdown", stdout=io.StringIO())
        response = client.get(f"/fr{practice.get_absolute_url()[3:]}")

    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **fin**" in content
    assert "<script>alert" not in content


# ---------------------------------------------------------------- through the forms


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("[" * 50_000 + "a" + "]" * 50_000, "en", "This text is too long (100,001 characters)"),
        (
            "[" * 50_000 + "a" + "]" * 50_000,
            "fr",
            "Ce texte est trop long (100\u00a0001 caractères)",
        ),
        (deep_list(100), "en", "Lists or quotes are nested too deeply in this text"),
        (deep_list(100), "fr", "Les listes ou les citations sont trop imbriquées"),
    ],
    ids=["too long", "too long (fr)", "too deep", "too deep (fr)"],
)
def test_the_practice_form_refuses_them_with_a_clear_error(
    client, group, member, text, lang, message
):
    client.force_login(member)
    data = complete_post(group, org_of(member), description_fr=text)
    with guard():
        saved = client.post(f"/{lang}/practices/new/", data)
        previewed = client.post(f"/{lang}/practices/new/", {**data, "preview": "1"})

    assert saved.status_code == 400
    assert message in saved.content.decode()
    assert not Practice.objects.exists()
    assert previewed.status_code == 200
    assert message in previewed.content.decode()
    assert "preview-heading" not in previewed.content.decode()


def test_8000_nested_brackets_save_preview_and_show(client, group, member):
    client.force_login(member)
    text = "[" * 8000 + "a" + "]" * 8000
    data = complete_post(group, org_of(member), description_fr=text)
    with guard():
        previewed = client.post("/fr/practices/new/", {**data, "preview": "1"})
        saved = client.post("/fr/practices/new/", data)
        shown = client.get(saved["Location"])

    assert "preview-heading" in previewed.content.decode()
    assert saved.status_code == 302
    assert shown.status_code == 200
    assert "[" * 8000 + "a" + "]" * 8000 in shown.content.decode()
