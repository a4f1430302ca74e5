"""Excel import of the register: people, ratings, initiatives, award records.

All rows or none: every problem is reported (row, column, a Vietnamese
sentence) and nothing is saved while any row fails. Rows are matched on a
natural key, so importing the same file twice changes nothing. Cells are read
as stored values and never evaluated: a cell holding "=1+2" is the text "=1+2".
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from awards import clock
from awards.enums import Gender, InitiativeScope, PositionGroup, RatingLevel, RecordSource
from awards.errors import PayloadTooLarge
from awards.models import AwardRecord, AwardType, Initiative, Organization, Person, Rating
from awards.text import has_forbidden_characters, normalize_text, search_key

# Bounds checked before the rows are parsed (an .xlsx is a zip: a small file can
# declare a million rows or unpack to gigabytes).
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 30
MAX_SHEET_COLUMNS = 1_000


class RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class ImportKind:
    slug: str
    title: str
    columns: tuple[Column, ...]
    # (row values, lookups) → (natural key, instance to save, fields it should have)
    build: Callable[[dict[str, Any], _Lookups], tuple[tuple, models.Model, dict[str, Any]]]
    # The key's column, named when two rows share a key.
    key_column: str = ""


@dataclass
class Problem:
    row: int
    column: str
    cell: str
    message: str


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [vars(p) for p in self.errors],
        }


# --- cell parsers ---------------------------------------------------------------------------------


def _text(value: Any, *, max_length: int) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if has_forbidden_characters(text):
        raise ValueError(_("chứa ký tự không hợp lệ (NUL hoặc mã thay thế lẻ)"))
    text = normalize_text(text)
    if len(text) > max_length:
        raise ValueError(_("dài quá %(max)s ký tự") % {"max": max_length})
    return text


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*", value):
        return int(value)
    raise ValueError


def _year(value: Any, *, first: int = 1945) -> int:
    try:
        year = _integer(value)
    except ValueError:
        raise ValueError(_("không phải là năm (ví dụ 2023)")) from None
    if year > clock.today().year:
        raise ValueError(_("năm %(year)s chưa đến") % {"year": year})
    if year < first:
        raise ValueError(_("năm %(year)s không hợp lệ") % {"year": year})
    return year


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = str(value).strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                day = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError(_("không phải là ngày (dd/mm/yyyy)"))
    if day > clock.today():
        raise ValueError(_("ngày %(day)s chưa đến") % {"day": day.strftime("%d/%m/%Y")})
    return day


def _choice(choices: type[models.TextChoices], extra: dict[str, str] | None = None) -> Callable[[Any], str]:
    accepted = {search_key(str(value)): value for value in choices.values}
    accepted.update({search_key(str(label)): value for value, label in choices.choices})
    accepted.update({search_key(k): v for k, v in (extra or {}).items()})

    def parse(value: Any) -> str:
        found = accepted.get(search_key(str(value)))
        if found is None:
            labels = ", ".join(str(label) for _v, label in choices.choices)
            raise ValueError(_("không thuộc danh mục (%(labels)s)") % {"labels": labels})
        return found

    return parse


def _boolean(value: Any) -> bool:
    if value in (None, "", 0, False):
        return False
    if value in (1, True):
        return True
    key = search_key(str(value))
    if key in {"co", "x", "yes", "true", "1", "dung"}:
        return True
    if key in {"khong", "no", "false", "0", "sai"}:
        return False
    raise ValueError(_("chỉ nhận “có” hoặc “không”"))


_gender = _choice(Gender)
_level = _choice(
    RatingLevel, {"HTXSNV": "excellent", "HTTNV": "good", "HTNV": "completed", "KHTNV": "not_completed"}
)
_scope = _choice(InitiativeScope)
_position_group = _choice(
    PositionGroup,
    {"lanh dao": "leader", "quan ly": "leader", "truc tiep": "worker", "nguoi truc tiep": "worker"},
)


# --- lookups: read once per file --------------------------------------------------------------------


class _Lookups:
    """The rows' codes resolved in a few queries."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        def texts(key: str) -> set[str]:
            found = set()
            for row in rows:
                try:
                    found.add(_text(row.get(key), max_length=255))
                except ValueError:
                    continue
            return found - {""}

        self.organizations = {
            o.code: o for o in Organization.objects.filter(code__in=texts("organization_code"))
        }
        self.people_by_code = {p.code: p for p in Person.objects.filter(code__in=texts("person_code"))}
        self.people_by_name: dict[tuple[int, str], list[Person]] = {}
        for person in Person.objects.filter(full_name__in=texts("full_name")):
            self.people_by_name.setdefault((person.organization_id, person.full_name), []).append(person)
        self.award_types = {t.code: t for t in AwardType.objects.filter(code__in=texts("award_type"))}

    def organization(self, code: str, column: str = "organization_code") -> Organization:
        organization = self.organizations.get(code)
        if organization is None:
            raise RowError(column, _("Không có đơn vị mã “%(code)s”.") % {"code": code})
        return organization

    def person(self, row: dict[str, Any], *, required: bool) -> Person | None:
        if row["person_code"]:
            person = self.people_by_code.get(row["person_code"])
            if person is None:
                raise RowError(
                    "person_code", _("Không có cá nhân mã “%(code)s”.") % {"code": row["person_code"]}
                )
            return person
        if row["full_name"]:
            if not row["organization_code"]:
                raise RowError("organization_code", _("Cần mã đơn vị để tìm cá nhân theo họ tên."))
            organization = self.organization(row["organization_code"])
            found = self.people_by_name.get((organization.pk, row["full_name"]), [])
            if not found:
                raise RowError(
                    "full_name",
                    _("Không có “%(name)s” trong đơn vị %(org)s.")
                    % {"name": row["full_name"], "org": organization.code},
                )
            if len(found) > 1:
                raise RowError(
                    "full_name",
                    _("Có %(n)s người tên “%(name)s” trong đơn vị: hãy ghi mã cá nhân.")
                    % {"n": len(found), "name": row["full_name"]},
                )
            return found[0]
        if required:
            raise RowError("person_code", _("Cần mã cá nhân hoặc họ và tên."))
        return None

    def subject(self, row: dict[str, Any]) -> tuple[Person | None, Organization | None]:
        person = self.person(row, required=False)
        if person is not None:
            return person, None
        if not row["organization_code"]:
            raise RowError("person_code", _("Cần mã cá nhân, họ và tên, hoặc mã đơn vị (tập thể)."))
        return None, self.organization(row["organization_code"])


