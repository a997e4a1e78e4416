from django.urls import path

from outpost.border import views

app_name = "border"
urlpatterns = [
    path("segments/", views.segment_list, name="segment_list"),
    path("segments/<int:segment_id>/", views.segment_detail, name="segment_detail"),
    path("segments/<int:segment_id>/patrols/new/", views.patrol_create, name="patrol_create"),
    path("patrols/<int:patrol_id>/", views.patrol_detail, name="patrol_detail"),
    path(
        "patrols/<int:patrol_id>/incidents/new/",
        views.patrol_incident_create,
        name="patrol_incident_create",
    ),
    path("markers/<int:marker_id>/", views.marker_detail, name="marker_detail"),
    path("map/posts/<int:force_unit_id>/", views.map_post, name="map_post"),
    path("map/units/<int:unit_id>/", views.map_province, name="map_province"),
]
