"""The flow editor at /admin in headless Chromium: an admin signs in, sees the council flow, makes an error
and sees it beside its line, fixes it, counts a message's SMS parts, tries the draft in the simulator,
publishes a new wording, compares the versions and rolls back. A screenshot of each step goes to
test-artifacts/admin/. Also: an operator is told the page is for admins; the page's CSP and labels; and
the static files over plain HTTP."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import artifact, chromium
from conftest import AppFactory, Twilio
from playwright.async_api import ConsoleMessage, Dialog, Locator, Page, expect

from webhooks.keys import RUNTIME

DATA = Path(__file__).parents[1] / "data" / "flows"
COUNCIL = (DATA / "council.yaml").read_text(encoding="utf-8")
NOISE = "Noise is a matter for your local council"
PUBLISH_TIMEOUT = 90_000  # ms: publishing trains the council's topic model in a process of its own


def line_of(needle: str, text: str = COUNCIL) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=artifact("admin", f"{name}.png"), full_page=True)


@pytest.fixture
async def app(make_twilio: AppFactory, tmp_path: Path) -> Twilio:
    """The service on the memory store with the small `council` flow as its only flow."""
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(DATA / "council.yaml", flows / "council.yaml")
    return await make_twilio(None, FIVESTEPS_FLOWS_DIR=str(flows), FIVESTEPS_FLOW="council")


@pytest.fixture
async def shipped(make_twilio: AppFactory) -> Twilio:
    """The service on the memory store with the shipped flows (flows/definitions: five_steps)."""
    return await make_twilio(None)


async def account(app: Twilio, name: str, role: str) -> str:
    _, password = await app.client.server.app[RUNTIME].accounts.add(name, role)
    return str(password)


def admin_url(app: Twilio) -> str:
    return str(app.client.make_url("/admin"))


async def sign_in(page: Page, url: str, name: str, password: str) -> None:
    await page.goto(url)
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("#who")).to_contain_text(f"Signed in as {name}")


async def caret_to_line(editor: Locator, line: int, end: str = "End") -> None:
    """Put the caret at the end (or with "Home", the start) of `line` with the keyboard, as a person would."""
    await editor.focus()
    await editor.press("Control+Home")
    for _ in range(line - 1):
        await editor.press("ArrowDown")
    await editor.press(end)


def watch_for_errors(page: Page) -> list[str]:
    """Script errors and Content-Security-Policy violations on the page (not the API's 4xx answers, which
    Chromium logs as console errors too)."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and any(w in message.text for w in ("Content Security Policy", "Refused")):
            errors.append(message.text)

    page.on("console", console)
    return errors


def of_kind(kind: str) -> re.Pattern[str]:
    return re.compile(rf"\bkind-{kind}\b")


def mermaid_states(source: str) -> list[str]:
    """The states in flows/diagram.py's Mermaid text, but its "any state" pseudo-state."""
    return sorted(set(re.findall(r'^  state "[^"]*" as (\w+)$', source, re.M)) - {"any_state"})


async def expect_council_drawn(page: Page) -> Locator:
    """The council flow's diagram, drawn: a node per state, coloured by kind, its transitions."""
    svg = page.locator("#diagram-view svg[role=img]")
    await expect(svg).to_have_attribute("aria-label", "Diagram of flow council: 5 states, 8 transitions")
    states = svg.locator("g.node.state")
    await expect(states).to_have_count(5)
    drawn = await states.evaluate_all("(nodes) => nodes.map((n) => n.dataset.state)")
    assert sorted(drawn) == mermaid_states(await page.locator("#diagram").text_content() or "")
    assert sorted(drawn) == ["emergency_reply", "noise", "not_understood", "parking", "welcome"]
    kinds = {"welcome": "question", "not_understood": "question", "noise": "ending", "parking": "ending"}
    for name, kind in {**kinds, "emergency_reply": "emergency"}.items():
        await expect(svg.locator(f'g.node[data-state="{name}"]')).to_have_class(of_kind(kind))
    await expect(svg.locator('g.node[data-state="welcome"] > title')).to_have_text("welcome (question)")
    await expect(svg.locator("g.node.any-state")).to_have_count(1)
    await expect(svg.locator("g.start")).to_have_count(1)
    await expect(svg.locator("g.end")).to_have_count(2)  # noise and parking end the conversation
    await expect(svg.locator("g.edge")).to_have_count(11)  # 8 transitions, the start, 2 ends
    await expect(svg.locator("g.edge.from-any")).to_have_count(4)
    to_parking = svg.locator('g.edge[data-from="welcome"][data-to="parking"]')
    await expect(to_parking).to_contain_text("welcome → parking: 2")  # its <title>
    await expect(svg.locator("g.edge path[marker-end]")).to_have_count(11)
    assert await overlapping(svg) == []
    return svg


