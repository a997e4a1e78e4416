from django.urls import path

from outpost.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("history/", views.history, name="history"),
    path("template/<str:kind>.xlsx", views.template, name="template"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("<int:job_id>/confirm/", views.job_confirm, name="job_confirm"),
    path("export/<str:kind>.<str:fmt>", views.export, name="export"),
]
