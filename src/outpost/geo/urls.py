from django.urls import path

from outpost.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/villages/new/", views.village_create, name="village_create"),
    path("units/<int:unit_id>/villages/merge/", views.village_merge, name="village_merge"),
    path("units/<int:unit_id>/border/", views.border_flag_set, name="border_flag_set"),
    path(
        "units/<int:unit_id>/border/accept/",
        views.border_proposal_accept,
        name="border_proposal_accept",
    ),
    path(
        "units/<int:unit_id>/border/<int:flag_id>/end/",
        views.border_flag_end,
        name="border_flag_end",
    ),
    path("villages/<int:village_id>/", views.village_detail, name="village_detail"),
    path("villages/<int:village_id>/edit/", views.village_edit, name="village_edit"),
    path("villages/<int:village_id>/end/", views.village_end, name="village_end"),
    path("villages/<int:village_id>/split/", views.village_split, name="village_split"),
]
