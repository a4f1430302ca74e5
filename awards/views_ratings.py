"""Pages where units enter their yearly ratings, and where staff lock a checked year."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import clock, imports, pickers, ratings, roles
from awards.enums import RecordSource
from awards.errors import ConflictError, PayloadTooLarge
from awards.models import AwardRecord, Organization, Rating, RatingLock
from awards.pages import page


class RatingForm(forms.ModelForm):
    decision_date = forms.DateField(
        label=gettext_lazy("Ngày quyết định của đơn vị"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Rating
        fields = ["level", "maternity_leave", "decision_number", "decision_date", "decision_file"]
        widgets = {"decision_file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}
        help_texts = {
            "decision_number": gettext_lazy("Số quyết định công nhận của chính đơn vị, ví dụ 12/QĐ-VP."),
            "decision_file": gettext_lazy("Không bắt buộc; PDF, tối đa 10 MB."),
        }

    title = forms.ChoiceField(
        label=gettext_lazy("Danh hiệu đơn vị xét tặng"),
        required=False,
        help_text=gettext_lazy(
            "Lao động tiên tiến, Chiến sĩ thi đua cơ sở…: cần số và ngày quyết định của đơn vị."
        ),
    )

    def __init__(self, *args, recipient_kind: str, current_title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = {t.code: t for t in ratings.unit_titles(recipient_kind)}
        self.fields["title"].choices = [("", gettext_lazy("— Không có —"))] + [
            (code, t.name) for code, t in self.titles.items()
        ]
        self.fields["title"].initial = current_title

    def clean(self):
        data = super().clean()
        if data.get("title") and not (data.get("decision_number") and data.get("decision_date")):
            self.add_error("decision_number", gettext_lazy("Danh hiệu cần số và ngày quyết định của đơn vị."))
        return data

    def chosen_title(self):
        return self.titles.get(self.cleaned_data.get("title") or "")

    def clean_decision_file(self):
        upload = self.cleaned_data.get("decision_file")
        if upload and hasattr(upload, "content_type"):
            ratings.check_pdf(upload)
        return upload


class RatingsChoiceForm(forms.Form):
    """Which unit and year the page shows: the unit is a picker (a province has thousands)."""

    organization = forms.TypedChoiceField(label=gettext_lazy("Đơn vị"), coerce=int)
    year = forms.TypedChoiceField(label=gettext_lazy("Năm"), coerce=int)

    def __init__(self, request, units, *, unit: Organization, year: int):
        super().__init__(initial={"organization": unit.pk, "year": year}, auto_id="r-%s")
        pickers.unit_filter(
            self.fields["organization"], units, chosen=str(unit.pk), query=request.GET.get("organization_q"),
            url_name="picker-rating-units",
        )  # fmt: skip
        this_year = clock.today().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, this_year - 8, -1)]


class RatingsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel xếp loại (.xlsx)"),
        error_messages={"required": gettext_lazy("Vui lòng chọn tệp Excel.")},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra, chưa ghi dữ liệu"), required=False, initial=True
    )


def _require_entry(user) -> None:
    if not roles.enters_ratings(user):
        raise PermissionDenied


def _year(raw: str | None) -> int:
    this_year = clock.today().year
    year = _id(raw) if raw else this_year - 1
    if year is None:
        return this_year - 1
    return year if 1945 <= year <= this_year else this_year - 1


def _id(raw: str | None) -> int | None:
    # ASCII and bounded: "²" is a digit to isdigit(), and 20 digits overflow the database.
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _unit(request, units) -> Organization | None:
    raw = request.GET.get("organization") or request.POST.get("organization")
    if raw:
        pk = _id(raw)
        return units.filter(pk=pk).first() if pk is not None else None
    own = request.user.organization
    return own if own is not None and units.filter(pk=own.pk).exists() else units.order_by("path").first()


def _rows(people_or_units, found: dict[int, Rating], titles: dict[int, AwardRecord]) -> list[dict]:
    return [{"subject": s, "rating": found.get(s.pk), "title": titles.get(s.pk)} for s in people_or_units]


def _unit_titles(year: int, **subjects) -> dict[int, AwardRecord]:
    ((field, queryset),) = subjects.items()
    records = AwardRecord.objects.filter(year=year, source=RecordSource.UNIT, **{f"{field}__in": queryset})
    return {getattr(r, f"{field}_id"): r for r in records.select_related("award_type")}


def _list_url(unit: Organization, year: int) -> str:
    return f"{reverse('register-ratings')}?{urlencode({'organization': unit.pk, 'year': year})}"


@page
def ratings_home(request):
    """A unit's year: its people and sub-units with their rating, the lock, the Excel import."""
    _require_entry(request.user)
    units = ratings.organizations_for_entry(request.user)
    unit = _unit(request, units)
    if unit is None:
        # A unit named but not the user's is a 404; a user with no unit at all, a 403.
        raise (
            Http404
            if (request.GET.get("organization") or request.POST.get("organization"))
            else PermissionDenied
        )
    year = _year(request.GET.get("year") or request.POST.get("year"))
    report, form, status = None, RatingsImportForm(), 200
    if request.method == "POST" and request.POST.get("action") == "import":
        report, form, status = _import(request)
    elif request.method == "POST":
        return _lock_action(request, unit, year)
    people = ratings.people_for_entry(request.user).filter(organization__path__startswith=unit.path)
    subunits = units.filter(path__startswith=unit.path)
    found_people = {
        r.person_id: r
        for r in Rating.objects.filter(year=year, person__in=people).select_related("entered_by")
    }
    found_units = {
        r.organization_id: r
        for r in Rating.objects.filter(year=year, organization__in=subunits).select_related("entered_by")
    }
    context = {
        "nav": "register",
        "tab": "ratings",
        "unit": unit,
        "choice_form": RatingsChoiceForm(request, units, unit=unit, year=year),
        "year": year,
        "people": _rows(people.order_by("sort_key", "id"), found_people, _unit_titles(year, person=people)),
        "subunits": _rows(subunits.order_by("path"), found_units, _unit_titles(year, organization=subunits)),
        "lock": ratings.lock_for(unit.path, year),
        "can_lock": roles.locks_ratings(request.user),
        "import_form": form,
        "report": report,
    }
    return render(request, "awards/register/ratings.html", context, status=status)


