"""The Django admin of the pipeline: candidates to read (their writes are the pages' stage actions and the
decision, through the services), a committee's days off to add and remove through the services."""

from django.contrib import admin

from admissions.admin import ServiceErrorsAdminMixin
from admissions.text import fold

from . import services
from .models import Candidate, DayOff


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("full_name", "date_of_birth", "cell", "grassroots", "stage", "decision_due", "outcome")
    list_filter = ("stage", "outcome", "youth_union", "former_member")
    show_full_result_count = False
    search_fields = ("full_name", "name_folded", "national_id")
    list_select_related = ("cell", "grassroots")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term) or search_term)


@admin.register(DayOff)
class DayOffAdmin(ServiceErrorsAdminMixin, admin.ModelAdmin):
    list_display = ("day", "unit", "reason")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    date_hierarchy = "day"

    def has_change_permission(self, request, obj=None):
        return False  # a day off is added or removed; its deadlines follow either way

    def save_model(self, request, obj, form, change):
        saved = services.day_off_create(user=request.user, **form.cleaned_data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.day_off_delete(day_off=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for day_off in queryset.select_related("unit"):
            services.day_off_delete(day_off=day_off, user=request.user)
