from django.contrib import admin

from prongsai.assessments.models import Assessment, AssessmentResult, IndicatorScore


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "fiscal_year", "criteria", "status"]
    list_filter = ["fiscal_year", "status"]


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    list_display = ["assessment", "total", "level_code", "source"]
    inlines = [IndicatorScoreInline]
