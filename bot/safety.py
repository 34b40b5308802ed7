"""The static safety reply: sent whenever the engine cannot answer (Redis down, a time-out, a bug).

It lives in code, not in a flow, because it must work when nothing else does. Facts: shared/DOMAIN.md.
"""

SAFETY_REPLY = (
    "Sorry, this service is not working right now. If anyone is in danger or a crime is happening, "
    "call 999 now. Can't speak? Call 999, then cough or tap, and on a mobile press 55 when asked. "
    "Otherwise call 101 (free) or report online at herts.police.uk/report."
)

# Used if even the flow's emergency text is unavailable.
EMERGENCY_REPLY = (
    "Call 999 now. This text service is automated and not monitored for emergencies. "
    "Can't speak? Call 999, then cough or tap. On a mobile, press 55 when a recording asks. "
    "Deaf or speech impaired: text 999 if registered with emergencySMS, or call Relay UK on 18000."
)
