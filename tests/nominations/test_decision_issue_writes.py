"""What issuing writes, field by field: the frozen decision, the annex's amounts, one
register line per dossier, the timelines (the decision's and each dossier's), the
certificates numbered in annex order, the signal and the units' notices."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards import clock
from awards.models import AwardRecord, BaseSalary
from certificates.models import Certificate
from nominations import decisions
from nominations.enums import DecisionEventKind, DecisionStatus, NominationStatus, NotificationKind
from nominations.models import Decision, DecisionEvent, Notification
from nominations.signals import decision_issued
from tests.factories.nominations import BaseSalaryFactory
from tests.nominations.council_helpers import (
    chairman,
    decision_draft,
    fixed_period,
    merit_rules,
    unverify_multiples,
    verified,
)

pytestmark = pytest.mark.django_db

APPROVED = NominationStatus.APPROVED
MOMENT = timezone.make_aware(datetime.datetime(2024, 1, 15, 9, 30))


@pytest.fixture
def salaries():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)


@pytest.fixture
def annex(salaries):
    """A unit's dossier before a person's (annex order is not id order), 3.0 and 1.5 × 1,800,000."""
    period, rules = fixed_period(), merit_rules()
    person = verified(rules, period, status=APPROVED)
    unit = verified(rules, period, collective=True, status=APPROVED)
    return decision_draft(rules, period, [unit, person]), unit, person


def _issue(decision, signer, language="en", **kwargs):
    """Issue with English active by default: what goes on record is in the official language."""
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    decision_issued.connect(receiver, weak=False)
    try:
        with clock.frozen_at(MOMENT), translation.override(language):
            issued = decisions.decision_issue(decision=decision, actor=signer, **kwargs)
    finally:
        decision_issued.disconnect(receiver)
    return issued, received


def test_the_decision_is_frozen_with_salary_total_words_time_and_signer(annex):
    decision, _, _ = annex
    signer = chairman()

    issued, _ = _issue(decision, signer)

    assert issued.pk == decision.pk and issued.status == DecisionStatus.ISSUED
    stored = Decision.objects.get(pk=decision.pk)
    assert (
        stored.status,
        stored.base_salary,
        stored.total_reward,
        stored.total_in_words,
        stored.issued_at,
        stored.issued_by,
    ) == (DecisionStatus.ISSUED, 1_800_000, 8_100_000, "Tám triệu một trăm nghìn đồng", MOMENT, signer)


def test_each_line_gets_its_own_multiple_and_amount_in_annex_order(annex):
    decision, unit, person = annex

    _issue(decision, chairman())

    assert list(
        decision.items.order_by("position").values_list("position", "nomination_id", "multiple", "amount")
    ) == [
        (1, unit.pk, Decimal("3.00"), 5_400_000),
        (2, person.pk, Decimal("1.50"), 2_700_000),
    ]


def test_one_register_line_per_dossier_with_every_field(annex):
    decision, unit, person = annex

    _issue(decision, chairman())

    fields = (
        "nomination_id",
        "person_id",
        "organization_id",
        "award_type_id",
        "year",
        "period_id",
        "decision_number",
        "decision_date",
        "source",
        "reward_amount",
        "revoked",
    )
    common = (decision.award_type_id, 2023, decision.period_id, "46/QĐ-UBND", datetime.date(2024, 1, 11))
    assert list(AwardRecord.objects.order_by("nomination_id").values_list(*fields)) == sorted(
        [
            (unit.pk, None, unit.nominee_organization_id, *common, "decision", 5_400_000, False),
            (person.pk, person.nominee_person_id, None, *common, "decision", 2_700_000, False),
        ]
    )


def test_an_award_without_money_writes_zero_in_the_register(salaries):
    period, rules = fixed_period(), merit_rules(reward_multiple_individual=Decimal("0"))
    decision = decision_draft(rules, period, [verified(rules, period, status=APPROVED)])

    _issue(decision, chairman())

    assert AwardRecord.objects.get().reward_amount == 0
    decision.refresh_from_db()
    assert (decision.total_reward, decision.total_in_words) == (0, "Không đồng")


def test_the_timeline_records_the_issue_with_its_total_and_nothing_to_confirm(annex):
    decision, _, _ = annex
    signer = chairman()

    _issue(decision, signer)

    events = DecisionEvent.objects.filter(decision=decision).exclude(kind=DecisionEventKind.DRAFTED)
    assert [(e.kind, e.actor, e.comment, e.data, e.at) for e in events] == [
        (DecisionEventKind.ISSUED, signer, "", {"total": 8_100_000}, MOMENT)
    ]


CONFIRMED = (
    "Chủ tịch xác nhận ban hành với số liệu chưa đối chiếu văn bản: "
    "hệ số tiền thưởng tập thể (Nghị định 73/2024/NĐ-CP); "
    "hệ số tiền thưởng cá nhân (Nghị định 98/2023/NĐ-CP)."
)
FIGURES = [
    {"figure": "hệ số tiền thưởng tập thể", "source": "Nghị định 73/2024/NĐ-CP"},
    {"figure": "hệ số tiền thưởng cá nhân", "source": "Nghị định 98/2023/NĐ-CP"},
]


def test_a_confirmed_issue_records_the_figures_confirmed_before_the_issue(annex):
    decision, _, _ = annex
    unverify_multiples(decision.award_type)
    signer = chairman()

    issued, _ = _issue(decision, signer, language="vi", confirm_unverified=True)

    assert issued.status == DecisionStatus.ISSUED
    events = DecisionEvent.objects.filter(decision=decision).exclude(kind=DecisionEventKind.DRAFTED)
    assert [(e.kind, e.actor, e.comment, e.data) for e in events] == [
        (DecisionEventKind.CONFIRMED_UNVERIFIED, signer, CONFIRMED, {"figures": FIGURES}),
        (DecisionEventKind.ISSUED, signer, "", {"total": 8_100_000}),
    ]


def test_the_confirmation_is_recorded_in_the_official_language_whatever_the_signers(annex):
    """The figures' names too: the record must not depend on the language of the page."""
    decision, _, _ = annex
    unverify_multiples(decision.award_type)

    _issue(decision, chairman(), language="en", confirm_unverified=True)

    confirmation = DecisionEvent.objects.get(decision=decision, kind=DecisionEventKind.CONFIRMED_UNVERIFIED)
    assert (confirmation.comment, confirmation.data) == (CONFIRMED, {"figures": FIGURES})


