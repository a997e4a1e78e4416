from django.urls import path

from outpost.people import views

app_name = "people"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("new/", views.household_create, name="household_create"),
    path("<int:household_id>/", views.household_detail, name="household_detail"),
    path("<int:household_id>/edit/", views.household_edit, name="household_edit"),
    path("<int:household_id>/move/", views.household_move, name="household_move"),
    path("<int:household_id>/split/", views.household_split, name="household_split"),
    path("<int:household_id>/merge/", views.household_merge, name="household_merge"),
    path("<int:household_id>/end/", views.household_end, name="household_end"),
    path("<int:household_id>/head/", views.household_set_head, name="household_set_head"),
    path("<int:household_id>/members/new/", views.resident_add, name="resident_add"),
    path("<int:household_id>/assess/", views.assessment_create, name="assessment_create"),
    path("residents/<int:resident_id>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:resident_id>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:resident_id>/leave/", views.resident_leave, name="resident_leave"),
    path("assessments/<int:assessment_id>/void/", views.assessment_void, name="assessment_void"),
]
