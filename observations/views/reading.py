"""Views of the observations app: reading. (Filled by its issue.)"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
