"""Links people follow from an email, a text, a calendar file or a page they print or copy.

They use the site address the installation is configured with (`CARECOMMONS_BASE_URL`), never the address
a request happened to arrive at: behind a proxy that is an internal name or 127.0.0.1, and a forged Host
header must not end up in a link someone is sent.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


def site_url(path: str) -> str:
    """The configured site address followed by `path` (which starts with a slash)."""
    return str(settings.CARECOMMONS["BASE_URL"]).rstrip("/") + path


@register(Tags.security, deploy=True)
def site_address_is_public(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """`check --deploy`: links in emails must point at the public HTTPS address, not this machine."""
    parts = urlsplit(str(settings.CARECOMMONS["BASE_URL"]))
    if parts.scheme != "https" or parts.hostname in (None, "127.0.0.1", "localhost", "::1"):
        return [CheckWarning(
            f"CARECOMMONS_BASE_URL is {settings.CARECOMMONS['BASE_URL']!r}: links in emails and on confirmation "
            "pages would point there. Set it to the address people reach this service at, starting https://.",
            id="carecommons.W001")]
    return []
