from django.urls import path

from outpost.grassroots import views

app_name = "grassroots"
urlpatterns = [
    path("branches/", views.branch_list, name="branch_list"),
    path("branches/<int:branch_id>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:branch_id>/edit/", views.branch_edit, name="branch_edit"),
    path("branches/<int:branch_id>/end/", views.branch_end, name="branch_end"),
    path("villages/<int:village_id>/branches/new/", views.branch_create, name="branch_create"),
]
urlpatterns += [
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path(
        "candidates/<int:candidate_id>/advance/",
        views.candidate_advance,
        name="candidate_advance",
    ),
    path(
        "branches/<int:branch_id>/candidates/new/",
        views.candidate_create,
        name="candidate_create",
    ),
]
urlpatterns += [
    path("mass-organisations/", views.mass_organisation_list, name="mass_organisation_list"),
    path(
        "communes/<int:unit_id>/mass-organisations/new/",
        views.mass_organisation_create,
        name="mass_organisation_create",
    ),
    path(
        "mass-organisations/<int:organisation_id>/",
        views.mass_organisation_detail,
        name="mass_organisation_detail",
    ),
    path(
        "mass-organisations/<int:organisation_id>/consolidate/",
        views.organisation_consolidate,
        name="organisation_consolidate",
    ),
    path("village-cadres/", views.village_cadre_list, name="village_cadre_list"),
    path(
        "village-cadres/<int:village_cadre_id>/",
        views.village_cadre_detail,
        name="village_cadre_detail",
    ),
    path(
        "village-cadres/<int:village_cadre_id>/course/",
        views.village_cadre_course,
        name="village_cadre_course",
    ),
    path(
        "villages/<int:village_id>/village-cadres/new/",
        views.village_cadre_create,
        name="village_cadre_create",
    ),
]
