from django.contrib import admin

from prongsai.agencies.models import Agency, Department, Membership


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name_th", "slug", "agency_type", "size_group", "province"]
    search_fields = ["name_th", "name_en", "slug", "itas_code"]
    list_filter = ["agency_type", "size_group", "province"]
    inlines = [DepartmentInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "department", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["user__username", "agency__name_th"]
