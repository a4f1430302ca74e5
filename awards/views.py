"""HTML pages of the awards app: the catalogue and rules (links into the admin)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from awards import imports, ratings, roles
from awards.errors import PayloadTooLarge
from awards.models import AwardType, BaseSalary, EmulationBloc, Period
from awards.pages import page


@page
def catalogue(request):
    if not roles.manages_catalogue(request.user):
        raise PermissionDenied
    award_types = AwardType.objects.prefetch_related("rule_sets").order_by("name")
    return render(
        request,
        "awards/catalogue.html",
        {
            "nav": "catalogue",
            "award_types": award_types,
            "periods": Period.objects.all()[:10],
            "base_salaries": BaseSalary.objects.all()[:5],
            "blocs": EmulationBloc.objects.all(),
        },
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại dữ liệu"), error_messages={"required": _("Vui lòng chọn loại dữ liệu.")}
    )
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Dùng đúng tệp mẫu của loại dữ liệu; tối đa 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("Vui lòng chọn tệp Excel."), "empty": _("Tệp tải lên rỗng.")},
    )
    dry_run = forms.BooleanField(
        label=_("Chỉ kiểm tra, chưa ghi dữ liệu"),
        required=False,
        initial=True,
        help_text=_(
            "Nên kiểm tra trước: báo cáo liệt kê từng dòng lỗi; không dòng nào được ghi khi còn lỗi."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— Chọn loại dữ liệu —"))] + [
            (slug, spec.title) for slug, spec in imports.KINDS.items()
        ]


@page
def import_data(request):
    """Excel imports of the register, dry run first, with the report row by row."""
    if not roles.manages_catalogue(request.user):
        raise PermissionDenied
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            spec = imports.KINDS[form.cleaned_data["kind"]]
            try:
                guard = ratings.import_guard(request.user) if spec is imports.KINDS["ratings"] else None
                report = imports.run_import(
                    spec, form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], guard=guard
                )
            except PayloadTooLarge as error:
                form.add_error("file", error.message)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
        if form.errors or (report and report.errors):
            status = 400
    else:
        form = ImportForm(initial={"kind": request.GET.get("kind", "")})
    return render(
        request,
        "awards/imports.html",
        {"nav": "catalogue", "form": form, "report": report, "kinds": imports.KINDS},
        status=status,
    )


@page
def import_template(request, kind: str):
    if not roles.manages_catalogue(request.user):
        raise PermissionDenied
    spec = imports.KINDS.get(kind)
    if spec is None:
        raise Http404
    response = HttpResponse(
        imports.template(spec),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{spec.slug}.xlsx"'
    return response
