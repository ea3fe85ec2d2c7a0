#!/bin/sh
# PostgreSQL container initialisation (docker-entrypoint-initdb.d; runs once, on an empty data
# volume): the application's role. It may log in and connect, and owns nothing; the one-shot
# `migrate` service, connected as the owner ($POSTGRES_USER), creates the tables and then gives
# this role its privileges (manage.py grant_app_role): no TRUNCATE, UPDATE or DELETE on the audit
# tables, no ALTER or DROP of anything.
#
# On a volume initialised before this script existed, run it by hand (it is idempotent and also
# sets a changed password):
#   docker-compose up -d postgres
#   docker-compose exec postgres sh /docker-entrypoint-initdb.d/10-app-role.sh
set -eu
: "${APP_DB_USER:?APP_DB_USER is not set}"
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD is not set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_user="$APP_DB_USER" -v app_password="$APP_DB_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
SELECT format('CREATE ROLE %I', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
ALTER ROLE :"app_user" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"db" TO :"app_user";
-- PostgreSQL 15 and later no longer let every role create objects in schema public; say so for
-- older servers too, so the application's role can never come to own a table.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
echo "10-app-role.sh: role $APP_DB_USER ready"
