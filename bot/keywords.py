"""Whole-message keywords handled before the flow, in every state.

STOP/START/HELP follow Twilio's opt-out keywords for long codes (Twilio acts on them itself and still
forwards the message); the exit and menu words come from the flow definition.
"""

from __future__ import annotations

STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"})
START_WORDS = frozenset({"start", "yes", "unstop"})
HELP_WORDS = frozenset({"help", "info"})
