"""Shared steps of the program's browser journeys: screens at desktop and phone sizes, log-in, a mouse driver
and a keyboard-only driver with the same verbs, and the page checks every journey makes (axe-core, no
sideways scrolling, no untranslated text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.axe import axe_violations, describe
from tests.e2e.program_api import PDF

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 390, "height": 844}}
MISSING = "⟦"  # what the dictionary shows for a key it lacks (frontend/src/i18n/messages.ts)


@contextmanager
def browser_page(browser: Any, base_url: str, viewport: str = "desktop", lang: str = "ko") -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, locale="ko-KR", timezone_id="Asia/Seoul",
                                  viewport=VIEWPORTS[viewport], is_mobile=viewport == "mobile",
                                  has_touch=viewport == "mobile", reduced_motion="reduce")
    if lang == "en":
        context.add_init_script("localStorage.setItem('mdap.lang', 'en')")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def heading(page: Any, name: str | re.Pattern[str], level: int = 1) -> Any:
    found = page.get_by_role("heading", level=level, name=name)
    found.wait_for()
    return found


def sign_in(page: Any, email: str, password: str, start: str = "/login") -> None:
    page.goto(start)
    heading(page, re.compile("^(로그인|Log in)$"))
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("#login-email").press("Enter")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def sign_out(page: Any) -> None:
    """Log out from wherever the log-out button is: the header, or the full menu on a narrow screen."""
    if not page.get_by_role("button", name="로그아웃", exact=True).is_visible():
        page.get_by_role("button", name="전체메뉴", exact=True).click()
    page.get_by_role("button", name="로그아웃", exact=True).click()
    heading(page, "로그인")


def check_page(page: Any, *, mobile: bool = False, pointer: bool = True) -> None:
    """What every page must pass: axe-core (WCAG 2.x A/AA), no untranslated text, and on a phone no sideways
    scrolling. ``pointer=False`` for keyboard-only journeys (the mouse is never touched)."""
    page.wait_for_load_state("networkidle")
    if pointer:
        page.mouse.move(0, 0)  # judge the page at rest, not the control the pointer last pressed
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n" + describe(violations)
    text = page.evaluate("() => document.body.innerText")
    assert MISSING not in text, f"untranslated text on {page.url}: " + text[text.index(MISSING):][:80]
    if mobile:
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{page.url} scrolls sideways at {widths[1]} px: content is {widths[0]} px wide"


def pdf_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(PDF)
    return path


class Mouse:
    """Operates the page as most people do: pointer and typing."""

    keyboard_only = False

    def __init__(self, page: Any) -> None:
        self.page = page

    def click(self, target: Any) -> None:
        target.click()

    def fill(self, target: Any, text: str) -> None:
        target.fill(text)

    def choose(self, label_text: str, scope: Any | None = None) -> None:
        """Select a radio or tick a checkbox by its visible label (KRDS draws the box over the input)."""
        (scope or self.page).locator("label", has_text=label_text).first.click()

    def upload(self, input_locator: Any, path: Path) -> None:
        input_locator.set_input_files(str(path))


class Keyboard(Mouse):
    """The same verbs with the keyboard only: Tab to a control, then Enter, Space, arrows or typing."""

    keyboard_only = True
    MAX_TABS = 400

    def focus(self, target: Any) -> None:
        element = target.element_handle()
        for _ in range(self.MAX_TABS):
            if self.page.evaluate("el => document.activeElement === el", element):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {target}")

    def click(self, target: Any) -> None:
        self.focus(target)
        tag = target.evaluate("el => el.tagName")
        self.page.keyboard.press("Enter" if tag == "A" else "Space")

    def fill(self, target: Any, text: str) -> None:
        self.focus(target)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def choose(self, label_text: str, scope: Any | None = None) -> None:
        label = (scope or self.page).locator("label", has_text=label_text).first
        target = self.page.locator(f"#{label.get_attribute('for')}")
        if target.get_attribute("type") == "checkbox":
            self.focus(target)
            self.page.keyboard.press("Space")
            return
        # a radio group is one tab stop; the arrows move the choice within it
        name = target.get_attribute("name")
        element = self.page.locator(f"input[name='{name}']").first.element_handle()
        for _ in range(self.MAX_TABS):
            if self.page.evaluate("n => document.activeElement && document.activeElement.name === n", name):
                break
            self.page.keyboard.press("Tab")
        else:
            raise AssertionError(f"Tab never reached the radio group {name} ({element})")
        for _ in range(8):
            if target.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"the arrows never selected {label_text}")

    def upload(self, input_locator: Any, path: Path) -> None:
        for attempt in range(3):  # the page may re-render between the Tab and the key; then Tab there again
            self.focus(input_locator)
            try:
                with self.page.expect_file_chooser(timeout=5000) as chooser:
                    self.page.keyboard.press("Space")
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                continue
            chooser.value.set_files(str(path))
            return
