"""Fill a page's form by its labels, as a person reading the screen would, for Django test client tests:
`form_by_labels(html, {"Role": "Team manager", "Team (for ...)": "South community team"})` gives the POST data.

A text field's label takes the text; a radio or checkbox is chosen by its own label (the value is ignored, or
pass True); a select's label takes the text of the option to choose. Every other field keeps the value the page
gave it. A label that is not on the page fails the test."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: dict[str, str] = {}  # label text -> the id of its field
        self.fields: dict[str, dict[str, Any]] = {}  # id -> attributes (and a select's options)
        self.order: list[dict[str, Any]] = []
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "label":
            self._label_for, self._label_text = a.get("for", ""), []
        elif tag in ("input", "textarea"):
            field = {"tag": tag, **a, "value": a.get("value", "")}
            self._keep(field)
        elif tag == "select":
            self._select = {"tag": "select", **a, "options": []}
            self._keep(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value", ""), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)

    def _keep(self, field: dict[str, Any]) -> None:
        self.order.append(field)
        if field.get("id"):
            self.fields[field["id"]] = field

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self._label_text.append(data)
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_for is not None:
            self.labels[" ".join("".join(self._label_text).split())] = self._label_for
            self._label_for = None
        elif tag == "option":
            self._option = None
        elif tag == "select":
            self._select = None


def form_by_labels(html: str, answers: dict[str, Any]) -> dict[str, Any]:
    page = _Form()
    page.feed(html)
    data: dict[str, Any] = {}
    for field in page.order:  # what the page would send as it stands
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field["tag"] == "select":
            chosen = [o for o in field["options"] if o["selected"]] or field["options"][:1]
            data[name] = chosen[0]["value"] if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if "checked" in field:
                data[name] = field["value"]
        else:
            data[name] = field["value"]
    for label, answer in answers.items():
        assert label in page.labels, f"No field is labelled {label!r}; the labels are {sorted(page.labels)}"
        field = page.fields[page.labels[label]]
        if field.get("type") in ("radio", "checkbox"):
            data[field["name"]] = field["value"]
        elif field["tag"] == "select":
            options = {" ".join(o["text"].split()): o["value"] for o in field["options"]}
            assert answer in options, f"{label!r} has no option {answer!r}; it has {sorted(options)}"
            data[field["name"]] = options[answer]
        else:
            data[field["name"]] = answer
    return data
