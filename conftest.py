"""A small cast of named personas shared by every test. All fictional."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.template.context import RequestContext
from django.test.signals import template_rendered

from carecommons.testing import factories as f
from carecommons.testing.clients import SignedInClient


@pytest.fixture
def client() -> SignedInClient:
    """pytest-django's `client`, but `force_login` also gives staff their second factor (ADR 0012)."""
    return SignedInClient()


@pytest.fixture(autouse=True)
def no_view_shadows_a_context_processor() -> Any:
    """Fail any test that renders a page whose view (or an include's `with`) hides a context processor's value.

    The site-wide processors (settings' TEMPLATES) put names such as `site`, `nav`, `user_role`, `user` and
    `messages` into every page. A view that passes the same name replaces them for the whole page, and
    base.html then shows the view's value instead (once, the directory's Open Referral `service` hid the
    site's name and the fictional-area banner).
    """

    def check(sender: Any, template: Any, context: Any, **kwargs: Any) -> None:
        index = getattr(context, "_processors_index", None)
        if not isinstance(context, RequestContext) or index is None or context.template is None:
            return  # no request, a fresh context (an inclusion tag's), or not yet bound: no processors ran
        provided = context.dicts[index]
        for key, value in provided.items():
            if context[key] is not value:
                raise AssertionError(
                    f"The template {template.name!r} is rendered with {key!r} from the view's context, hiding "
                    f"the {key!r} every page gets from a context processor; give the view's value another name."
                )

    template_rendered.connect(check, dispatch_uid="no_view_shadows_a_context_processor")
    yield
    template_rendered.disconnect(dispatch_uid="no_view_shadows_a_context_processor")


@dataclass
class Cast:
    north: Any
    south: Any
    library: Any
    cafe: Any
    priya: Any  # practitioner, North team
    tom: Any  # practitioner, South team
    morgan: Any  # manager, North team
    hana: Any  # hosts the library
    chris: Any  # commissioner
    ade: Any  # administrator
    ruth: Any  # a resident in the North team with her own sign-in
    ruth_user: Any
    stan: Any  # a resident in the South team, no sign-in


def _staff(username: str, role: str, first: str, last: str, **kw: Any) -> Any:
    user = f.UserFactory(username=username, first_name=first, last_name=last)
    f.StaffFactory(user=user, role=role, **kw)
    return user


@pytest.fixture
def cast(db: Any) -> Cast:
    north = f.TeamFactory(name="North community team")
    south = f.TeamFactory(name="South community team")
    library_host = f.HostFactory(name="Ashby Vale Libraries")
    library = f.HubFactory(name="Eastgate Library", kind="library", host=library_host, team=north)
    cafe = f.HubFactory(name="Riverside Café", kind="cafe", host=f.HostFactory(name="Riverside Community Café"), team=south)
    ruth_user = f.UserFactory(username="ruth", first_name="Ruth", last_name="Okafor")
    ruth = f.PersonFactory(full_name="Ruth Okafor", team=north, user=ruth_user)
    return Cast(
        north=north,
        south=south,
        library=library,
        cafe=cafe,
        priya=_staff("priya", "practitioner", "Priya", "Shah", team=north),
        tom=_staff("tom", "practitioner", "Tom", "Baker", team=south),
        morgan=_staff("morgan", "manager", "Morgan", "Lee", team=north),
        hana=_staff("hana", "host", "Hana", "Novak", team=None, host=library_host),
        chris=_staff("chris", "commissioner", "Chris", "Evans", team=None),
        ade=_staff("ade", "admin", "Ade", "Bello", team=None),
        ruth=ruth,
        ruth_user=ruth_user,
        stan=f.PersonFactory(full_name="Stan Hughes", team=south),
    )


@pytest.fixture(autouse=True)
def _empty_text_outbox() -> Any:
    """Text messages kept by the test backend start empty in every test, like Django's mail.outbox."""
    from carecommons.core import texts

    texts.outbox.clear()
    yield texts.outbox
