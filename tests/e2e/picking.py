"""Choosing through a picker as a user does: type in the box, pick an option of the listbox."""

from __future__ import annotations

import re


def pick(page, label: str, typed: str, option: str | re.Pattern, *, exact: bool = False) -> None:
    """Type `typed` into the picker labelled `label`, then click the option whose name matches `option`."""
    box = page.get_by_role("combobox", name=label, exact=exact)
    box.fill(typed)
    page.get_by_role("option", name=option).first.click()
