
app_name = "geo"
urlpatterns: list = []
