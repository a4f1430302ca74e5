"""Eligibility criteria: a small JSON expression over named checks (pure Python, no ORM).

A rule set's ``criteria`` is either a plain expression or an expression plus grounds::

    criteria := Expr | {"requires": Expr, "grounds": [Ground, ...]}
    Expr     := {"check": <code>, ...params, "legal_basis"?}
              | {"all_of": [Expr, ...], "legal_basis"?}
              | {"any_of": [Expr, ...], "legal_basis"?}
    Ground   := {"code": "iv", "label": "...", "recipient"?: "individual" | "collective",
                 "legal_basis"?, "expr": Expr}               # computed by the engine
              | {"code": "i", "label": "...", "recipient"?, "legal_basis"?, "judged": true}
                                                             # judged by people (Law Art. 74)

A ``legal_basis`` on a node is inherited by the checks under it; the rule set's
own legal basis is the last fallback. Parsing refuses unknown checks, unknown
keys and bad parameters with a Vietnamese sentence naming the place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Union

from django.utils.translation import gettext as _

from awards.enums import HoldKind, InitiativeScope, RatingLevel, RecipientKind

# Bounds keep one expression (and the history the engine reads) small.
MAX_YEARS = 30
MAX_NODES = 200
MAX_DEPTH = 8
MAX_TEXT = 2000


class CriteriaError(ValueError):
    """A criteria expression that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Check:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    legal_basis: str = ""

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True)
class AllOf:
    items: tuple[Expr, ...]
    legal_basis: str = ""


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Expr, ...]
    legal_basis: str = ""


Expr = Union[Check, AllOf, AnyOf]  # noqa: UP007 - a runtime alias used in annotations


@dataclass(frozen=True)
class Ground:
    code: str
    label: str = ""
    recipient: str = ""  # "" = both kinds
    legal_basis: str = ""
    judged: bool = False
    expr: Expr | None = None

    def applies_to(self, recipient_kind: str) -> bool:
        return not self.recipient or self.recipient == recipient_kind


@dataclass(frozen=True)
class Criteria:
    requires: Expr | None = None
    grounds: tuple[Ground, ...] = ()

    def checks(self) -> list[Check]:
        found: list[Check] = []
        if self.requires is not None:
            found.extend(iter_checks(self.requires))
        for ground in self.grounds:
            if ground.expr is not None:
                found.extend(iter_checks(ground.expr))
        return found

    def check_codes(self) -> set[str]:
        return {check.code for check in self.checks()}

    def history_years(self) -> int:
        """How many years back (the period's year included) any check looks."""
        return max([1, *(int(c.param("years", 1)) for c in self.checks())])

    def title_codes(self) -> set[str]:
        return {c.param("award_type") for c in self.checks() if c.code == "title_streak"}


def iter_checks(expr: Expr) -> Iterable[Check]:
    if isinstance(expr, Check):
        yield expr
        return
    for item in expr.items:
        yield from iter_checks(item)


# --- parameters of each check -----------------------------------------------------


