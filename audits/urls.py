"""URLs of the audits app; its pages arrive with their issue."""

from django.urls import path  # noqa: F401

app_name = "audits"
urlpatterns: list = []
