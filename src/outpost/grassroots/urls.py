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
