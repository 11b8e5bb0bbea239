"""Models of the observations app arrive with their issue.

The app is registered now so its URLs and migrations have a home.
"""
