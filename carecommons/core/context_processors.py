"""What every page knows about the site itself: `site`, the service's settings (settings.CARECOMMONS:
its name, the council, whether the area is fictional, the source link).

Called `site`, not a word a page's own subject could have (a directory `service`, a `person`), so that
no view's context hides it; the root conftest.py fails any test that renders a page where a view's
context replaces a context processor's value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site": settings.CARECOMMONS}
