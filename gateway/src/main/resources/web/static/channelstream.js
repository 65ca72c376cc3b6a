// A small Channelstream browser client (docs/protocol.md §7.1, §7.2, §13), modelled on the reference's
// ChannelStreamConnection: connect through the application (here the gateway's /demo endpoints),
// then listen on /ws, or long-poll /listen when websockets are unavailable. A lost listener is
// replaced by a new connect (a new conn_id) after a growing delay: +2 s per attempt up to 60 s,
// back to 0 once a listener works (the reference never resets it: its bug, fixed here).
// After two websockets in a row that never opened, the client long-polls for good.
//
// Gap-free resume (docs/protocol.md §9.1): every message, message:edit and message:delete frame
// carries an opaque "position" in the event log. The client keeps the last one it received
// (websocket or long poll, catch-up included) in lastPosition, and tells the application through
// positionCallback(position) whenever it changes. connect() sends it to the application's connect
// URL as resume_from, which the application passes on to the gateway's /connect: the new
// connection then first receives, with "catchup": true, every message, edit and delete of its
// channels since that position, and the answer says resumed: true. resumed: false (unknown,
// too old or from a recreated log) means nothing was replayed: the app shows the channels'
// history instead, and lastPosition starts again from the frames of the new connection. Each
// long poll after the first reattaches the same conn_id and sends the position as ?resume_from=.
// Positions are opaque: store them and send them back unchanged, never compare or parse them.
// A connection that has received no message, edit or delete yet has no position of its own: if it
// is lost before one arrives, the next connect sends the previous one (or none) and the app falls
// back to the channels' history for what went by.
(function (global) {
  'use strict';

  function ChannelStreamConnection(options) {
    var o = options || {};
    this.username = o.username || 'Anonymous';
    this.channels = (o.channels || []).slice();
    this.connectUrl = o.connectUrl;
    this.subscribeUrl = o.subscribeUrl;
    this.unsubscribeUrl = o.unsubscribeUrl;
    this.userStateUrl = o.userStateUrl;
    this.messageUrl = o.messageUrl;
    this.websocketUrl = o.websocketUrl;
    this.longPollUrl = o.longPollUrl;
    this.disconnectUrl = o.disconnectUrl;
    this.noWebsocket = !!o.noWebsocket || !global.WebSocket;
    this.heartbeats = o.heartbeats !== false;
    this.heartbeatMs = o.heartbeatMs || 10000;
    this.shouldReconnect = o.shouldReconnect !== false;
    this.increaseBounceIv = o.increaseBounceIv || 2000;
    this.maxBounceIv = o.maxBounceIv || 60000;
    this.connectionId = null;
    this.connected = false;
    this.transport = null;
    this._bounceIv = 0;
    this._generation = 0;
    this._socket = null;
    this._poll = null;
    this._heartbeat = null;
    this._retryTimer = null;
    this._wsFailures = 0;
    // the last position received; may be set by the app (e.g. from sessionStorage) before connect()
    this.lastPosition = o.lastPosition || null;
    // whether the gateway answered the last connect with resumed: true (null: no resume was asked)
    this.resumed = null;
  }

  var proto = ChannelStreamConnection.prototype;

  // Callbacks: replace them on the instance.
  proto.connectCallback = function (data) {};
  proto.connectErrorCallback = function (error) {};
  proto.listenMessageCallback = function (events) {};
  proto.listenOpenedCallback = function (transport) {};
  proto.listenCloseCallback = function (reason) {};
  proto.reconnectCallback = function (delayMs) {};
  proto.positionCallback = function (position) {};

  var POSITIONED = {'message': true, 'message:edit': true, 'message:delete': true};

  /** Remembers the position of the last positioned event of a batch (they arrive in log order). */
  proto._track = function (events) {
    var last = null;
    for (var i = 0; i < events.length; i++) {
      var e = events[i];
      if (e && POSITIONED[e.type] && typeof e.position === 'string' && e.position) last = e.position;
    }
    if (last !== null && last !== this.lastPosition) {
      this.lastPosition = last;
      this.positionCallback(last);
    }
  };

  proto._deliver = function (events) {
    if (!Array.isArray(events) || !events.length) return;
    this._track(events);
    this.listenMessageCallback(events);
  };

  /**
   * ?conn_id=…, and for a reattach of the same conn_id &resume_from=… once a position is known.
   * The first attach after connect() leaves it out: the connect already asked for that resume.
   */
  proto._query = function (reattach) {
    var q = '?conn_id=' + encodeURIComponent(this.connectionId);
    if (reattach && this.lastPosition) q += '&resume_from=' + encodeURIComponent(this.lastPosition);
    return q;
  };

  function request(method, url, body) {
    return fetch(url, {
      method: method,
      headers: {'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store'
    }).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
        if (!r.ok) {
          var err = new Error(method + ' ' + url + ' answered ' + r.status);
          err.status = r.status;
          err.body = data;
          throw err;
        }
        return data;
      });
    });
  }

  /** Asks the application for a conn_id, then starts listening. Resolves with its answer. */
  proto.connect = function () {
    var self = this;
    clearTimeout(this._retryTimer);
    var generation = ++this._generation;
    this._stopListening();
    var body = {username: this.username, channels: this.channels};
    if (this.lastPosition) body.resume_from = this.lastPosition;
    return request('POST', this.connectUrl, body)
      .then(function (data) {
        if (generation !== self._generation) return data;
        self.connectionId = data.conn_id;
        self.resumed = body.resume_from ? data.resumed === true : null;
        // a position the gateway could not resume from is of no use to the next connect either
        if (body.resume_from && !self.resumed && self.lastPosition === body.resume_from) self.lastPosition = null;
        self.channels = data.channels || self.channels;
        self.connectCallback(data);
        self._listen(generation);
        return data;
      }, function (error) {
        if (generation === self._generation) {
          self.connectErrorCallback(error);
          // a 4xx is the application saying no: retrying would not help
          if (!(error.status >= 400 && error.status < 500)) self._retry(generation);
        }
        throw error;
      });
  };

  proto._listen = function (generation) {
    if (this.noWebsocket) this._startLongPoll(generation); else this._startWebsocket(generation);
  };

  proto._opened = function (generation, transport) {
    if (generation !== this._generation || this.connected) return;
    this.connected = true;
    this.transport = transport;
    this._bounceIv = 0;
    this.listenOpenedCallback(transport);
  };

  proto._lost = function (generation, reason) {
    if (generation !== this._generation) return;
    this.connected = false;
    this._stopListening();
    this.listenCloseCallback(reason);
    this._retry(generation);
  };

  proto._retry = function (generation) {
    if (!this.shouldReconnect || generation !== this._generation) return;
    this._bounceIv = Math.min(this.maxBounceIv, this._bounceIv + this.increaseBounceIv);
    this.reconnectCallback(this._bounceIv);
    var self = this;
    this._retryTimer = setTimeout(function () {
      self.connect().catch(function () { /* reported through connectErrorCallback */ });
    }, this._bounceIv);
  };

  proto._startWebsocket = function (generation) {
    var self = this;
    var opened = false;
    var ws = new WebSocket(this.websocketUrl + this._query(false));
    this._socket = ws;
    ws.onopen = function () {
      opened = true;
      self._wsFailures = 0;
      if (self.heartbeats) {
        self._heartbeat = setInterval(function () {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({type: 'heartbeat'}));
        }, self.heartbeatMs);
      }
      self._opened(generation, 'websocket');
    };
    ws.onmessage = function (e) {
      var events;
      try { events = JSON.parse(e.data); } catch (err) { return; }
      self._deliver(events);
    };
    ws.onclose = function (e) {
      if (self._socket !== ws) return;
      if (!opened && ++self._wsFailures >= 2) {
        self.noWebsocket = true; // websockets do not get through here: long-poll from now on
      }
      self._lost(generation, 'websocket closed (' + e.code + ')');
    };
  };

  proto._startLongPoll = function (generation) {
    var self = this;
    var controller = new AbortController();
    this._poll = controller;
    var polls = 0;
    (function poll() {
      // every poll after the first reattaches the same conn_id from the last position it received
      fetch(self.longPollUrl + self._query(polls++ > 0), {cache: 'no-store', signal: controller.signal}).then(function (r) {
        if (!r.ok) throw new Error('long poll answered ' + r.status);
        return r.json();
      }).then(function (events) {
        if (controller.signal.aborted) return;
        self._opened(generation, 'long-poll');
        self._deliver(events);
        poll();
      }).catch(function (err) {
        if (!controller.signal.aborted) self._lost(generation, String(err.message || err));
      });
    })();
  };

  proto._stopListening = function () {
    clearInterval(this._heartbeat);
    this._heartbeat = null;
    if (this._socket) {
      var ws = this._socket;
      this._socket = null;
      ws.onclose = ws.onmessage = ws.onopen = null;
      try { ws.close(); } catch (e) { /* already closed */ }
    }
    if (this._poll) {
      this._poll.abort();
      this._poll = null;
    }
    this.connected = false;
  };

  /** Ends the connection for good: tells Channelstream, stops listening, no reconnect. */
  proto.disconnect = function (useBeacon) {
    this.shouldReconnect = false;
    this._generation++;
    clearTimeout(this._retryTimer);
    this._stopListening();
    var id = this.connectionId;
    this.connectionId = null;
    if (!id) return Promise.resolve(false);
    var url = this.disconnectUrl + '?conn_id=' + encodeURIComponent(id);
    if (useBeacon && navigator.sendBeacon) {
      navigator.sendBeacon(url, JSON.stringify({conn_id: id}));
      return Promise.resolve(true);
    }
    return request('POST', url, {conn_id: id});
  };

  proto.subscribe = function (channels) {
    var self = this;
    return request('POST', this.subscribeUrl, {conn_id: this.connectionId, channels: channels})
      .then(function (data) { self.channels = data.channels; return data; });
  };

  proto.unsubscribe = function (channels) {
    var self = this;
    return request('POST', this.unsubscribeUrl, {conn_id: this.connectionId, channels: channels})
      .then(function (data) { self.channels = data.channels; return data; });
  };

  proto.updateUserState = function (state) {
    return request('POST', this.userStateUrl,
      {username: this.username, conn_id: this.connectionId, update_state: state});
  };

  proto.message = function (obj) { return request('POST', this.messageUrl, obj); };
  proto.edit = function (obj) { return request('PATCH', this.messageUrl, obj); };
  proto.delete = function (obj) { return request('DELETE', this.messageUrl, obj); };

  global.ChannelStreamConnection = ChannelStreamConnection;
})(window);