async def test_an_admin_edits_tries_publishes_compares_and_rolls_back_a_flow(app: Twilio) -> None:
    password = await account(app, "alice", "admin")
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        errors = watch_for_errors(page)
        await sign_in(page, admin_url(app), "alice", password)
        editor = page.get_by_label("Flow definition (YAML)")
        await expect(editor).to_have_value(COUNCIL)
        await expect(page.locator("#source")).to_contain_text("active version 1")
        await expect(page.locator("#versions tbody tr")).to_have_count(1)
        await expect(page.locator("#diagram")).to_contain_text("stateDiagram-v2")
        diagram = await expect_council_drawn(page)
        await shot(page, "1-signed-in")
        drawn = await diagram.element_handle()

        # An unknown state: the error is beside its line, in the gutter and in the problems list.
        line = line_of("      - {number: 2, goto: parking}\n  noise:")
        await caret_to_line(editor, line)
        await editor.press("ArrowLeft")
        await editor.press("Backspace")  # goto: parking} -> goto: parkin}
        marker = page.locator("#gutter .ln.error")
        await expect(marker).to_have_count(1)
        await expect(marker).to_have_attribute("data-line", str(line))
        await expect(page.locator(f'#lens .note.error[data-line="{line}"]')).to_have_text(
            "unknown state 'parkin'"
        )
        problem = page.locator("#problems button.problem.error")
        await expect(problem).to_have_count(1)
        await expect(problem).to_contain_text(f"line {line}:")
        await expect(problem).to_contain_text("unknown state 'parkin'")
        await expect(page.locator("#save-status")).to_contain_text("Draft saved")
        await expect(page.locator("#save-status")).to_contain_text("1 error")
        # The diagram is drawn again after the save: 2 leads to a state that is not there.
        await page.wait_for_function("(svg) => !svg.isConnected", arg=drawn)
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="parkin"]')).to_have_count(1)
        await expect(diagram.locator('g.node.missing[data-state="parkin"]')).to_contain_text("parkin")
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="parking"]')).to_have_count(0)
        await expect(diagram.locator("g.node.state")).to_have_count(5)
        await page.locator("#diagram-view").screenshot(path=artifact("admin", "2-diagram-unknown-state.png"))
        await problem.click()  # the caret goes to the line
        await expect(editor).to_be_focused()
        await expect(page.locator("#gutter .ln.current")).to_have_attribute("data-line", str(line))
        # Publishing is refused, with the error and its line.
        await page.get_by_label("What changed (required)").fill("try it")
        await page.get_by_role("button", name="Publish").click()
        result = page.locator("#publish-result")
        await expect(result).to_contain_text("Not published: the draft has 1 error")
        await expect(result.locator("button.problem")).to_contain_text(f"line {line}:")
        await shot(page, "2-error-beside-its-line")

        # Fixed: the error is gone and the draft is saved.
        await caret_to_line(editor, line)
        await editor.press("ArrowLeft")
        await editor.type("g")
        await expect(page.locator("#save-status")).to_contain_text("Draft saved")
        await expect(page.locator("#save-status")).to_contain_text("0 errors")
        await expect(marker).to_have_count(0)
        await expect(page.locator("#problems")).not_to_contain_text("parkin")
        await expect(editor).to_have_value(COUNCIL)
        await expect(diagram.locator("g.node.missing")).to_have_count(0)
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="parking"]')).to_have_count(1)
        await shot(page, "3-fixed-draft-saved")

        # A change to the flow's transitions is drawn: 2 on the menu leads to noise, then to parking again.
        choice = "      - {number: 2, goto: parking}\n  noise:"
        assert COUNCIL.count(choice) == 1
        await editor.fill(COUNCIL.replace(choice, choice.replace("parking", "noise")))
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="noise"]')).to_have_count(2)
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="parking"]')).to_have_count(0)
        await editor.fill(COUNCIL)
        await expect(diagram.locator('g.edge[data-from="welcome"][data-to="parking"]')).to_have_count(1)
        await expect(page.locator("#save-status")).to_contain_text("0 errors")

        # Text that is not a flow definition at all is shown the same way, and not saved.
        await editor.fill(COUNCIL.replace("start: welcome", "start: [welcome"))
        await expect(page.locator("#save-status")).to_contain_text("Not saved")
        await expect(page.locator("#problems button.problem.error").first).to_contain_text("invalid YAML")
        await expect(page.locator("#gutter .ln.error")).to_have_count(1)
        # The server still has the previous draft: publishing it now would not publish what is shown.
        await page.get_by_role("button", name="Publish").click()
        await expect(page.locator("#publish-result")).to_contain_text("could not be saved as the draft")
        await shot(page, "4-not-a-flow-not-saved")
        await editor.fill(COUNCIL)
        await expect(page.locator("#save-status")).to_contain_text("Draft saved")
        await expect(page.locator("#gutter .ln.error")).to_have_count(0)

        # The SMS parts of the message under the caret: a quoted string, then a block scalar.
        count = page.locator("#sms-count")
        await caret_to_line(editor, line_of("      2 Parking\n"), "Home")
        await expect(count).to_have_text("states.welcome.say: 42 characters, 1 SMS part (GSM-7).")
        await caret_to_line(editor, line_of(NOISE), "Home")
        await expect(count).to_have_text("states.noise.say: 95 characters, 1 SMS part (GSM-7).")
        await shot(page, "5-sms-parts")

        # The simulator talks to the draft.
        chat = page.locator("#chat")
        await page.get_by_label("Message to the bot").fill("hi")
        await page.get_by_label("Message to the bot").press("Enter")
        await expect(chat).to_contain_text("1 Noise")
        await page.get_by_label("Message to the bot").fill("1")
        await page.get_by_role("button", name="Send").click()
        await expect(chat.locator("li.out").last).to_contain_text(NOISE)
        await expect(chat.locator("li.in")).to_have_count(2)
        await shot(page, "6-simulator")
        await page.get_by_role("button", name="Restart").click()
        await expect(chat.locator("li")).to_have_count(0)

        # Wording that fails the flow's own test ("menu 1 is noise" expects "local council"): refused, and
        # the failing test is named.
        await editor.fill(COUNCIL.replace(NOISE, "Noise is a matter for the noise team"))
        await expect(page.locator("#save-status")).to_contain_text("0 errors")
        await page.get_by_label("What changed (required)").fill("noise team")
        await page.get_by_role("button", name="Publish").click()
        await expect(result).to_contain_text("fails 1 flow test", timeout=PUBLISH_TIMEOUT)
        await expect(result.locator("ul.failures li")).to_have_count(1)
        await expect(result.locator("ul.failures li")).to_contain_text("menu 1 is noise")
        await expect(result.locator("ul.failures li")).to_contain_text("local council")
        await shot(page, "7-publish-refused-a-flow-test-fails")
        await editor.fill(COUNCIL)
        await expect(page.locator("#save-status")).to_contain_text("Draft saved")

        # New wording, published as version 2.
        await caret_to_line(editor, line_of(NOISE), "Home")
        for _ in range(len('    say: "Noise is ')):
            await editor.press("ArrowRight")
        await editor.type("usually ")
        await expect(page.locator("#save-status")).to_contain_text("0 errors")
        await page.get_by_label("What changed (required)").fill("Noise: usually the council")
        await page.get_by_role("button", name="Publish").click()
        await expect(result).to_contain_text("Published version 2", timeout=PUBLISH_TIMEOUT)
        await shot(page, "8-published")

        # The versions, newest first, 2 active.
        rows = page.locator("#versions tbody tr")
        await expect(rows).to_have_count(2)
        await expect(rows.first).to_contain_text("Noise: usually the council")
        await expect(rows.first).to_contain_text("alice")
        await expect(page.locator('#versions tr[data-version="2"]')).to_contain_text("Active")
        await expect(page.locator('#versions tr[data-version="1"]')).not_to_contain_text("Active")
        await shot(page, "9-versions")

        # Version 1 against the active one: the changed line and nothing else.
        await page.get_by_role("button", name="Diff against active: version 1").click()
        diff = page.locator("#diff")
        await expect(diff).to_contain_text("Version 1 (−) against active version 2 (+)")
        await expect(diff.locator(".dl.del")).to_have_count(1)
        await expect(diff.locator(".dl.add")).to_have_count(1)
        await expect(diff.locator("del")).to_contain_text(f'say: "{NOISE}')
        await expect(diff.locator("ins")).to_contain_text('say: "Noise is usually a matter for')
        await expect(diff.locator(".hunk")).to_have_count(1)
        await expect(diff).not_to_contain_text("flow: council")  # far from the change: not shown
        await shot(page, "10-diff")

        # Roll back to version 1, after confirming.
        asked: list[str] = []

        async def accept(dialog: Dialog) -> None:
            asked.append(dialog.message)
            await dialog.accept()

        page.once("dialog", accept)
        await page.get_by_role("button", name="Roll back to this: version 1").click()
        await expect(page.locator("#versions-status")).to_contain_text("version 1 is active")
        await expect(page.locator('#versions tr[data-version="1"]')).to_contain_text("Active")
        await expect(page.locator('#versions tr[data-version="2"]')).not_to_contain_text("Active")
        await expect(editor).to_have_value(COUNCIL)  # no draft: the editor shows the active version
        assert asked and "version 1" in asked[0]
        await shot(page, "11-rolled-back")

        # The diagram of the active version, and its Mermaid source under it.
        await expect_council_drawn(page)
        await expect(page.locator("#diagram")).to_be_hidden()
        await page.get_by_text("Mermaid source", exact=True).click()
        await expect(page.locator("#diagram")).to_be_visible()
        await expect(page.locator("#diagram")).to_contain_text("welcome --> parking: 2")
        await expect(page.get_by_role("button", name="Copy diagram source")).to_be_visible()
        await page.locator("#diagram-pane").screenshot(path=artifact("admin", "12-diagram.png"))
        assert errors == []

    replies = await app.text("hi", "+447700900555") + await app.text("1", "+447700900555")
    assert any(NOISE in r for r in replies)


