#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read code and write files but never serve a request nor sign
# anything: they may run without a SECRET_KEY (a throwaway one), so checks such
# as `makemigrations --check` work on a machine with no configuration.
OFFLINE_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "makemessages", "compilemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
