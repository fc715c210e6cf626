/**
 * Several `daylight review` servers behind one balancer, on both adapters: two
 * review apps, each with its own connection to one workspace (as two processes
 * have). A sign-in form rendered by one is accepted by the other, a form
 * signed by neither is refused, and failed sign-ins count across both: a
 * guesser alternating between the servers is locked out after the same five
 * failures as on one server, and the lock holds on both.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createReviewApp } from '../../pipeline/review/app.ts';
import { openWorkspace } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { createClient } from './client.ts';
import { PASSWORD, fixtureAdapters, makeReviewFixture } from './fixture.ts';

const { adapters, stop } = await fixtureAdapters();
const opened: Workspace[] = [];
after(async () => {
  for (const ws of opened) await ws.close();
  await stop();
});

/** Requests go to server A or B in turn, as a round-robin balancer sends them. */
function balanced(apps: ReturnType<typeof createReviewApp>[]) {
  let next = 0;
  const sent: number[] = [];
  const posts = new Set<number>();
  const client = createClient((path, init) => {
    const i = next++ % apps.length;
    sent.push(i);
    if (init?.method === 'POST') posts.add(i);
    return Promise.resolve(apps[i].request(path, init));
  });
  return { client, sent, posts };
}

const tokenIn = async (res: Response) => /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';

for (const adapter of adapters) {
  describe(`two review servers on one ${adapter.name} workspace`, { skip: adapter.skip }, () => {
    let apps: ReturnType<typeof createReviewApp>[];

    test('a sign-in form from one server signs in on the other', async () => {
      const url = await adapter.databaseUrl();
      const fx = await makeReviewFixture({ databaseUrl: url });
      opened.push(fx.ws);
      const second = await openWorkspace(fx.dir, { databaseUrl: url });
      assert.ok(second.ok);
      opened.push(second.value);
      apps = [createReviewApp({ ws: fx.ws, policy: defaultPolicy() }), createReviewApp({ ws: second.value, policy: defaultPolicy() })];

      const { client, sent } = balanced(apps);
      const form = await client.get('/login');
      const token = await tokenIn(form);
      assert.ok(token, 'the form carries a token');
      const signed = await client.post('/login', { _csrf: token, name: 'ana', password: PASSWORD }, { csrf: false });
      assert.deepEqual(sent, [0, 1], 'rendered by A, posted to B');
      assert.equal(signed.status, 303, 'B accepts the form A signed');
      // The session works on both servers, and so does its CSRF token.
      const queue = await client.get('/queue');
      assert.equal(queue.status, 200);
      client.csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await queue.text())?.[1] ?? '';
      assert.equal((await client.get('/queue')).status, 200);
      const out = await client.post('/logout', {});
      assert.equal(out.status, 303);
      assert.equal(out.headers.get('location'), '/login');
    });

    test('a form whose token neither server signed is refused by both', async () => {
      for (const app of apps) {
        const client = createClient((path, init) => Promise.resolve(app.request(path, init)));
        const form = await client.get('/login');
        const token = await tokenIn(form);
        const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
        assert.equal((await client.post('/login', { _csrf: forged, name: 'ana', password: PASSWORD }, { csrf: false })).status, 403);
      }
    });

    test('failed sign-ins count across both servers: the lock follows the guesser to either', async () => {
      const { client, posts } = balanced(apps);
      for (let i = 0; i < 5; i++) {
        // Each sign-in is two requests (form, post): with two servers, posts alternate between them too.
        const form = await client.get('/login');
        const res = await client.post('/login', { _csrf: await tokenIn(form), name: 'bo', password: `wrong password ${i}` }, { csrf: false });
        assert.equal(res.status, 401, `attempt ${i + 1}`);
        if (i % 2 === 1) await client.get('/login'); // shift the phase so both servers see posts
      }
      assert.equal(posts.size, 2, 'the failed posts reached both servers');
      for (const app of apps) {
        const one = createClient((path, init) => Promise.resolve(app.request(path, init)));
        const locked = await one.signIn('bo', PASSWORD);
        assert.equal(locked.status, 429, 'locked on this server too, even with the right password');
        assert.ok(Number(locked.headers.get('retry-after')) > 0);
      }
      const other = createClient((path, init) => Promise.resolve(apps[1].request(path, init)));
      assert.equal((await other.signIn('ana', PASSWORD)).status, 303, 'other accounts still sign in');
    });
  });
}
