"""Settings are split the cookiecutter-django way: base (read from the environment), local (the
embedded default: SQLite, Celery eager), production (DEBUG off, real secret required) and test."""