def _years(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
        raise CriteriaError(_("“years” phải là số nguyên từ 1 đến %(max)s.") % {"max": MAX_YEARS})
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 50:
        raise CriteriaError(_("“count” phải là số nguyên từ 1 đến 50."))
    return value


def _choice(choices: Iterable[str], name: str):
    allowed = list(choices)

    def parse(value: Any) -> str:
        if value not in allowed:
            raise CriteriaError(
                _("“%(name)s” phải là một trong: %(allowed)s.")
                % {"name": name, "allowed": ", ".join(allowed)}
            )
        return value

    return parse


def _kinds(value: Any) -> list[str]:
    parse = _choice(HoldKind.values, "kinds")
    if not isinstance(value, list) or not value:
        raise CriteriaError(_("“kinds” phải là danh sách loại tạm hoãn."))
    return [parse(item) for item in value]


def _code(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 50:
        raise CriteriaError(_("“award_type” phải là mã loại khen thưởng."))
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise CriteriaError(_("“text” phải là một câu mô tả (tối đa %(max)s ký tự).") % {"max": MAX_TEXT})
    return value.strip()


# code → {param: (required, parser)}
CHECK_PARAMS: dict[str, dict[str, tuple[bool, Any]]] = {
    # Consecutive annual ratings of at least `level`, ending with the period's year.
    "rating_streak": {"level": (True, _choice(RatingLevel.values, "level")), "years": (True, _years)},
    # Consecutive years holding a title (an award type code), ending with the period's year.
    "title_streak": {"award_type": (True, _code), "years": (True, _years)},
    # `count` recognised initiatives within the last `years` years, not used by another award.
    "initiatives": {
        "count": (True, _count),
        "years": (False, _years),
        "scope": (False, _choice(InitiativeScope.values, "scope")),
    },
    "leads_bloc": {},
    "no_hold": {"kinds": (False, _kinds)},
    "no_duplicate": {},
    "registered": {},
    # A qualitative criterion staff confirm at appraisal (passes, says so).
    "manual": {"text": (True, _text)},
}
CHECK_CODES = frozenset(CHECK_PARAMS)


class _Parser:
    def __init__(self, award_type_codes: set[str] | None) -> None:
        self.award_type_codes = award_type_codes
        self.nodes = 0

    def fail(self, where: str, message: str) -> CriteriaError:
        return CriteriaError(f"{where}: {message}")

    def legal_basis(self, raw: dict, where: str) -> str:
        value = raw.get("legal_basis", "")
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise self.fail(
                where, _("“legal_basis” phải là văn bản (tối đa %(max)s ký tự).") % {"max": MAX_TEXT}
            )
        return value.strip()

    def expr(self, raw: Any, where: str, depth: int = 0) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise self.fail(where, _("Biểu thức quá lớn hoặc lồng quá sâu."))
        if not isinstance(raw, dict):
            raise self.fail(where, _("Mỗi điều kiện phải là một đối tượng JSON."))
        operators = [key for key in ("check", "all_of", "any_of") if key in raw]
        if len(operators) != 1:
            raise self.fail(
                where, _("Mỗi điều kiện cần đúng một trong các khóa “check”, “all_of”, “any_of”.")
            )
        operator = operators[0]
        if operator == "check":
            return self.check(raw, where)
        unknown = set(raw) - {operator, "legal_basis"}
        if unknown:
            raise self.fail(
                where, _("Khóa không hợp lệ: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
            )
        items = raw[operator]
        if not isinstance(items, list) or not items:
            raise self.fail(where, _("“%(op)s” phải là danh sách điều kiện không rỗng.") % {"op": operator})
        parsed = tuple(self.expr(item, f"{where}.{operator}[{i}]", depth + 1) for i, item in enumerate(items))
        legal_basis = self.legal_basis(raw, where)
        return AllOf(parsed, legal_basis) if operator == "all_of" else AnyOf(parsed, legal_basis)

    def check(self, raw: dict, where: str) -> Check:
        code = raw["check"]
        if not isinstance(code, str) or code not in CHECK_PARAMS:
            raise self.fail(
                where,
                _("Kiểm tra không xác định “%(code)s”. Các kiểm tra hợp lệ: %(codes)s.")
                % {"code": code, "codes": ", ".join(sorted(CHECK_CODES))},
            )
        spec = CHECK_PARAMS[code]
        unknown = set(raw) - {"check", "legal_basis", *spec}
        if unknown:
            raise self.fail(
                where,
                _("Kiểm tra “%(code)s” không có tham số: %(keys)s.")
                % {"code": code, "keys": ", ".join(sorted(map(str, unknown)))},
            )
        params: dict[str, Any] = {}
        for name, (required, parse) in spec.items():
            if name not in raw:
                if required:
                    raise self.fail(
                        where,
                        _("Kiểm tra “%(code)s” thiếu tham số “%(name)s”.") % {"code": code, "name": name},
                    )
                continue
            try:
                params[name] = parse(raw[name])
            except CriteriaError as exc:
                raise self.fail(where, str(exc)) from None
        if (
            code == "title_streak"
            and self.award_type_codes is not None
            and params["award_type"] not in self.award_type_codes
        ):
            raise self.fail(
                where, _("Không có loại khen thưởng mã “%(code)s”.") % {"code": params["award_type"]}
            )
        return Check(code, params, self.legal_basis(raw, where))

    def ground(self, raw: Any, where: str) -> Ground:
        if not isinstance(raw, dict):
            raise self.fail(where, _("Mỗi căn cứ phải là một đối tượng JSON."))
        unknown = set(raw) - {"code", "label", "recipient", "legal_basis", "judged", "expr"}
        if unknown:
            raise self.fail(
                where, _("Khóa không hợp lệ: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
            )
        code = raw.get("code")
        if not isinstance(code, str) or not code.strip() or len(code) > 20:
            raise self.fail(where, _("Căn cứ cần “code” (tối đa 20 ký tự)."))
        label = raw.get("label", "")
        if not isinstance(label, str) or len(label) > MAX_TEXT:
            raise self.fail(where, _("“label” phải là văn bản."))
        recipient = raw.get("recipient", "")
        if recipient not in ("", *RecipientKind.values):
            raise self.fail(where, _("“recipient” phải là “individual” hoặc “collective”."))
        judged = raw.get("judged", False)
        if not isinstance(judged, bool):
            raise self.fail(where, _("“judged” phải là true hoặc false."))
        if judged == ("expr" in raw):
            raise self.fail(
                where, _("Căn cứ cần hoặc “expr” (tính tự động) hoặc “judged”: true (do người xét).")
            )
        expr = None if judged else self.expr(raw["expr"], f"{where}.expr", 1)
        return Ground(code.strip(), label.strip(), recipient, self.legal_basis(raw, where), judged, expr)

    def criteria(self, raw: Any) -> Criteria:
        if raw in (None, {}):
            return Criteria()
        if not isinstance(raw, dict):
            raise self.fail("criteria", _("Tiêu chuẩn phải là một đối tượng JSON."))
        if "grounds" not in raw and "requires" not in raw:
            return Criteria(requires=self.expr(raw, "criteria"))
        unknown = set(raw) - {"requires", "grounds"}
        if unknown:
            raise self.fail(
                "criteria", _("Khóa không hợp lệ: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))}
            )
        requires = self.expr(raw["requires"], "criteria.requires") if "requires" in raw else None
        raw_grounds = raw.get("grounds", [])
        if not isinstance(raw_grounds, list):
            raise self.fail("criteria.grounds", _("“grounds” phải là danh sách."))
        grounds = tuple(self.ground(item, f"criteria.grounds[{i}]") for i, item in enumerate(raw_grounds))
        seen: set[tuple[str, str]] = set()
        for ground in grounds:
            kinds = [ground.recipient] if ground.recipient else list(RecipientKind.values)
            for kind in kinds:
                if (ground.code, kind) in seen:
                    raise self.fail(
                        "criteria.grounds", _("Căn cứ “%(code)s” bị lặp.") % {"code": ground.code}
                    )
                seen.add((ground.code, kind))
        return Criteria(requires=requires, grounds=grounds)


def parse_criteria(raw: Any, *, award_type_codes: set[str] | None = None) -> Criteria:
    """Parse and validate; `award_type_codes`, when given, must hold every title named."""
    return _Parser(award_type_codes).criteria(raw)
