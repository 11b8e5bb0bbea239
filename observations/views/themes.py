"""Views of the observations app: themes. (Filled by its issue.)"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
