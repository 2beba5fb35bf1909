from django.urls import path

from prongsai.documents import views

app_name = "documents"
urlpatterns = [
    path("<slug:kind>.<str:fmt>", views.download, name="download"),
]
