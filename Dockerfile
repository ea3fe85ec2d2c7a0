# Production image of 执行案件管理系统 (court enforcement case management).
# One image, three roles (see docker-compose.yml):
#   web     gunicorn config.wsgi:application on 0.0.0.0:8000 (the default command)
#   worker  celery -A config worker
#   beat    celery -A config beat (django_celery_beat DatabaseScheduler)
# Build: docker build -t court-enforcement .
# Runs as an unprivileged user; configuration comes from the environment (.env.example).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- source: the tree with its translation catalogues compiled (msgfmt is needed only here) ----------
FROM ${PYTHON_IMAGE} AS source
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN find . -path '*/LC_MESSAGES/*.po' -print0 \
    | xargs -0 -r -n1 sh -c 'msgfmt --check-format -o "${1%.po}.mo" "$1"' msgfmt

# --- run time ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media

# WeasyPrint (PDF documents) needs Pango/HarfBuzz; court documents are set in Noto CJK;
# poppler-utils renders PDF pages for previews. fontconfig builds the system font cache once here,
# so that no process has to scan the (large) CJK fonts when it starts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        fonts-noto-cjk \
        libharfbuzz-subset0 \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libpangocairo-1.0-0 \
        poppler-utils \
        fontconfig \
 && fc-cache -f \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

# The runtime dependencies of pyproject.toml (no test extras) in a layer of their own, rebuilt only
# when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The application. The code runs from /app (PYTHONPATH), where templates/, static/ and locale/ sit
# beside the packages; `pip install .` registers the distribution (its dependencies are already
# satisfied) and its in-tree build leftovers are removed.
COPY --from=source /src /app
RUN pip install . \
 && rm -rf build ./*.egg-info \
 && chmod 0755 deploy/entrypoint.sh \
 && SECRET_KEY=build-only-for-collectstatic-never-used-to-sign-anything-0123456789 \
    python manage.py collectstatic --noinput \
 && install -d -o app -g app -m 0750 /app/media

# Uploaded and generated documents live in MEDIA_ROOT=/app/media: mount a volume there
# (docker-compose.yml does). No VOLUME instruction, so one-off commands leave no anonymous volumes.

USER 10001:10001
EXPOSE 8000

# RUN_MIGRATIONS=1 makes the entry point apply migrations first (docker-compose sets it on the one-shot
# `migrate` service only, which connects as the owner of the tables).
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/deploy/gunicorn.conf.py", "config.wsgi:application"]
