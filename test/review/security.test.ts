/**
 * Security of the review app over real HTTP on loopback: every route refuses a
 * request without a session, a clerk cannot approve, a request without the CSRF
 * token gets 403, traversal gets 404, cookie flags are set, wrong passwords are
 * throttled, and an edited audit row is detected.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { startReviewServer } from '../../pipeline/review/server.ts';
import type { RunningServer } from '../../pipeline/review/server.ts';
import { verifyAuditChain } from '../../pipeline/workspace/store/index.ts';
import { getDocument } from '../../pipeline/workspace/store/index.ts';
import { createUser, findUser } from '../../pipeline/workspace/store/index.ts';
import { createSession, getSession } from '../../pipeline/workspace/store/index.ts';
import { clientAddressBehind } from '../../pipeline/review/auth/client-address.ts';
import { createClient } from './client.ts';
import { PASSWORD, makeReviewFixture } from './fixture.ts';
import type { ReviewFixture } from './fixture.ts';

let fx: ReviewFixture;
let server: RunningServer;
const http = () => createClient((path, init) => fetch(server.url + path, init));

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(path: string, cookie = ''): Promise<number> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers: { cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  fx = await makeReviewFixture();
  server = await startReviewServer({ ws: fx.ws, policy: defaultPolicy() }, { host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  await fx.ws.close();
});

test('every route but sign-in and static assets refuses a request without a session', async () => {
  const routes: [string, string][] = [
    ['GET', '/'],
    ['GET', '/queue'],
    ['GET', '/audit'],
    ['GET', '/users'],
    ['GET', `/documents/${fx.memoId}`],
    ['GET', `/documents/${fx.memoId}/pages/1.png`],
    ['GET', `/documents/${fx.memoId}/original`],
    ['GET', '/no-such-page'],
    ['POST', '/logout'],
    ['POST', '/users/disable'],
    ['POST', `/documents/${fx.memoId}/redactions/r-f1/decision`],
    ['POST', `/documents/${fx.memoId}/redactions/r-f1/everywhere`],
    ['POST', `/documents/${fx.memoId}/redactions`],
    ['POST', `/documents/${fx.memoId}/phrase`],
    ['POST', `/documents/${fx.memoId}/bulk`],
    ['POST', `/documents/${fx.memoId}/approve`],
    ['POST', `/documents/${fx.memoId}/send-back`],
    ['POST', `/documents/${fx.memoId}/requeue`],
  ];
  for (const [method, path] of routes) {
    const res = await fetch(server.url + path, { method, redirect: 'manual', ...(method === 'POST' ? { body: new URLSearchParams({ decision: 'accepted' }) } : {}) });
    const body = await res.text();
    if (method === 'GET') {
      assert.equal(res.status, 303, `${method} ${path}`);
      assert.match(res.headers.get('location') ?? '', /^\/login/);
    } else {
      assert.equal(res.status, 401, `${method} ${path}`);
    }
    assert.doesNotMatch(body, /Gonzalez|%PDF|PNG/, `${path} leaked content`);
  }
  assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'in_review');
  assert.equal((await fetch(`${server.url}/login`)).status, 200);
  assert.equal((await fetch(`${server.url}/static/review.css`)).status, 200);
});

test('the session cookie is HttpOnly, SameSite=Strict, host-wide; responses forbid caching and framing', async () => {
  const client = http();
  const res = await client.signIn('ana', PASSWORD);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('daylight-session='))!;
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Strict/);
  assert.match(cookie, /; Path=\//);
  assert.doesNotMatch(cookie, /Domain=/);
  const page = await client.get(`/documents/${fx.memoId}/pages/1.png`);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
});

test('a clerk cannot approve or decide; a request without the CSRF token gets 403', async () => {
  const clerk = http();
  await clerk.signIn('cy', PASSWORD);
  assert.equal((await clerk.post(`/documents/${fx.memoId}/approve`, {})).status, 403);
  assert.equal((await clerk.post(`/documents/${fx.memoId}/redactions/r-f1/decision`, { decision: 'rejected' })).status, 403);
  const approver = http();
  await approver.signIn('ana', PASSWORD);
  assert.equal((await approver.post(`/documents/${fx.memoId}/send-back`, { comment: 'forged' }, { csrf: false })).status, 403);
  assert.equal((await approver.post(`/documents/${fx.memoId}/send-back`, { comment: 'forged', _csrf: 'x'.repeat(43) })).status, 403);
  const cross = await approver.post(`/documents/${fx.memoId}/send-back`, { comment: 'cross-site' }, { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(cross.status, 403, 'a cross-site request is refused even with the token');
  assert.equal((await getDocument(fx.ws, fx.memoId))!.state, 'in_review');
});

test('traversal attempts get 404, signed in or not', async () => {
  const client = http();
  await client.signIn('ana', PASSWORD);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  for (const path of ['/static/../../../etc/passwd', '/static/..%2f..%2fpackage.json', '/static/%2e%2e%2fapp.ts', '/documents/../../workspace.sqlite', `/documents/${fx.memoId}/pages/..%5c..%5cworkspace.sqlite`, '/static/review.css%00.ts']) {
    assert.equal(await rawGet(path, cookie), 404, `${path} (signed in)`);
    assert.equal(await rawGet(path), 404, `${path} (anonymous)`);
  }
});

test('repeated wrong passwords are throttled, even for the right password afterwards', async () => {
  // An account of its own to lock out, so the tests that sign in as the fixture's users pass in any order.
  await createUser(fx.ws, { name: 'gus-guessed', role: 'admin', password: PASSWORD }, 'test');
  const client = http();
  for (let i = 0; i < 5; i++) assert.equal((await client.signIn('gus-guessed', 'wrong password here')).status, 401, `attempt ${i + 1}`);
  const locked = await client.signIn('gus-guessed', PASSWORD);
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
  assert.match(await locked.text(), /Too many failed sign-ins/);
  assert.equal((await http().signIn('ana', PASSWORD)).status, 303, 'other accounts still sign in');
});

test('an edited audit row is detected, and the admin audit page says so', async () => {
  assert.ok((await verifyAuditChain(fx.ws)).ok);
  const raw = new DatabaseSync(join(fx.dir, 'workspace.sqlite'));
  raw.exec('DROP TRIGGER audit_log_no_update');
  raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
  raw.close();
  const chain = await verifyAuditChain(fx.ws);
  assert.equal(chain.ok, false);
  assert.equal(!chain.ok && chain.problem.code, 'audit.tampered');
  const admin = http();
  await admin.signIn('di', PASSWORD);
  const res = await admin.get('/audit');
  assert.match(await res.text(), /tampered with: Audit entry 3/);
});

// ---- Sign-in and sessions (issue 13, item 6).

test('sign-in throttling is per account and address: behind a trusted proxy, one guesser locks neither the account elsewhere nor colleagues', async () => {
  const proxied = await startReviewServer({ ws: fx.ws, policy: defaultPolicy(), clientAddress: clientAddressBehind(['127.0.0.1']) }, { host: '127.0.0.1', port: 0 });
  try {
    const from = (address: string) => createClient((path, init) => fetch(proxied.url + path, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': `${address}, 127.0.0.1` } }));
    for (let i = 0; i < 5; i++) assert.equal((await from('203.0.113.9').signIn('bo', 'wrong password here')).status, 401);
    assert.equal((await from('203.0.113.9').signIn('bo', PASSWORD)).status, 429, 'the guessing client is locked out of bo');
    assert.equal((await from('198.51.100.7').signIn('bo', PASSWORD)).status, 303, 'bo from his own address is not');
    assert.equal((await from('203.0.113.9').signIn('ana', PASSWORD)).status, 303, 'nor another account behind the same address');
  } finally {
    await proxied.close();
  }
  // Without --trust-proxy the header is not believed: a guesser cannot shed the lock by inventing addresses.
  const liar = (n: number) => createClient((path, init) => fetch(server.url + path, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': `10.9.9.${n}` } }));
  await createUser(fx.ws, { name: 'hal-guessed', role: 'clerk', password: PASSWORD }, 'test');
  for (let i = 0; i < 5; i++) await liar(i).signIn('hal-guessed', 'wrong password here');
  assert.equal((await liar(99).signIn('hal-guessed', PASSWORD)).status, 429);
});

test('the sign-in token must be signed by the server: one merely equal to its cookie, or a cross-site post, is refused', async () => {
  const client = http();
  const form = await (await client.get('/login')).text();
  const nonce = client.cookies.get('daylight-login')!;
  const token = /name="_csrf" value="([^"]+)"/.exec(form)![1];
  assert.notEqual(token, nonce, 'the form does not just echo the cookie');
  assert.equal((await client.post('/login', { _csrf: nonce, name: 'ana', password: PASSWORD }, { csrf: false })).status, 403, 'field = cookie');
  // A cookie planted by someone else (e.g. from a sibling subdomain) with a matching field.
  const planted = http();
  planted.cookies.set('daylight-login', 'A'.repeat(43));
  assert.equal((await planted.post('/login', { _csrf: 'A'.repeat(43), name: 'ana', password: PASSWORD }, { csrf: false })).status, 403);
  assert.equal((await client.post('/login', { _csrf: token, name: 'ana', password: PASSWORD }, { csrf: false, headers: { 'sec-fetch-site': 'cross-site' } })).status, 403, 'cross-site');
  assert.equal((await client.post('/login', { _csrf: token, name: ' ana ', password: PASSWORD }, { csrf: false })).status, 303, 'signed token, name normalised');
});

test('Permissions-Policy always; Strict-Transport-Security only with --secure', async () => {
  const plain = await fetch(`${server.url}/login`);
  assert.match(plain.headers.get('permissions-policy') ?? '', /camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  assert.equal(plain.headers.get('strict-transport-security'), null);
  assert.match(plain.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const secure = await startReviewServer({ ws: fx.ws, policy: defaultPolicy(), secure: true }, { host: '127.0.0.1', port: 0 });
  try {
    assert.match((await fetch(`${secure.url}/login`)).headers.get('strict-transport-security') ?? '', /max-age=31536000/);
  } finally {
    await secure.close();
  }
});

test('a session ends after its absolute lifetime, however active', async () => {
  const user = (await findUser(fx.ws, 'ana'))!;
  const s = await createSession(fx.ws, user.id);
  const created = Date.now();
  // Active every 20 minutes for 13 hours: never idle, still too old at the end.
  let alive = true;
  for (let t = 20 * 60_000; t <= 13 * 3600_000 && alive; t += 20 * 60_000) alive = await getSession(fx.ws, s.token, { now: new Date(created + t) }) !== undefined;
  assert.equal(alive, false);
  assert.equal(await getSession(fx.ws, s.token), undefined, 'deleted, not just refused');
});

test('an admin cannot disable their own account, even with a trailing space', async () => {
  await createUser(fx.ws, { name: 'root-admin', role: 'admin', password: PASSWORD }, 'test');
  const admin = http();
  assert.equal((await admin.signIn('root-admin', PASSWORD)).status, 303);
  for (const name of ['root-admin ', ' root-admin', 'root-admin']) {
    const res = await admin.post('/users/disable', { name });
    assert.equal(res.status, 400, JSON.stringify(name));
    assert.match(await res.text(), /your own account/);
  }
  assert.equal((await findUser(fx.ws, 'root-admin'))!.disabled, false);
});
