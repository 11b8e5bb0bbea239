"""URLs of the observations app; its pages arrive with their issue."""

from django.urls import path  # noqa: F401

app_name = "observations"
urlpatterns: list = []
