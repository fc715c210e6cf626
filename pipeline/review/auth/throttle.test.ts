import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bothAdapters } from '../../../test/support/workspaces.ts';
import { createLoginThrottle } from './throttle.ts';

const options = { freeFailures: 3, baseLockMs: 1000, maxLockMs: 8000, forgetAfterMs: 60_000 };
const { adapters, fresh } = await bothAdapters('daylight-throttle-');

for (const adapter of adapters) {
  describe(`sign-in throttle on ${adapter.name}`, { skip: adapter.skip }, () => {
    test('an account locks from the address that failed, and the lock doubles', async () => {
      const t = createLoginThrottle(await fresh(adapter), options);
      for (let i = 0; i < 3; i++) {
        assert.equal(await t.retryAfter('ana', '10.0.0.1', 0), 0);
        await t.failed('ana', '10.0.0.1', 0);
      }
      assert.equal(await t.retryAfter('ana', '10.0.0.1', 0), 1000);
      assert.equal(await t.retryAfter('ANA ', '10.0.0.1', 0), 1000, 'whatever the case or trailing space');
      await t.failed('ana', '10.0.0.1', 1000);
      assert.equal(await t.retryAfter('ana', '10.0.0.1', 1000), 2000);
      await t.failed('ana', '10.0.0.1', 3000);
      await t.failed('ana', '10.0.0.1', 7000);
      await t.failed('ana', '10.0.0.1', 15000);
      assert.equal(await t.retryAfter('ana', '10.0.0.1', 15000), 8000, 'capped');
    });

    test('a guesser elsewhere cannot lock the account for its owner; colleagues behind the same address are not locked', async () => {
      const t = createLoginThrottle(await fresh(adapter), options);
      for (let i = 0; i < 10; i++) await t.failed('ana', '203.0.113.9', 0);
      assert.ok((await t.retryAfter('ana', '203.0.113.9', 0)) > 0);
      assert.equal(await t.retryAfter('ana', '10.0.0.1', 0), 0, 'ana from her own address');
      assert.equal(await t.retryAfter('bo', '203.0.113.9', 0), 0, 'another account from the same (proxy) address');
    });

    test('one address guessing many accounts is locked too, on a larger budget', async () => {
      const t = createLoginThrottle(await fresh(adapter), options, 2);
      for (let i = 0; i < 6; i++) await t.failed(`user${i}`, '10.0.0.7', 0);
      assert.ok((await t.retryAfter('fresh-name', '10.0.0.7', 0)) > 0);
      assert.equal(await t.retryAfter('fresh-name', '10.0.0.8', 0), 0);
    });

    test('success clears the pair but not the address; old records are forgotten and count again from one', async () => {
      const ws = await fresh(adapter);
      const t = createLoginThrottle(ws, options);
      for (let i = 0; i < 4; i++) await t.failed('cy', '10.0.0.3', 0);
      await t.succeeded('cy', '10.0.0.3');
      assert.equal(await t.retryAfter('cy', '10.0.0.3', 0), 0);
      for (let i = 0; i < 4; i++) await t.failed('dee', '10.0.0.5', 0);
      assert.equal(await t.retryAfter('dee', '10.0.0.5', 120_000), 0);
      await t.failed('dee', '10.0.0.5', 120_000);
      assert.equal(await t.retryAfter('dee', '10.0.0.5', 120_000), 0, 'one failure after the old ones were forgotten');
      const { rows } = await ws.sql('SELECT COUNT(*) AS n FROM login_failures', []);
      assert.equal(Number(rows[0].n), 2, "dee's pair and address; cy's address was forgotten");
    });

    test('what was typed as a name is not stored', async () => {
      const ws = await fresh(adapter);
      await createLoginThrottle(ws, options).failed('my-password-typed-in-the-name-box', '10.0.0.9', 0);
      const { rows } = await ws.sql('SELECT key FROM login_failures', []);
      assert.equal(rows.length, 2);
      for (const r of rows) assert.doesNotMatch(String(r.key), /password|10\.0\.0\.9/);
    });
  });
}
