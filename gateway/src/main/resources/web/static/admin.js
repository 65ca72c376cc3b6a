// The admin panel: polls admin/admin.json and renders it. Every value that came from a client
// (channel and user names, state) is written with textContent, never as HTML.
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var refreshMs = Math.max(500, Number(params.get('refresh')) || 5000);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) {
      var td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c === undefined ? '' : String(c);
      tr.appendChild(td);
    });
    return tr;
  }

  function settingsText(s) {
    if (!s) return '';
    var on = Object.keys(s).filter(function (k) { return s[k] === true; });
    return on.join(', ') + (s.history_size !== undefined ? ' (history ' + s.history_size + ')' : '');
  }

  function render(info) {
    document.querySelectorAll('#counters [data-key]').forEach(function (e) {
      e.textContent = String(info[e.dataset.key]);
    });
    document.getElementById('version').textContent = 'protocol ' + info.version;

    var channels = document.getElementById('channels');
    channels.replaceChildren();
    Object.keys(info.channels || {}).sort().forEach(function (name) {
      var c = info.channels[name];
      var tr = row([el('code', name), (c.users || []).join(', '), c.total_connections,
        settingsText(c.settings), (c.history || []).length, c.last_active]);
      tr.dataset.channel = name;
      channels.appendChild(tr);
    });
    if (!channels.children.length) channels.appendChild(row([el('span', 'no channels', 'muted')]));

    var users = document.getElementById('users');
    users.replaceChildren();
    (info.users || []).slice().sort(function (a, b) { return a.user < b.user ? -1 : 1; }).forEach(function (u) {
      var tr = row([el('code', u.user), el('code', JSON.stringify(u.state)),
        (u.connections || []).length + ': ' + (u.connections || []).join(', ')]);
      tr.dataset.user = u.user;
      users.appendChild(tr);
    });
    if (!users.children.length) users.appendChild(row([el('span', 'nobody connected', 'muted')]));
  }

  function load() {
    fetch('admin/admin.json', {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
      var type = r.headers.get('content-type') || '';
      if (r.redirected || type.indexOf('application/json') !== 0) {
        // the session ended: the server sent us to the sign-in form
        location.href = 'admin/sign_in';
        return null;
      }
      if (!r.ok) throw new Error('admin.json answered ' + r.status);
      return r.json();
    }).then(function (info) {
      if (!info) return;
      render(info);
      document.getElementById('load-error').textContent = '';
      document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
    }).catch(function (e) {
      document.getElementById('load-error').textContent = String(e.message || e);
    }).finally(function () {
      setTimeout(load, refreshMs);
    });
  }

  load();
})();
