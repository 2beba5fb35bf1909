"""Django's `flush`, which empties every table, made to work with the append-only audit guard.

Emptying the whole database (tests between cases, a fresh start) is the one case where audit rows may
go; the guard is lifted for that statement only and reinstalled before the command returns.
"""

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from prongsai.audit import guard


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        with guard.lifted(connection):
            super().handle(**options)
