from django.urls import path  # noqa: F401  (the report pages add their routes here)

urlpatterns: list = []