def _import(request):
    form = RatingsImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = imports.run_import(
                imports.KINDS["ratings"],
                form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                guard=ratings.import_guard(request.user),
            )
        except PayloadTooLarge as error:
            form.add_error("file", error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
    failed = bool(form.errors or (report and report.errors))
    return report, form, 400 if failed else 200


def _lock_action(request, unit: Organization, year: int):
    if not roles.locks_ratings(request.user):
        raise PermissionDenied
    if request.POST.get("action") == "unlock":
        lock = RatingLock.objects.filter(organization=unit, year=year).first()
        if lock is not None:
            ratings.rating_unlock(actor=request.user, lock=lock)
            messages.success(
                request,
                _("Đã mở khóa xếp loại năm %(year)s của %(unit)s.") % {"year": year, "unit": unit.name},
            )
    else:
        try:
            ratings.rating_lock(actor=request.user, organization=unit, year=year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_list_url(unit, year))
        messages.success(
            request, _("Đã khóa xếp loại năm %(year)s của %(unit)s.") % {"year": year, "unit": unit.name}
        )
    return redirect(_list_url(unit, year))


def _subject(request):
    """The person or sub-unit named in the query, if `request.user` may enter its ratings."""
    person_id, unit_id = _id(request.GET.get("person")), _id(request.GET.get("organization"))
    if person_id is not None:
        person = ratings.people_for_entry(request.user).filter(pk=person_id).first()
        if person is not None:
            return {"person": person}, person.full_name, person.organization
    elif unit_id is not None:
        unit = ratings.organizations_for_entry(request.user).filter(pk=unit_id).first()
        if unit is not None:
            return {"organization": unit}, unit.name, unit.parent or unit
    raise Http404


@page
def rating_entry(request):
    """One rating: create or change; a locked year is refused (409) with who locked it and when."""
    _require_entry(request.user)
    subject, name, back_unit = _subject(request)
    year = _year(request.GET.get("year"))
    rating = Rating.objects.filter(year=year, **subject).first() or Rating(year=year, **subject)
    lock = ratings.lock_for(ratings.subject_path(rating), year)
    target = subject.get("person") or subject["organization"]
    current = ratings.unit_title_of(target, year)
    options = {
        "recipient_kind": "individual" if "person" in subject else "collective",
        "current_title": current.award_type.code if current else "",
    }
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST, request.FILES, instance=rating, **options)
        if form.is_valid():
            try:
                ratings.save_year(
                    actor=request.user, rating=form.instance, subject=target, title=form.chosen_title()
                )
            except ConflictError as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                status = 400
            else:
                messages.success(
                    request, _("Đã ghi xếp loại năm %(year)s của %(name)s.") % {"year": year, "name": name}
                )
                return redirect(_list_url(back_unit, year))
        else:
            status = 400
    else:
        form = RatingForm(instance=rating, **options)
    context = {
        "nav": "register",
        "form": form,
        "name": name,
        "year": year,
        "lock": lock,
        "back": _list_url(back_unit, year),
    }
    return render(request, "awards/register/rating_form.html", context, status=status)
