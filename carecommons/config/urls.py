from django.urls import include, path

from carecommons.assessments.api import router as eligibility
from carecommons.budgets.api import router as budgets
from carecommons.core.api import api, register_routers
from carecommons.directory.api import oruk
from carecommons.hospital.api import hospital_api

register_routers(eligibility, budgets)

urlpatterns = [
    path("", include("carecommons.core.urls")),
    path("", include("carecommons.conversations.urls")),
    path("", include("carecommons.people.urls")),
    path("hubs/", include("carecommons.hubs.urls")),
    path("team/", include("carecommons.insight.urls")),
    path("", include("carecommons.assessments.urls")),
    path("", include("carecommons.budgets.urls")),
    path("", include("carecommons.market.urls")),
    path("", include("carecommons.directory.urls")),
    path("", include("carecommons.relationships.urls")),
    path("", include("carecommons.participation.urls")),
    path("", include("carecommons.safeguarding.urls")),
    path("hospital/", include("carecommons.hospital.urls")),
    path("outcomes/", include("carecommons.outcomes.urls")),
    path("api/v1/", api.urls),
    path("oruk/", oruk.urls),
    path("hospital/fhir/", hospital_api.urls),
]

handler400 = "carecommons.core.views.error_400"
handler403 = "carecommons.core.views.error_403"
handler404 = "carecommons.core.views.error_404"
handler500 = "carecommons.core.views.error_500"
