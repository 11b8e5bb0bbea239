"""Views of the observations app, one module per concern; each has its own urlpatterns."""
