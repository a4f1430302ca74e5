"""Input and output shapes of the council and decision endpoints (docs/api-notes.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from awards.models import AwardType, Period, User
from nominations.enums import ItemOutcome, SessionBody, VoteChoice
from nominations.models import CouncilSession, Decision, Nomination

# --- council -----------------------------------------------------------------


class CouncilSessionSerializer(serializers.ModelSerializer):
    """What every reader sees of a session."""

    members = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()

    class Meta:
        model = CouncilSession
        fields = [
            "id",
            "title",
            "meeting_date",
            "period",
            "body",
            "members",
            "agenda",
            "secret_ballot",
            "status",
            "place",
            "chair_name",
            "secretary_name",
            "minutes_number",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_members(self, obj: CouncilSession) -> list[int]:
        return sorted(m.pk for m in obj.members.all())

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_agenda(self, obj: CouncilSession) -> list[int]:
        return [item.nomination_id for item in obj.items.all()]


class CouncilSessionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    meeting_date = serializers.DateField()
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    body = serializers.ChoiceField(choices=SessionBody.choices, default=SessionBody.COUNCIL)
    members = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    agenda = serializers.PrimaryKeyRelatedField(
        queryset=Nomination.objects.select_related("award_type", "period", "rule_set"),
        many=True,
        required=False,
    )
    secret_ballot = serializers.BooleanField(default=False)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    chair_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    secretary_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    minutes_number = serializers.CharField(max_length=50, required=False, allow_blank=True)


class VoteInputSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(min_value=1, max_value=2**62)
    choice = serializers.ChoiceField(
        choices=VoteChoice.choices,
        error_messages={"invalid_choice": _("Lựa chọn không hợp lệ: chỉ “yes”, “no” hoặc “abstain”.")},
    )


class VoteSerializer(serializers.Serializer):
    """A member's own vote; in a secret ballot the choice is never shown (null)."""

    nomination = serializers.IntegerField(source="item.nomination_id")
    choice = serializers.SerializerMethodField()
    written = serializers.BooleanField()
    cast_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ChoiceField(choices=VoteChoice.choices, allow_null=True))
    def get_choice(self, vote) -> str | None:
        if vote.item.session.secret_ballot:
            return None
        return vote.choice


class WrittenOpinionSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(min_value=1, max_value=2**62)
    choice = serializers.ChoiceField(
        choices=VoteChoice.choices,
        error_messages={"invalid_choice": _("Lựa chọn không hợp lệ: chỉ “yes”, “no” hoặc “abstain”.")},
    )


class AttendanceSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**62)
    present = serializers.BooleanField()
    written_opinions = WrittenOpinionSerializer(many=True, required=False, default=list)


class WrittenOpinionOutSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    choice = serializers.ChoiceField(
        choices=VoteChoice.choices, allow_null=True, help_text="null in a secret ballot"
    )


class AttendanceOutSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    member_name = serializers.CharField()
    present = serializers.BooleanField(allow_null=True, help_text="null: not recorded and has not voted")
    written_opinions = WrittenOpinionOutSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    nominee_name = serializers.CharField()
    award_type = serializers.CharField()
    members = serializers.IntegerField()
    present = serializers.IntegerField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    written = serializers.IntegerField()
    recused = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=ItemOutcome.choices, allow_null=True)
    final = serializers.BooleanField(help_text="false while the session is open: a running tally")


# --- decisions ---------------------------------------------------------------


class DecisionItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    nomination = serializers.IntegerField(source="nomination_id")
    nominee_name = serializers.CharField(source="nomination.nominee_name")
    recipient_kind = serializers.CharField(source="nomination.recipient_kind")
    multiple = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    amount = serializers.IntegerField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)
    revocation_act = serializers.CharField()


class DecisionEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    actor = serializers.CharField(source="actor.username")
    at = serializers.DateTimeField()
    comment = serializers.CharField()
    data = serializers.JSONField()


class DecisionSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominations = serializers.SerializerMethodField()
    items = DecisionItemSerializer(many=True, read_only=True)
    events = DecisionEventSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "number",
            "signed_on",
            "signer_name",
            "signer_title",
            "authority",
            "place",
            "citation",
            "legal_bases",
            "proposal_number",
            "proposal_date",
            "proposer",
            "award_type",
            "period",
            "nominations",
            "status",
            "returned_comment",
            "base_salary",
            "total_reward",
            "total_in_words",
            "issued_at",
            "items",
            "events",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_nominations(self, obj: Decision) -> list[int]:
        return [item.nomination_id for item in obj.items.all()]


class DecisionWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=50)
    signed_on = serializers.DateField()
    signer_name = serializers.CharField(max_length=255)
    signer_title = serializers.CharField(max_length=255)
    authority = serializers.CharField(max_length=255)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    citation = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    legal_bases = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    proposal_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    proposal_date = serializers.DateField(required=False, allow_null=True)
    proposer = serializers.CharField(max_length=255, required=False, allow_blank=True)
    award_type = serializers.SlugRelatedField(slug_field="code", queryset=AwardType.objects.all())
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())
    nominations = serializers.PrimaryKeyRelatedField(
        queryset=Nomination.objects.select_related("award_type", "period", "rule_set"), many=True
    )


class DecisionIssueSerializer(serializers.Serializer):
    confirm_unverified = serializers.BooleanField(required=False, default=False)


class DecisionReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=5000)
