"""A list of short texts (a JSON list in the database) edited in the admin one per line."""

from __future__ import annotations

from typing import Any

from django import forms


class OnePerLineField(forms.Field):
    """Shows the list one item a line; saves each line trimmed, blank lines dropped."""

    widget = forms.Textarea(attrs={"rows": 5, "cols": 40})

    def prepare_value(self, value: Any) -> str:
        return "\n".join(value) if isinstance(value, list) else value or ""

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]
