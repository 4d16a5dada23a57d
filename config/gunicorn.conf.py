"""gunicorn's settings for production (`make serve`; docs/deploy.md). The environment is the app's own
(SECRET_KEY, DATABASE_URL, ...); BIND and WORKERS choose the address and the number of worker processes.

Before any worker starts, the master refuses to serve with a security warning (`check --deploy`) and
collects the static files (hashed, compressed, served by WhiteNoise); then each worker loads the app, which
finds the collected files (so no preload_app: the app would be loaded before this hook).
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "3"))
accesslog = "-"
errorlog = "-"
# A slow export or import may take a while; beyond this the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 20


def on_starting(server):
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if os.environ.get("SERVE_SKIP_DEPLOY_CHECK") != "1":  # `make run` on a laptop: no TLS to check
        call_command("check", deploy=True, fail_level="WARNING")
    call_command("collectstatic", interactive=False, verbosity=0)
