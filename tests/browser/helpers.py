"""What the browser tests do on the pages, as a person would."""

from playwright.sync_api import Page, expect


def pick_unit(page: Page, field_id: str, typed: str, label: str) -> None:
    """Choose a unit in a type-ahead picker (Tom Select) by typing part of its name, then its option."""
    control = page.locator(f"#{field_id}-ts-control")
    control.click()
    control.fill(typed)
    option = page.locator(f"#{field_id}-ts-dropdown .option", has_text=label)
    expect(option.first).to_be_visible()
    option.first.click()
    expect(page.locator(f"#{field_id}")).not_to_have_value("")
