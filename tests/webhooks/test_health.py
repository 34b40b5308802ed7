"""GET /healthz, /readyz and /metrics."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


async def test_health_and_readiness(twilio: object) -> None:
    client = twilio.client  # type: ignore[attr-defined]
    health = await client.get("/healthz")
    assert health.status == 200
    assert await health.json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["status"] == "ready"


async def test_metrics_count_messages_emergencies_escalations_and_latency(twilio: object) -> None:
    await twilio.text("hi")  # type: ignore[attr-defined]
    await twilio.text("hi", "whatsapp:+447700900777")  # type: ignore[attr-defined]
    await twilio.text("someone has been stabbed outside the pub")  # type: ignore[attr-defined]
    await twilio.text("person")  # type: ignore[attr-defined]
    await twilio.post({"Body": "forged"}, signature="nope")  # type: ignore[attr-defined]
    resp = await twilio.client.get("/metrics")  # type: ignore[attr-defined]
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(await resp.text())
        for s in family.samples
    }
    assert samples[("fivesteps_messages_in_total", (("channel", "sms"),))] == 3
    assert samples[("fivesteps_messages_in_total", (("channel", "whatsapp"),))] == 1
    assert samples[("fivesteps_messages_out_total", (("channel", "sms"),))] == 3
    assert samples[("fivesteps_escalations_total", (("reason", "emergency"),))] == 1
    assert sum(v for (name, _), v in samples.items() if name == "fivesteps_emergencies_detected_total") == 1
    assert samples[("fivesteps_webhooks_rejected_total", (("status", "403"),))] == 1
    assert samples[("fivesteps_webhook_latency_seconds_count", ())] == 5
