"""End-to-end checks of a running docker-compose.yml stack, for deploy/compose-smoke.

Everything goes through nginx on 127.0.0.1 (and Prometheus' API on 127.0.0.1); which gateway
answered or holds what is read from each gateway's own /metrics and /readyz inside its container
(`docker exec`), since the gateways publish no port.

    /usr/bin/python3 deploy/smoke/e2e.py --http-port P --prometheus-port Q --secret S \
        --gateway gateway1=CONTAINER_ID --gateway gateway2=... --gateway gateway3=...

Prints one line per step ("step NAME: ..."), then a last line "result: {json}" for the caller.
Exits 1 naming the failed step. Needs itsdangerous, requests and websocket-client.
"""

import argparse
import json
import subprocess
import sys
import time

import requests
import websocket
from itsdangerous import TimestampSigner

STEP = "start"


class SmokeFailure(Exception):
    pass


def step(name):
    global STEP
    STEP = name


def say(text):
    print(f"step {STEP}: {text}", flush=True)


def gateway_get(container, path):
    """GET http://127.0.0.1:8000{path} inside a gateway container (bash /dev/tcp; no curl)."""
    script = ('exec 3<>/dev/tcp/127.0.0.1/8000 && '
              f'printf "GET {path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n" >&3 && cat <&3')
    out = subprocess.run(["docker", "exec", container, "bash", "-c", script],
                         capture_output=True, timeout=30)
    if out.returncode != 0:
        raise SmokeFailure(f"GET {path} in {container[:12]}: {out.stderr.decode(errors='replace').strip()}")
    head, _, body = out.stdout.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.") or not body:
        raise SmokeFailure(f"GET {path} in {container[:12]}: no HTTP answer: {out.stdout[:200]!r}")
    return body.decode()


def connects_published(container):
    total = 0.0
    for line in gateway_get(container, "/metrics").splitlines():
        if line.startswith("csgate_events_published_total{") and 'op="connect"' in line \
                and 'outcome="ok"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def sessions(container):
    return json.loads(gateway_get(container, "/readyz"))["sessions"]


class Stack:
    def __init__(self, args):
        self.base = f"http://127.0.0.1:{args.http_port}"
        self.ws_base = f"ws://127.0.0.1:{args.http_port}"
        self.prometheus = f"http://127.0.0.1:{args.prometheus_port}"
        self.signer = TimestampSigner(args.secret)
        self.gateways = dict(g.split("=", 1) for g in args.gateway)

    def post(self, path, body):
        headers = {"X-Channelstream-Secret": self.signer.sign("channelstream").decode()}
        r = requests.post(self.base + path, data=json.dumps(body), headers=headers, timeout=30)
        if r.status_code != 200:
            raise SmokeFailure(f"POST {path} answered {r.status_code}: {r.text[:300]}")
        return r.json()

    def holder_of_new_sessions(self, before):
        """The gateway whose session count grew since `before` (a name -> count map)."""
        now = {name: sessions(c) for name, c in self.gateways.items()}
        grown = [n for n in now if now[n] > before[n]]
        return grown, now

    def session_counts(self):
        return {name: sessions(c) for name, c in self.gateways.items()}

    def open_socket(self, conn_id, avoid):
        """Opens websockets through nginx until one is held by a gateway not in `avoid`.

        nginx balances by least connections: a socket left open on an unwanted gateway makes
        the next one go elsewhere. Returns (socket, holder, extra sockets to close later).
        """
        extra = []
        for _ in range(4):
            before = self.session_counts()
            ws = websocket.create_connection(f"{self.ws_base}/ws?conn_id={conn_id}", timeout=30)
            holder = None
            deadline = time.monotonic() + 10
            while holder is None and time.monotonic() < deadline:
                grown, _ = self.holder_of_new_sessions(before)
                if len(grown) == 1:
                    holder = grown[0]
                else:
                    time.sleep(0.2)
            if holder is None:
                raise SmokeFailure("cannot tell which gateway holds the new websocket")
            if holder not in avoid:
                return ws, holder, extra
            extra.append(ws)
        raise SmokeFailure(f"every websocket through nginx landed on {avoid}")


