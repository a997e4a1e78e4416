from django.urls import path

from outpost.security import views

app_name = "security"
urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:incident_id>/status/", views.incident_status, name="incident_status"),
    path("incidents/<int:incident_id>/close/", views.incident_close, name="incident_close"),
    path("incidents/<int:incident_id>/void/", views.incident_void, name="incident_void"),
    path("statuses/", views.status_list, name="status_list"),
    path("statuses/new/", views.status_set, name="status_set"),
    path("statuses/<int:status_id>/", views.status_edit, name="status_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/dissolve/", views.group_dissolve, name="group_dissolve"),
    path("groups/<int:group_id>/members/add/", views.group_members_add, name="group_members_add"),
    path("groups/<int:group_id>/members/end/", views.group_members_end, name="group_members_end"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:agreement_id>/end/", views.agreement_end, name="agreement_end"),
]
