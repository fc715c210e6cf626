import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoginThrottle } from './throttle.ts';

const options = { freeFailures: 3, baseLockMs: 1000, maxLockMs: 8000, forgetAfterMs: 60_000 };

test('an account locks after its free failures, and the lock doubles', () => {
  const t = createLoginThrottle(options);
  for (let i = 0; i < 3; i++) {
    assert.equal(t.retryAfter('ana', '10.0.0.1', 0), 0);
    t.failed('ana', '10.0.0.1', 0);
  }
  assert.equal(t.retryAfter('ana', '10.0.0.1', 0), 1000);
  assert.equal(t.retryAfter('ANA', '10.0.0.2', 0), 1000, 'the account is locked from any address, whatever the case');
  t.failed('ana', '10.0.0.1', 1000);
  assert.equal(t.retryAfter('ana', '10.0.0.1', 1000), 2000);
  t.failed('ana', '10.0.0.1', 3000);
  t.failed('ana', '10.0.0.1', 7000);
  t.failed('ana', '10.0.0.1', 15000);
  assert.equal(t.retryAfter('ana', '10.0.0.1', 15000), 8000, 'capped');
  assert.equal(t.retryAfter('bob', '10.0.0.9', 15000), 0, 'other accounts from other addresses are free');
});

test('one address guessing many accounts is locked too', () => {
  const t = createLoginThrottle(options, 2);
  for (let i = 0; i < 6; i++) t.failed(`user${i}`, '10.0.0.7', 0);
  assert.ok(t.retryAfter('fresh-name', '10.0.0.7', 0) > 0);
  assert.equal(t.retryAfter('fresh-name', '10.0.0.8', 0), 0);
});

test('success clears the account but not the address; old records are forgotten', () => {
  const t = createLoginThrottle(options);
  for (let i = 0; i < 4; i++) t.failed('cy', '10.0.0.3', 0);
  t.succeeded('cy');
  assert.equal(t.retryAfter('cy', '10.0.0.4', 0), 0);
  for (let i = 0; i < 4; i++) t.failed('dee', '10.0.0.5', 0);
  assert.equal(t.retryAfter('dee', '10.0.0.5', 120_000), 0);
});
