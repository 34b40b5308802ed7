"""The operator console in headless Chromium: sign in, a new escalation appears without reloading, claim,
reply, see the delivery status, close. A screenshot of each step goes to test-artifacts/console/."""

from __future__ import annotations

import asyncio
from typing import Any

from browser import artifact, chromium
from conftest import AppFactory, Twilio
from fakes import FakeTwilio
from playwright.async_api import Page, expect
from support import ACCOUNT_SID

from webhooks.keys import RUNTIME

PERSON = "+447700900123"


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=artifact("console", f"{name}.png"), full_page=True)


async def sign_in(page: Page, url: str, name: str, password: str) -> None:
    await page.goto(url)
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.locator("#who")).to_contain_text(f"Signed in as {name}")


async def console_for(make_twilio: AppFactory, url: str | None, **settings: Any) -> tuple[Twilio, str, str]:
    twilio = await make_twilio(url, **settings)
    _, password = await twilio.client.server.app[RUNTIME].accounts.add("sam", "operator")
    return twilio, str(twilio.client.make_url("/console")), password


async def test_an_operator_signs_in_sees_an_escalation_live_claims_replies_and_closes(
    make_twilio: AppFactory, redis_url: str
) -> None:
    async with FakeTwilio() as fake:
        twilio, url, password = await console_for(
            make_twilio,
            redis_url,
            FIVESTEPS_SENDER="1",
            FIVESTEPS_TWILIO_API_URL=fake.url,
            FIVESTEPS_SEND_RATE=50,
        )
        await the_whole_console_journey(twilio, url, password, fake)
    replies = await twilio.text("hello", PERSON)
    assert replies and "1 " in replies[-1]  # the bot answers again, from the start menu


async def the_whole_console_journey(twilio: Twilio, url: str, password: str, fake: FakeTwilio) -> None:
    async with chromium() as browser:
        page = await browser.new_page()
        await page.goto(url)
        await page.get_by_label("Name").fill("sam")
        await page.get_by_label("Password").fill("wrong password")
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.locator("#signin-error")).to_have_text("wrong name or password")
        await sign_in(page, url, "sam", password)
        await expect(page.locator("#queue-empty")).to_be_visible()
        await shot(page, "1-signed-in")

        # A person asks for staff: the queue shows it without a reload.
        await twilio.text("can I speak to a real person please", PERSON)
        row = page.locator("#queue tbody tr.item")
        await expect(row).to_have_count(1, timeout=5000)
        await expect(row.first).to_contain_text("SMS")
        await shot(page, "2-escalation-arrives")

        await row.first.get_by_role("button").click()
        await expect(page.locator("#facts")).to_contain_text(PERSON)
        await expect(page.locator("#transcript")).to_contain_text("can I speak to a real person please")
        await page.get_by_role("button", name="Claim").click()
        await expect(page.locator("#claim")).to_have_text("You hold this")
        await expect(page.locator("#transcript")).to_contain_text("joined this chat")
        await shot(page, "3-claimed")

        reply = page.get_by_label("Reply to the person")
        await reply.fill("Hello, this is Sam in the control room. Is it safe for you to message now?")
        await expect(page.locator("#parts")).to_contain_text("1 SMS part · GSM-7")
        await reply.fill("Thanks 🙏")
        await expect(page.locator("#parts")).to_contain_text("UCS-2 because of: 🙏")
        await reply.fill("Hello, this is Sam in the control room. Is it safe for you to message now?")
        await reply.press("Control+Enter")
        sent = page.locator("#transcript li", has_text="this is Sam in the control room")
        await expect(sent).to_have_count(1)
        # The sender takes it to (the fake) Twilio, which reports it delivered: the console shows it.
        async with asyncio.timeout(10):
            while not [m for m in fake.sent if "this is Sam" in m.body]:
                await asyncio.sleep(0.05)
        [message] = [m for m in fake.sent if "this is Sam" in m.body]
        form = {"MessageSid": message.sid, "MessageStatus": "delivered", "AccountSid": ACCOUNT_SID}
        assert (await twilio.post(form, path="/twilio/status")).status == 200
        await expect(sent.locator(".delivery")).to_have_text("delivered", timeout=5000)
        await shot(page, "4-replied-and-delivered")

        # The person answers: it appears in the open conversation without a reload, and the bot is quiet.
        assert await twilio.text("yes it is safe", PERSON) == []
        await expect(page.locator("#transcript")).to_contain_text("yes it is safe", timeout=5000)

        await page.get_by_label("Outcome").select_option("Advice given")
        await page.get_by_role("button", name="Close conversation").click()
        await expect(page.locator("#queue tbody tr.item")).to_have_count(0, timeout=5000)
        await shot(page, "5-closed")


async def test_the_console_is_labelled_for_assistive_technology_and_keyboard_use(
    make_twilio: AppFactory,
) -> None:
    twilio, url, password = await console_for(make_twilio, None)
    async with chromium() as browser:
        page = await browser.new_page()
        await sign_in(page, url, "sam", password)
        await twilio.text("person", PERSON)
        await expect(page.locator("#queue tbody tr.item")).to_have_count(1, timeout=5000)
        await page.locator("#queue tbody tr.item button").focus()
        await page.keyboard.press("Enter")
        await expect(page.locator("#conversation")).to_be_focused()
        unlabelled = await page.evaluate(
            """() => [...document.querySelectorAll('input, textarea, select')]
                .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id)"""
        )
        assert unlabelled == []
        csp = (await page.request.get(url)).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


async def test_an_admin_adds_a_user_from_the_console_and_an_operator_sees_no_users(
    make_twilio: AppFactory,
) -> None:
    twilio, url, password = await console_for(make_twilio, None)
    _, admin_password = await twilio.client.server.app[RUNTIME].accounts.add("boss", "admin")
    async with chromium() as browser:
        page = await browser.new_page()
        await sign_in(page, url, "sam", password)
        await expect(page.locator("#users-pane")).to_be_hidden()
        await page.get_by_role("button", name="Sign out").click()
        await page.get_by_label("Name").fill("boss")
        await page.get_by_label("Password").fill(admin_password)
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.locator("#users-pane")).to_be_visible()
        await page.get_by_label("New user").fill("kim.lee")
        await page.get_by_role("button", name="Add user").click()
        await expect(page.locator("#new-password")).to_contain_text("Added kim.lee")
        await expect(page.locator("#users")).to_contain_text("kim.lee")
        await shot(page, "6-admin-adds-a-user")
        shown = (await page.locator("#new-password").inner_text()).rsplit(" ", 1)[-1]
    assert await twilio.client.server.app[RUNTIME].accounts.check_password("kim.lee", shown) is not None
