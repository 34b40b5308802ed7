"""Prometheus metrics. Each service instance owns its registry, so tests and several apps in one
process never share counters."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages_in = Counter(
            "fivesteps_messages_in",
            "Inbound messages accepted, by channel.",
            ["channel"],
            registry=self.registry,
        )
        self.messages_out = Counter(
            "fivesteps_messages_out", "Reply messages sent, by channel.", ["channel"], registry=self.registry
        )
        self.emergencies = Counter(
            "fivesteps_emergencies_detected",
            "Messages the emergency detector flagged, by category.",
            ["category"],
            registry=self.registry,
        )
        self.escalations = Counter(
            "fivesteps_escalations",
            "Conversations put in the operator queue, by reason.",
            ["reason"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "fivesteps_duplicate_deliveries",
            "Repeated deliveries answered from the stored reply.",
            registry=self.registry,
        )
        self.safety_replies = Counter(
            "fivesteps_safety_replies",
            "Static safety replies sent because the engine could not finish.",
            ["reason"],
            registry=self.registry,
        )
        self.spooled = Counter(
            "fivesteps_spooled_messages",
            "Messages answered with the safety reply, by what became of them: written to the spool, "
            "failed to write, recorded in the store on replay.",
            ["outcome"],
            registry=self.registry,
        )
        self.rejected = Counter(
            "fivesteps_webhooks_rejected",
            "Webhook requests refused, by HTTP status.",
            ["status"],
            registry=self.registry,
        )
        self.webhook_latency = Histogram(
            "fivesteps_webhook_latency_seconds",
            "Time to answer POST /twilio/messages.",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )
        # The outbox sender (`bot.sender`): what it did with each message it took, and how much is left.
        self.sends = Counter(
            "fivesteps_outbox_sends",
            "Outbox messages by what the sender did: sent, failed (a permanent error), dead (dead-lettered "
            "after too many retryable failures), skipped (opted out), retried (to be tried again).",
            ["result"],
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "fivesteps_outbox_depth",
            "Outbox messages not yet acknowledged (waiting, in flight or parked for a retry), as the sender "
            "last saw it.",
            registry=self.registry,
        )
        self.outbox_dead = Gauge(
            "fivesteps_outbox_dead_letters",
            "Messages in the outbox's dead letters, as the sender last saw it.",
            registry=self.registry,
        )

        self.status_callbacks = Counter(
            "fivesteps_status_callbacks",
            "Twilio status callbacks received, by MessageStatus (other: a status not recorded).",
            ["status"],
            registry=self.registry,
        )
        # The operator queue, as this process's upkeep round last read it.
        self.queue_length = Gauge(
            "fivesteps_queue_length",
            "Conversations in the operator queue (waiting, held by staff, or flagged as emergencies).",
            ["state"],
            registry=self.registry,
        )
        self.queue_oldest_wait = Gauge(
            "fivesteps_queue_oldest_wait_seconds",
            "How long the longest-waiting conversation nobody holds has waited.",
            registry=self.registry,
        )

        self.flow_version = Gauge(
            "fivesteps_flow_active_version",
            "The version of each flow that new conversations start on in this process.",
            ["flow"],
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
