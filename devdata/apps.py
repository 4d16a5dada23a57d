from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """The demo district (load_demo) and the benchmark data generator (generate_scale)."""

    name = "devdata"
