"""Korean input: the Enter that commits an IME composition must not submit the form.

Chromium's DevTools protocol drives a real composition (Input.imeSetComposition), so the keydown
that follows carries isComposing=true just as with a Hangul IME. A plain form without the guard
does submit on that Enter; the log-in form must not.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.ui import wait_for_page


def _fill_valid_credentials(page: Any, live_server: Any) -> None:
    email, password = live_server.logins["staff"]
    page.goto("/login")
    wait_for_page(page, "로그인")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(password)


def _count_logins(page: Any) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if request.url.endswith("/auth/login") else None)
    return sent


def test_enter_during_a_real_ime_composition_does_not_submit(page: Any, live_server: Any) -> None:
    _fill_valid_credentials(page, live_server)
    sent = _count_logins(page)
    page.get_by_label("비밀번호").focus()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "한", "selectionStart": 1, "selectionEnd": 1})
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # give a wrongly sent request time to show up
    assert sent == []
    assert page.url.endswith("/login")
    cdp.send("Input.insertText", {"text": "한"})  # commits the composition (compositionend)
    page.get_by_label("비밀번호").fill(live_server.logins["staff"][1])
    page.keyboard.press("Enter")  # a plain Enter after the composition submits as usual
    wait_for_page(page, "홈")
    assert len(sent) == 1


def test_keydown_flagged_as_composing_is_cancelled_and_submit_waits(page: Any, live_server: Any) -> None:
    _fill_valid_credentials(page, live_server)
    sent = _count_logins(page)
    result = page.evaluate("""() => {
        const input = document.getElementById('login-email');
        input.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
        const enter = new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', keyCode: 229,
                                                    isComposing: true, bubbles: true, cancelable: true});
        input.dispatchEvent(enter);
        input.form.requestSubmit();  // what the browser's implicit submission would do
        return enter.defaultPrevented;
    }""")
    page.wait_for_timeout(500)
    assert result is True
    assert sent == []
    page.evaluate("""() => document.getElementById('login-email')
        .dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: ''}))""")
    page.get_by_label("이메일").press("Enter")
    wait_for_page(page, "홈")
    assert len(sent) == 1
