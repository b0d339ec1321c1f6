"""What a browser would send: a practice form's POST data, built by hand or read back from
the HTML the portal rendered."""

import datetime
from html.parser import HTMLParser

from django.utils import timezone

from practices.models import Practice
from stakeholders.models import Sector

from .factories import PracticeFactory, complete


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def practice_post_data(
    *,
    territory,
    group,
    sectors=(),
    partners=(),
    links=(),
    attachments=(),
    references=(),
    **fields,
):
    """POST data of the "add a practice" form.

    ``partners`` are (organisation, role) pairs, ``links`` (title, url) pairs,
    ``attachments`` (title, uploaded file) pairs, ``references`` dicts of a reference's
    fields; ``fields`` override the practice's fields.
    """
    data = {
        "title_fr": "Une pratique",
        "title_en": "",
        "summary_fr": "",
        "summary_en": "",
        "description_fr": "",
        "description_en": "",
        "child_participation_fr": "",
        "child_participation_en": "",
        "territory": str(territory.pk),
        "group": str(group.pk),
        "sectors": [str(s.pk) for s in Sector.objects.filter(code__in=sectors)],
        "evidence": "emerging",
        "year_started": "",
        "year_ended": "",
        "version": "",
        **management("partners", len(partners)),
        **management("links", len(links)),
        **management("attachments", len(attachments)),
        **management("references", len(references)),
    }
    for i, (organisation, role) in enumerate(partners):
        data[f"partners-{i}-organisation"] = str(organisation.pk)
        data[f"partners-{i}-role"] = role
    for i, (title, url) in enumerate(links):
        data[f"links-{i}-title"] = title
        data[f"links-{i}-url"] = url
    for i, (title, upload) in enumerate(attachments):
        data[f"attachments-{i}-title"] = title
        data[f"attachments-{i}-file"] = upload
    for i, reference in enumerate(references):
        row = {"kind": "report", "authors": "", "year": "", "publisher": "", "doi": "", "url": ""}
        for name, value in {**row, **reference}.items():
            data[f"references-{i}-{name}"] = str(value)
    data.update(fields)
    return data


class _FormParser(HTMLParser):
    """Collects the successful controls of the first POST form with a given class."""

    def __init__(self, form_class, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_class, self.form_id = form_class, form_id
        self.data: dict[str, list[str]] = {}
        self.found = False
        self._inside = False
        self._done = False
        self._select = None
        self._textarea = None
        self._option = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done:
            classes = (a.get("class") or "").split()
            chosen = a.get("id") == self.form_id if self.form_id else self.form_class in classes
            if (a.get("method") or "").lower() == "post" and chosen:
                self._inside = self.found = True
            return
        if not self._inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            else:
                self._add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = {"value": value, "text": [], "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def _close_option(self):
        option, self._option = self._option, None
        if option is None or self._select is None:
            return
        value = option["value"] if option["value"] is not None else "".join(option["text"])
        if self._select["first"] is None:
            self._select["first"] = value
        if option["selected"]:
            self._select["chosen"].append(value)

    def handle_endtag(self, tag):
        if not self._inside:
            return
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            select, self._select = self._select, None
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            for value in chosen:
                self._add(select["name"], value)
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea["text"])
            # Browsers drop the newline that follows the opening tag.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._add(self._textarea["name"], text)
            self._textarea = None
        elif tag == "form":
            self._inside = False
            self._done = True


def form_data(response, form_class="practice-form", *, form_id=None) -> dict:
    """The data a browser would post back from the form of ``response`` (of that class, or
    with that id), unchanged."""
    parser = _FormParser(form_class, form_id)
    parser.feed(response.content.decode())
    assert parser.found, f"no POST form {form_id or form_class!r} in the page"
    return {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}


def published_practice(days_ago=1, **fields):
    """A complete published practice (published ``days_ago``), with short texts in both
    languages unless given."""
    fields.setdefault("summary_fr", "Un résumé.")
    fields.setdefault("summary_en", "A summary.")
    fields.setdefault("description_fr", "Une description.")
    fields.setdefault("description_en", "A description.")
    practice = PracticeFactory(
        status=Practice.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )
    return complete(practice)


def found(client, q, lang="fr", **params):
    """The practices of the catalogue's first page for the search ``q``."""
    response = client.get(f"/{lang}/practices/", {"q": q, **params})
    assert response.status_code == 200
    return list(response.context["object_list"])