async def test_an_operator_is_told_the_page_is_for_admins(app: Twilio) -> None:
    password = await account(app, "sam", "operator")
    async with chromium() as browser:
        page = await browser.new_page()
        await sign_in(page, admin_url(app), "sam", password)
        await expect(page.locator("#denied")).to_contain_text("This page is for admins")
        await expect(page.locator("#admin-view")).to_be_hidden()
        await shot(page, "operator-is-told")
        await page.get_by_role("button", name="Sign out").click()
        await expect(page.get_by_label("Name")).to_be_visible()


async def test_the_editor_is_labelled_keyboard_usable_and_under_the_csp(app: Twilio) -> None:
    password = await account(app, "alice", "admin")
    async with chromium() as browser:
        page = await browser.new_page()
        errors = watch_for_errors(page)
        await sign_in(page, admin_url(app), "alice", password)
        await page.reload()  # still signed in (the session cookie); the focus at the top of the page
        await expect(page.locator("#problems-summary")).to_contain_text("Not checked yet")
        await page.keyboard.press("Tab")
        await expect(page.get_by_role("link", name="Skip to the flow editor")).to_be_focused()
        await page.get_by_role("button", name="Run checks").click()
        await expect(page.locator("#check-result")).to_contain_text("Checks: 0 errors, 2 warnings")
        await expect(page.locator("#problems li button.problem")).to_have_count(2)
        await expect(page.locator("#check-result")).to_contain_text("Flow tests: 3 of 3 pass")
        await expect(page.locator("#test-results li.pass")).to_have_count(3)
        unlabelled = await page.evaluate(
            """() => [...document.querySelectorAll('input, textarea, select')]
                .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id)"""
        )
        assert unlabelled == []
        for region in ("#save-status", "#check-result", "#publish-result", "#versions-status", "#chat"):
            assert await page.locator(region).get_attribute("aria-live") == "polite", region
        # A problem is a button: Enter on it puts the caret on its line.
        first = page.locator("#problems button.problem").first
        await first.focus()
        await page.keyboard.press("Enter")
        await expect(page.get_by_label("Flow definition (YAML)")).to_be_focused()
        await expect(page.locator("#gutter .ln.current.warning")).to_have_count(1)
        # Publishing without saying what changed is not possible.
        await page.get_by_role("button", name="Publish").click()
        assert await page.get_by_label("What changed (required)").evaluate("(el) => !el.validity.valid")
        csp = (await page.request.get(admin_url(app))).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert errors == []


