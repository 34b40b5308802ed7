"""The flow language: a typed schema for flow definitions, a loader with precise errors,
a text matcher tolerant of typos, and a compiler to a `transitions` state machine.

Nothing here performs network I/O; the loader only reads definition files.
"""

from flows.compiler import CompiledFlow, FlowModel, compile_flow
from flows.errors import FlowError, FlowErrorDetail
from flows.library import FlowLibrary
from flows.loader import load_flow, parse_flow
from flows.matching import Route, normalise
from flows.model import Choice, Escalation, FlowDefinition, Intent, State, SystemMessages
from flows.sms import SmsEncoding, segments

__all__ = [
    "Choice",
    "CompiledFlow",
    "Escalation",
    "FlowDefinition",
    "FlowError",
    "FlowErrorDetail",
    "FlowLibrary",
    "FlowModel",
    "Intent",
    "Route",
    "SmsEncoding",
    "State",
    "SystemMessages",
    "compile_flow",
    "load_flow",
    "normalise",
    "parse_flow",
    "segments",
]