def _existing(queryset: models.QuerySet) -> models.Model | None:
    return queryset.order_by("pk").first()


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    if isinstance(value, models.Model) or (value is None and name in ("person", "organization")):
        return getattr(instance, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(instance, name) != value


# --- the four kinds ----------------------------------------------------------------------------------

_SUBJECT_COLUMNS = (
    Column("person_code", "Mã cá nhân", help="Mã nội bộ của cá nhân (nếu có)."),
    Column("full_name", "Họ và tên", help="Dùng khi không có mã cá nhân; cần kèm mã đơn vị."),
    Column(
        "organization_code", "Mã đơn vị", help="Đơn vị của cá nhân, hoặc chính tập thể được xếp loại/khen."
    ),
)


def _build_person(row: dict[str, Any], lookups: _Lookups):
    organization = lookups.organization(row["organization_code"])
    fields = {
        "full_name": row["full_name"],
        "gender": row["gender"],
        "birth_year": row["birth_year"],
        "position": row["position"],
        "organization": organization,
    }
    if row.get("position_group"):
        fields["position_group"] = row["position_group"]
    if row["person_code"]:
        fields["code"] = row["person_code"]
        key: tuple = ("code", row["person_code"])
        instance = lookups.people_by_code.get(row["person_code"])
    else:
        key = ("name", organization.pk, row["full_name"], row["birth_year"])
        candidates = [
            p
            for p in lookups.people_by_name.get((organization.pk, row["full_name"]), [])
            if p.birth_year == row["birth_year"]
        ]
        if len(candidates) > 1:
            raise RowError("full_name", _("Có nhiều người trùng họ tên và năm sinh: hãy ghi mã cá nhân."))
        instance = candidates[0] if candidates else None
    return key, instance or Person(), fields


def _build_rating(row: dict[str, Any], lookups: _Lookups):
    person, organization = lookups.subject(row)
    subject = {"person": person} if person else {"organization": organization}
    existing = _existing(Rating.objects.filter(year=row["year"], **subject))
    fields = {
        **subject,
        "year": row["year"],
        "level": row["level"],
        "maternity_leave": row["maternity_leave"],
        "decision_number": row.get("decision_number") or "",
        "decision_date": row.get("decision_date"),
    }
    key = ("person" if person else "organization", (person or organization).pk, row["year"])
    return key, existing or Rating(), fields


def _build_initiative(row: dict[str, Any], lookups: _Lookups):
    person = lookups.person(row, required=True)
    existing = _existing(Initiative.objects.filter(person=person, title=row["title"]))
    fields = {
        "person": person,
        "title": row["title"],
        "recognized_on": row["recognized_on"],
        "scope": row["scope"] or InitiativeScope.GRASSROOTS,
    }
    return (person.pk, row["title"]), existing or Initiative(), fields


def _build_award_record(row: dict[str, Any], lookups: _Lookups):
    award_type = lookups.award_types.get(row["award_type"])
    if award_type is None:
        raise RowError(
            "award_type", _("Không có loại khen thưởng mã “%(code)s”.") % {"code": row["award_type"]}
        )
    person, organization = lookups.subject(row)
    kind = "individual" if person else "collective"
    if not award_type.accepts(kind):
        raise RowError(
            "award_type", _("“%(award)s” không dành cho đối tượng này.") % {"award": award_type.name}
        )
    subject = {"person": person} if person else {"organization": organization}
    existing = _existing(
        AwardRecord.objects.filter(
            award_type=award_type, year=row["year"], decision_number=row["decision_number"], **subject
        )
    )
    fields = {
        **subject,
        "award_type": award_type,
        "year": row["year"],
        "decision_number": row["decision_number"],
        "decision_date": row["decision_date"],
    }
    if existing is None:
        fields["source"] = RecordSource.IMPORTED
    key = (award_type.pk, kind, (person or organization).pk, row["year"], row["decision_number"])
    return key, existing or AwardRecord(), fields


KINDS: dict[str, ImportKind] = {
    "people": ImportKind(
        slug="ca-nhan",
        title="Cá nhân",
        columns=(
            Column("person_code", "Mã cá nhân", help="Mã nội bộ (không dùng số định danh cá nhân)."),
            Column("full_name", "Họ và tên", required=True),
            Column("gender", "Giới tính", required=True, help="Nam / Nữ"),
            Column("birth_year", "Năm sinh"),
            Column("position", "Chức vụ"),
            Column(
                "position_group",
                "Nhóm đối tượng",
                help="Lãnh đạo, quản lý / Người trực tiếp lao động, công tác / Khác",
            ),
            Column("organization_code", "Mã đơn vị", required=True),
        ),
        build=_build_person,
        key_column="full_name",
    ),
    "ratings": ImportKind(
        slug="xep-loai",
        title="Xếp loại hằng năm",
        columns=(
            Column("year", "Năm", required=True),
            *_SUBJECT_COLUMNS,
            Column("level", "Xếp loại", required=True, help="HTXSNV / HTTNV / HTNV / KHTNV hoặc tên đầy đủ."),
            Column("maternity_leave", "Nghỉ thai sản", help="có / không"),
            Column("decision_number", "Số quyết định của đơn vị", help="Ví dụ: 12/QĐ-STC"),
            Column("decision_date", "Ngày quyết định của đơn vị", help="dd/mm/yyyy"),
        ),
        build=_build_rating,
        key_column="year",
    ),
    "initiatives": ImportKind(
        slug="sang-kien",
        title="Sáng kiến",
        columns=(
            *_SUBJECT_COLUMNS[:3],
            Column("title", "Tên sáng kiến", required=True),
            Column("recognized_on", "Ngày công nhận", required=True, help="dd/mm/yyyy"),
            Column("scope", "Phạm vi ảnh hưởng", help="Cơ sở / Cấp tỉnh / Toàn quốc"),
        ),
        build=_build_initiative,
        key_column="title",
    ),
    "award-records": ImportKind(
        slug="so-khen-thuong",
        title="Sổ theo dõi khen thưởng",
        columns=(
            Column(
                "award_type", "Mã khen thưởng", required=True, help="Ví dụ: merit_chairman, advanced_worker."
            ),
            *_SUBJECT_COLUMNS,
            Column("year", "Năm thành tích", required=True),
            Column("decision_number", "Số quyết định", required=True),
            Column("decision_date", "Ngày quyết định", required=True, help="dd/mm/yyyy"),
        ),
        build=_build_award_record,
        key_column="decision_number",
    ),
}

_PARSERS: dict[str, Callable[[Any], Any]] = {
    "year": _year,
    "birth_year": lambda v: _year(v, first=1900),
    "gender": _gender,
    "level": _level,
    "scope": _scope,
    "maternity_leave": _boolean,
    "position_group": _position_group,
    "recognized_on": _date,
    "decision_date": _date,
}
_MAX_LENGTH = {
    "title": 500,
    "decision_number": 50,
    "person_code": 50,
    "organization_code": 50,
    "award_type": 50,
}


# --- reading and writing -------------------------------------------------------------------------------


def template(spec: ImportKind) -> bytes:
    """The blank workbook of a kind: a header row, and a sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header + (" *" if column.required else ""))
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
    notes = workbook.create_sheet("Hướng dẫn")
    notes.append([_("Cột"), _("Bắt buộc"), _("Ghi chú")])
    for column in spec.columns:
        notes.append([column.header, _("có") if column.required else "", column.help])
    notes.append([])
    notes.append([_("Cột có dấu * là bắt buộc. Ô được đọc như văn bản/giá trị, công thức không được tính.")])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_key(value: Any) -> str:
    return search_key(str(value or "").replace("*", ""))


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1024 * 1024


def _count_rows(stream, limit: int) -> int:
    """Row elements in a worksheet's XML, counted in bytes up to `limit` (openpyxl would parse
    a whole sheet without a <dimension> just to size it)."""
    count, tail = 0, b""
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        window = tail + chunk
        # A tag cut by the chunk boundary is counted once: in the window where it is whole.
        count += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
        if count > limit:
            break
        tail = window[-16:]
    return count


def _check_archive(upload, report: ImportReport) -> bool:
    """Declared, real and unpacked size, and rows per sheet, before openpyxl reads anything."""
    limit = _("Tệp vượt quá %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
    size = getattr(upload, "size", None)
    upload.seek(0, 2)
    if (size is not None and size > MAX_BYTES) or upload.tell() > MAX_BYTES:
        raise PayloadTooLarge(limit)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise PayloadTooLarge(
                    _("Tệp giải nén ra quá %(mb)s MB.") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
                )
            for entry in entries:
                if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                    with archive.open(entry) as stream:
                        if _count_rows(stream, MAX_ROWS + 1) > MAX_ROWS + 1:
                            report.errors.append(
                                Problem(0, "", "", _("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS})
                            )
                            return False
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass  # not a zip: openpyxl reports it as not a spreadsheet
    finally:
        upload.seek(0)
    return True


def _dimension_problem(sheet) -> str | None:
    """The sheet's declared dimension (read without reading the rows)."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS + 1:
        return _("Bảng tính có %(rows)s dòng, vượt quá giới hạn %(n)s dòng.") % {"rows": rows, "n": MAX_ROWS}
    if columns > MAX_SHEET_COLUMNS:
        return _("Bảng tính có %(columns)s cột, vượt quá giới hạn %(n)s cột.") % {
            "columns": columns,
            "n": MAX_SHEET_COLUMNS,
        }
    return None


