"""`fivesteps serve` runs the webhook server; `fivesteps chat` talks to the flow in a terminal."""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import signal
import sys
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click
from aiohttp import web

from bot.accounts import AccountError, Accounts
from bot.conversation import Channel, ConversationKey
from bot.logs import configure_logging
from bot.messages import InboundMessage
from bot.publishing import FlowAdmin, FlowAdminError
from bot.runtime import open_accounts, open_flow_admin, open_records, open_runtime
from bot.settings import ConfigurationError, Settings, load_settings
from bot.store import StoreError
from webhooks import create_app


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings(overrides=overrides)
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def main() -> None:
    """fivesteps: the 5-Steps triage service for SMS and WhatsApp."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port.")
def serve(host: str, port: int) -> None:
    """Run the webhook server (POST /twilio/messages, /healthz, /readyz, /metrics)."""
    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    # The idle time-out closes a connection that has not sent a whole request (slow headers) or sits idle
    # between requests; the body time-out (in the route) bounds a slow body.
    try:
        web.run_app(
            create_app(settings),
            host=host,
            port=port,
            print=None,
            access_log=None,
            keepalive_timeout=settings.idle_timeout,
        )
    except ConfigurationError as exc:  # found while opening the runtime (an unwritable spool)
        raise click.ClickException(str(exc)) from exc


@main.command()
def sender() -> None:
    """Run only the outbox sender (with FIVESTEPS_SENDER=0 on the web servers). Needs REDIS_URL."""
    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    if not settings.redis_url:
        raise click.ClickException("REDIS_URL must be set: the sender drains the outbox the servers share")
    if not settings.twilio_account_sid or settings.twilio_auth_token is None:
        raise click.ClickException("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set to send messages")
    try:
        asyncio.run(_send_forever(settings))
    except KeyboardInterrupt:
        pass
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc


async def _send_forever(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signame in ("SIGTERM", "SIGINT"):
        loop.add_signal_handler(getattr(signal, signame), stop.set)
    async with open_runtime(settings, sender=True):
        logging.getLogger("fivesteps").info("sender started")
        await stop.wait()


@main.command()
@click.option("--whatsapp", is_flag=True, help="Behave as the WhatsApp channel instead of SMS.")
def chat(whatsapp: bool) -> None:
    """Talk to the flow in this terminal: the replies an SMS user would get. No Twilio, no Redis."""
    settings = _settings(FIVESTEPS_DEV_SKIP_SIGNATURE=True, REDIS_URL=None)
    configure_logging("ERROR", "text")
    try:
        asyncio.run(_chat(settings, Channel.WHATSAPP if whatsapp else Channel.SMS))
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc


async def _chat(settings: Settings, channel: Channel) -> None:
    key = ConversationKey(channel, "+447700900000")
    interactive = sys.stdin.isatty()
    async with open_runtime(settings) as runtime:
        if interactive:
            click.echo("Type a message as if texting the service; Ctrl-D to quit.")
        while True:
            try:
                line = await asyncio.to_thread(input, "you> " if interactive else "")
            except EOFError:
                break
            message = InboundMessage(
                message_id="SM" + uuid.uuid4().hex,
                contact=key,
                service_address="+447700900999",
                text=line.strip(),
            )
            reply = await runtime.engine.handle(message)
            for text in reply.texts:
                click.echo("bot> " + text.replace("\n", "\n     "))
            if not reply.texts:
                click.echo("bot> (no reply)")


def _number(number: str) -> list[ConversationKey]:
    from bot.subject_rights import NotANumber, keys_for

    try:
        return keys_for(number)
    except NotANumber as exc:
        raise click.BadParameter(str(exc), param_hint="NUMBER") from exc


@main.command()
@click.argument("number")
@click.option(
    "--opt-out",
    "opt_out",
    is_flag=True,
    help="Also erase the opt-out record (only when the person asks: it is what stops our messages).",
)
def erase(number: str, opt_out: bool) -> None:
    """Erase everything held about NUMBER (+447700900123; whatsapp:+44... for WhatsApp only).

    Removes conversation state, transcripts, stored replies, queue entries and this host's spooled
    messages, and records that an erasure happened without recording the number."""
    from bot.subject_rights import erase as erase_records

    keys = _number(number)
    settings = _settings(FIVESTEPS_DEV_SKIP_SIGNATURE=True)

    async def run() -> None:
        async with open_records(settings) as (store, queue, spool):
            done = await erase_records(store, queue, spool, keys, opt_out=opt_out)
        kept = "" if opt_out else "; the opt-out record, if any, is kept (--opt-out erases it)"
        click.echo(
            f"Erased {done.records} stored records, {done.queue_entries} queue entries and "
            f"{done.spooled} spooled messages ({', '.join(done.channels)}){kept}. "
            "The erasure is recorded without the number."
        )

    _run(run())


@main.command()
@click.argument("number")
@click.option(
    "-o", "--output", type=click.File("w"), default="-", help="Write the JSON here (default: stdout)."
)
def export(number: str, output: TextIO) -> None:
    """Export everything held about NUMBER as JSON (a subject access request)."""
    from bot.subject_rights import export as export_records

    keys = _number(number)
    settings = _settings(FIVESTEPS_DEV_SKIP_SIGNATURE=True)

    async def run() -> None:
        async with open_records(settings) as (store, queue, spool):
            data = await export_records(store, queue, spool, keys)
        output.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    _run(run())


def _run(work: Coroutine[Any, Any, None]) -> None:
    try:
        asyncio.run(work)
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    except StoreError as exc:
        raise click.ClickException(f"the store did not answer: {exc}") from exc


@main.group()
def users() -> None:
    """Operator and admin accounts (kept in Redis: REDIS_URL must be set)."""


def _accounts(work: Callable[[Accounts], Coroutine[Any, Any, None]]) -> None:
    settings = _settings(FIVESTEPS_DEV_SKIP_SIGNATURE=True)

    async def run() -> None:
        async with open_accounts(settings) as accounts:
            try:
                await work(accounts)
            except AccountError as exc:
                raise click.ClickException(str(exc)) from exc

    _run(run())


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["operator", "admin"]), required=True, help="What the user may do.")
def users_add(name: str, role: str) -> None:
    """Create user NAME; prints the generated password, once, alone on the last line."""

    async def work(accounts: Accounts) -> None:
        user, password = await accounts.add(name, role)
        click.echo(f"Created {user.role} {user.name}. Their password (shown only now) is on the next line:")
        click.echo(password)

    _accounts(work)


@users.command("token")
@click.argument("name")
def users_token(name: str) -> None:
    """A new API token for NAME (Authorization: Bearer TOKEN), alone on the last line."""

    async def work(accounts: Accounts) -> None:
        token = await accounts.issue_token(name)
        click.echo(f"New API token for {name} (shown only now) on the next line:")
        click.echo(token)

    _accounts(work)


@users.command("list")
def users_list() -> None:
    """Every user, with role and status."""

    async def work(accounts: Accounts) -> None:
        for user in await accounts.users():
            status = "disabled" if user.disabled else "active"
            created = datetime.fromtimestamp(user.created_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
            click.echo(f"{user.name:<32} {user.role:<8} {status:<8} created {created}")

    _accounts(work)


@users.command("disable")
@click.argument("name")
def users_disable(name: str) -> None:
    """Disable NAME: their password and tokens stop working at once (the account is kept)."""

    async def work(accounts: Accounts) -> None:
        await accounts.disable(name)
        click.echo(f"Disabled {name}.")

    _accounts(work)


@main.group()
def flows() -> None:
    """Work on flow definitions (YAML)."""


@flows.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def flows_validate(file: Path) -> None:
    """Lint FILE: `FILE:LINE: message` per problem; exit 1 when there is an error (warnings alone: 0)."""
    from flows.lint import lint_text

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from exc
    result = lint_text(text)
    for problem in [*result.errors, *result.warnings]:
        where = f"{file}:{problem.line}" if problem.line is not None else str(file)
        kind = "" if problem.severity == "error" else "warning: "
        path = f" ({problem.path})" if problem.path else ""
        click.echo(f"{where}: {kind}{problem.message}{path}")
    if result.errors:
        sys.exit(1)
    click.echo(f"{file}: no errors, {len(result.warnings)} warnings", err=True)


@flows.command("diagram")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def flows_diagram(file: Path) -> None:
    """Print a Mermaid state diagram of FILE, states coloured by kind."""
    from flows.diagram import mermaid
    from flows.lint import lint_text

    result = lint_text(file.read_text(encoding="utf-8"))
    if result.flow is None:
        for problem in result.errors:
            click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        sys.exit(1)
    click.echo(mermaid(result.flow), nl=False)


@flows.command("test")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def flows_test(file: Path) -> None:
    """Run FILE's own tests (`tests:`) on the real engine over the memory store; exit 1 on a failure."""
    from bot.flowtests import run_flow_tests
    from flows.library import topic_model_for
    from flows.lint import lint_text
    from flows.topics import model_path

    result = lint_text(file.read_text(encoding="utf-8"))
    if result.flow is None or result.errors:
        for problem in result.errors:
            click.echo(f"{file}:{problem.line}: {problem.message}")
        sys.exit(1)
    configure_logging("ERROR", "text")
    outcomes = asyncio.run(run_flow_tests(result.flow, topic_model_for(result.flow, model_path(file))))
    for outcome in outcomes:
        click.echo(
            f"{'PASS' if outcome.passed else 'FAIL'} {outcome.name}"
            + (f": {outcome.failure}" if outcome.failure else "")
        )
    failed = sum(not o.passed for o in outcomes)
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed", err=True)
    if failed or not outcomes:
        sys.exit(1)


