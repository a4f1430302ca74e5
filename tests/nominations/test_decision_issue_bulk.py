"""Decision issue in bulk: a query count that does not grow with the annex, and the
same writes as moving each nomination through `nomination_transition` one by one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from awards.models import AwardRecord, BaseSalary
from certificates.models import Certificate
from nominations import decisions, services
from nominations.enums import NominationStatus
from nominations.models import Nomination, NominationEvent
from tests.factories.awards import OrganizationFactory, PersonFactory
from tests.factories.nominations import BaseSalaryFactory, NominationFactory, unit_head_of
from tests.nominations.council_helpers import chairman, fixed_period, merit_rules, staff

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


@pytest.fixture
def province():
    BaseSalary.objects.all().delete()
    BaseSalaryFactory(effective_from=datetime.date(2023, 7, 1), amount=1_800_000)
    unit = OrganizationFactory(code="SYT", name="Sở Y tế")
    return merit_rules(), fixed_period(), unit


def _draft(province, n):
    rules, period, unit = province
    head = unit_head_of(unit)  # one head for the unit, as in an office (each is told of every award)
    nominations = [
        NominationFactory(
            award_type=rules.award_type,
            period=period,
            status=NominationStatus.APPROVED,
            nominee_person=PersonFactory(organization=unit),
            proposing_organization=unit,
            created_by=head,
        )
        for _ in range(n)
    ]
    return decisions.decision_create(
        actor=staff(),
        number=f"{n}/QĐ-UBND",
        signed_on=datetime.date(2024, 1, 11),
        signer_name="Vũ Việt Văn",
        signer_title="CHỦ TỊCH",
        authority="Ủy ban nhân dân tỉnh Bắc Ninh",
        award_type=rules.award_type,
        period=period,
        nominations=nominations,
        place="Bắc Ninh",
    )


def _statement_kind(sql):
    """'SELECT nominations_decision', 'INSERT awards_awardrecord', 'SAVEPOINT'..."""
    verb = sql.split()[0]
    table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql)
    return f"{verb} {table.group(1) if table else ''}".strip()


def _issue_statements(decision):
    """The statements issuing runs, one per kind: SQLite splits a bulk INSERT into
    batches of 999 parameters (Django's limit), PostgreSQL sends one; a batch is
    the same statement, so consecutive INSERTs into one table count once."""
    signer = chairman()
    with CaptureQueriesContext(connection) as queries:
        decisions.decision_issue(decision=decision, actor=signer)
    shape = []
    for query in queries.captured_queries:
        sql = query["sql"]
        kind = _statement_kind(sql)
        if not (kind.startswith("INSERT") and shape and shape[-1] == kind):
            shape.append(kind)
    return shape


@pytest.mark.parametrize("n", [10, 200])
def test_decision_issue_query_count_is_bounded(province, n, django_assert_max_num_queries):
    decision = _draft(province, n)
    signer = chairman()

    # No allowance for SQLite's batches: bulk inserts are batched by the engine's own
    # variable limit (operations.database), so 200 rows are one INSERT as on PostgreSQL.
    with django_assert_max_num_queries(MAX_QUERIES):
        decisions.decision_issue(decision=decision, actor=signer)

    assert Nomination.objects.filter(status=NominationStatus.AWARDED).count() == n
    assert Certificate.objects.filter(decision=decision).count() == n


def test_decision_issue_query_count_is_the_same_for_10_and_200(province):
    small = _issue_statements(_draft(province, 10))
    large = _issue_statements(_draft(province, 200))

    assert len(small) <= MAX_QUERIES
    assert small == large


def test_decision_issue_sends_as_many_queries_for_200_as_for_10(province):
    """Counted raw, batches included: nothing grows with the annex on either database."""
    counts = []
    for n in (10, 200):
        decision = _draft(province, n)
        signer = chairman()
        with CaptureQueriesContext(connection) as queries:
            decisions.decision_issue(decision=decision, actor=signer)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1] <= MAX_QUERIES


def _per_item(*, nominations, to, actor, comment="", data_for=None):
    """The reference: each nomination through the one-row transition."""
    return [
        services.nomination_transition(
            nomination=nomination, to=to, actor=actor, comment=comment, data=data_for(nomination)
        )
        for nomination in nominations
    ]


def _writes(decision):
    """What issuing wrote, without ids and clock readings."""
    nominations = list(decision.nominations.order_by("decision_items__position"))
    events = NominationEvent.objects.filter(nomination__in=nominations).order_by("nomination_id", "id")
    return {
        "statuses": [(n.reference, n.status, n.nominee_name, n.search_key) for n in nominations],
        "events": [
            (e.nomination.reference, e.from_status, e.to_status, e.actor.username, e.comment, e.data)
            for e in events.select_related("nomination", "actor")
        ],
        "records": list(
            AwardRecord.objects.filter(nomination_id__in=[n.pk for n in nominations])
            .order_by("nomination_id")
            .values_list(
                "nomination_id", "person_id", "award_type_id", "year", "decision_number", "reward_amount"
            )
        ),
        "amounts": list(decision.items.order_by("position").values_list("position", "multiple", "amount")),
        "certificates": list(
            Certificate.objects.filter(decision=decision)
            .order_by("register_number")
            .values_list("nomination_id", "register_number", "register_suffix")
        ),
    }


class _Rollback(Exception):
    pass


def test_bulk_issue_writes_what_the_per_item_path_writes(province, monkeypatch):
    decision = _draft(province, 12)
    signer = chairman()

    with pytest.raises(_Rollback), transaction.atomic():
        decisions.decision_issue(decision=decision, actor=signer)
        bulk = _writes(decision)
        raise _Rollback
    assert not NominationEvent.objects.filter(to_status=NominationStatus.AWARDED).exists()

    monkeypatch.setattr(decisions, "nominations_transition", _per_item)
    decisions.decision_issue(decision=decision, actor=signer)
    one_by_one = _writes(decision)

    assert len(bulk["events"]) == 12
    assert bulk == one_by_one


def test_decision_issue_reads_nothing_back(province):
    """Rows locked once, statuses and events written once; the certificates are
    numbered from the award record ids the insert returned, not read again."""
    shape = _issue_statements(_draft(province, 30))

    assert shape.count("SELECT nominations_nomination") == 1  # the lock
    assert "SELECT awards_awardrecord" not in shape
    assert shape.count("UPDATE nominations_nomination") == 1
    assert shape.count("INSERT nominations_nominationevent") == 1
    assert shape.count("INSERT certificates_certificate") == 1
