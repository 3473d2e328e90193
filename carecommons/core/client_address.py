"""The address a request came from, for counting failed sign-ins (django-axes calls `client_address`).

By default this is the address of whatever connected to Care Commons (`REMOTE_ADDR`); a header such
as `X-Forwarded-For` is anyone's to write, so it is read only when the installation says which
header its own reverse proxies set and how many of them there are (`CARECOMMONS_TRUSTED_PROXY_HEADER`,
`CARECOMMONS_TRUSTED_PROXIES`). Each proxy adds the address it was reached from to the right of the
list, so with N trusted proxies the client is the N-th address from the right: anything further left
was written by the client itself and is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    text = text.strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def address_from(*, remote_addr: str, header_value: str | None, trusted_proxies: int) -> str:
    """The client's address: from the header only when proxies are trusted and it names enough of them."""
    if header_value is None or trusted_proxies < 1:
        return remote_addr
    hops = [hop for hop in header_value.split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        return remote_addr
    return _address(hops[-trusted_proxies]) or remote_addr


def meta_key(header: str) -> str:
    """`X-Forwarded-For` -> `HTTP_X_FORWARDED_FOR`, as Django keeps request headers."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_address(request: HttpRequest) -> str:
    remote_addr = str(request.META.get("REMOTE_ADDR") or "")
    header = settings.CARECOMMONS.get("TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote_addr
    return address_from(
        remote_addr=remote_addr,
        header_value=request.META.get(meta_key(header)),
        trusted_proxies=int(settings.CARECOMMONS.get("TRUSTED_PROXIES", 1)),
    )
