/**
 * A folder's source hash changes with any file's content or name under it, at any depth, and
 * with nothing else: stored detection scans are keyed by the detectors' folder this way.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sourceHash } from './keys.ts';

test('sourceHash: the same files hash the same; an edit, a rename or a new file deep down hash differently', () => {
  const root = mkdtempSync(join(tmpdir(), 'daylight-keys-'));
  try {
    const make = (name: string, files: Record<string, string>) => {
      const dir = join(root, name);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      return sourceHash(dir);
    };
    const base = { 'rule.ts': 'export const a = 1;', 'data/names.txt': 'Ada\nGrace\n' };
    const first = make('a', base);
    assert.match(first, /^[0-9a-f]{16}$/);
    assert.equal(make('b', base), first, 'where the folder is does not matter');
    assert.notEqual(make('c', { ...base, 'rule.ts': 'export const a = 2;' }), first);
    assert.notEqual(make('d', { 'rules.ts': base['rule.ts'], 'data/names.txt': base['data/names.txt'] }), first);
    assert.notEqual(make('e', { ...base, 'data/more/extra.txt': '' }), first);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
