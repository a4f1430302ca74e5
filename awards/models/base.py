from __future__ import annotations

from django.db import models

from awards import clock
from awards.text import normalize_text


class ClockDateTimeField(models.DateTimeField):
    """`auto_now` / `auto_now_add` read the service's clock, not the wall clock: a row
    written inside `clock.frozen_at(...)` (the demo's 2023 walk) carries that moment."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        # The column is a plain DateTimeField: migrations need not know (and rebuild no table).
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs


class TextNormalizedModel(models.Model):
    """Stores every CharField and TextField NFC-normalised and stripped.

    One place for the rule, whatever the way in: API, pages, admin, imports.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalize_text_fields()
        super().save(*args, **kwargs)

    def normalize_text_fields(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, normalize_text(value))


class TimestampedModel(TextNormalizedModel):
    created_at = ClockDateTimeField(auto_now_add=True)
    updated_at = ClockDateTimeField(auto_now=True)

    class Meta:
        abstract = True