def frames_until(ws, match, timeout):
    """Reads frames (JSON arrays; [] is a heartbeat) until one item matches."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            data = ws.recv()
        except websocket.WebSocketTimeoutException:
            break
        for item in json.loads(data) if data else []:
            if match(item):
                return item
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--prometheus-port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--gateway", action="append", required=True, help="NAME=CONTAINER")
    parser.add_argument("--parted-timeout", type=float, default=90)
    args = parser.parse_args()
    stack = Stack(args)
    result = {}

    step("connect")
    before = {n: connects_published(c) for n, c in stack.gateways.items()}
    room = {"notify_presence": True, "store_history": True}
    alice = stack.post("/connect", {"username": "alice", "channels": ["room"],
                                    "channel_configs": {"room": room}})
    after = {n: connects_published(c) for n, c in stack.gateways.items()}
    answered = [n for n in after if after[n] > before[n]]
    if len(answered) != 1:
        raise SmokeFailure(f"cannot tell which gateway answered /connect: {before} -> {after}")
    result["connect_answered_by"] = answered[0]
    say(f"/connect of alice through nginx answered by {answered[0]} (conn_id {alice['conn_id']})")

    step("websocket")
    alice_ws, alice_gw, extra = stack.open_socket(alice["conn_id"], avoid={answered[0]})
    for ws in extra:
        ws.close()
    result["websocket_held_by"] = alice_gw
    say(f"alice's websocket through nginx is held by {alice_gw}")

    step("observer")
    bob = stack.post("/connect", {"username": "bob", "channels": ["room"],
                                  "channel_configs": {"room": room}})
    bob_ws, bob_gw, extra = stack.open_socket(bob["conn_id"], avoid={alice_gw})
    for ws in extra:
        ws.close()
    result["observer_held_by"] = bob_gw
    say(f"bob's websocket is held by {bob_gw}")

    step("publish")
    sent = time.monotonic()
    stored = stack.post("/message", [{"channel": "room", "user": "smoke",
                                      "message": {"text": "hello through nginx"}}])
    uuid = stored[0]["uuid"]
    got = frames_until(alice_ws, lambda f: f.get("uuid") == uuid, 30)
    if got is None or got["message"] != {"text": "hello through nginx"}:
        raise SmokeFailure(f"alice's websocket on {alice_gw} did not receive message {uuid}")
    result["delivery_ms"] = round((time.monotonic() - sent) * 1000)
    if frames_until(bob_ws, lambda f: f.get("uuid") == uuid, 30) is None:
        raise SmokeFailure(f"bob's websocket on {bob_gw} did not receive message {uuid}")
    say(f"message {uuid} published through nginx, delivered on {alice_gw} and {bob_gw} "
        f"({result['delivery_ms']} ms to alice)")

    step("prometheus")
    deadline = time.monotonic() + 120
    up = []
    while time.monotonic() < deadline:
        r = requests.get(stack.prometheus + "/api/v1/targets", params={"state": "active"}, timeout=10)
        targets = [t for t in r.json()["data"]["activeTargets"] if t["labels"].get("job") == "csgate-gateway"]
        up = sorted(t["labels"]["instance"] for t in targets if t["health"] == "up")
        if len(targets) == len(stack.gateways) and len(up) == len(stack.gateways):
            break
        time.sleep(2)
    else:
        raise SmokeFailure(f"Prometheus sees {up} up, expected {len(stack.gateways)} gateways")
    result["prometheus_up"] = up
    say(f"Prometheus reports {len(up)} gateways up: {', '.join(up)}")

    step("kill")
    killed = subprocess.run(["docker", "kill", stack.gateways[alice_gw]], capture_output=True, text=True)
    if killed.returncode != 0:
        raise SmokeFailure(f"docker kill {alice_gw}: {killed.stderr.strip()}")
    t0 = time.monotonic()
    parted = frames_until(bob_ws, lambda f: f.get("type") == "presence" and f.get("user") == "alice"
                          and f.get("message", {}).get("action") == "parted", args.parted_timeout)
    if parted is None:
        raise SmokeFailure(f"bob on {bob_gw} saw no 'parted' of alice within {args.parted_timeout:.0f} s "
                           f"of killing {alice_gw}")
    result["killed"] = alice_gw
    result["parted_after_s"] = round(time.monotonic() - t0, 1)
    say(f"{alice_gw} killed; bob on {bob_gw} got alice 'parted' after {result['parted_after_s']} s")

    step("after")
    info = stack.post("/info", {"info": {"channels": ["room"], "include_users": True}})
    users = [u if isinstance(u, str) else u.get("user") for u in info["channels"]["room"]["users"]]
    if users != ["bob"]:
        raise SmokeFailure(f"room's users after the kill are {users}, expected ['bob']")
    say("the survivors agree: room has only bob")
    for ws in (alice_ws, bob_ws):
        try:
            ws.close()
        except Exception:  # alice's socket died with its gateway
            pass
    print("result: " + json.dumps(result), flush=True)


if __name__ == "__main__":
    try:
        main()
    except (SmokeFailure, requests.RequestException, websocket.WebSocketException, OSError,
            subprocess.TimeoutExpired, KeyError, ValueError) as e:
        print(f"step {STEP}: FAILED: {e}", flush=True)
        sys.exit(1)
