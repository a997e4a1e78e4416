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
