"""What the certificates app does when the nominations app announces something.

``nominations`` never imports ``certificates`` (docs/architecture.md, "Layout"): it sends
signals, and these receivers are connected in ``CertificatesConfig.ready``.

Revocation needs no signal: a certificate's status and revocation date are read
from its award record, which ``nomination_revoke`` marks in the same transaction,
so there is nothing that could drift.
"""

from __future__ import annotations

from typing import Any

from awards.models import AwardRecord
from certificates.models import Certificate
from certificates.registers import reserve_numbers


def create_certificates(sender: Any, *, decision, items, records=None, **kwargs: Any) -> None:
    """One certificate per item, numbered with the next numbers of the authority's
    register for the decision's year, in annex order: one register update and one
    bulk insert whatever the number of items.

    Runs inside the issuing transaction: if anything fails, the decision is not
    issued either, and the numbers it reserved are given back by the rollback.
    `records` (nomination id → award record id) comes with the signal; a sender
    without it has its records read once.
    """
    if records is None:
        records = dict(
            AwardRecord.objects.filter(nomination_id__in=[item.nomination_id for item in items]).values_list(
                "nomination_id", "pk"
            )
        )
    register, first = reserve_numbers(authority=decision.authority, year=decision.year, count=len(items))
    suffix = decision.award_type.register_suffix
    Certificate.objects.bulk_create(
        Certificate(
            nomination_id=item.nomination_id,
            decision=decision,
            award_record_id=records[item.nomination_id],
            register=register,
            register_number=number,
            register_suffix=suffix,
        )
        for number, item in enumerate(items, start=first)
    )