def _read_rows(sheet, report: ImportReport) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header and the non-blank rows; every row read counts, blank ones included."""
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, ())
    raw_rows = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            report.errors.append(Problem(number, "", "", _("Tệp có quá %(n)s dòng.") % {"n": MAX_ROWS}))
            break
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        raw_rows.append((number, values))
    return header, raw_rows


def _read(
    spec: ImportKind, upload, report: ImportReport
) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, int]]:
    if not _check_archive(upload, report):
        return [], {}
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        problem = _dimension_problem(sheet)
        if problem:
            workbook.close()
            report.errors.append(Problem(0, "", "", problem))
            return [], {}
        header, raw_rows = _read_rows(sheet, report)
        workbook.close()
    except Exception:  # noqa: BLE001 - any unreadable upload is the sender's problem, reported as such
        report.errors.append(Problem(0, "", "", _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")))
        return [], {}
    by_header = {_header_key(column.header): column for column in spec.columns}
    by_header.update({column.key: column for column in spec.columns})
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        column = by_header.get(_header_key(value))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    for column in spec.columns:
        if column.required and column.key not in positions:
            report.errors.append(
                Problem(
                    1, column.header, "", _("Thiếu cột bắt buộc “%(header)s”.") % {"header": column.header}
                )
            )
    if report.errors:
        return [], positions
    rows_by_key = [
        (number, {key: values[index] if index < len(values) else None for key, index in positions.items()})
        for number, values in raw_rows
    ]
    return rows_by_key, positions


def _cell(spec: ImportKind, positions: dict[str, int], key: str, row: int) -> tuple[str, str]:
    column = next((c for c in spec.columns if c.key == key), None)
    if column is None:
        return key, ""
    return column.header, f"{get_column_letter(positions.get(key, 0) + 1)}{row}"


def _parse_row(spec: ImportKind, raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in spec.columns:
        value = raw.get(column.key)
        empty = value is None or (isinstance(value, str) and not value.strip())
        if empty:
            if column.required:
                problems.append((column.key, _("Không được để trống.")))
            values[column.key] = (
                False if column.key == "maternity_leave" else None if column.key in _PARSERS else ""
            )
            continue
        try:
            if column.key in _PARSERS:
                if isinstance(value, str):
                    _text(value, max_length=255)  # refuses NUL and oversized text first
                values[column.key] = _PARSERS[column.key](value)
            else:
                values[column.key] = _text(value, max_length=_MAX_LENGTH.get(column.key, 255))
        except ValueError as exc:
            problems.append((column.key, (str(exc) or _("giá trị không hợp lệ")).capitalize()))
    return values, problems


def _vet(instance: models.Model, guard) -> list[tuple[str, str]]:
    """A changed row's problems: the guard's refusal, or the model's own validation."""
    refused = guard(instance) if guard is not None else None
    if refused:
        return [("", refused)]
    instance.normalize_text_fields()
    try:
        instance.clean()
    except ValidationError as exc:
        return [(name, " ".join(messages)) for name, messages in exc.message_dict.items()]
    return []


