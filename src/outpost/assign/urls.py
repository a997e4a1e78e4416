app_name = "assign"
urlpatterns: list = []
