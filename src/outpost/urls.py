from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from outpost.accounts.scope import PUBLIC, scope_rule
from outpost.api import api

urlpatterns = [
    path("", include("outpost.core.urls")),
    path("accounts/", include("outpost.accounts.urls")),
    path("geo/", include("outpost.geo.urls")),
    path("force/", include("outpost.force.urls")),
    path("people/", include("outpost.people.urls")),
    path("assign/", include("outpost.assign.urls")),
    path("works/", include("outpost.works.urls")),
    path("fieldwork/", include("outpost.fieldwork.urls")),
    path("grassroots/", include("outpost.grassroots.urls")),
    path("border/", include("outpost.border.urls")),
    path("security/", include("outpost.security.urls")),
    path("reports/", include("outpost.reports.urls")),
    path("imports/", include("outpost.imports.urls")),
    path("i18n/setlang/", scope_rule(PUBLIC)(set_language), name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
