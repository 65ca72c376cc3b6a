// End-to-end test of the browser pages in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser download). Two pages join the chat demo, one over a websocket and
// one forced to long polling; they see each other's presence, exchange messages, see an edit, a
// delete and a state change; the websocket page survives a server-side disconnect by reconnecting
// with a new conn_id. Then the admin panel (sign-in, live counters) and the API explorer (Swagger
// UI, in-browser signing) are checked, and the JS signer against docs/protocol.md §2's worked examples.
// Last, with a second gateway of the same cluster: two pages (websocket, long poll) that reach the
// gateways through a failover proxy (the first gateway while it answers, else the second) lose it,
// which the calling test stops on request; messages are sent meanwhile, more than the channel's
// history keeps; each comes back on the second gateway with resume_from and shows every one of
// them, marked as missed (docs/protocol.md §9.1). The long-polling page's later polls name its
// last position too.
//
//   node demo-e2e.mjs http://127.0.0.1:8000 [http://127.0.0.1:8001]
//
// Without the second URL the resume step is not run. With it, the script prints a line ending in
// "CSGATE-E2E: stop the first gateway" and waits for a line on stdin ("stopped"): the caller
// stops the first gateway in between.
// Environment: CSGATE_SECRET (server API secret), CSGATE_ADMIN_USER, CSGATE_ADMIN_PASSWORD,
// CHROMIUM_PATH (default /usr/bin/chromium), SCREENSHOT_DIR (written on failure, and on success
// too when SCREENSHOTS=always).
// Exit code 0 when every step passed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import readline from 'node:readline';

const base = (process.argv[2] || process.env.GATEWAY_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
const second = (process.argv[3] || '').replace(/\/$/, '');
const secret = process.env.CSGATE_SECRET || 'secret';
const adminUser = process.env.CSGATE_ADMIN_USER || 'admin';
const adminPassword = process.env.CSGATE_ADMIN_PASSWORD || 'admin_secret';
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const shots = process.env.SCREENSHOT_DIR || 'screenshots';
const WAIT = 20000;
const TOTAL = 170000;

const suffix = Math.random().toString(36).slice(2, 8);
const room = `room-${suffix}`;
const alice = `alice-${suffix}`;
const bob = `bob-${suffix}`;
const pages = {};
const pageErrors = [];

function log(...args) {
  console.log(new Date().toISOString().slice(11, 23), ...args);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function step(name, fn) {
  log('step:', name);
  await fn();
  log('  ok:', name);
}

async function screenshots() {
  mkdirSync(shots, { recursive: true });
  for (const [name, page] of Object.entries(pages)) {
    try {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path, fullPage: true, timeout: 15000 });
      log('screenshot', path);
    } catch (e) {
      log('no screenshot of', name, String(e.message || e));
    }
  }
}

async function open(browser, name, path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') log(`[${name} console]`, m.text()); });
  pages[name] = page;
  await page.goto(/^https?:/.test(path) ? path : base + path);
  return page;
}

async function joinChat(page, transport) {
  await page.click('#join');
  await page.waitForSelector('body[data-state="connected"]');
  const actual = await page.getAttribute('body', 'data-transport');
  check(actual === transport, `expected transport ${transport}, got ${actual}`);
}

const messageItem = (page, text) => page.locator('#messages li', { has: page.locator('.text', { hasText: text }) });

