"""The themes page (QA leads only): every strength and area for development of a week's
observations per category, with counts, and the small forms that tag them. Thin views over
observations.themes. Each tagging form posts, then goes back to the page as it was, at the
point it tagged; a refused one shows the page again with the message beside its field."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from practiceweek.access import forbid_unless
from practiceweek.forms import add_service_errors
from practiceweek.models import PracticeWeek, Service, Team
from practiceweek.views import AuthedRequest

from .. import themes
from ..access import can_tag_themes
from ..models import CategoryNote, NoteTag, Observation, PointKind
from ..themes_forms import NoteTagForm, ReturnToFilterForm, ThemesFilterForm, ThemeTagForm


def _qa_only(request: AuthedRequest) -> None:
    forbid_unless(can_tag_themes(request.user), "The themes page is for QA leads.")


@dataclass(frozen=True)
class _Filter:
    week: PracticeWeek | None  # None: no week yet, or a refused filter
    service_id: int | None = None
    team_id: int | None = None

    def url(self, anchor: str) -> str:
        """The themes page showing this filter, at an anchor: ids and a slug only."""
        week = {"week": self.week.slug} if self.week else {}
        return f"{reverse('observations:themes')}?{urlencode(week)}{self.query}#{anchor}"

    @property
    def query(self) -> str:
        """The service and team, for the action of a form that comes back here ("" if none)."""
        ids = {"service": self.service_id, "team": self.team_id}
        query = urlencode({k: v for k, v in ids.items() if v is not None})
        return f"&{query}" if query else ""

    @property
    def suffix(self) -> str:
        """`query` as the start of a query string: "?service=3" (or "")."""
        return f"?{self.query[1:]}" if self.query else ""

    def action(self, url: str) -> str:
        return f"{url}{self.suffix}"

    @classmethod
    def posted(cls, request: AuthedRequest, week: PracticeWeek) -> "_Filter":
        """The filter a tagging form came from: ids that are not numbers are dropped."""
        back = ReturnToFilterForm(request.GET)
        back.is_valid()
        return cls(week, back.cleaned_data.get("service"), back.cleaned_data.get("team"))


def _default_week(weeks: list[PracticeWeek]) -> PracticeWeek | None:
    """The live week (the latest, if several), or else the latest week."""
    live = [w for w in weeks if w.status == PracticeWeek.Status.LIVE]
    return next(iter(live or weeks), None)


def _filter_form(data: object, *, shown: _Filter | None = None) -> tuple[ThemesFilterForm, _Filter]:
    """The filter form (three queries) and the filter it chose; `shown` fills an unbound form."""
    weeks = list(PracticeWeek.objects.order_by("-start_date", "-pk"))
    shown = shown or _Filter(week=_default_week(weeks))
    form = ThemesFilterForm(
        data,
        weeks=weeks,
        services=list(Service.objects.order_by("name")),
        teams=list(Team.objects.select_related("service").order_by("service__name", "name")),
        initial={
            "week": shown.week.slug if shown.week else None,
            "service": shown.service_id,
            "team": shown.team_id,
        },
    )
    if not form.is_bound:
        return form, shown
    if not form.is_valid():
        return form, _Filter(week=None)
    return form, _Filter(form.chosen_week, form.cleaned_data["service"], form.cleaned_data["team"])


@dataclass(frozen=True)
class _Row:
    point: themes.Point
    form: NoteTagForm


@dataclass(frozen=True)
class _Section:
    section: themes.CategorySection
    strengths: list[_Row]
    areas: list[_Row]


def _sections(
    page: themes.ThemesPage, shown: _Filter, refused: NoteTagForm | None
) -> list[_Section]:
    """Each point with its tagging form (the refused one where it was posted)."""

    def row(point: themes.Point) -> _Row:
        if refused is not None and (refused.note_id, refused.kind) == (point.note.pk, point.kind):
            form = refused
        else:
            url = reverse("observations:themes_tag_attach", args=[point.note.pk, point.kind])
            form = NoteTagForm(note_id=point.note.pk, kind=point.kind, action=shown.action(url))
        form.offer(page.tags, {t.tag_id for t in point.tags})
        return _Row(point=point, form=form)

    return [
        _Section(s, [row(p) for p in s.strengths], [row(p) for p in s.areas]) for s in page.sections
    ]


def _page(
    request: AuthedRequest,
    *,
    filter_form: ThemesFilterForm,
    shown: _Filter,
    tag_form: ThemeTagForm | None = None,
    point_form: NoteTagForm | None = None,
    status: int = 200,
) -> HttpResponse:
    refused = point_form or tag_form
    context: dict[str, object] = {"filter_form": filter_form, "shown": shown, "refused": refused}
    if shown.week is not None:
        page = themes.themes_page(shown.week, service_id=shown.service_id, team_id=shown.team_id)
        context["page"] = page
        context["sections"] = _sections(page, shown, point_form)
        context["tag_form"] = tag_form or ThemeTagForm(
            action=shown.action(reverse("observations:themes_tag_new")),
            initial={"week": shown.week.slug},
        )
    return render(request, "observations/themes.html", context, status=status)


def themes_view(request: AuthedRequest) -> HttpResponse:
    _qa_only(request)
    form, shown = _filter_form(request.GET or None)
    return _page(request, filter_form=form, shown=shown, status=400 if form.errors else 200)


@require_POST
def themes_tag_new(request: AuthedRequest) -> HttpResponse:
    _qa_only(request)
    # Only a slug is looked up: PostgreSQL refuses a NUL in a query (a 500, not a 404).
    slug = request.POST.get("week", "")
    week = get_object_or_404(PracticeWeek, slug=slug if slug_re.match(slug) else "")
    form = ThemeTagForm(request.POST, action=request.get_full_path())
    if form.is_valid():
        try:
            themes.theme_tag_create(week=week, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
    shown = _Filter.posted(request, week)
    if not form.errors:
        return redirect(shown.url("tags"))
    filter_form, _ = _filter_form(None, shown=shown)
    return _page(request, filter_form=filter_form, shown=shown, tag_form=form, status=400)


@require_POST
def themes_tag_attach(request: AuthedRequest, note: int, kind: str) -> HttpResponse:
    _qa_only(request)
    if kind not in PointKind.values:
        raise Http404("Tag a strength or an area for development.")
    the_note = get_object_or_404(
        CategoryNote.objects.select_related("observation__week").filter(
            observation__status=Observation.Status.SUBMITTED
        ),
        pk=note,
    )
    action = request.get_full_path()
    form = NoteTagForm(request.POST, note_id=the_note.pk, kind=kind, action=action)
    if form.is_valid():
        try:
            themes.note_tag_attach(
                note=the_note, kind=kind, tag_id=form.cleaned_data["tag"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    shown = _Filter.posted(request, the_note.observation.week)
    if not form.errors:
        return redirect(shown.url(f"point-{the_note.pk}-{kind}"))
    filter_form, _ = _filter_form(None, shown=shown)
    return _page(request, filter_form=filter_form, shown=shown, point_form=form, status=400)


@require_POST
def themes_tag_detach(request: AuthedRequest, pk: int) -> HttpResponse:
    _qa_only(request)
    note_tag = get_object_or_404(NoteTag.objects.select_related("note__observation__week"), pk=pk)
    themes.note_tag_detach(note_tag=note_tag, user=request.user)
    shown = _Filter.posted(request, note_tag.note.observation.week)
    return redirect(shown.url(f"point-{note_tag.note_id}-{note_tag.kind}"))


urlpatterns = [
    path("themes/", themes_view, name="themes"),
    path("themes/tags/", themes_tag_new, name="themes_tag_new"),
    path("themes/notes/<int:note>/<str:kind>/tag/", themes_tag_attach, name="themes_tag_attach"),
    path("themes/note-tags/<int:pk>/remove/", themes_tag_detach, name="themes_tag_detach"),
]
