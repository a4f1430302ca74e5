from __future__ import annotations

from django.db import models

from awards.text import normalize_text


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
