// Swagger UI for /openapi.json. The request interceptor swaps the raw secret typed into the
// X-Channelstream-Secret box for a fresh signature, as the reference explorer does.
(function () {
  'use strict';

  var HEADER = 'x-channelstream-secret';

  /** Replaces a raw secret in the request's X-Channelstream-Secret header with its signature. */
  function signRequest(req) {
    var headers = req.headers || {};
    var name = Object.keys(headers).filter(function (h) { return h.toLowerCase() === HEADER; })[0];
    if (!name || !headers[name]) return Promise.resolve(req);
    return new window.ChannelStreamSigner(headers[name]).signRequest().then(function (signed) {
      headers[name] = signed;
      return req;
    });
  }

  window.csgateSignRequest = signRequest;
  window.addEventListener('load', function () {
    window.ui = window.SwaggerUIBundle({
      url: 'openapi.json',
      dom_id: '#swagger-ui',
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      requestInterceptor: signRequest
    });
  });
})();
