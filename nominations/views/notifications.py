"""Notification pages: the list, opening one (marks it read), e-mail preferences."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import clock
from awards.pages import page
from nominations.enums import NotificationKind
from nominations.list_filters import filter_notifications, page_of, query_without_page
from nominations.models import EmailOptOut, Notification


@page
def notification_list(request):
    mine = Notification.objects.filter(recipient=request.user)
    shown, filters = filter_notifications(request, mine)
    context = {
        "nav": "notifications",
        "page": page_of(request, shown, per_page=30),
        "filters": filters,
        "query_string": query_without_page(request),
        "unread_count": mine.filter(read_at__isnull=True).count(),
    }
    return render(request, "nominations/notifications.html", context)


@page
def notification_open(request, pk: int):
    """Mark one of the user's own notices read and go to its page (another's: 404)."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=clock.now())
    return redirect(notice.path)


@page
def notification_read_all(request):
    if request.method == "POST":
        count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
            read_at=clock.now()
        )
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
    return redirect("notification-list")


class EmailPreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Nhận thư điện tử khi"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "Bỏ chọn loại nào thì không nhận thư loại đó; thông báo trong hệ thống vẫn hiện."
        ),
    )


@page
def profile(request):
    """The user's profile: who they are, and which notices also come by e-mail."""
    user = request.user
    muted = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    wanted = [kind for kind in NotificationKind.values if kind not in muted]
    form = EmailPreferencesForm(request.POST or None, initial={"email_kinds": wanted})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["email_kinds"])
        EmailOptOut.objects.filter(user=user, kind__in=chosen).delete()
        EmailOptOut.objects.bulk_create(
            [EmailOptOut(user=user, kind=k) for k in NotificationKind.values if k not in chosen],
            ignore_conflicts=True,
        )
        messages.success(request, _("Đã lưu lựa chọn nhận thư điện tử."))
        return redirect("profile")
    return render(
        request,
        "nominations/profile.html",
        {"nav": "profile", "form": form},
        status=400 if form.errors else 200,
    )
