"""gunicorn settings for thidua-web.service (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`)."""

import multiprocessing
import os

# nginx on the same machine talks to this address (TRUSTED_PROXIES=127.0.0.1).
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
# Pages and the API wait on the database and draw PDFs: 2 per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 120)  # a long decision PDF, not a print job
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so no slow leak outlives a day.
max_requests = 2000
max_requests_jitter = 200
# Access log on stdout (journald), with the request id the service answered (nginx's when it sent one).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
errorlog = "-"
# systemd signals the master (reload: HUP); no control socket in a read-only home.
control_socket_disable = True
# X-Forwarded-Proto is believed from nginx only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS") or "127.0.0.1"

if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines (start, worker exits, the access log) as JSON too, like the service's.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
        "root": {"handlers": [], "level": "WARNING"},
    }
