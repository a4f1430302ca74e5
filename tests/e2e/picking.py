"""Choosing through a picker as a user does: type in the box, pick an option of the listbox."""

from __future__ import annotations

import re


def pick(page, label: str, typed: str, option: str | re.Pattern, *, exact: bool = False) -> None:
    """Type `typed` into the picker labelled `label`, then click the option whose name matches `option`."""
    # The search box, once picker.js made it the combobox: before that the <select>
    # carries the label, and a slow page would have the select filled as it hides.
    box = page.locator("input[role=combobox]").and_(page.get_by_role("combobox", name=label, exact=exact))
    box.fill(typed)
    page.get_by_role("option", name=option).first.click()
