from django.urls import path

from outpost.reports import views

app_name = "reports"
urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
]
