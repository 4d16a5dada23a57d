"""What several data-entry pages share."""

from functools import cached_property

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..forms import YearForm


class ChosenYearMixin:
    """A page about one year (`?year=`): a bad value falls back to this year with a message."""

    @cached_property
    def year(self) -> int:
        form = YearForm(self.request.GET)
        if form.is_valid():
            return form.cleaned_data["year"]
        if "year" in self.request.GET:
            messages.warning(self.request, _("Năm không hợp lệ; đang hiển thị năm nay."))
        return timezone.localdate().year

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=self.year, year_form=YearForm(initial={"year": self.year}), **kwargs
        )