def _flow_admin(work: Callable[[FlowAdmin], Coroutine[Any, Any, None]]) -> None:
    settings = _settings(FIVESTEPS_DEV_SKIP_SIGNATURE=True)
    configure_logging("WARNING", "text")

    async def run() -> None:
        async with open_flow_admin(settings) as admin:
            try:
                await work(admin)
            except FlowAdminError as exc:
                _show_refusal(exc)
                sys.exit(1)

    _run(run())


def _show_refusal(exc: FlowAdminError, where: str = "") -> None:
    click.echo(f"refused: {exc}", err=True)
    for problem in exc.details.get("errors", []):
        line = f":{problem['line']}" if problem.get("line") is not None else ""
        click.echo(f"{where}{line}: {problem['message']} ({problem['path']})")
    for failure in exc.details.get("failures", []):
        click.echo(f"FAIL {failure['name']}: {failure['failure']}")


@flows.command("push")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def flows_push(file: Path) -> None:
    """Save FILE as the draft of the flow it names (REDIS_URL); prints lint's problems, exit 1 on an error."""
    from flows.lint import TooLarge, lint_text

    try:
        text = file.read_text(encoding="utf-8")
        parsed = lint_text(text)
    except (OSError, UnicodeDecodeError, TooLarge) as exc:
        raise click.ClickException(f"cannot push {file}: {exc}") from exc
    if parsed.flow is None:
        _show_refusal(
            FlowAdminError(422, "this is not a flow definition", errors=[p.as_dict() for p in parsed.errors]),
            str(file),
        )
        sys.exit(1)
    name = parsed.flow.flow

    async def work(admin: FlowAdmin) -> None:
        check = await admin.save_draft(name, text, _author())
        for problem in [*check.errors, *check.warnings]:
            line = f":{problem.line}" if problem.line is not None else ""
            kind = "" if problem.severity == "error" else "warning: "
            click.echo(f"{file}{line}: {kind}{problem.message} ({problem.path})")
        click.echo(f"Saved the draft of {name}: {len(check.errors)} errors, {len(check.warnings)} warnings.")
        if check.errors:
            sys.exit(1)

    _flow_admin(work)


