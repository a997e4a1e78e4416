from django.urls import path

from outpost.reports import group_views, views

app_name = "reports"
urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
    # After the fixed paths: any other name is a report group (an unknown one is not found).
    path("<str:group>/", group_views.group_page, name="group"),
    path("<str:group>/export/", group_views.group_export, name="group_export"),
]
