"""The core: conversation engine, emergency detector, stores (memory and Redis), operator queue,
settings and metrics. Never imports aiohttp.web, `webhooks` or the command line."""
