from django.urls import path

from racine.partners import views

app_name = "partners"

urlpatterns = [path("", views.index, name="index")]