async function chat(browser) {
  const a = await open(browser, 'alice', `/demo?username=${alice}&channels=${room}`);
  const b = await open(browser, 'bob', `/demo?transport=longpoll&username=${bob}&channels=${room}`);

  await step('alice joins over a websocket', () => joinChat(a, 'websocket'));
  await step('bob joins over long polling (?transport=longpoll)', () => joinChat(b, 'long-poll'));

  await step('each sees the other in the presence list', async () => {
    await a.waitForSelector(`#users li[data-user="${bob}"]`);
    await b.waitForSelector(`#users li[data-user="${alice}"]`);
  });

  await step('alice sends, bob receives', async () => {
    await a.fill('#message-input', 'hello from alice');
    await a.click('#send');
    await messageItem(b, 'hello from alice').waitFor();
  });

  await step('bob answers, alice receives', async () => {
    await b.fill('#message-input', 'hi alice, bob here');
    await b.click('#send');
    await messageItem(a, 'hi alice, bob here').waitFor();
  });

  await step('alice edits her message, bob sees the edit', async () => {
    await messageItem(a, 'hello from alice').locator('button.edit').click();
    await a.fill('#message-input', 'hello from alice (changed)');
    await a.click('#send');
    const edited = messageItem(b, 'hello from alice (changed)');
    await edited.waitFor();
    await edited.locator('.meta', { hasText: '(edited)' }).waitFor();
  });

  await step('alice deletes it, it disappears for bob', async () => {
    await messageItem(a, 'hello from alice (changed)').locator('button.delete').click();
    await messageItem(b, 'hello from alice (changed)').waitFor({ state: 'detached' });
    await messageItem(a, 'hello from alice (changed)').waitFor({ state: 'detached' });
  });

  await step('bob goes away, alice sees his state', async () => {
    await b.selectOption('#state-status', 'away');
    await a.waitForSelector(`#users li[data-user="${bob}"][data-status="away"]`);
  });

  await step('alice reconnects with a new conn_id after the server drops her', async () => {
    const before = await a.evaluate(() => window.demoConnection.connectionId);
    const r = await fetch(`${base}/disconnect?conn_id=${before}`);
    check(r.ok && (await r.json()) === true, 'disconnect of alice answered ' + r.status);
    await a.waitForFunction((old) => window.demoConnection.connected
      && window.demoConnection.connectionId && window.demoConnection.connectionId !== old, before, { timeout: WAIT });
    await b.fill('#message-input', 'welcome back');
    await b.click('#send');
    await messageItem(a, 'welcome back').waitFor();
  });
}

async function noSidewaysScroll(page, when) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check(scroll <= width, `${when}: the page is ${scroll} px wide in a ${width} px window (sideways scroll)`);
}

async function visibleJoinButtons(page) {
  return page.getByRole('button', { name: 'Join', exact: true }).count();
}

async function phone(browser) {
  const name = `carol-${suffix}`;
  const p = await open(browser, 'phone', `/demo?username=${name}`, { viewport: { width: 390, height: 844 } });

  await step('before joining, only the join form is usable (390 px wide)', async () => {
    check(!(await p.locator('#chat').isVisible()), 'the chat panel shows before joining');
    check(!(await p.locator('#message-input').isVisible()), 'the message box shows before joining');
    check(!(await p.locator('#send').isVisible()), 'Send shows before joining');
    check(!(await p.locator('#leave').isVisible()), 'Disconnect shows before joining');
    const joins = await visibleJoinButtons(p);
    check(joins === 1, `${joins} Join buttons before joining`);
    await noSidewaysScroll(p, 'before joining');
  });

  await step('a refused join says what to fix, in words', async () => {
    await p.fill('#channels', 'x'.repeat(300));
    await p.click('#join');
    await p.waitForFunction(() => document.querySelector('#join-error').textContent.length > 0);
    const text = await p.textContent('#join-error');
    check(text === 'Channels, entry 1, must be 1 to 256 characters long.', 'join error: ' + text);
    check(!(await p.locator('#chat').isVisible()), 'the chat panel shows after a refused join');
    await noSidewaysScroll(p, 'after a refused join');
  });

  await step('joined at 390 px: one Join, no sideways scroll, Disconnect inside the window', async () => {
    await p.fill('#channels', room);
    await p.click('#join');
    await p.waitForSelector('body[data-state="connected"]');
    check((await p.textContent('#join-error')) === '', 'the old error is still shown');
    const joins = await visibleJoinButtons(p);
    check(joins <= 1, `${joins} Join buttons after joining`);
    await p.fill('#message-input', 'y'.repeat(300));
    await p.click('#send');
    await messageItem(p, 'y'.repeat(300)).waitFor();
    await noSidewaysScroll(p, 'after joining and a long message');
    const box = await p.locator('#leave').boundingBox();
    check(box && box.x >= 0 && box.x + box.width <= 390, 'Disconnect is outside the window: ' + JSON.stringify(box));
  });

  await step('Disconnect brings the join form back', async () => {
    await p.click('#leave');
    await p.locator('#join-form').waitFor();
    check(!(await p.locator('#chat').isVisible()), 'the chat panel stays after Disconnect');
  });
}

