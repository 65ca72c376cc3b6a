#!/usr/bin/env python3
"""Publish messages to csgate gateways by producing one signed record straight to Kafka.

This is the "from a work queue" path of docs/publishing.md, written against the record format
of docs/producers.md (record format 1) and nothing else: an envelope whose body is the JSON of
POST /message, and a cs-signature header holding the HMAC-SHA256 of the exact record value.

    produce.py --channel room --user bot --text "hello"
    produce.py --channel room --user bot --text one --text two    # two messages, one event

Settings use the gateway's names: --bootstrap-servers or CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS
(default 127.0.0.1:9092, a gateway's embedded broker), --topic or CHANNELSTREAM_KAFKA_TOPIC
(default channelstream.events), --secret-file or CHANNELSTREAM_SECRET (the gateway's `secret`).
With --key-name NAME the secret is this producer's own key, one of the gateways' `producer_keys`,
and the signature names it (cs-signature: key=NAME,v1=...), so that it can be revoked alone.

Needs confluent-kafka (Debian: apt-get install python3-confluent-kafka; or pip install
confluent-kafka). Exit status: 0 acknowledged by Kafka, 1 not acknowledged, 2 bad usage.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import uuid
from datetime import datetime, timezone

from confluent_kafka import Producer

SIGNATURE_HEADER = "cs-signature"
DEFAULT_TOPIC = "channelstream.events"


def sign(secret: str, value: bytes, key_name: str = None) -> str:
    """The cs-signature header: "v1=" + unpadded base64url HMAC-SHA256 of the value bytes,
    after "key=NAME," when signed with a producer key of its own."""
    mac = hmac.new(secret.encode("utf-8"), value, hashlib.sha256).digest()
    v1 = "v1=" + base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")
    return v1 if key_name is None else f"key={key_name},{v1}"


def envelope(op: str, body, origin: str) -> dict:
    """A record format 1 envelope; `id` makes a retried record harmless, and `time` (when the
    record is made, UTC) makes a copy produced again later harmless: gateways hold it to the time
    Kafka appends the record (record_time_window)."""
    now = datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return {"v": 1, "id": str(uuid.uuid4()), "op": op, "time": now, "origin": origin, "body": body}


def encode(value: dict) -> bytes:
    """Compact UTF-8 JSON. Sign exactly these bytes and send exactly these bytes."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def settings(args) -> tuple:
    bootstrap = args.bootstrap_servers or os.environ.get("CHANNELSTREAM_KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092"
    topic = args.topic or os.environ.get("CHANNELSTREAM_KAFKA_TOPIC") or DEFAULT_TOPIC
    if args.secret_file:
        with open(args.secret_file, encoding="utf-8") as f:
            secret = f.read().strip()
    else:
        secret = os.environ.get("CHANNELSTREAM_SECRET", "")
    if not secret:
        print("produce.py: no secret: set CHANNELSTREAM_SECRET or pass --secret-file", file=sys.stderr)
        sys.exit(2)
    return bootstrap, topic, secret


def main() -> int:
    p = argparse.ArgumentParser(description="Publish messages to csgate through Kafka (docs/producers.md).")
    p.add_argument("--channel", required=True, help="channel; it must exist (connect/subscribe/channel_config)")
    p.add_argument("--user", required=True, help="sender label")
    p.add_argument("--text", action="append", required=True, help="message text; repeat for several messages")
    p.add_argument("--bootstrap-servers")
    p.add_argument("--topic")
    p.add_argument("--secret-file")
    p.add_argument("--key-name", help="name of this producer's own key (the secret is that key's)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the acknowledgement")
    args = p.parse_args()
    bootstrap, topic, secret = settings(args)

    # The body is exactly what POST /message takes. Giving each item a uuid lets us print it;
    # left out, the gateways derive one from the event id.
    items = [{"channel": args.channel, "user": args.user, "message": {"text": t}, "uuid": str(uuid.uuid4())}
             for t in args.text]
    value = encode(envelope("message", items, "python-example"))

    producer = Producer({
        "bootstrap.servers": bootstrap,
        "client.id": "csgate-python-example",
        "acks": "all",                 # on every in-sync replica before it counts
        "enable.idempotence": True,    # retries never duplicate a record
        "message.timeout.ms": int(args.timeout * 1000),
    })
    outcome = {}

    def delivered(err, msg):
        outcome["error"] = err
        outcome["at"] = None if err else f"{msg.topic()}-{msg.partition()}@{msg.offset()}"

    # No key: the gateways ignore it, and the topic's single partition orders everything.
    producer.produce(topic, value=value,
                     headers=[(SIGNATURE_HEADER, sign(secret, value, args.key_name).encode("ascii"))],
                     on_delivery=delivered)
    producer.flush(args.timeout + 5)
    if "at" not in outcome or outcome["error"] is not None:
        print(f"produce.py: not acknowledged by Kafka at {bootstrap}: {outcome.get('error', 'timed out')}",
              file=sys.stderr)
        return 1
    for item in items:
        print(f"published message {item['uuid']} to channel {args.channel} at {outcome['at']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
