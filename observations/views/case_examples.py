"""Views of the observations app: case_examples. (Filled by its issue.)"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
