"""Failed sign-ins lock a username from one address, and the address is only read from a trusted proxy header."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from carecommons.core.client_address import address_from, client_address
from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("core:sign-in")


def _fail_five_times(client: Client, username: str, **headers: str) -> None:
    for _ in range(5):
        client.post(SIGN_IN, {"username": username, "password": "wrong"}, **headers)


def test_five_wrong_passwords_for_one_user_do_not_lock_another_user_at_the_same_address(cast):
    office = Client(REMOTE_ADDR="10.0.0.5")
    _fail_five_times(office, "priya")
    assert office.post(SIGN_IN, {"username": "priya", "password": f.PASSWORD}).status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.5")
    assert colleague.post(SIGN_IN, {"username": "tom", "password": f.PASSWORD}).status_code == 302


def test_a_locked_username_is_locked_only_from_the_address_the_failures_came_from(cast):
    _fail_five_times(Client(REMOTE_ADDR="10.0.0.5"), "priya")
    assert Client(REMOTE_ADDR="10.0.0.9").post(SIGN_IN, {"username": "priya", "password": f.PASSWORD}).status_code == 302


def test_a_forwarded_for_header_is_ignored_unless_the_installation_trusts_it(cast):
    # Behind nothing, a client cannot dodge the lockout by writing a new X-Forwarded-For each time.
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):
        client.post(SIGN_IN, {"username": "priya", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    locked = client.post(SIGN_IN, {"username": "priya", "password": f.PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert locked.status_code == 429


def test_with_a_trusted_proxy_header_the_client_it_names_is_counted(cast, settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXIES": 1}
    proxy = Client(REMOTE_ADDR="10.0.0.1")  # every request arrives from the one reverse proxy
    _fail_five_times(proxy, "priya", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert proxy.post(SIGN_IN, {"username": "priya", "password": f.PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    # The same user from another client behind the same proxy is not locked.
    assert proxy.post(SIGN_IN, {"username": "priya", "password": f.PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_with_a_trusted_proxy_an_address_the_client_wrote_itself_is_ignored(settings):
    settings.CARECOMMONS = {**settings.CARECOMMONS, "TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXIES": 1}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


def test_without_the_setting_the_header_is_never_read(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(request) == "10.0.0.1"


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        (None, 1, "10.0.0.1"),  # no header: the connection's address
        ("198.51.100.1", 0, "10.0.0.1"),  # no proxies trusted
        ("198.51.100.1", 1, "198.51.100.1"),
        ("1.2.3.4, 198.51.100.1", 1, "198.51.100.1"),  # the client wrote 1.2.3.4 itself
        ("198.51.100.1, 10.0.0.2", 2, "198.51.100.1"),  # two proxies: the second from the right
        ("198.51.100.1", 2, "10.0.0.1"),  # fewer hops than proxies: not trusted
        ("not-an-address", 1, "10.0.0.1"),
        ("2001:db8::1", 1, "2001:db8::1"),
        ("", 1, "10.0.0.1"),
    ],
)
def test_the_client_address_from_a_trusted_header(header, proxies, expected):
    assert address_from(remote_addr="10.0.0.1", header_value=header, trusted_proxies=proxies) == expected
