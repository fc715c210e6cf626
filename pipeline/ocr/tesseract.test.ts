import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTesseractPool, encodeForTesseract, encodePgm, linesOfTsv } from './tesseract.ts';
import { renderText } from '../../test/ocr/text-image.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test('encodePgm writes a binary PGM header before the pixels', () => {
  const pgm = encodePgm({ data: Uint8Array.from([0, 128, 255, 7, 8, 9]), width: 3, height: 2, dpi: 300 });
  assert.equal(pgm.subarray(0, 11).toString('latin1'), 'P5\n3 2\n255\n');
  assert.deepEqual([...pgm.subarray(11)], [0, 128, 255, 7, 8, 9]);
});

test('TSV rows become words grouped in their lines: only word rows, blank words dropped, boxes as corners, confidence 0..1', () => {
  const tsv = [
    '1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t',
    '2\t1\t1\t0\t0\t0\t100\t200\t900\t120\t-1\t',
    '4\t1\t1\t1\t1\t0\t100\t200\t900\t50\t-1\t',
    '5\t1\t1\t1\t1\t1\t100\t200\t300\t50\t96.5\tFirst',
    '5\t1\t1\t1\t1\t2\t420\t205\t200\t45\t91\tline',
    '5\t1\t1\t1\t1\t3\t640\t205\t20\t45\t95\t ',
    '5\t1\t1\t1\t2\t1\t100\t270\t250\t50\t88\tSecond',
    '5\t1\t2\t1\t1\t1\t100\t900\t250\t50\t-1\tBlock',
    '',
  ].join('\n');
  assert.deepEqual(linesOfTsv(tsv), [
    [
      { text: 'First', box: [100, 200, 400, 250], confidence: 0.965 },
      { text: 'line', box: [420, 205, 620, 250], confidence: 0.91 },
    ],
    [{ text: 'Second', box: [100, 270, 350, 320], confidence: 0.88 }],
    [{ text: 'Block', box: [100, 900, 350, 950], confidence: 0 }],
  ]);
  assert.deepEqual(linesOfTsv(''), []);
});

test('a bilevel raster goes to Tesseract as a 1-bit PBM (black bits set, rows padded), any gray level keeps the 8-bit PGM', () => {
  const bilevel = { data: Uint8Array.from([0, 255, 255, 255, 255, 255, 255, 255, 0, 255, 255, 0, 0, 255, 255, 255, 255, 255]), width: 9, height: 2, dpi: 300 };
  const pbm = encodeForTesseract(bilevel);
  assert.equal(pbm.subarray(0, 7).toString('latin1'), 'P4\n9 2\n');
  assert.deepEqual([...pbm.subarray(7)], [0b1000_0000, 0b1000_0000, 0b0011_0000, 0b0000_0000]);
  const gray = { ...bilevel, data: bilevel.data.map((v, i) => (i === 5 ? 128 : v)) };
  assert.equal(encodeForTesseract(gray).subarray(0, 2).toString('latin1'), 'P5');
});

test('the pool replaces a worker lost to a timeout or a failure, and reads the next page', async () => {
  const pool = createTesseractPool(1);
  try {
    const page = await renderText(900, 400, 300, [
      { text: 'Recovered text', x: 40, y: 180, size: 72 },
      { text: 'Next line', x: 40, y: 340, size: 72 },
    ]);
    const late = await pool.recognize(page, 1);
    assert.equal(late.ok ? 'ok' : late.problem.code, 'ocr.timeout');
    const broken = await pool.recognize({ data: new Uint8Array(0), width: 0, height: 0, dpi: 300 }, 30_000);
    assert.equal(broken.ok ? 'ok' : broken.problem.code, 'ocr.failed');
    const read = await pool.recognize(page, 60_000);
    assert.ok(read.ok, read.ok ? '' : read.problem.message);
    assert.deepEqual(read.value.map((line) => line.map((w) => w.text)), [['Recovered', 'text'], ['Next', 'line']]);
    const [first] = read.value[0];
    // Pixels of the raster given, top-left origin: the word sits left of x = 500, around the baseline at y = 180.
    assert.ok(first.box[0] >= 35 && first.box[0] <= 50 && first.box[3] >= 170 && first.box[3] <= 200, `box ${first.box}`);
    // The same page thresholded, as a 1-bit scan decodes, goes as a PBM and reads the same.
    const bilevel = await pool.recognize({ ...page, data: page.data.map((v) => (v < 128 ? 0 : 255)) }, 60_000);
    assert.ok(bilevel.ok, bilevel.ok ? '' : bilevel.problem.message);
    assert.deepEqual(bilevel.value.map((line) => line.map((w) => w.text)), [['Recovered', 'text'], ['Next', 'line']]);
  } finally {
    await pool.close();
  }
});

test('a thread warmed ahead of a page is ended by close, and a closed pool reads nothing', async () => {
  const pool = createTesseractPool(2);
  pool.warm?.();
  pool.warm?.();
  await pool.close();
  const read = await pool.recognize({ data: new Uint8Array(16).fill(255), width: 4, height: 4, dpi: 300 }, 30_000);
  assert.equal(read.ok ? 'ok' : read.problem.code, 'ocr.failed');
});

test('an OCR thread starts without TypeScript: its entry is plain JavaScript and imports no .ts module before the first page', () => {
  // Node starts its type stripper in a thread on the first .ts module the thread loads (about
  // 0.05-0.08 CPU s, in every thread of every process): the entry and its static imports avoid it.
  const pool = readFileSync(join(import.meta.dirname, 'tesseract.ts'), 'utf8');
  const entry = /new Worker\(new URL\('\.\/([^']+)', import\.meta\.url\)/.exec(pool)?.[1];
  assert.ok(entry, 'the pool starts its threads from a file next to it');
  assert.match(entry, /\.mjs$/);
  const thread = readFileSync(join(import.meta.dirname, entry), 'utf8');
  const staticImports = [...thread.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
  assert.ok(staticImports.length > 0);
  assert.deepEqual(staticImports.filter((from) => from.endsWith('.ts')), []);
});
