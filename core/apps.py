from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free plumbing: bulk loading, the streaming xlsx writer, text hygiene, generic view mixins."""

    name = "core"
