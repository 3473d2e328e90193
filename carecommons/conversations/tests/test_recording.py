"""Recording a conversation in proportion, keeping history, and telling the second editor."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from carecommons.conversations import forms, services
from carecommons.conversations.models import Conversation, ConversationRevision, FollowUp
from carecommons.people.models import AccessEvent
from carecommons.testing import factories as f


def _date(d):
    return {"held_on_day": d.day, "held_on_month": d.month, "held_on_year": d.year}


def test_the_record_needs_at_most_three_fields():
    required = [name for name, field in forms.ConversationForm.base_fields.items() if field.required]
    assert required == ["held_on", "what_matters", "agreed"]


@pytest.mark.django_db
def test_a_practitioner_records_a_conversation_with_only_the_required_fields(client, cast):
    req = f.RequestFactory(person=cast.ruth, status="booked")
    client.force_login(cast.priya)
    url = reverse("conversations:new", args=[cast.ruth.pk]) + f"?request={req.pk}"
    response = client.post(url, {**_date(timezone.localdate()), "what_matters": "Keeping my allotment", "agreed": ["connect"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    conversation = Conversation.objects.get()
    assert conversation.request == req and conversation.practitioner == cast.priya
    req.refresh_from_db()
    assert req.status == "held"
    assert ConversationRevision.objects.get().version == 1
    assert FollowUp.objects.filter(conversation=conversation).exists()
    assert AccessEvent.objects.filter(user=cast.priya, action="changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what_matters": "x", "agreed": ["connect"]}, "Enter the date of the conversation"),
        ({"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026", "what_matters": "x", "agreed": ["connect"]}, "must be a real date"),
        ({"held_on_day": "1", "held_on_year": "2026", "what_matters": "x", "agreed": ["connect"]}, "must include a month"),
        ({**_date(timezone.localdate() + dt.timedelta(days=2)), "what_matters": "x", "agreed": ["connect"]}, "today or in the past"),
        ({**_date(timezone.localdate()), "agreed": ["connect"]}, "Write what matters to the person"),
        ({**_date(timezone.localdate()), "what_matters": "x"}, "Select what was agreed"),
        ({**_date(timezone.localdate()), "what_matters": "x", "agreed": ["connect", "nothing_more"]}, "as well as something else"),
    ],
)
def test_a_wrong_record_says_how_to_fix_it_and_saves_nothing(client, cast, data, message):
    client.force_login(cast.priya)
    response = client.post(reverse("conversations:new", args=[cast.ruth.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "govuk-error-summary" in html
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_editing_keeps_every_version(client, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    client.force_login(cast.priya)
    url = reverse("conversations:edit", args=[conversation.pk])
    form = client.get(url).content.decode()
    assert "Seeing my grandchildren" in form
    data = {**_date(conversation.held_on), "what_matters": "Seeing my grandchildren every week", "agreed": ["connect", "follow_up"],
            "strengths_own": "Good cook", "version": "1"}
    assert client.post(url, data).status_code == 302
    conversation.refresh_from_db()
    assert conversation.version == 2
    history = client.get(reverse("conversations:history", args=[conversation.pk])).content.decode()
    assert "Version 2" in history and "Version 1" in history and "Seeing my grandchildren every week" in history


@pytest.mark.django_db
def test_a_second_editor_is_told_and_loses_nothing(client, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    url = reverse("conversations:edit", args=[conversation.pk])
    # Morgan saves first, from version 1.
    services.conversation_update(conversation_id=conversation.pk, editor=cast.morgan, base_version=1,
                                 data={"held_on": conversation.held_on, "what_matters": "Morgan's words", "agreed": ["connect"]})
    # Priya, who also opened version 1, now saves.
    client.force_login(cast.priya)
    mine = {**_date(conversation.held_on), "what_matters": "Priya's careful words", "agreed": ["connect"], "outcomes": "Walk to the shop", "version": "1"}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Morgan Lee changed this record while you were editing it" in html
    assert "Priya&#x27;s careful words" in html and "Walk to the shop" in html, "nothing Priya typed is lost"
    assert "Morgan&#x27;s words" in html, "she sees their version"
    conversation.refresh_from_db()
    assert conversation.what_matters == "Morgan's words" and conversation.version == 2
    # Saving again (the form now carries version 2) succeeds.
    mine["version"] = "2"
    assert client.post(url, mine).status_code == 302
    conversation.refresh_from_db()
    assert conversation.what_matters == "Priya's careful words" and conversation.version == 3
    assert conversation.revisions.count() == 3


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_from_the_same_version_let_exactly_one_win(cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    editors = [cast.priya, cast.morgan, cast.priya, cast.morgan]
    barrier = threading.Barrier(len(editors))
    wins, conflicts, other = [], [], []

    def save(i):
        close_old_connections()
        try:
            barrier.wait()
            services.conversation_update(conversation_id=conversation.pk, editor=editors[i], base_version=1,
                                         data={"held_on": conversation.held_on, "what_matters": f"edit {i}", "agreed": ["connect"]})
            wins.append(i)
        except services.EditConflictError:
            conflicts.append(i)
        except Exception as exc:  # noqa: BLE001
            other.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(editors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not other, other
    assert len(wins) == 1 and len(conflicts) == len(editors) - 1
    conversation.refresh_from_db()
    assert conversation.version == 2 and conversation.what_matters == f"edit {wins[0]}"
    assert conversation.revisions.count() == 2


@pytest.mark.django_db
def test_denied_recording_for_someone_outside_need_to_know_without_a_reason(client, cast):
    client.force_login(cast.tom)
    response = client.post(reverse("conversations:new", args=[cast.ruth.pk]), {**_date(timezone.localdate()), "what_matters": "x", "agreed": ["connect"]})
    assert response.status_code == 302 and "/open/" in response["Location"]
    assert not Conversation.objects.exists()


@pytest.mark.django_db
def test_denied_a_host_cannot_open_a_conversation(client, cast):
    conversation = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya)
    client.force_login(cast.hana)
    assert client.get(reverse("conversations:detail", args=[conversation.pk])).status_code == 403


@pytest.mark.django_db
def test_a_missing_conversation_is_not_found(client, cast):
    client.force_login(cast.priya)
    assert client.get(reverse("conversations:detail", args=[424242])).status_code == 404


@pytest.mark.django_db
def test_the_days_waited_are_kept_when_recorded_and_when_the_date_is_corrected(cast):
    today = timezone.localdate()
    req = f.RequestFactory(person=cast.ruth, status="booked", first_contact_at=timezone.now() - dt.timedelta(days=9))
    first = req.first_contact_on
    conversation = services.conversation_record(
        person=cast.ruth, practitioner=cast.priya, request=req,
        data={"held_on": today, "what_matters": "Keeping my allotment", "agreed": ["connect"]})
    assert conversation.days_waited == (today - first).days
    services.conversation_update(conversation_id=conversation.pk, editor=cast.priya, base_version=1,
                                 data={"held_on": first + dt.timedelta(days=3), "what_matters": "x", "agreed": ["connect"]})
    conversation.refresh_from_db()
    assert conversation.days_waited == 3
    without = services.conversation_record(person=cast.stan, practitioner=cast.priya,
                                           data={"held_on": today, "what_matters": "x", "agreed": ["connect"]})
    assert without.days_waited is None, "a conversation without a request is not counted"


@pytest.mark.django_db
def test_the_migration_fills_in_the_days_waited_of_conversations_already_recorded(cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("carecommons.conversations.migrations.0004_days_waited")
    req = f.RequestFactory(person=cast.ruth, status="held", first_contact_at=timezone.now() - dt.timedelta(days=6))
    held = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, request=req)
    early = f.ConversationFactory(person=cast.ruth, practitioner=cast.priya, held_on=req.first_contact_on - dt.timedelta(days=1),
                                  request=f.RequestFactory(person=cast.ruth, status="held", first_contact_on=req.first_contact_on))
    alone = f.ConversationFactory(person=cast.stan, practitioner=cast.priya)
    Conversation.objects.update(days_waited=None)
    migration.fill_days_waited(apps, None)
    assert Conversation.objects.get(pk=held.pk).days_waited == (held.held_on - req.first_contact_on).days
    assert Conversation.objects.get(pk=early.pk).days_waited is None, "held before first contact: not counted"
    assert Conversation.objects.get(pk=alone.pk).days_waited is None