def run_import(
    spec: ImportKind, upload, *, dry_run: bool, guard: Callable[[models.Model], str | None] | None = None
) -> ImportReport:
    """Check every row; save all of them (in one transaction) only when none fails and not dry_run.

    `guard(instance)` may refuse a row with a message (a unit head's import of
    ratings outside its subtree, or of a locked year).
    """
    report = ImportReport(kind=next(k for k, v in KINDS.items() if v is spec), dry_run=dry_run)
    raw_rows, positions = _read(spec, upload, report)
    if report.errors:
        return report
    report.rows = len(raw_rows)

    def problem(number: int, key: str, message: str) -> None:
        header, cell = _cell(spec, positions, key, number)
        report.errors.append(Problem(number, header, cell, message))

    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, raw in raw_rows:
        values, problems = _parse_row(spec, raw)
        for key, message in problems:
            problem(number, key, message)
        if not problems:
            parsed.append((number, values))
    pending = _built_rows(spec, parsed, report, problem, guard)
    if not report.errors and not dry_run:
        _save(pending, report)
    return report


def _built_rows(
    spec: ImportKind,
    parsed: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    problem: Callable[[int, str, str], None],
    guard: Callable[[models.Model], str | None] | None,
) -> list[models.Model]:
    """The instances to save: each row built, deduplicated, compared with the register and vetted."""
    lookups = _Lookups([values for _n, values in parsed])
    seen: dict[tuple, int] = {}
    pending: list[models.Model] = []
    for number, values in parsed:
        try:
            key, instance, fields = spec.build(values, lookups)
        except RowError as exc:
            problem(number, exc.column, exc.message)
            continue
        if key in seen:
            problem(number, spec.key_column, _("Trùng với dòng %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        is_new = instance.pk is None
        changed = is_new or any(_differs(instance, name, value) for name, value in fields.items())
        for name, value in fields.items():
            setattr(instance, name, value)
        if not changed:
            report.unchanged += 1
            continue
        vetted = _vet(instance, guard)
        for name, message in vetted:
            problem(number, name or spec.key_column, message)
        if vetted:
            continue
        pending.append(instance)
        report.created += is_new
        report.updated += not is_new
    return pending


def _save(pending: list[models.Model], report: ImportReport) -> None:
    """All rows in one transaction; a concurrent change that collides saves none of them."""
    try:
        with transaction.atomic():
            for instance in pending:
                instance.save()
    except IntegrityError:
        report.errors.append(
            Problem(0, "", "", _("Dữ liệu trùng với thay đổi đồng thời; chưa lưu gì, hãy nhập lại."))
        )
        report.created = report.updated = 0
