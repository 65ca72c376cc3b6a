// The chat demo page: channels, messages (send, edit, delete), presence with public state.
// All text from other users is written with textContent, never as HTML. A lost connection comes
// back through demo/connect with the last position the client received (resume_from,
// docs/protocol.md §9.1): what was sent meanwhile arrives first, marked "missed while away".
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var $ = function (id) { return document.getElementById(id); };
  var chat = {
    channels: [],
    active: null,
    messages: {},   // channel -> Map(uuid -> {uuid, user, text, timestamp, edited})
    members: {},    // channel -> [username]
    states: {},     // username -> public state
    editing: null   // {uuid, channel} while the message form edits
  };

  $('username').value = params.get('username') || 'anon_' + (1 + Math.floor(Math.random() * 999999));
  if (params.get('channels')) $('channels').value = params.get('channels');

  var wsUrl = new URL('ws', location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  var conn = new window.ChannelStreamConnection({
    connectUrl: 'demo/connect',
    subscribeUrl: 'demo/subscribe',
    unsubscribeUrl: 'demo/unsubscribe',
    userStateUrl: 'demo/user_state',
    messageUrl: 'demo/message',
    websocketUrl: wsUrl.href,
    longPollUrl: 'listen',
    disconnectUrl: 'disconnect',
    noWebsocket: params.get('transport') === 'longpoll'
  });
  window.demoConnection = conn;

  function setStatus(text, cls) {
    $('status').textContent = text;
    $('status').className = cls || 'muted';
    document.body.dataset.state = cls === 'ok' ? 'connected' : text;
  }

  function messageText(m) {
    if (m && typeof m.text === 'string') return m.text;
    return JSON.stringify(m);
  }

  function store(channel, e) {
    var key = channel || '(private)';
    if (!chat.messages[key]) chat.messages[key] = new Map();
    chat.messages[key].set(e.uuid, {
      uuid: e.uuid, user: e.user, text: messageText(e.message), timestamp: e.timestamp,
      edited: e.edited || null, private: !channel, caughtUp: e.catchup === true
    });
  }

  function applyInfo(info, channels) {
    chat.channels = channels.slice().sort();
    Object.keys(info.channels || {}).forEach(function (name) {
      var c = info.channels[name];
      chat.members[name] = (c.users || []).slice();
      (c.history || []).forEach(function (h) { store(name, h); });
    });
    (info.users || []).forEach(function (u) { chat.states[u.user] = u.state || {}; });
    if (chat.channels.indexOf(chat.active) < 0) chat.active = chat.channels[0] || null;
    var mine = chat.states[conn.username] || {};
    $('state-status').value = mine.status || '';
    render();
  }

  function handle(e) {
    var ch = e.channel;
    if (e.type === 'message') {
      store(ch, e);
    } else if (e.type === 'message:edit') {
      var m = chat.messages[ch] && chat.messages[ch].get(e.uuid);
      if (m) {
        if (e.message !== undefined) m.text = messageText(e.message);
        m.edited = e.edited || m.edited;
      }
    } else if (e.type === 'message:delete') {
      if (chat.messages[ch]) chat.messages[ch].delete(e.uuid);
    } else if (e.type === 'presence') {
      var members = chat.members[ch] || [];
      if (Array.isArray(e.users) && e.users.length) {
        members = e.users.map(function (u) { chat.states[u.user] = u.state || {}; return u.user; });
      } else if (e.message && e.message.action === 'joined') {
        if (members.indexOf(e.user) < 0) members.push(e.user);
      } else if (e.message && e.message.action === 'parted') {
        members = members.filter(function (u) { return u !== e.user; });
      }
      if (e.state) chat.states[e.user] = e.state;
      chat.members[ch] = members.sort();
    } else if (e.type === 'user_state_change') {
      chat.states[e.user] = (e.message && e.message.state) || {};
    }
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function button(text, cls, onClick) {
    var b = el('button', text, cls);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function render() {
    var list = $('channel-list');
    list.replaceChildren();
    chat.channels.forEach(function (name) {
      var li = el('li');
      li.dataset.channel = name;
      if (name === chat.active) li.className = 'active';
      li.appendChild(el('span', '#' + name));
      li.appendChild(button('×', 'leave-channel', function (ev) { ev.stopPropagation(); leave(name); }));
      li.addEventListener('click', function () { chat.active = name; render(); });
      list.appendChild(li);
    });
    $('channel-title').textContent = chat.active ? '#' + chat.active : 'no channel';

    var box = $('messages');
    box.replaceChildren();
    var shown = [];
    [chat.active, '(private)'].forEach(function (k) {
      if (chat.messages[k]) chat.messages[k].forEach(function (m) { shown.push([k, m]); });
    });
    shown.sort(function (a, b) { return a[1].timestamp < b[1].timestamp ? -1 : 1; });
    shown.forEach(function (pair) {
      var channel = pair[0], m = pair[1];
      var li = el('li');
      li.dataset.uuid = m.uuid;
      if (m.caughtUp) li.dataset.catchup = 'true';
      li.appendChild(el('b', m.user + (m.private ? ' (private)' : '') + ': ', 'user'));
      li.appendChild(el('span', m.text, 'text'));
      var meta = (m.timestamp || '').replace('T', ' ').slice(0, 19) + (m.edited ? ' (edited)' : '')
        + (m.caughtUp ? ' (missed while away)' : '');
      li.appendChild(el('div', meta, 'meta'));
      if (m.user === conn.username && !m.private) {
        var actions = el('span', null, 'actions');
        actions.appendChild(button('edit', 'edit', function () { startEdit(channel, m); }));
        actions.appendChild(button('delete', 'delete', function () {
          conn.delete({uuid: m.uuid, channel: channel}).catch(showError);
        }));
        li.appendChild(actions);
      }
      box.appendChild(li);
    });
    box.scrollTop = box.scrollHeight;

    var users = $('users');
    users.replaceChildren();
    (chat.members[chat.active] || []).forEach(function (name) {
      var s = chat.states[name] || {};
      var li = el('li');
      li.dataset.user = name;
      li.dataset.status = s.status || '';
      var dot = el('span', null, 'dot');
      dot.style.background = /^#[0-9a-fA-F]{6}$/.test(s.color || '') ? s.color : '#ccc';
      li.appendChild(dot);
      li.appendChild(el('span', name + (name === conn.username ? ' (you)' : ''), 'name'));
      li.appendChild(el('span', s.status || '', 'muted status'));
      users.appendChild(li);
    });
  }

  // What went wrong, in words a person can act on (never the raw answer).
  var FIELDS = {username: 'Name', user: 'Name', channels: 'Channels', channel: 'Channel', message: 'Message',
    conn_id: 'Connection', uuid: 'Message', user_state: 'Your state', _schema: 'Request'};

  function sentence(field, text) {
    if (text === 'Unknown connection') return 'Your connection has ended: disconnect and join again.';
    if (text === 'Unknown user') return 'The gateway no longer knows you: disconnect and join again.';
    var m = /^Length must be between (\d+) and (\d+)\.$/.exec(text);
    if (m) text = 'must be ' + m[1] + ' to ' + m[2] + ' characters long.';
    else if (text === 'Missing data for required field.') text = 'is required.';
    else if (text === 'Shorter than minimum length 1.') text = 'needs at least one entry.';
    return field + ' ' + text;
  }

  function problems(body, field, out) {
    if (Array.isArray(body)) {
      body.forEach(function (t) { out.push(sentence(field, String(t))); });
    } else if (body && typeof body === 'object') {
      Object.keys(body).forEach(function (k) {
        var name = /^\d+$/.test(k) ? field + ', entry ' + (Number(k) + 1) + ',' : (FIELDS[k] || k);
        problems(body[k], name, out);
      });
    } else if (body) {
      out.push(String(body));
    }
    return out;
  }

  function describeError(err) {
    var status = err && err.status;
    if (!status) return 'The gateway cannot be reached. Check that it is running, then try again.';
    if (status === 422) {
      var body = err.body;
      if (body && typeof body === 'object' && body.channels && body.channel_configs) {
        // the demo makes channel_configs from the channels typed: the same problem, said once
        body = Object.assign({}, body);
        delete body.channel_configs;
      }
      var list = problems(body, 'Request', []);
      if (list.length) return list.join(' ');
    }
    if (status === 404) return 'This gateway does not serve the demo (it runs without demo = true).';
    if (status === 413) return 'That is too long for the gateway.';
    if (status === 503) return 'The gateway cannot store this right now (its Kafka is unavailable). Try again in a moment.';
    if (status >= 500) return 'The gateway failed (HTTP ' + status + '). Try again; if it keeps failing, see its log.';
    return 'The gateway refused this (HTTP ' + status + ').';
  }

  function showError(err) {
    $('chat-error').textContent = describeError(err);
  }

  function startEdit(channel, m) {
    chat.editing = {uuid: m.uuid, channel: channel};
    $('message-input').value = m.text;
    $('send').textContent = 'Save';
    $('cancel-edit').hidden = false;
    $('message-input').focus();
  }

  function stopEdit() {
    chat.editing = null;
    $('message-input').value = '';
    $('send').textContent = 'Send';
    $('cancel-edit').hidden = true;
  }

  function leave(name) {
    conn.unsubscribe([name]).then(function (data) {
      delete chat.messages[name];
      delete chat.members[name];
      applyInfo(data.channels_info, data.channels);
    }).catch(showError);
  }

  // after a reconnect: did the gateway replay what this page missed (resumed), or only history?
  function showResume() {
    var note = $('resume');
    if (conn.resumed === null) {
      note.textContent = '';
      delete document.body.dataset.resumed;
      return;
    }
    document.body.dataset.resumed = String(conn.resumed);
    note.textContent = conn.resumed ? 'reconnected: messages sent while you were away follow'
      : 'reconnected: what was sent while you were away could not be replayed; recent history is shown';
  }

  conn.connectCallback = function (data) {
    showResume();
    $('join-form').hidden = true;
    $('chat').hidden = false;
    $('leave').hidden = false;
    $('chat-error').textContent = '';
    applyInfo(data.channels_info, data.channels);
  };
  conn.connectErrorCallback = function (err) {
    $('join-error').textContent = describeError(err);
    setStatus('connect failed', 'error');
  };
  conn.listenOpenedCallback = function (transport) {
    setStatus('connected', 'ok');
    $('transport').textContent = 'via ' + transport;
    document.body.dataset.transport = transport;
  };
  conn.listenCloseCallback = function (reason) { setStatus('disconnected: ' + reason, 'error'); };
  conn.reconnectCallback = function (ms) { setStatus('reconnecting in ' + Math.round(ms / 1000) + ' s', 'muted'); };
  conn.listenMessageCallback = function (events) {
    events.forEach(handle);
    render();
  };

  $('join-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('join-error').textContent = '';
    conn.username = $('username').value.trim();
    conn.channels = $('channels').value.split(',').map(function (s) { return s.trim(); })
      .filter(function (s) { return s; });
    conn.shouldReconnect = true;
    setStatus('connecting', 'muted');
    conn.connect().catch(function () { /* shown by connectErrorCallback */ });
  });

  $('message-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('message-input').value;
    if (!text.trim()) return;
    $('chat-error').textContent = '';
    var done;
    if (chat.editing) {
      done = conn.edit({uuid: chat.editing.uuid, channel: chat.editing.channel, message: {text: text}});
    } else if (chat.active) {
      done = conn.message({user: conn.username, channel: chat.active, message: {text: text}});
    } else {
      return;
    }
    done.then(stopEdit, showError);
  });
  $('cancel-edit').addEventListener('click', stopEdit);

  $('subscribe-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var name = $('new-channel').value.trim();
    if (!name) return;
    conn.subscribe([name]).then(function (data) {
      chat.active = name;
      $('new-channel').value = '';
      applyInfo(data.channels_info, data.channels);
    }).catch(showError);
  });

  function sendState() {
    conn.updateUserState({status: $('state-status').value || null, color: $('state-color').value})
      .catch(showError);
  }
  $('state-status').addEventListener('change', sendState);
  $('state-color').addEventListener('change', sendState);

  $('leave').addEventListener('click', function () {
    conn.disconnect().catch(function () { /* already gone */ });
    conn.lastPosition = null; // joining again starts afresh
    conn.resumed = null;
    showResume();
    chat.channels = [];
    chat.messages = {};
    chat.members = {};
    $('chat').hidden = true;
    $('leave').hidden = true;
    $('join-form').hidden = false;
    $('transport').textContent = '';
    setStatus('not connected', 'muted');
  });
  window.addEventListener('pagehide', function () { conn.disconnect(true); });

  if (params.get('autojoin') === '1') $('join').click();
})();
