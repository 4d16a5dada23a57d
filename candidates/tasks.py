"""The pipeline's work that runs in the background (django.tasks, as admissions.tasks): a long export of the
candidate list, written by the members' export job (admissions.tasks.list_export)."""

from django.http import QueryDict
from django.tasks import task
from django.utils.translation import gettext_lazy as _

from admissions.tasks import list_export

from . import exports
from .filtersets import CandidateFilterSet


@task
def candidate_export(
    job_id: str, query: str, file_format: str, columns: list[str] | None = None, file_stem: str = "quan-chung"
) -> None:
    """The candidate list under the filter `query` (the list page's query string) as a file, exactly the
    rows the page shows its owner (the same filterset and selector)."""
    list_export(
        job_id,
        rows=lambda owner: CandidateFilterSet(QueryDict(query), user=owner).qs,
        file_format=file_format,
        columns=exports.chosen(columns or ()),
        file_stem=file_stem,
        done=_("Đã xuất %(count)s quần chúng."),
    )
