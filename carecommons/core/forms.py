"""GOV.UK Design System form helpers: an error summary, date inputs, and field kinds for templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from carecommons.core.inputs import is_ascii_digits, pounds_text_to_pence


class GovukDateWidget(forms.MultiWidget):
    """Three boxes, day, month and year, as the GOV.UK date input pattern asks."""

    template_name = "core/fields/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-2"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-date-input__input govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, *, what: str = "date", **kwargs: Any) -> None:
        self.what = what
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("error_messages", {"required": f"Enter the {what}", "incomplete": f"The {what} must include a day, month and year"})
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = ((v or "").strip() for v in data_list)
        if not day or not month or not year:
            missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
            raise forms.ValidationError(f"The {self.what} must include a {' and '.join(missing)}")
        if not (is_ascii_digits(day) and is_ascii_digits(month) and is_ascii_digits(year)) or len(year) != 4:
            raise forms.ValidationError(f"The {self.what} must be a real date, like 27 3 2026")
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"The {self.what} must be a real date, like 27 3 2026") from None


class GovukForm(forms.Form):
    """A form that knows how to render itself the GOV.UK way and where each error links to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "This").split(" (optional)")[0].rstrip("?")
            if getattr(field, "max_length", None):
                field.error_messages.setdefault("max_length", f"{label} must be {field.max_length:,} characters or fewer")
                if field.error_messages["max_length"].startswith("Ensure"):
                    field.error_messages["max_length"] = f"{label} must be {field.max_length:,} characters or fewer"
            if "invalid_choice" in field.error_messages:
                field.error_messages["invalid_choice"] = "Select one of the options shown"

    def top_level_fields(self) -> list[forms.BoundField]:
        """The fields asked on their own: not those revealed under another field's choice (its `reveals`)."""
        revealed = {name for field in self.fields.values() for names in getattr(field, "reveals", {}).values() for name in names}
        return [self[name] for name in self.fields if name not in revealed]

    def field_anchor(self, name: str) -> str:
        bound = self[name]
        widget = bound.field.widget
        base = bound.auto_id
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
            return f"{base}_0"
        return base

    def error_summary(self) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            anchor = self.field_anchor(name) if name in self.fields else ""
            for message in errors:
                items.append((anchor, message))
        return items


def pounds_to_pence(value: str, what: str) -> int:
    """Money typed in pounds ("£1,234.50" or "1234.5") as whole pence, or a plain error naming `what`.

    Only ASCII digits and one decimal point: never NaN, Infinity, 1e999999 or a Unicode digit (core.inputs)."""
    pence = pounds_text_to_pence(value.strip().lstrip("£").replace(",", ""))
    if pence is None:
        raise forms.ValidationError(f"Enter {what} in pounds and pence, like 13.45")
    return pence