@flows.command("publish")
@click.argument("name")
@click.option("-m", "--message", required=True, help="What changed (kept with the version).")
def flows_publish(name: str, message: str) -> None:
    """Publish the draft of NAME as its next version (lint, topic model, flow tests first)."""

    async def work(admin: FlowAdmin) -> None:
        info = await admin.publish(name, _author(), message)
        click.echo(f"Published {name} version {info.version}; every server serves it within seconds.")

    _flow_admin(work)


@flows.command("rollback")
@click.argument("name")
@click.argument("version", type=click.IntRange(min=1))
def flows_rollback(name: str, version: int) -> None:
    """Make VERSION of NAME the active version again."""

    async def work(admin: FlowAdmin) -> None:
        await admin.rollback(name, version, _author())
        click.echo(f"{name} version {version} is active.")

    _flow_admin(work)


@flows.command("list")
def flows_list() -> None:
    """Every flow in the store with its versions (* marks the active one)."""

    async def work(admin: FlowAdmin) -> None:
        for flow in await admin.overview():
            draft = "  (has a draft)" if flow.has_draft else ""
            click.echo(f"{flow.name}: version {flow.active_version or '-'} active{draft}")
            if flow.active_version is None:
                continue
            for info, active in await admin.versions(flow.name):
                when = datetime.fromtimestamp(info.published_at, UTC).strftime("%Y-%m-%d %H:%M UTC")
                mark = "*" if active else " "
                click.echo(f"  {mark} {info.version:>4}  {when}  {info.author:<16} {info.message}")

    _flow_admin(work)


def _author() -> str:
    """Who publishes from a terminal: `cli:` and the operating system user."""
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


@main.group()
def models() -> None:
    """The learned emergency and topic models."""


@models.command("train")
@click.option(
    "--flows-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Flow definitions whose topic models to retrain (default: the shipped flows).",
)
@click.option("--skip-emergency", is_flag=True, help="Retrain only the flows' topic models.")
def train_models(flows_dir: Path | None, skip_emergency: bool) -> None:
    """Retrain the emergency model from data/emergency/*.jsonl and each flow's topic model from its examples.

    Writes bot/emergency/model/emergency.npz (with data/models/emergency_pins.jsonl) and
    <flow>.topics.npz beside each flow file. Deterministic: the same data gives the same model.
    """
    from bot.emergency.training import retrain
    from flows.training import retrain_topics

    if not skip_emergency:
        report = retrain()
        click.echo(
            f"emergency model {report.version}: {report.texts} texts ({report.emergencies} emergencies). "
            f"Cross-validated on texts the rules were not tuned on: rules alone catch "
            f"{report.rules.recall:.1%} with {report.rules.false_alarms:.1%} false alarms; model alone "
            f"{report.model.recall:.1%} / {report.model.false_alarms:.1%}; together "
            f"{report.combined.recall:.1%} / {report.combined.false_alarms:.1%}."
        )
    for path, figures in retrain_topics(flows_dir):
        click.echo(
            f"topic model {path.name}: {int(figures['examples'])} examples; cross-validated first guess "
            f"right {figures['cv_top1']:.1%}, in the first three {figures['cv_top3']:.1%}; as served: right "
            f"at once {figures['cv_right_at_once']:.1%}, right topic offered by a question "
            f"{figures['cv_asked_right']:.1%}, wrong advice {figures['cv_wrong']:.1%}"
        )
