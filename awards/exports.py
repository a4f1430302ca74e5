"""Every list of the service as an .xlsx workbook: one writer, one row limit, one safety rule.

Pages and API endpoints describe their columns (`Column`) and hand over an
iterable of rows; the workbook is written in openpyxl's write-only mode into a
spooled temporary file and streamed back, so 50,000 rows never sit in memory
as cells. Text is always written as text: a value such as "=HYPERLINK(...)"
stays a string and never becomes a formula in the office's Excel.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from awards import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Far above a province's yearly lists; a request over it is refused, not truncated.
DEFAULT_MAX_ROWS = 100_000
FORMATS = ("json", "xlsx")

_MONEY = "#,##0"
_DATE = "DD/MM/YYYY"
_DATETIME = "DD/MM/YYYY HH:MM"
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    """One column: its Vietnamese header, how to read a row, and what the value is."""

    header: str
    value: Callable[[Any], Any]
    kind: str = "text"  # text, int, money, date, datetime
    width: int = 18


def max_rows() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def too_many_rows(count: int) -> ValidationError:
    return ValidationError(
        _(
            "Chỉ xuất được tối đa %(limit)s dòng; điều kiện lọc hiện tại cho %(count)s dòng. Hãy thu hẹp điều kiện lọc."
        )
        % {"limit": f"{max_rows():,}".replace(",", "."), "count": f"{count:,}".replace(",", ".")}
    )


def check_row_count(count: int) -> None:
    if count > max_rows():
        raise too_many_rows(count)


_FORMATS = {"money": _MONEY, "date": _DATE, "datetime": _DATETIME}


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    # openpyxl reads a leading "=" as a formula; a register never holds one.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


class _RowWriter:
    """Turns a row into cells. A write-only sheet writes each row as it is appended, so one
    styled cell per column is reused; plain values go in bare (openpyxl's fast path)."""

    def __init__(self, sheet, columns: Sequence[Column]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.styled: list[WriteOnlyCell | None] = []
        for column in columns:
            fmt = _FORMATS.get(column.kind)
            cell = None
            if fmt is not None:
                cell = WriteOnlyCell(sheet)
                cell.number_format = fmt
            self.styled.append(cell)

    def cells(self, row: Any) -> list[Any]:
        out: list[Any] = []
        for column, styled in zip(self.columns, self.styled, strict=True):
            value = _plain(column.value(row), column.kind)
            if isinstance(value, str):
                out.append(_text_cell(self.sheet, value) if value.startswith(_FORMULA_START) else value)
            elif styled is not None and value is not None:
                styled.value = value
                out.append(styled)
            else:
                out.append(value)
        return out


def _plain(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the service's local time, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return _printable(str(value))


def _printable(text: str) -> str:
    # Control characters cannot be stored in a worksheet (a filter typed into the
    # query string may carry them): they are dropped, the rest is written as text.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def write_workbook(
    stream,
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    filters: Sequence[tuple[str, str]] = (),
) -> int:
    """Write the title, the filters in force, the header and the rows; return the row count."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_name(title))
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=13)
    heading.data_type = "s"
    sheet.append([heading])
    for label, value in filters:
        text = _printable(f"{label}: {value}")
        sheet.append([_text_cell(sheet, text) if text.startswith(_FORMULA_START) else text])
    sheet.append([_("Ngày xuất: %(day)s") % {"day": clock.today().strftime("%d/%m/%Y")}])
    sheet.append([])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    writer = _RowWriter(sheet, columns)
    count = 0
    for row in rows:
        sheet.append(writer.cells(row))
        count += 1
    book.save(stream)
    return count


def _sheet_name(title: str) -> str:
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


def xlsx_response(
    *,
    filename: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    filters: Sequence[tuple[str, str]] = (),
) -> FileResponse:
    """The workbook as a streamed download (spooled to disk past 16 MB)."""
    stream = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    write_workbook(stream, title=title, columns=columns, rows=rows, filters=filters)
    stream.seek(0)
    response = FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def wants_xlsx(params) -> bool:
    """Pages: `?format=xlsx` downloads; any other value is a 400 (raised here)."""
    value = params.get("format", "")
    if value in ("", "html"):
        return False
    if value == "xlsx":
        return True
    raise ValidationError(_("Định dạng “%(format)s” không được hỗ trợ; dùng: xlsx.") % {"format": value[:20]})


def page_download(
    request,
    *,
    columns: Sequence[Column],
    title: str,
    filename: str,
    queryset=None,
    rows: Callable[[], Iterable[Any]] | None = None,
    count: Callable[[], int] | None = None,
    filters: Sequence[tuple[str, str]] = (),
):
    """Pages: the .xlsx download of `?format=xlsx`, a 400 page when it cannot be, None otherwise."""
    try:
        if not wants_xlsx(request.GET):
            return None
        check_row_count(count() if count is not None else queryset.count())
    except ValidationError as error:
        return refused(request, error.messages)
    return xlsx_response(
        filename=filename,
        title=title,
        columns=columns,
        rows=rows() if rows is not None else queryset.iterator(chunk_size=2000),
        filters=[(label, str(value)) for label, value in filters if value not in (None, "")],
    )


def refused(request, messages: Sequence[str]):
    return render(request, "awards/register/refused.html", {"errors": list(messages)}, status=400)


# --- the API side: `?format=xlsx` on every list endpoint -------------------------------------------


class XlsxRenderer(BaseRenderer):
    """Lets `?format=xlsx` through content negotiation; the view writes the workbook."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached by an error response: those are written as JSON (see ExportMixin).
        return JSONRenderer().render(data, "application/json", renderer_context)


class ExportNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 400 naming the formats, not DRF's bare 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted and wanted not in {renderer.format for renderer in renderers}:
            known = ", ".join(sorted({r.format for r in renderers if r.format != "api"}))
            raise exceptions.ValidationError(
                {
                    "format": [
                        _("Định dạng “%(format)s” không được hỗ trợ; dùng: %(known)s.")
                        % {"format": wanted[:20], "known": known}
                    ]
                }
            )
        return super().select_renderer(request, renderers, format_suffix)


class ExportMixin:
    """For a list viewset: `?format=xlsx` writes every filtered row (up to `max_rows()`) as .xlsx.

    The viewset sets `export_title`, `export_filename` and `export_columns`
    (or overrides `get_export_columns` / `get_export_rows`).
    """

    content_negotiation_class = ExportNegotiation
    export_title = ""
    export_filename = "danh-sach.xlsx"
    export_columns: Sequence[Column] = ()

    def get_renderers(self):
        return [*super().get_renderers(), XlsxRenderer()]

    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "xlsx"

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def get_export_rows(self, queryset) -> Iterable[Any]:
        return queryset.iterator(chunk_size=2000)

    def export_filters(self, queryset) -> list[tuple[str, str]]:
        filterset_class = getattr(self, "filterset_class", None)
        # A bound filterset knows its model, hence each filter's Vietnamese label.
        known = filterset_class(queryset=queryset.none()).filters if filterset_class else {}
        written = []
        for key, values in self.request.query_params.lists():
            if key in ("format", "page", "page_size") or not any(values):
                continue
            label = getattr(known.get(key), "label", None) or key
            written.append((str(label), ", ".join(v for v in values if v)))
        return written

    def export_response(self, queryset):
        check_row_count(queryset.count())
        return xlsx_response(
            filename=self.export_filename,
            title=str(self.export_title),
            columns=self.get_export_columns(),
            rows=self.get_export_rows(queryset),
            filters=self.export_filters(queryset),
        )

    def list(self, request, *args, **kwargs):
        if self.exporting():
            return self.export_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and self.exporting():
            # Errors of an export request are answered in JSON, as everywhere else.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
