app_name = "border"
urlpatterns: list = []
