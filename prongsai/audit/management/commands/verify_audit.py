from django.core.management.base import BaseCommand, CommandError

from prongsai.audit.log import verify_chain
from prongsai.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Check that the audit trail's hash chain is whole; exits 1 naming the first bad entry."

    def handle(self, *args: object, **options: object) -> None:
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"Audit trail broken at entry {broken.entry_id}: {broken.reason}.", returncode=1)
        self.stdout.write(f"Audit trail intact: {AuditEntry.objects.count()} entries.")
