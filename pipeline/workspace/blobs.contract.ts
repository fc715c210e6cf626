/**
 * @module
 * The contract every blob store keeps, as one suite each store runs
 * (`blobs.test.ts`), after Hono's shared router tests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from './blobs-store.ts';
import type { BlobStore } from './blobs-store.ts';

export interface BlobContractSubject {
  store: BlobStore;
  /** Replaces the stored bytes of `sha` behind the store's back (damage on disk or in the bucket). */
  corrupt(sha: string, bytes: Uint8Array): Promise<void>;
}

const text = (s: string) => new TextEncoder().encode(s);

export function runBlobContract(name: string, open: () => Promise<BlobContractSubject>): void {
  test(`${name}: a blob is stored under its SHA-256 and read back whole`, async () => {
    const { store } = await open();
    const bytes = text(`hello from ${name}`);
    assert.equal(await store.has(sha256Hex(bytes)), false);
    const put = await store.put(bytes);
    assert.ok(put.ok, !put.ok ? put.problem.message : '');
    assert.equal(put.value, sha256Hex(bytes));
    assert.equal(await store.has(put.value), true);
    const back = await store.get(put.value);
    assert.ok(back.ok);
    assert.deepEqual(back.value, bytes);
    // The same bytes again: the same name, still there once.
    const again = await store.put(bytes);
    assert.ok(again.ok && again.value === put.value);
  });

  test(`${name}: empty and multi-megabyte blobs round-trip`, async () => {
    const { store } = await open();
    const big = new Uint8Array(6 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
    for (const bytes of [new Uint8Array(0), big]) {
      const put = await store.put(bytes);
      assert.ok(put.ok, !put.ok ? put.problem.message : '');
      const back = await store.get(put.value);
      assert.ok(back.ok);
      assert.equal(back.value.length, bytes.length);
      assert.equal(sha256Hex(back.value), put.value);
    }
  });

  test(`${name}: concurrent writers of the same bytes both succeed`, async () => {
    const { store } = await open();
    const bytes = text(`raced ${name} ${Math.random()}`);
    const puts = await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    for (const p of puts) assert.ok(p.ok && p.value === sha256Hex(bytes));
    assert.ok((await store.get(sha256Hex(bytes))).ok);
  });

  test(`${name}: missing, malformed and damaged names are problems, never bytes`, async () => {
    const subject = await open();
    const { store } = subject;
    const missing = await store.get(sha256Hex(text('never stored')));
    assert.ok(!missing.ok && missing.problem.code === 'workspace.missing-blob');
    for (const bad of ['../../etc/passwd', 'ab/cd', '', 'A'.repeat(64)]) {
      const got = await store.get(bad);
      assert.ok(!got.ok && got.problem.code === 'workspace.missing-blob', bad);
      assert.equal(await store.has(bad), false);
      await assert.rejects(store.dispose(bad));
    }
    const put = await store.put(text(`intact ${name}`));
    assert.ok(put.ok);
    await subject.corrupt(put.value, text(`intacT ${name}`));
    const damaged = await store.get(put.value);
    assert.ok(!damaged.ok && damaged.problem.code === 'workspace.missing-blob');
    assert.match(damaged.problem.message, /damaged/);
  });

  test(`${name}: disposal removes the blob and reports its size once`, async () => {
    const { store } = await open();
    const bytes = text(`to be disposed of ${name}`);
    const put = await store.put(bytes);
    assert.ok(put.ok);
    assert.equal(await store.dispose(put.value), bytes.length);
    assert.equal(await store.has(put.value), false);
    const gone = await store.get(put.value);
    assert.ok(!gone.ok && gone.problem.code === 'workspace.missing-blob');
    assert.equal(await store.dispose(put.value), 0);
  });

  test(`${name}: the doctor's check passes and names the store`, async () => {
    const { store } = await open();
    const checked = await store.check();
    assert.ok(checked.ok, !checked.ok ? checked.problem.message : '');
    assert.ok(store.describe().length > 0);
  });
}
