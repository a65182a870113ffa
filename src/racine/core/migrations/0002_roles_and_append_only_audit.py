"""Seed the fixed roles; make the database refuse changes to the audit log."""

from django.db import migrations

from racine.core import db
from racine.core.choices import RoleCode


def create_roles(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code in RoleCode.values:
        Role.objects.get_or_create(code=code)


def install_trigger(apps, schema_editor):
    db.install_append_only_trigger(schema_editor)


def remove_trigger(apps, schema_editor):
    db.remove_append_only_trigger(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
