from django.urls import path  # noqa: F401  (the data-entry pages add their routes here)

urlpatterns: list = []