def test_each_dossier_is_awarded_with_the_decision_its_number_and_its_amount(annex):
    decision, unit, person = annex
    signer = chairman()

    _issue(decision, signer)

    for dossier, amount in [(unit, 5_400_000), (person, 2_700_000)]:
        dossier.refresh_from_db()
        assert dossier.status == NominationStatus.AWARDED
        event = dossier.events.get()
        assert (event.from_status, event.to_status, event.actor, event.comment, event.data, event.at) == (
            APPROVED,
            NominationStatus.AWARDED,
            signer,
            "Quyết định số 46/QĐ-UBND ngày 11/01/2024",
            {"decision": decision.pk, "number": "46/QĐ-UBND", "amount": amount},
            MOMENT,
        )


def test_the_signal_carries_the_decision_the_annex_the_register_lines_and_the_signer(annex):
    decision, unit, person = annex
    signer = chairman()

    _, received = _issue(decision, signer)

    [(sender, sent)] = received
    assert sender is Decision
    assert (sent["decision"].pk, sent["decision"].status) == (decision.pk, DecisionStatus.ISSUED)
    assert [item.nomination_id for item in sent["items"]] == [unit.pk, person.pk]
    assert sent["records"] == dict(AwardRecord.objects.values_list("nomination_id", "pk"))
    assert sent["actor"] == signer


def test_certificates_are_numbered_in_annex_order_on_their_register_lines(annex):
    decision, unit, person = annex

    _issue(decision, chairman())

    record_of = dict(AwardRecord.objects.values_list("nomination_id", "pk"))
    assert list(
        Certificate.objects.filter(decision=decision)
        .order_by("register_number")
        .values_list("register_number", "nomination_id", "award_record_id")
    ) == [(1, unit.pk, record_of[unit.pk]), (2, person.pk, record_of[person.pk])]


def test_each_units_heads_are_told_of_their_award(annex):
    decision, unit, person = annex

    _issue(decision, chairman())

    told = Notification.objects.filter(kind=NotificationKind.AWARDED).order_by("path")
    assert sorted((n.recipient_id, n.path, n.params["ref"], n.params["number"]) for n in told) == sorted(
        [
            (unit.created_by_id, f"/nominations/{unit.pk}/", unit.reference, "46/QĐ-UBND"),
            (person.created_by_id, f"/nominations/{person.pk}/", person.reference, "46/QĐ-UBND"),
        ]
    )
    assert {n.params["award"] for n in told} == {decision.award_type.name}


def _tables_read(decision, signer, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        decisions.decision_issue(decision=decision, actor=signer, **kwargs)
    return Counter(
        match.group(1)
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and (match := re.search(r'FROM "(\w+)"', query["sql"]))
    )


def test_the_annex_award_type_and_period_are_read_once_with_the_decision(annex):
    """The locked decision brings its award type and period, which price every line:
    nothing reads them again; the annex is read once with its dossiers, which are
    read again only to be locked."""
    decision, _, _ = annex

    read = _tables_read(decision, chairman())

    assert read["nominations_decisionitem"] == 1
    assert read["nominations_nomination"] == 1
    assert read["awards_awardtype"] == 0
    assert read["awards_period"] == 0


def test_a_confirmed_issue_reads_the_annex_once_too(annex):
    decision, _, _ = annex
    unverify_multiples(decision.award_type)

    read = _tables_read(decision, chairman(), confirm_unverified=True)

    assert read["nominations_decisionitem"] == 1
    assert DecisionEvent.objects.filter(kind=DecisionEventKind.CONFIRMED_UNVERIFIED).count() == 1
