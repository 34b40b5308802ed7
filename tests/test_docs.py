"""The README's configuration table names every setting the service reads."""

from __future__ import annotations

from support import ROOT

from bot.settings import Settings


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") : readme.index("## Pointing Twilio at it")]
    rows = {line.split("|")[1].strip().strip("`") for line in table.splitlines() if line.startswith("| `")}
    assert {str(f.alias) for f in Settings.model_fields.values()} == rows
