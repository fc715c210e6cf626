import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readInput } from './read-input.ts';
import { sha256Hex } from './hash.ts';

const dir = mkdtempSync(join(tmpdir(), 'daylight-read-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sha256Hex is the SHA-256 of the bytes in hex', () => {
  assert.equal(sha256Hex(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const data = new TextEncoder().encode('daylight');
  assert.equal(sha256Hex(data), createHash('sha256').update('daylight').digest('hex'));
});

test('a readable file gives its bytes, name and hash', async () => {
  const path = join(dir, 'memo.pdf');
  writeFileSync(path, '%PDF-1.4 hello');
  const result = await readInput(path);
  assert.ok(result.ok);
  assert.equal(result.value.fileName, 'memo.pdf');
  assert.equal(new TextDecoder().decode(result.value.bytes), '%PDF-1.4 hello');
  assert.equal(result.value.sha256, sha256Hex(result.value.bytes));
});

test('empty, too large, missing and directory inputs fail with their codes', async () => {
  writeFileSync(join(dir, 'empty.pdf'), '');
  writeFileSync(join(dir, 'big.pdf'), Buffer.alloc(2048));
  const cases: [string, { maxBytes?: number }, string][] = [
    [join(dir, 'empty.pdf'), {}, 'input.empty'],
    [join(dir, 'big.pdf'), { maxBytes: 1024 }, 'input.too-large'],
    [join(dir, 'missing.pdf'), {}, 'input.unreadable'],
    [dir, {}, 'input.not-a-file'],
  ];
  for (const [path, options, code] of cases) {
    const result = await readInput(path, options);
    assert.equal(result.ok ? 'ok' : result.problem.code, code, path);
  }
});
