"""Messages about a person's direct payment. Sent after the transaction commits, never from save()."""

from __future__ import annotations

from django.urls import reverse

from carecommons.budgets.models import DirectPaymentRecovery
from carecommons.core.links import site_url
from carecommons.core.messaging import Kind, message_send
from carecommons.people.models import Person


def recovery_proposed(recovery: DirectPaymentRecovery) -> None:
    """Tell the person the council wants to ask for money back, and until when they can reply.

    The message says no amount and no reason: those are on their record, behind their sign-in. By text
    when they asked to be contacted by text (or have no email), otherwise by email; nothing if neither.
    """
    person = Person.objects.get(pk=recovery.budget.person_id)  # as it is now, with their latest contact details
    link = site_url(reverse("budgets:budget", args=[recovery.budget_id]))
    name = person.preferred_name or person.full_name
    body = (f"Hello {name},\n\nThe council has written to you about your direct payment. Nothing has been taken. "
            f"You can read it and reply until {recovery.reply_due:%-d %B %Y}:\n{link}\n\n"
            "If you would like help to reply, call your practitioner.\n")
    personalisation = {"name": name, "reply_by": f"{recovery.reply_due:%-d %B %Y}", "link": link}
    if person.phone and (person.contact_by == person.Contact.TEXT or not person.email):
        text = (f"Care Commons: {name}, the council has written to you about your direct payment. Nothing has been "
                f"taken. Read it and reply by {recovery.reply_due:%-d %B %Y}: {link}")
        message_send(kind=Kind.DIRECT_PAYMENT, channel="text", to=person.phone, body=text,
                     personalisation=personalisation, person_id=person.pk)
    elif person.email:
        message_send(kind=Kind.DIRECT_PAYMENT, channel="email", to=person.email, subject="About your direct payment",
                     body=body, personalisation=personalisation, person_id=person.pk)