async def test_the_page_and_its_files_are_served_with_the_csp(app: Twilio) -> None:
    for path, kind in [
        ("/admin", "text/html"),
        ("/admin/index.html", "text/html"),
        ("/admin/admin.js", "application/javascript"),
        ("/admin/admin.css", "text/css"),
    ]:
        resp = await app.client.get(path)
        assert resp.status == 200, path
        assert resp.content_type == kind
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Frame-Options"] == "DENY"
    page = await (await app.client.get("/admin")).text()
    assert '<script src="/admin/admin.js" defer></script>' in page and "<style" not in page
    for missing in ("/admin/console.js", "/admin/nothing.js", "/admin/..%2Fapi.py"):
        assert (await app.client.get(missing)).status == 404, missing


async def test_the_diagram_of_the_shipped_flow_is_drawn(shipped: Twilio) -> None:
    password = await account(shipped, "alice", "admin")
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1400, "height": 2000})  # all of the drawing
        errors = watch_for_errors(page)

        def console(message: ConsoleMessage) -> None:  # any error but the API's (no draft: a 404)
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                errors.append(message.text)

        page.on("console", console)
        await sign_in(page, admin_url(shipped) + "#five_steps", "alice", password)
        await expect(page.locator("#flow-name")).to_contain_text("five_steps")
        svg = page.locator("#diagram-view svg[role=img]")
        label = re.compile(r"^Diagram of flow five_steps: \d+ states, \d+ transitions$")
        await expect(svg).to_have_attribute("aria-label", label)
        states = svg.locator("g.node.state")
        names = mermaid_states(await page.locator("#diagram").text_content() or "")
        assert await states.count() == len(names) > 20
        await expect(svg.locator('g.node[data-state="welcome"]')).to_have_class(of_kind("question"))
        await expect(svg.locator('g.node[data-state="person"]')).to_have_class(of_kind("escalation"))
        assert await svg.locator("g.edge.from-any").count() > 20
        assert await overlapping(svg) == []
        await page.locator("#diagram-pane").screenshot(path=artifact("admin", "13-diagram-five-steps.png"))
        assert errors == []


async def overlapping(svg: Locator) -> list[str]:
    """The pairs of drawn nodes (states, start, ends) whose boxes overlap."""
    return list(
        await svg.locator("g.nodes > g").evaluate_all(
            """(nodes) => {
                const name = (n) => n.dataset.state || n.getAttribute("class");
                const boxes = nodes.map((n) => [name(n), n.getBoundingClientRect()]);
                const out = [];
                const meet = (p, q) =>
                    p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
                for (const [i, [a, p]] of boxes.entries()) {
                    for (const [b, q] of boxes.slice(i + 1)) if (meet(p, q)) out.push(`${a}/${b}`);
                }
                return out;
            }"""
        )
    )
