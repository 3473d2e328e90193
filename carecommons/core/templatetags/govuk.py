"""Template tags that render Django form fields as GOV.UK Design System components."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from carecommons.core.inputs import is_safe_url

register = template.Library()


@register.filter
def link(url: Any) -> SafeString | str:
    """A stored web address as a GOV.UK link, only if it is http(s), mailto or tel; anything else (javascript:, data:)
    is shown as plain text, escaped, so it can be read but not followed."""
    if is_safe_url(url):
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, url)
    return "" if url is None else str(url)


def _kind(field: BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.inclusion_tag("core/fields/field.html")
def govuk_field(field: BoundField, label_size: str = "", heading: bool = False, width: str = "",
                inline: bool = False) -> dict[str, Any]:
    """Render one field with its label, hint and error, the GOV.UK way.

    `heading` makes the label (or legend) the page's h1, for one-question pages. `inline` puts two short radio
    choices side by side (yes or no), as GOV.UK's `govuk-radios--inline`.
    """
    kind = _kind(field)
    selected: set[str] = set()
    if kind in ("radios", "checkboxes"):
        value = field.value()
        if isinstance(value, list | tuple):
            selected = {str(v) for v in value}
        elif value not in (None, ""):
            selected = {str(value)}
    if heading and not label_size:
        label_size = "l"
    hints = getattr(field.field, "choice_hints", {})
    # `reveals` on a choice field: {value: [names of the form's other fields]}, shown under that choice when it is chosen
    # (GOV.UK Frontend's conditional reveal look, revealed by CSS alone: see .cc-reveal in static_src/app.scss).
    reveals = getattr(field.field, "reveals", {})
    choices = [
        {"value": str(v), "label": lbl, "id": f"{field.auto_id}_{i}", "checked": str(v) in selected, "hint": hints.get(str(v), ""),
         "reveal": [field.form[name] for name in reveals.get(str(v), ())]}
        for i, (v, lbl) in enumerate(getattr(field.field, "choices", []))
        if str(v) != ""
    ] if kind in ("radios", "checkboxes") else []
    return {
        "field": field,
        "kind": kind,
        "label_size": label_size,
        "heading": heading,
        "width": width,
        "inline": inline and kind == "radios",
        "choices": choices,
        "error": field.errors[0] if field.errors else "",
        "describedby": " ".join(
            x for x in (f"{field.auto_id}-hint" if field.help_text else "", f"{field.auto_id}-error" if field.errors else "") if x
        ),
    }


@register.inclusion_tag("core/fields/error_summary.html")
def govuk_error_summary(form: Any) -> dict[str, Any]:
    return {"items": form.error_summary() if form is not None and form.errors else []}


@register.filter
def govuk_time(value: Any) -> str:
    """A time the GOV.UK way: 10am, 10:45am, 12pm (midday), in the local time zone."""
    import datetime as dt

    from django.utils import timezone

    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def pounds(value: int) -> str:
    """Pence written as money: 123456 -> £1,234.56."""
    from carecommons.rules.money import pounds as written

    return written(int(value))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, or nothing when it is not there."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
