/**
 * The pool's use of the code cache (wasm-code-cache.ts), in a cache folder of its
 * own: set before the module is first loaded, which happens once a process.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderText } from '../../test/ocr/text-image.ts';

const root = mkdtempSync(join(tmpdir(), 'daylight-pool-cache-test-'));
const cacheDir = join(root, 'cache');
process.env.DAYLIGHT_WASM_CACHE = cacheDir;
const { createTesseractPool } = await import('./tesseract.ts');
after(() => rmSync(root, { recursive: true, force: true }));

const words = ['public', 'record', 'council', 'hearing', 'minutes', 'budget', 'permit', 'office', 'notice'];
/** `count` lines of the nine words, each line starting one word further on. */
const lines = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ text: words.map((_, j) => words[(i + j) % words.length]).join(' '), x: 60, y: 110 + i * 95, size: 48 }));

test('a pool that read a page of text leaves the optimised code for the next process, which starts from it and reads the same', async () => {
  // A pool that read a few words only writes nothing: its code is barely optimised.
  const small = createTesseractPool(1);
  const few = await small.recognize(await renderText(1400, 400, 300, lines(2)), 120_000);
  assert.ok(few.ok && few.value.flat().length > 0);
  await small.close();
  assert.equal(existsSync(cacheDir) ? readdirSync(cacheDir).length : 0, 0);

  const page = await renderText(1400, 2600, 300, lines(25));
  const pool = createTesseractPool(1);
  const read = await pool.recognize(page, 300_000);
  await pool.close();
  assert.ok(read.ok, read.ok ? '' : read.problem.message);
  assert.ok(read.value.flat().length >= 200, `${read.value.flat().length} words`);
  const files = readdirSync(cacheDir);
  assert.equal(files.length, 1, files.join(', '));
  assert.match(files[0], /^tesseract-core-.*\.bin$/);

  // A new process finds it, and its reading of the same page is the same.
  const child = `
    const { tesseractFiles } = await import(${JSON.stringify(new URL('./tesseract-core.ts', import.meta.url).href)});
    const { createTesseractPool } = await import(${JSON.stringify(new URL('./tesseract.ts', import.meta.url).href)});
    const { renderText } = await import(${JSON.stringify(new URL('../../test/ocr/text-image.ts', import.meta.url).href)});
    const files = await tesseractFiles();
    const pool = createTesseractPool(1);
    const read = await pool.recognize(await renderText(1400, 2600, 300, ${JSON.stringify(lines(25))}), 300_000);
    await pool.close();
    if (!read.ok) throw new Error(read.problem.message);
    process.stdout.write(JSON.stringify({ loaded: files.codeCache.loaded, text: read.value.map((l) => l.map((w) => w.text).join(' ')) }));
  `;
  // A file, not `-e`: worker threads inherit the process's options, and `--input-type` fails them.
  const script = join(root, 'child.mjs');
  writeFileSync(script, child);
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, DAYLIGHT_WASM_CACHE: cacheDir } });
  const fromCache = JSON.parse(stdout) as { loaded: boolean; text: string[] };
  assert.equal(fromCache.loaded, true);
  assert.deepEqual(fromCache.text, read.value.map((l) => l.map((w) => w.text).join(' ')));
});
