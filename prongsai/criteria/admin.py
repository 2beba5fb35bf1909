from django.contrib import admin
from django.http import HttpRequest

from prongsai.criteria.models import CriteriaVersion


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    """Read-only: versions change only by loading a new file."""

    list_display = ["code", "fiscal_year", "status", "owner", "loaded_at"]
    list_filter = ["status", "fiscal_year"]

    def has_change_permission(self, request: HttpRequest, obj: CriteriaVersion | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
