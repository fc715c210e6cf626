import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, codeCacheFile, readCodeCache, writeCodeCache } from './wasm-code-cache.ts';

/** (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)) */
const wire = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61,
  0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]);

function written(): { dir: string; file: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'daylight-wasm-cache-test-')), 'cache');
  const file = codeCacheFile(dir, 'add', wire);
  const module = new WebAssembly.Module(wire);
  assert.equal(writeCodeCache(file, module, new WebAssembly.Instance(module).exports), true);
  return { dir, file };
}

test('the cache folder: off, a folder of its own, or one per user in the temp folder', () => {
  assert.equal(codeCacheDir({ DAYLIGHT_WASM_CACHE: 'off' }), undefined);
  assert.equal(codeCacheDir({ DAYLIGHT_WASM_CACHE: '/somewhere/else' }), '/somewhere/else');
  assert.equal(codeCacheDir({}), undefined, 'off unless asked for');
  assert.ok(codeCacheDir({ DAYLIGHT_WASM_CACHE: 'on' })!.startsWith(tmpdir()));
});

test('a module written to the cache comes back from it in a private folder and runs', () => {
  const { dir, file } = written();
  try {
    assert.equal(readdirSync(dir).length, 1, 'one file, no temporary left behind');
    const module = readCodeCache(file, wire);
    assert.ok(module instanceof WebAssembly.Module);
    const add = new WebAssembly.Instance(module).exports.add as (a: number, b: number) => number;
    assert.equal(add(2, 3), 5);
    // Another build or another V8 has another file.
    assert.notEqual(codeCacheFile(dir, 'other', wire), file);
    assert.equal(readCodeCache(codeCacheFile(dir, 'other', wire), wire), undefined);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a damaged, cut-short or foreign cache file is not used', () => {
  const { dir, file } = written();
  try {
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0xff;
    writeFileSync(file, flipped);
    assert.equal(readCodeCache(file, wire), undefined, 'damaged code fails its SHA-256');
    writeFileSync(file, good.subarray(0, good.length - 10));
    assert.equal(readCodeCache(file, wire), undefined, 'cut short');
    writeFileSync(file, Buffer.concat([Buffer.from('something else entirely\n'), good]));
    assert.equal(readCodeCache(file, wire), undefined, 'not our format');
    writeFileSync(file, good);
    assert.ok(readCodeCache(file, wire) instanceof WebAssembly.Module, 'the good file again');
    chmodSync(file, 0o666);
    assert.equal(readCodeCache(file, wire), undefined, 'a file others may write could hold any code');
    chmodSync(file, 0o600);
    chmodSync(dir, 0o777);
    assert.equal(readCodeCache(file, wire), undefined, 'nor one in a folder others may write');
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});
