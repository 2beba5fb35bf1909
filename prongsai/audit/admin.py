from django.contrib import admin

from prongsai.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Append-only: nobody edits or deletes entries through the admin."""

    list_display = ["at", "actor_label", "agency_slug", "action", "object_repr"]
    list_filter = ["action", "agency_slug"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