async function signer(browser) {
  const page = await open(browser, 'signer', '/demo');
  await page.addScriptTag({ url: base + '/static/signer.js' });
  const results = await page.evaluate(async () => {
    const cases = [
      ['secret', 'channelstream', 1700000000, 'channelstream.ZVPxAA.UB9ITnnv9UITu0ka92WJCn1VFsQ'],
      ['secret', '/connect', 1600000000, '/connect.X14QAA.SPM6sHtinEBU8MmBZnatiO-Vq0A'],
      ['my-Secret_ключ', 'channelstream', 1735689600, 'channelstream.Z3SFgA.z62kPaKNYzfevVA62EOO_CTnezo'],
    ];
    const out = [];
    for (const pureJs of [false, true]) {
      for (const [key, value, ts, expected] of cases) {
        const s = new window.ChannelStreamSigner(key, { pureJs });
        out.push({ pureJs, webCrypto: s.usesWebCrypto, expected, actual: await s.sign(value, ts) });
      }
    }
    return out;
  });
  for (const r of results) {
    check(r.actual === r.expected, `signer (pureJs=${r.pureJs}) gave ${r.actual}, expected ${r.expected}`);
  }
  check(results.some((r) => r.webCrypto), 'WebCrypto was not used on a secure context');
  log(`  signer: ${results.length} worked examples match (WebCrypto and pure JS)`);
}

async function admin(browser) {
  const page = await open(browser, 'admin', '/admin');
  await step('the admin panel redirects to sign-in', async () => {
    check(new URL(page.url()).pathname === '/admin/sign_in', 'not redirected: ' + page.url());
  });
  await step('a wrong password shows the form again', async () => {
    await page.fill('input[name=username]', adminUser);
    await page.fill('input[name=password]', 'wrong');
    await page.click('input[type=submit]');
    await page.waitForSelector('.error');
  });
  await step('signing in shows live counters, channels and users', async () => {
    await page.fill('input[name=username]', adminUser);
    await page.fill('input[name=password]', adminPassword);
    await page.click('input[type=submit]');
    await page.waitForURL((u) => u.pathname === '/admin');
    await page.waitForSelector(`#channels tr[data-channel="${room}"]`);
    await page.waitForSelector(`#users tr[data-user="${alice}"]`);
    await page.waitForSelector(`#users tr[data-user="${bob}"]`);
    const connections = Number(await page.textContent('[data-key="total_connections"]'));
    check(connections >= 2, 'total_connections ' + connections);
    const uptime = await page.textContent('[data-key="uptime"]');
    check(/^\d+:\d\d:\d\d$/.test(uptime), 'uptime ' + uptime);
  });
  await step('the panel refreshes itself', async () => {
    const counter = '[data-key="total_unique_messages"]';
    const before = Number(await page.textContent(counter));
    await pages.bob.fill('#message-input', 'one more for the counters');
    await pages.bob.click('#send');
    await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel).textContent) > n,
      [counter, before], { timeout: WAIT });
  });
  return page;
}

async function explorer(adminPage) {
  const page = await adminPage.context().newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => pageErrors.push(`explorer: ${e.message}`));
  pages.explorer = page;
  await step('the API explorer renders every operation from the jar', async () => {
    await page.goto(base + '/api-explorer');
    await page.waitForSelector('#operations-Server_API-connect');
    const count = await page.locator('.opblock').count();
    check(count >= 25, 'operations shown: ' + count);
    check(await page.locator('.errors-wrapper').count() === 0, 'Swagger UI reports errors');
  });
  await step('the typed secret is replaced by a signature: /info answers 200', async () => {
    await page.click('button.authorize');
    const box = page.locator('.auth-container', { hasText: 'APIKeyHeader' });
    await box.locator('input').fill(secret);
    await box.locator('button.authorize').click();
    await page.click('button.btn-done');
    const op = page.locator('#operations-Server_API-info_all');
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    const [request] = await Promise.all([
      page.waitForRequest((r) => new URL(r.url()).pathname === '/info'),
      op.locator('button.execute').click(),
    ]);
    const sent = (await request.allHeaders())['x-channelstream-secret'];
    check(/^channelstream\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{27}$/.test(sent || ''), 'sent header ' + sent);
    await op.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
  });
}

