"""Views of the observations app: recording. (Filled by its issue.)"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
