from django.urls import path

from outpost.force import views

app_name = "force"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("units/<int:force_unit_id>/", views.unit_detail, name="unit_detail"),
    path("cadres/", views.cadre_list, name="cadre_list"),
    path("cadres/new/", views.cadre_create, name="cadre_create"),
    path("cadres/<int:cadre_id>/", views.cadre_detail, name="cadre_detail"),
    path("cadres/<int:cadre_id>/post/", views.cadre_post, name="cadre_post"),
]
