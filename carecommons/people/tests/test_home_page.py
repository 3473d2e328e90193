"""The start page's promise is the team's own measure: half the people had their conversation within N days."""

import pytest
from django.test import Client
from django.urls import reverse

from carecommons.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_start_page_states_the_median_wait_from_the_measure() -> None:
    for waited in (1, 2, 4, 6, 8, 10, 10, 12, 14, 20, 30):  # median 10
        f.ConversationFactory(days_waited=waited)
    page = Client().get(reverse("people:home")).content.decode()
    assert "half the people who asked had their conversation within 10 days of asking" in page
    assert "a few days" not in page


def test_too_few_conversations_make_no_promise() -> None:
    f.ConversationFactory(days_waited=1)
    page = Client().get(reverse("people:home")).content.decode()
    assert "half the people" not in page and "a few days" not in page and "Talk to someone about what matters to you" in page
