from django.urls import path

from outpost.works import views

app_name = "works"
urlpatterns = [
    path("", views.work_list, name="work_list"),
    path("new/", views.work_create, name="work_create"),
    path("export.<str:fmt>", views.work_export, name="work_export"),
    path("<int:work_id>/", views.work_detail, name="work_detail"),
    path("<int:work_id>/edit/", views.work_edit, name="work_edit"),
    path("<int:work_id>/complete/", views.work_complete, name="work_complete"),
    path("<int:work_id>/cancel/", views.work_cancel, name="work_cancel"),
]
