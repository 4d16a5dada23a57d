"""The Django admin for every model. Saves go through the services, so the admin obeys the same rules."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from . import services
from .models import AuditEntry, Member, Quota, Unit
from .text import fold


class ServiceErrorsAdminMixin:
    """A service's refusal at save time (a rule across rows, a record changed meanwhile) shown as an error
    message on the page it came from, nothing saved, rather than a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Unit)
class UnitAdmin(ServiceErrorsAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "level", "unit_type", "parent", "valid_from", "valid_to")
    list_filter = ("level", "unit_type", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("name", "short_name", "code")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "successor")
    ordering = ("path",)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change:
            services.unit_update(unit=obj, user=request.user, **fields)
        else:
            saved = services.unit_create(user=request.user, **fields)
            obj.pk, obj.path, obj.depth = saved.pk, saved.path, saved.depth

    def delete_model(self, request, obj):
        services.unit_delete(unit=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for unit in queryset.order_by("-depth"):  # the lowest first: a parent emptied by the action goes too
            services.unit_delete(unit=unit, user=request.user)


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "source", "target", "document_number", "document_date")
    list_filter = ("year", "source", "unit__level")
    search_fields = ("unit__name", "unit__code", "document_number")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data}
        if change and {"unit", "year", "source"} & set(form.changed_data):
            # quota_set keys on (unit, year, source): moving a quota is removing it and setting another.
            services.quota_delete(quota=Quota.objects.get(pk=obj.pk), user=request.user)
        saved = services.quota_set(user=request.user, **fields)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.quota_delete(quota=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for quota in queryset:
            services.quota_delete(quota=quota, user=request.user)


class MemberAdminForm(forms.ModelForm):
    """The admin's member form carries the version it was loaded with, as the pages' form does, so an admin
    save made after a clerk's is refused instead of silently reverting it (services.member_update)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Member
        fields = "__all__"  # noqa: DJ007 (the admin shows the whole record)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].required = True
            self.initial.setdefault("loaded_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        # Refused on the form when someone saved since the page was loaded (the usual case); two saves at
        # the same moment are decided by the service's conditional UPDATE.
        version = cleaned.get("loaded_version")
        if self.instance.pk and version is not None:
            current = Member.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != version:
                raise ValidationError(services.STALE_MEMBER_MESSAGE, code="stale")
        return cleaned


@admin.register(Member)
class MemberAdmin(ServiceErrorsAdminMixin, admin.ModelAdmin):
    form = MemberAdminForm
    list_display = (
        "full_name",
        "sex",
        "date_of_birth",
        "cell",
        "grassroots",
        "decision_number",
        "decision_date",
        "status",
    )
    # No filter on `grassroots`: Django's related filter renders one link per unit of every level (295,000
    # and a 36 MB page at national scale). Filter by organisation with ?grassroots__id__exact=<id>.
    list_filter = ("status", "sex", "occupation", "youth_union", "readmission", "decision_date")
    show_full_result_count = False  # the filtered count is enough; the full one counts every member
    search_fields = ("full_name", "name_folded", "national_id", "decision_number", "record_number")
    list_select_related = ("cell", "grassroots")
    autocomplete_fields = ("cell",)
    date_hierarchy = "decision_date"
    readonly_fields = ("grassroots", "probation_end", "created_at", "created_by", "updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "loaded_version"}
        if change:
            services.member_update(
                member=obj, user=request.user, expected_version=form.cleaned_data["loaded_version"], **fields
            )
        else:
            saved = services.member_create(user=request.user, **fields)
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.member_delete(member=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action too: one service call each, so every deletion is in the history.
        for member in queryset:
            services.member_delete(member=member, user=request.user)

    def get_search_results(self, request, queryset, search_term):
        # Typing without diacritics ("nguyen van an") finds "Nguyễn Văn An".
        return super().get_search_results(request, queryset, fold(search_term) or search_term)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The history is read-only: it is written by the services alone."""

    list_display = ("at", "user", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
