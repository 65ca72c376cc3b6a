#!/usr/bin/env python3
"""A Channelstream user's backend and browser, written only with the reference's client stack
(itsdangerous, requests, websocket-client), exactly as Channelstream's README and demos do it.

usage: reference_client.py BASE_URL SECRET
Prints one JSON line describing what it saw; exits 0 when every step behaved like Channelstream.
"""
import json
import sys
import uuid

import requests
import websocket
from itsdangerous import TimestampSigner


def main():
    base, secret = sys.argv[1], sys.argv[2]
    signer = TimestampSigner(secret)

    def post(path, payload, method="POST"):
        headers = {"x-channelstream-secret": signer.sign("channelstream"), "Content-Type": "application/json"}
        r = requests.request(method, base + path, data=json.dumps(payload), headers=headers, timeout=15)
        return r.status_code, r.json()

    room = "py-" + uuid.uuid4().hex[:8]
    status, connected = post("/connect", {
        "username": "pyuser", "channels": [room],
        "fresh_user_state": {"status": "online"}, "state_public_keys": ["status"],
        "channel_configs": {room: {"store_history": True, "notify_presence": True}},
    })
    assert status == 200, (status, connected)
    conn_id = connected["conn_id"]
    assert connected["channels"] == [room]

    ws = websocket.create_connection(base.replace("http", "ws", 1) + "/ws?conn_id=" + conn_id, timeout=15)
    status, published = post("/message", [{"channel": room, "user": "pybackend", "message": {"text": "from python"}}])
    assert status == 200 and len(published) == 1, (status, published)

    received = None
    for _ in range(20):
        frames = json.loads(ws.recv())
        for event in frames:
            if event.get("type") == "message" and event["message"].get("text") == "from python":
                received = event
        if received:
            break
    assert received is not None, "the message did not arrive"
    assert received["uuid"] == published[0]["uuid"]
    assert received["channel"] == room and received["catchup"] is False
    # ours: frames carry their place in the log; a client that does not know the key just has it
    assert isinstance(received["position"], str) and received["position"].count(":") >= 2, received

    status, info = post("/info", {"info": {"channels": [room]}})
    assert status == 200 and info["channels"][room]["history"][0]["uuid"] == published[0]["uuid"], info
    assert info["channels"][room]["history"][0]["position"] == received["position"], info

    bad = requests.post(base + "/connect", data="{}", headers={"x-channelstream-secret": "nope.nope.nope"}, timeout=15)
    assert bad.status_code == 401 and bad.json() == {"request": "Bad Signature"}, bad.text

    r = requests.get(base + "/disconnect", params={"conn_id": conn_id}, timeout=15)
    assert r.json() is True
    ws.settimeout(15)
    try:
        while True:
            ws.recv()
    except websocket.WebSocketConnectionClosedException:
        pass

    # while pyuser has no connection, two messages go by; a /connect from its last position gets them
    for text in ("missed 1", "missed 2"):
        status, _ = post("/message", [{"channel": room, "user": "pybackend", "message": {"text": text}}])
        assert status == 200
    status, again = post("/connect", {"username": "pyuser", "channels": [room], "resume_from": received["position"]})
    assert status == 200 and again["resumed"] is True, again
    ws = websocket.create_connection(base.replace("http", "ws", 1) + "/ws?conn_id=" + again["conn_id"], timeout=15)
    caught_up = []
    while len(caught_up) < 2:
        caught_up += [e for e in json.loads(ws.recv()) if e.get("type") == "message"]
    assert [e["message"]["text"] for e in caught_up] == ["missed 1", "missed 2"], caught_up
    assert all(e["catchup"] is True for e in caught_up), caught_up
    ws.close()
    print(json.dumps({"ok": True, "conn_id": conn_id, "received": received}))


if __name__ == "__main__":
    main()
