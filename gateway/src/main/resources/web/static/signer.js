// ChannelStreamSigner: an itsdangerous TimestampSigner (docs/protocol.md §2) in the browser, for the API
// explorer. key = SHA1("itsdangerous.Signer" + "signer" + secret); header =
// value "." base64url(timestamp bytes) "." base64url(HMAC-SHA1(key, value "." ts)).
// Uses WebCrypto (SubtleCrypto). Browsers hide SubtleCrypto outside secure contexts (plain http
// to a host other than localhost), so a small SHA-1 in JavaScript takes over there.
(function (global) {
  'use strict';

  var SALT = 'itsdangerous.Signer';
  var encoder = new TextEncoder();

  function hasSubtle() {
    return !!(global.crypto && global.crypto.subtle && global.isSecureContext !== false);
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function base64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // big-endian, leading zero bytes stripped (itsdangerous int_to_bytes); exact up to 2^53
  function timestampBytes(ts) {
    var out = [];
    for (var x = ts; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
    return Uint8Array.from(out);
  }

  function sha1(msg) {
    var ml = msg.length;
    var padded = ((ml + 9 + 63) >> 6) << 6;
    var buf = new Uint8Array(padded);
    buf.set(msg);
    buf[ml] = 0x80;
    var dv = new DataView(buf.buffer);
    dv.setUint32(padded - 8, Math.floor(ml / 0x20000000));
    dv.setUint32(padded - 4, (ml * 8) >>> 0);
    var h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    var w = new Uint32Array(80);
    for (var off = 0; off < padded; off += 64) {
      var i;
      for (i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
      for (i = 16; i < 80; i++) {
        var x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
        w[i] = (x << 1) | (x >>> 31);
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
      for (i = 0; i < 80; i++) {
        var f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        var t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0;
        e = d; d = c; c = ((b << 30) | (b >>> 2)) >>> 0; b = a; a = t;
      }
      h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0;
      h[3] = (h[3] + d) >>> 0; h[4] = (h[4] + e) >>> 0;
    }
    var out = new Uint8Array(20);
    var odv = new DataView(out.buffer);
    for (var j = 0; j < 5; j++) odv.setUint32(j * 4, h[j]);
    return out;
  }

  function hmacSha1(key, msg) {
    if (key.length > 64) key = sha1(key);
    var inner = new Uint8Array(64), outer = new Uint8Array(64);
    for (var i = 0; i < 64; i++) {
      var k = i < key.length ? key[i] : 0;
      inner[i] = k ^ 0x36;
      outer[i] = k ^ 0x5c;
    }
    return sha1(concat(outer, sha1(concat(inner, msg))));
  }

  var pure = {
    digest: function (bytes) { return Promise.resolve(sha1(bytes)); },
    hmac: function (key, msg) { return Promise.resolve(hmacSha1(key, msg)); }
  };

  var web = {
    digest: function (bytes) {
      return global.crypto.subtle.digest('SHA-1', bytes).then(function (d) { return new Uint8Array(d); });
    },
    hmac: function (key, msg) {
      var subtle = global.crypto.subtle;
      return subtle.importKey('raw', key, {name: 'HMAC', hash: 'SHA-1'}, false, ['sign'])
        .then(function (k) { return subtle.sign('HMAC', k, msg); })
        .then(function (m) { return new Uint8Array(m); });
    }
  };

  /**
   * @param {string} secret the server's `secret`
   * @param {{pureJs?: boolean}} [options] pureJs: skip WebCrypto (tests, or to compare)
   */
  function ChannelStreamSigner(secret, options) {
    this.secret = secret;
    this.usesWebCrypto = !(options && options.pureJs) && hasSubtle();
    this.crypto = this.usesWebCrypto ? web : pure;
  }

  /** Promise of the signature of `value` (default "channelstream") at `epochSeconds` (default now). */
  ChannelStreamSigner.prototype.sign = function (value, epochSeconds) {
    var v = value === undefined ? 'channelstream' : String(value);
    var ts = epochSeconds === undefined ? Math.floor(Date.now() / 1000) : epochSeconds;
    var signedPart = v + '.' + base64url(timestampBytes(ts));
    var c = this.crypto;
    return c.digest(encoder.encode(SALT + 'signer' + this.secret)).then(function (key) {
      return c.hmac(key, encoder.encode(signedPart));
    }).then(function (mac) {
      return signedPart + '.' + base64url(mac);
    });
  };

  /** Promise of a fresh signature of "channelstream", what the reference's clients send. */
  ChannelStreamSigner.prototype.signRequest = function () {
    return this.sign('channelstream');
  };

  global.ChannelStreamSigner = ChannelStreamSigner;
})(window);
