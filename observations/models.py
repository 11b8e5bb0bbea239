"""observations models arrive with their issue; the app is registered now so URLs and migrations have a home."""
