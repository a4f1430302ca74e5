from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from awards.enums import OrganizationKind, Role
from awards.models.base import TextNormalizedModel, TimestampedModel
from awards.roles import user_has_admin_module_perms, user_has_admin_perm
from awards.text import normalize_text, search_key


class EmulationBloc(TextNormalizedModel):
    """Khối / cụm thi đua: comparable units that elect a leading unit each year."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("khối thi đua")
        verbose_name_plural = _("khối, cụm thi đua")

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, organization: Organization | None) -> OrganizationQuerySet:
        """The organization and everything below it (one indexed prefix query)."""
        if organization is None:
            return self.none()
        return self.filter(path__startswith=organization.path)


class Organization(TimestampedModel):
    """A unit in the province's tree: the committee, its departments, divisions."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(
        _("loại"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.UNIT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    bloc = models.ForeignKey(
        EmulationBloc,
        verbose_name=_("khối thi đua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organizations",
    )
    # A merged or renamed unit keeps its history: its ratings and awards count
    # for the successor (docs/domain.md, "the 2025 reorganisation").
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Materialised path "/12/40/57/": a subtree is one indexed prefix filter.
    path = models.CharField(max_length=1000, editable=False, db_index=True, default="")
    search_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def ancestors_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, other: Organization | None) -> bool:
        return other is not None and self.path.startswith(other.path)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.parent_id:
            parent = self.parent
            if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
                raise ValidationError(
                    {"parent": _("Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.")}
                )
        if self.pk and self.successor_id:
            seen = {self.pk}
            current = self.successor
            while current is not None:
                if current.pk in seen:
                    raise ValidationError({"successor": _("Quan hệ kế thừa tạo thành vòng lặp.")})
                seen.add(current.pk)
                current = current.successor

    def save(self, *args, **kwargs):
        self.search_key = search_key(f"{self.name} {self.short_name} {self.code}")[:255]
        with transaction.atomic():
            old_path = self.path
            if self.pk is None:
                super().save(*args, **kwargs)
                kwargs = {}
            self.path = self._compute_path()
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def _compute_path(self) -> str:
        parent_path = self.parent.path if self.parent_id else "/"
        return f"{parent_path}{self.pk}/"

    def _move_descendants(self, old_path: str) -> None:
        for descendant in Organization.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            descendant.path = self.path + descendant.path[len(old_path) :]
            Organization.objects.filter(pk=descendant.pk).update(path=descendant.path)


class User(AbstractUser):
    """A person who signs in: belongs to one organization, holds one or more roles."""

    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # A list of Role codes. Kept on the row (no join per request); role checks
    # go through awards.roles only.
    roles = models.JSONField(_("vai trò"), default=list, blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        valid = set(Role.values)
        if not isinstance(self.roles, list) or any(r not in valid for r in self.roles):
            raise ValidationError({"roles": _("Vai trò không hợp lệ.")})

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name or "")
        self.roles = sorted(set(self.roles or []))
        # The admin site is for staff and administrators (awards.roles decides).
        self.is_staff = self.is_superuser or bool({Role.STAFF, Role.ADMIN} & set(self.roles))
        # One transaction with the receivers that revoke tokens and sessions (awards.credentials).
        with transaction.atomic():
            super().save(*args, **kwargs)

    def has_perm(self, perm, obj=None):
        return user_has_admin_perm(self, perm) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return user_has_admin_module_perms(self, app_label) or super().has_module_perms(app_label)
