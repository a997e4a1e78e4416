from django.urls import path

from outpost.assign import views

app_name = "assign"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cadres/<int:cadre_id>/", views.cadre_assignments, name="cadre_assignments"),
    path("villages/<int:village_id>/", views.village_assignments, name="village_assignments"),
    path("households/new/", views.household_assign, name="household_assign"),
    path(
        "households/<int:assignment_id>/end/",
        views.household_unassign,
        name="household_unassign",
    ),
    path("branches/<int:branch_id>/join/", views.branch_join, name="branch_join"),
    path("memberships/<int:membership_id>/end/", views.branch_leave, name="branch_leave"),
    path("seats/new/", views.committee_seat_assign, name="committee_seat_assign"),
    path("seats/<int:seat_id>/end/", views.committee_seat_end, name="committee_seat_end"),
    path("hand-over/", views.hand_over, name="hand_over"),
]
