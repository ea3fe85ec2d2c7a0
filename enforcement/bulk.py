"""Bulk inserts by PostgreSQL COPY (about three times the rate of bulk_create, whose cost is Django
preparing each value), with bulk_create elsewhere (SQLite).

`copy_insert(model, objs)` behaves as `bulk_create(objs)` does on PostgreSQL: ids are taken from the
table's sequence first, so the instances come back with their pk; field defaults were applied when
the instances were made, auto_now fields get their value from pre_save; no signals are sent. Only
for plain rows: no multi-table inheritance, no conflict handling."""

import datetime as dt
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Model

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if type(value) is str:
        return value.translate(_ESCAPES)
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    elif isinstance(value, dt.datetime):
        value = value.isoformat()
    else:
        value = str(value)
    return value.translate(_ESCAPES)


def copy_insert(model, objs: list, *, using=None) -> list:
    """Insert `objs` (instances of `model`) with COPY on PostgreSQL, bulk_create otherwise."""
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objs, batch_size=1000)
    table = model._meta.db_table
    fields = list(model._meta.concrete_fields)
    pk_name = model._meta.pk.name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        buf = io.StringIO()
        write = buf.write
        for obj, pk in zip(objs, ids, strict=True):
            setattr(obj, pk_name, pk)
            obj._state.adding = False
            write("\t".join([copy_text(f.pre_save(obj, True)) for f in fields]))
            write("\n")
        buf.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buf)
    return objs


def copy_insert_shared(model, shared: dict, rows: list[dict]) -> list[int]:
    """Insert one row per dict of `rows`, each `shared` updated by it, and return their ids in order:
    for fan-outs whose rows differ in a few columns (a network query's notices: one per respondent
    and agency). The values every row shares are made and prepared once, by one instance of `model`
    (its defaults, its pre_save); only each row's own columns are prepared per row. Making and
    preparing an instance a row was most of the network query's time: 45,000 instances of Notice
    cost about twice the COPY itself (issue 15). A default is therefore taken once for the batch,
    as a single INSERT ... SELECT would take it: a unique column is given in every row (or is NULL)."""
    if not rows:
        return []
    own = list(rows[0])
    if any(list(row) != own for row in rows):
        raise ValueError("every row gives the same columns, in the same order")
    fields = list(model._meta.concrete_fields)
    pk = model._meta.pk
    by_name = {}
    for field in fields:
        by_name[field.name] = by_name[field.attname] = field
    unknown = [key for key in own if key not in by_name]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {unknown[0]}")
    varying = [by_name[key] for key in own]  # the rows' own columns, in the rows' key order
    if pk in varying:
        raise ValueError("the ids come from the table's sequence")
    template = model(**shared)
    for field in fields:
        unique = field.unique and field is not pk and field not in varying
        if unique and getattr(template, field.attname) is not None:
            raise ValueError(f"{model.__name__}.{field.name} is unique: give it in every row")
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**{**shared, **row}) for row in rows], batch_size=1000)
        return [obj.pk for obj in objs]
    fixed = [f for f in fields if f is not pk and f not in varying]
    tail = "".join("\t" + copy_text(f.pre_save(template, True)) for f in fixed) + "\n"
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        buf = io.StringIO()
        write = buf.write
        for row, new_id in zip(rows, ids, strict=True):
            write(str(new_id))
            for value in row.values():  # an instance for a relation by name: its pk
                write("\t")
                write(copy_text(value.pk if isinstance(value, Model) else value))
            write(tail)
        buf.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *varying, *fixed])
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", buf)
    return ids