// A TCP proxy on 127.0.0.1 that sends each new connection to the first backend that accepts it,
// in order (as a load balancer with a failed health check would). While held, new connections
// wait in line and are forwarded on release.
function failoverProxy(backends) {
  let held = null;
  const server = net.createServer((client) => {
    client.on('error', () => {});
    const go = () => forward(client, 0);
    if (held) held.push(go); else go();
  });
  function forward(client, i) {
    if (i >= backends.length || client.destroyed) { client.destroy(); return; }
    const { hostname, port } = new URL(backends[i]);
    const up = net.connect(Number(port), hostname);
    up.once('error', () => forward(client, i + 1)); // refused: the next backend
    up.once('connect', () => {
      up.removeAllListeners('error');
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
      client.pipe(up);
      up.pipe(client);
    });
  }
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    hold() { held = held || []; },
    release() { const q = held || []; held = null; q.forEach((go) => go()); },
    close() { server.close(); },
  })));
}

async function stopFirstGateway() {
  const answers = readline.createInterface({ input: process.stdin });
  try {
    const next = answers[Symbol.asyncIterator]().next();
    console.log('CSGATE-E2E: stop the first gateway');
    const { value, done } = await next;
    check(!done && value === 'stopped', 'the first gateway was not stopped: ' + (done ? 'stdin closed' : value));
  } finally {
    answers.close(); // an open stdin would keep the script alive
  }
}

// POST /demo/message straight to a gateway, as another user of the chat would
async function say(gateway, channel, user, text) {
  const r = await fetch(`${gateway}/demo/message`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, channel, message: { text } }),
  });
  check(r.ok, `POST ${gateway}/demo/message answered ${r.status}`);
}

