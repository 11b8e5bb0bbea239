"""URLs of the reports app; its pages arrive with their issue."""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []
