FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY flows ./flows
COPY bot ./bot
COPY webhooks ./webhooks
COPY fivesteps ./fivesteps
RUN pip install --no-cache-dir . && useradd --system --uid 10001 fivesteps \
    && install -d -o fivesteps -g fivesteps -m 0700 /var/lib/fivesteps/spool
USER fivesteps
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"
CMD ["fivesteps", "serve", "--host", "0.0.0.0", "--port", "8080"]