async function resume(browser) {
  const proxy = await failoverProxy([base, second]);
  try {
    const channel = `resume-${suffix}`;
    const frank = `frank-${suffix}`;
    // erin over a websocket, gina over long polling, both through the proxy
    const readers = [['erin', 'websocket', ''], ['gina', 'long-poll', '&transport=longpoll']];
    const p = {};
    for (const [name, , query] of readers) {
      p[name] = await open(browser, `resume-${name}`, `${proxy.url}/demo?username=${name}-${suffix}&channels=${channel}${query}`);
    }

    await step('erin (websocket) and gina (long poll) join through the proxy and keep the last position', async () => {
      for (const [name, transport] of readers) await joinChat(p[name], transport);
      await say(second, channel, frank, 'before the stop');
      for (const [name] of readers) {
        await messageItem(p[name], 'before the stop').waitFor();
        const position = await p[name].evaluate(() => window.demoConnection.lastPosition);
        check(typeof position === 'string' && position.length > 0, `${name} kept no position: ${position}`);
      }
    });

    await step("gina's next poll of the same connection names her last position (resume_from)", async () => {
      const position = await p.gina.evaluate(() => window.demoConnection.lastPosition);
      const poll = await p.gina.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/listen')
        && new URL(r.url()).searchParams.get('resume_from') === position, { timeout: WAIT });
      check(new URL(poll.url()).searchParams.get('conn_id'), 'a poll without conn_id');
    });

    const missed = Array.from({ length: 15 }, (_, i) => `missed ${i + 1} of 15`);
    const asked = {};
    await step('the first gateway stops; 15 messages are sent meanwhile (the channel keeps 10)', async () => {
      // the earlier pages talk to the first gateway directly: they leave before it stops
      for (const name of Object.keys(pages).filter((n) => !n.startsWith('resume-'))) {
        await pages[name].context().close();
        delete pages[name];
      }
      proxy.hold();
      for (const [name] of readers) {
        asked[name] = p[name].waitForRequest((r) => new URL(r.url()).pathname.endsWith('/demo/connect'), { timeout: WAIT * 3 });
      }
      await stopFirstGateway();
      // the websocket is closed with 1001 at once; a poll waiting on the proxy finds out after the release
      await p.erin.waitForFunction(() => !window.demoConnection.connected);
      for (const text of missed) await say(second, channel, frank, text);
    });

    await step('both come back on the second gateway with resume_from and see every missed message once', async () => {
      proxy.release();
      for (const [name, transport] of readers) {
        const page = p[name];
        const sent = (await asked[name]).postDataJSON();
        check(typeof sent.resume_from === 'string' && sent.resume_from.length > 0,
          `${name}'s reconnect did not send resume_from: ${JSON.stringify(sent)}`);
        await page.waitForSelector('body[data-state="connected"]', { timeout: WAIT * 2 });
        check(await page.getAttribute('body', 'data-transport') === transport, `${name} came back on another transport`);
        await page.waitForSelector('body[data-resumed="true"]');
        for (const text of missed) {
          const item = messageItem(page, text);
          await item.waitFor();
          check((await item.getAttribute('data-catchup')) === 'true', `${name}: "${text}" is not marked as missed`);
        }
        check(await messageItem(page, 'before the stop').count() === 1, `${name}: the message before the stop is gone or doubled`);
        const texts = await page.locator('#messages li .text').allTextContents();
        const order = missed.map((t) => texts.indexOf(t));
        check(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])), `${name}: missed messages out of order: ${texts.join(' | ')}`);
        check(new Set(texts).size === texts.length, `${name}: a message is shown twice: ${texts.join(' | ')}`);
      }
    });

    await step('then live again: a new message arrives unmarked', async () => {
      await say(second, channel, frank, 'after the return');
      for (const [name] of readers) {
        const item = messageItem(p[name], 'after the return');
        await item.waitFor();
        check((await item.getAttribute('data-catchup')) === null, `${name}: a live message is marked as missed`);
      }
    });

    await step('a position the gateway cannot resume from: resumed false, history shown, a fresh position', async () => {
      const e = p.erin;
      const before = await e.evaluate(() => {
        window.demoConnection.lastPosition = 'no-such-epoch:0:0';
        return window.demoConnection.connectionId;
      });
      const asked = e.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/demo/connect'), { timeout: WAIT * 2 });
      const r = await fetch(`${second}/disconnect?conn_id=${before}`);
      check(r.ok && (await r.json()) === true, 'disconnect of erin answered ' + r.status);
      check((await asked).postDataJSON().resume_from === 'no-such-epoch:0:0', 'the reconnect did not send the position it had');
      await e.waitForSelector('body[data-resumed="false"]', { timeout: WAIT * 2 });
      check((await e.textContent('#resume')).includes('could not be replayed'), 'the page does not say it could not resume');
      check(await e.evaluate(() => window.demoConnection.lastPosition) === null, 'the unusable position was kept');
      await e.waitForSelector('body[data-state="connected"]');
      await say(second, channel, frank, 'after the failed resume');
      await messageItem(e, 'after the failed resume').waitFor();
      const position = await e.evaluate(() => window.demoConnection.lastPosition);
      check(typeof position === 'string' && position.length > 0, 'no new position after the failed resume');
    });
  } finally {
    proxy.release();
    proxy.close();
  }
}

async function main() {
  const timer = setTimeout(async () => {
    log(`FAILED: not done within ${TOTAL} ms`);
    await screenshots();
    process.exit(2);
  }, TOTAL);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await step('the JS signer matches docs/protocol.md §2', () => signer(browser));
    await phone(browser);
    await chat(browser);
    const page = await admin(browser);
    await explorer(page);
    if (second) await resume(browser); else log('no second gateway given: the resume step is not run');
    check(pageErrors.length === 0, 'uncaught page errors: ' + pageErrors.join('; '));
    if (process.env.SCREENSHOTS === 'always') await screenshots();
    log('PASSED: every browser step');
  } catch (e) {
    log('FAILED:', e.stack || String(e));
    await screenshots();
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
}

await main();
