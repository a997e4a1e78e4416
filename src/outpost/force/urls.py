
app_name = "force"
urlpatterns: list = []
