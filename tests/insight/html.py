"""A small HTML tree for the tests: enough to read tables, links and hidden text."""

from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


class Element:
    def __init__(self, tag, attrs=(), parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Elements and strings

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def children_of(self, tag):
        return [c for c in self.children if isinstance(c, Element) and c.tag == tag]

    def text(self, *, hidden=True, spoken=False) -> str:
        """All the text inside. ``hidden=False``: without visually-hidden text (what a
        sighted reader sees); ``spoken=True``: without aria-hidden text (what a screen
        reader reads)."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (
                (not hidden and "visually-hidden" in child.classes)
                or (spoken and child.attrs.get("aria-hidden") == "true")
            ):
                parts.append(child.text(hidden=hidden, spoken=spoken))
        return " ".join(" ".join(parts).split())

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(content) -> Element:
    if isinstance(content, bytes):
        content = content.decode()
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def table_rows(table: Element) -> list[Element]:
    """The rows of a table's body."""
    body = table.find("tbody") or table
    return body.find_all("tr")


def catalogue_slugs(client, url: str, *, max_pages: int = 50) -> list[str]:
    """The slugs of the practices the catalogue page ``url`` lists, following its "next"
    links to the last page."""
    slugs = []
    path = url.split("?", 1)[0]
    for _ in range(max_pages):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        doc = parse(response.content)
        for card in doc.find_all("li", cls="practice-card"):
            href = card.find("h3").find("a").attrs["href"]
            slugs.append(href.rstrip("/").rsplit("/", 1)[-1])
        following = doc.find("a", rel="next")
        if following is None:
            return slugs
        url = path + following.attrs["href"]
    raise AssertionError(f"more than {max_pages} pages at {url}")
