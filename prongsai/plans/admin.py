from django.contrib import admin

from prongsai.plans.models import Decision, Guideline, Measure, Plan, ReviewMeeting, SuggestedMeasure


class GuidelineInline(admin.TabularInline):
    model = Guideline
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["assessment", "status", "approved_by", "approved_at"]
    list_filter = ["status", "assessment__fiscal_year"]
    inlines = [GuidelineInline]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["plan", "indicator", "text", "status", "progress"]
    list_filter = ["status", "indicator", "plan__assessment__fiscal_year"]
    search_fields = ["text"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    raw_id_fields = ["measure"]


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(admin.ModelAdmin):
    list_display = ["assessment", "held_on", "place"]
    inlines = [DecisionInline]


@admin.register(SuggestedMeasure)
class SuggestedMeasureAdmin(admin.ModelAdmin):
    list_display = ["indicator", "text", "agency", "source"]
    list_filter = ["indicator"]
