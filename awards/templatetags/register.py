"""Template helpers of the register: which ratings a dossier still lacks, and where to enter them."""

from __future__ import annotations

from django import template

from awards import clock, ratings, roles

register = template.Library()


@register.inclusion_tag("awards/register/_missing_ratings.html", takes_context=True)
def missing_ratings(context, nomination):
    """Under a dossier's eligibility: the missing years, with links for whoever enters ratings."""
    subject = nomination.nominee_person or nomination.nominee_organization
    years = ratings.missing_rating_years(
        subject=subject, award_type=nomination.award_type, period=nomination.period
    )
    user = context["request"].user
    field = "person" if nomination.nominee_person_id else "organization"
    may_enter = (
        roles.enters_ratings(user)
        and (ratings.people_for_entry(user) if field == "person" else ratings.organizations_for_entry(user))
        .filter(pk=subject.pk)
        .exists()
    )
    this_year = clock.today().year
    return {
        "years": [{"year": y, "enterable": y <= this_year} for y in years],
        "field": field,
        "subject_id": subject.pk,
        "may_enter": may_enter,
    }
