import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoginThrottle } from './throttle.ts';

const options = { freeFailures: 3, baseLockMs: 1000, maxLockMs: 8000, forgetAfterMs: 60_000 };

test('an account locks from the address that failed, and the lock doubles', () => {
  const t = createLoginThrottle(options);
  for (let i = 0; i < 3; i++) {
    assert.equal(t.retryAfter('ana', '10.0.0.1', 0), 0);
    t.failed('ana', '10.0.0.1', 0);
  }
  assert.equal(t.retryAfter('ana', '10.0.0.1', 0), 1000);
  assert.equal(t.retryAfter('ANA ', '10.0.0.1', 0), 1000, 'whatever the case or trailing space');
  t.failed('ana', '10.0.0.1', 1000);
  assert.equal(t.retryAfter('ana', '10.0.0.1', 1000), 2000);
  t.failed('ana', '10.0.0.1', 3000);
  t.failed('ana', '10.0.0.1', 7000);
  t.failed('ana', '10.0.0.1', 15000);
  assert.equal(t.retryAfter('ana', '10.0.0.1', 15000), 8000, 'capped');
});

test('a guesser elsewhere cannot lock the account for its owner; colleagues behind the same address are not locked', () => {
  const t = createLoginThrottle(options);
  for (let i = 0; i < 10; i++) t.failed('ana', '203.0.113.9', 0);
  assert.ok(t.retryAfter('ana', '203.0.113.9', 0) > 0);
  assert.equal(t.retryAfter('ana', '10.0.0.1', 0), 0, 'ana from her own address');
  assert.equal(t.retryAfter('bo', '203.0.113.9', 0), 0, 'another account from the same (proxy) address');
});

test('one address guessing many accounts is locked too, on a larger budget', () => {
  const t = createLoginThrottle(options, 2);
  for (let i = 0; i < 6; i++) t.failed(`user${i}`, '10.0.0.7', 0);
  assert.ok(t.retryAfter('fresh-name', '10.0.0.7', 0) > 0);
  assert.equal(t.retryAfter('fresh-name', '10.0.0.8', 0), 0);
});

test('success clears the pair but not the address; old records are forgotten', () => {
  const t = createLoginThrottle(options);
  for (let i = 0; i < 4; i++) t.failed('cy', '10.0.0.3', 0);
  t.succeeded('cy', '10.0.0.3');
  assert.equal(t.retryAfter('cy', '10.0.0.3', 0), 0);
  for (let i = 0; i < 4; i++) t.failed('dee', '10.0.0.5', 0);
  assert.equal(t.retryAfter('dee', '10.0.0.5', 120_000), 0);
});
