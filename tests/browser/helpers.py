"""What the browser tests do on the pages, as a person would."""

import re
from urllib.parse import quote_plus

from playwright.sync_api import Page, expect


def pick_unit(page: Page, field_id: str, typed: str, label: str) -> None:
    """Choose a unit in a type-ahead picker (Tom Select) by typing part of its name, then its option."""
    control = page.locator(f"#{field_id}-ts-control")
    control.click()
    # The answer to what was typed, not to the list asked for on focus: an option clicked before it arrives
    # can be redrawn under the pointer, and the late answer reopens the list and takes the focus back from
    # the next field, whose typed text then goes nowhere.
    with page.expect_response(lambda response: "q=" + quote_plus(typed) in response.url):
        control.fill(typed)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=label)
    expect(option.first).to_be_visible()
    option.first.click()
    expect(page.locator(f"#{field_id}")).not_to_have_value("")
    expect(page.locator(f"#{field_id}-ts-dropdown")).to_be_hidden()
    expect(page.locator(f".ts-wrapper:has(#{field_id}-ts-control)")).not_to_have_class(
        re.compile(r"\bloading\b")
    )
