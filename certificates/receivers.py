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


def create_certificates(sender: Any, *, decision, items, **kwargs: Any) -> None:
    """Certificates numbered 1..N in annex order (số sổ vàng), one per item.

    Runs inside the issuing transaction: if anything fails, the decision is not
    issued either. Two queries whatever N is.
    """
    records = dict(
        AwardRecord.objects.filter(nomination_id__in=[item.nomination_id for item in items]).values_list(
            "nomination_id", "pk"
        )
    )
    Certificate.objects.bulk_create(
        Certificate(
            nomination_id=item.nomination_id,
            decision=decision,
            award_record_id=records[item.nomination_id],
            register_number=number,
        )
        for number, item in enumerate(items, start=1)
    )
