"""The system messages every small test flow needs, as YAML to put inside a flow definition."""

SYSTEM_MESSAGES = """\
messages:
  intro: Automated service, not monitored for emergencies.
  emergency: Call 999 now. This service is not monitored for emergencies.
  help: Help text.
  exit: OK.
  opted_out: Off.
  opted_in: On.
  media: No media.
  location: No locations.
  queued: You are number {position}.
  queued_again: Still waiting.
  left_queue: Left.
  queue_timed_out: Timed out.
  clarify: Which?
  something_else: Else
  council_for_town: "{town}: {council}."
"""
