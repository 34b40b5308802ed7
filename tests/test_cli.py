"""The `fivesteps` command: chat in a terminal, and configuration errors that name the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from support import ROOT, spool_dir

from fivesteps.cli import main


def test_chat_shows_the_replies_an_sms_user_gets() -> None:
    result = CliRunner().invoke(
        main,
        ["chat"],
        input="hi\n5\n1\nhe has a knife\nexit\n",
        env={"FIVESTEPS_SPOOL_DIR": spool_dir()},
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "bot> Herts Police text service." in out
    assert "     1 Crime already happened" in out  # menu lines keep their own lines
    assert "Many problems are for other services" in out
    assert "district or borough council" in out
    assert "bot> Call 999 now." in out
    assert out.rstrip().endswith("bot> OK. Conversation ended.")


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fivesteps", "chat"],
        input="my car was stolen\n", capture_output=True, text=True,
        cwd=ROOT, timeout=60, check=False, env={**os.environ, "FIVESTEPS_SPOOL_DIR": spool_dir()},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "herts.police.uk/report" in result.stdout


def test_serve_refuses_to_start_without_required_settings() -> None:
    result = CliRunner().invoke(
        main, ["serve", "--port", "1"], env={"TWILIO_AUTH_TOKEN": "", "FIVESTEPS_PUBLIC_URL": None}
    )
    assert result.exit_code != 0
    assert "FIVESTEPS_PUBLIC_URL" in result.output


def test_chat_refuses_to_start_when_the_spool_cannot_be_written(tmp_path: object) -> None:
    blocked = os.path.join(str(tmp_path), "a-file")
    with open(blocked, "w") as file:
        file.write("not a directory")
    result = CliRunner().invoke(main, ["chat"], input="hi\n", env={"FIVESTEPS_SPOOL_DIR": blocked + "/spool"})
    assert result.exit_code != 0
    assert "FIVESTEPS_SPOOL_DIR" in result.output


def test_serve_refuses_to_start_when_the_spool_cannot_be_written(tmp_path: object) -> None:
    blocked = os.path.join(str(tmp_path), "a-file")
    with open(blocked, "w") as file:
        file.write("not a directory")
    result = subprocess.run(
        [sys.executable, "-m", "fivesteps", "serve", "--port", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
        env={**os.environ, "FIVESTEPS_DEV_SKIP_SIGNATURE": "1", "FIVESTEPS_SPOOL_DIR": blocked + "/spool"},
    )  # fmt: skip
    assert result.returncode == 1
    assert "FIVESTEPS_SPOOL_DIR: cannot write to" in result.stderr
    assert "Traceback" not in result.stderr


def test_sender_needs_redis_and_twilio_credentials() -> None:
    base = {"FIVESTEPS_SPOOL_DIR": spool_dir(), "FIVESTEPS_DEV_SKIP_SIGNATURE": "1"}
    no_redis = CliRunner().invoke(main, ["sender"], env={**base, "REDIS_URL": ""})
    assert no_redis.exit_code != 0 and "REDIS_URL must be set" in no_redis.output
    no_twilio = CliRunner().invoke(
        main,
        ["sender"],
        env={**base, "REDIS_URL": "redis://127.0.0.1:1/0", "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""},
    )
    assert no_twilio.exit_code != 0 and "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" in no_twilio.output


def test_flows_validate_reports_file_and_line_and_exits_1_on_errors(tmp_path: object) -> None:
    from pathlib import Path

    from flows.library import DEFINITIONS

    shipped = (DEFINITIONS / "five_steps.yaml").read_text(encoding="utf-8")
    good = CliRunner().invoke(main, ["flows", "validate", str(DEFINITIONS / "five_steps.yaml")])
    assert good.exit_code == 0, good.output
    broken = Path(str(tmp_path)) / "broken.yaml"
    text = shipped.replace("goto: collision}", "goto: colision}", 1)
    broken.write_text(text, encoding="utf-8")
    line = text[: text.index("goto: colision}")].count("\n") + 1
    result = CliRunner().invoke(main, ["flows", "validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:{line}: unknown state 'colision'" in result.output


def test_flows_test_runs_the_shipped_flow_s_own_tests_and_fails_a_broken_one(tmp_path: object) -> None:
    from pathlib import Path

    from flows.library import DEFINITIONS

    shipped = DEFINITIONS / "five_steps.yaml"
    good = CliRunner().invoke(main, ["flows", "test", str(shipped)])
    assert good.exit_code == 0, good.output
    assert "PASS an emergency gets 999 at once, from the start" in good.output
    assert "FAIL" not in good.output
    # The same flow with the crime advice no longer naming online reporting fails its own test.
    broken = Path(str(tmp_path)) / "five_steps.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        "To report a crime that has already happened, go to herts.police.uk/report and you will get a",
        "To report a crime that has already happened, call us and you will get a",
        1,
    )
    broken.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["flows", "test", str(broken)])
    assert result.exit_code == 1
    assert "FAIL menu 1 is a crime that already happened, reported online" in result.output
    assert "herts.police.uk/report" in result.output


def test_flows_diagram_prints_mermaid() -> None:
    from flows.library import DEFINITIONS

    result = CliRunner().invoke(main, ["flows", "diagram", str(DEFINITIONS / "five_steps.yaml")])
    assert result.exit_code == 0
    assert result.output.startswith("stateDiagram-v2\n") and "class person escalation" in result.output


def test_flows_push_publish_list_and_rollback_against_the_store(redis_url: str, tmp_path: Path) -> None:
    shipped = tmp_path / "flows"
    shipped.mkdir()
    council = Path(__file__).parent / "data" / "flows" / "council.yaml"
    (shipped / "council.yaml").write_text(council.read_text(encoding="utf-8"), encoding="utf-8")
    env = {
        "REDIS_URL": redis_url,
        "TWILIO_AUTH_TOKEN": "x",
        "FIVESTEPS_FLOWS_DIR": str(shipped),
        "FIVESTEPS_SPOOL_DIR": str(tmp_path / "spool"),
    }
    listed = CliRunner().invoke(main, ["flows", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "council: version 1 active" in listed.output  # the store seeded from the shipped flows

    edited = tmp_path / "council.yaml"
    text = council.read_text(encoding="utf-8")
    edited.write_text(text.replace("Noise is a matter", "Noise is usually a matter"), encoding="utf-8")
    pushed = CliRunner().invoke(main, ["flows", "push", str(edited)], env=env)
    assert pushed.exit_code == 0, pushed.output
    assert "Saved the draft of council: 0 errors" in pushed.output
    published = CliRunner().invoke(main, ["flows", "publish", "council", "-m", "wording"], env=env)
    assert published.exit_code == 0, published.output
    assert "Published council version 2" in published.output
    listed = CliRunner().invoke(main, ["flows", "list"], env=env)
    assert "council: version 2 active" in listed.output
    assert "wording" in listed.output

    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("local council. Report it", "noise team. Report it", 1), encoding="utf-8")
    assert CliRunner().invoke(main, ["flows", "push", str(broken)], env=env).exit_code == 0
    refused = CliRunner().invoke(main, ["flows", "publish", "council", "-m", "team"], env=env)
    assert refused.exit_code == 1
    assert "FAIL menu 1 is noise" in refused.output

    rolled = CliRunner().invoke(main, ["flows", "rollback", "council", "1"], env=env)
    assert rolled.exit_code == 0 and "council version 1 is active" in rolled.output
    missing = CliRunner().invoke(main, ["flows", "rollback", "council", "9"], env=env)
    assert missing.exit_code == 1
    assert "* " in CliRunner().invoke(main, ["flows", "list"], env=env).output


def test_flows_publish_needs_redis() -> None:
    env = {"REDIS_URL": "", "FIVESTEPS_SPOOL_DIR": spool_dir(), "FIVESTEPS_DEV_SKIP_SIGNATURE": "1"}
    result = CliRunner().invoke(main, ["flows", "publish", "five_steps", "-m", "x"], env=env)
    assert result.exit_code != 0
    assert "REDIS_URL must be set" in result.output
