"""KWCAG 2.2 checks on the shell: skip link, page titles, language, target size, axe-core."""

from __future__ import annotations

from typing import Any

from tests.e2e.ui import AREAS, SITE, SITE_EN, log_in, wait_for_page

# controls that must offer at least a 24×24 px target (KWCAG 2.2 / WCAG 2.5.8)
CONTROLS = "button:visible, input:visible, nav a:visible, .area-card:visible, .site-name:visible"


def test_skip_link_is_first_and_moves_focus_to_main(page: Any, live_server: Any) -> None:
    log_in(page, live_server, "staff")
    wait_for_page(page, "홈")
    page.reload()  # a fresh load: focus starts at the top of the document
    wait_for_page(page, "홈")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.textContent]")
    assert focused == ["A", "본문 바로가기"]
    box = page.locator("#krds-skip-link a").bounding_box()
    assert box and box["height"] >= 24  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is the first link in the content
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_every_route_has_a_unique_page_and_site_title(page: Any, live_server: Any, axe_check: Any) -> None:
    titles: dict[str, str] = {}
    page.goto("/login")
    wait_for_page(page, "로그인")
    titles["/login"] = page.title()
    axe_check(page)
    for path, (role, name) in AREAS.items():
        log_in(page, live_server, role)
        wait_for_page(page, "홈")
        titles[f"/ ({role})"] = page.title()
        page.goto(path)
        wait_for_page(page, name)
        titles[path] = page.title()
        axe_check(page)
        page.get_by_role("button", name="로그아웃", exact=True).click()
        wait_for_page(page, "로그인")
    page.goto("/no/such/page")
    wait_for_page(page, "페이지를 찾을 수 없음")
    titles["404"] = page.title()
    axe_check(page)
    homes = {title for key, title in titles.items() if key.startswith("/ (")}
    assert homes == {f"홈 | {SITE}"}
    distinct = [title for key, title in titles.items() if not key.startswith("/ (")] + [f"홈 | {SITE}"]
    assert all(title.endswith(f" | {SITE}") for title in distinct), titles
    assert len(set(distinct)) == len(distinct), titles


def test_language_switch_changes_texts_title_and_html_lang(page: Any, live_server: Any,
                                                           axe_check: Any) -> None:
    page.goto("/login")
    wait_for_page(page, "로그인")
    assert page.evaluate("() => document.documentElement.lang") == "ko"
    page.get_by_role("button", name="English").click()
    wait_for_page(page, "Log in")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.title() == f"Log in | {SITE_EN}"
    assert page.get_by_label("E-mail").is_visible()
    axe_check(page)
    page.reload()  # the choice is remembered
    wait_for_page(page, "Log in")
    email, password = live_server.logins["admin"]
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    wait_for_page(page, "Home")
    assert page.get_by_role("navigation", name="Main menu").get_by_role("link", name="User management").is_visible()
    assert page.title() == f"Home | {SITE_EN}"
    axe_check(page)
    page.get_by_role("button", name="한국어").click()
    wait_for_page(page, "홈")
    assert page.evaluate("() => document.documentElement.lang") == "ko"
    assert page.title() == f"홈 | {SITE}"


def test_controls_offer_targets_of_at_least_24_px(page: Any, live_server: Any) -> None:
    page.goto("/login")
    wait_for_page(page, "로그인")
    small = _small_targets(page)
    log_in(page, live_server, "admin")
    wait_for_page(page, "홈")
    small += _small_targets(page)
    assert not small, small


def test_focus_is_visible_on_controls(page: Any, live_server: Any) -> None:
    page.goto("/login")
    wait_for_page(page, "로그인")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name link
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.boxShadow]; }")
    assert ring[0] != "none" or ring[1] != "none", ring


def _small_targets(page: Any) -> list[str]:
    found = []
    for control in page.locator(CONTROLS).all():
        box = control.bounding_box()
        if box and (box["width"] < 24 or box["height"] < 24):
            found.append(f"{page.url}: {control.evaluate('el => el.outerHTML.slice(0, 80)')} {box}")
    return found
