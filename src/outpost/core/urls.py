from django.urls import path

from outpost.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search, name="search"),
    path("audit/", views.audit_list, name="audit"),
]
