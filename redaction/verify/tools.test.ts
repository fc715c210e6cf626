import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { fileURLToPath } from 'node:url';
import { mutoolPages, mutoolRender, mutoolText, pagesOf, pdftotextWords, toolInput } from './tools.ts';
import { runTool } from './tool-runner.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';

const have = (tool: string, flag = '-v') => {
  try {
    execFileSync(tool, [flag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('pagesOf splits a file at its separators across megabyte reads, keeping multi-byte characters whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pages-'));
  try {
    // Pages of 700 KB with a two-byte character at every position mod 3, so some straddle a 1 MB read.
    const pages = Array.from({ length: 5 }, (_, i) => `page ${i} ` + 'é'.repeat(350_000) + ` end ${i}`);
    const file = join(dir, 'out.txt');
    writeFileSync(file, pages.join('\f') + '\f');
    const read: string[] = [];
    for await (const page of pagesOf(file, '\f')) read.push(page);
    assert.deepEqual(read, [...pages, '']);
    writeFileSync(file, 'no separator at all');
    read.length = 0;
    for await (const page of pagesOf(file, '\f')) read.push(page);
    assert.deepEqual(read, ['no separator at all']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pagesOf gives the pieces of the whole file decoded at once: a separator straddling a megabyte read, byte-order marks, invalid bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pages-'));
  try {
    const mb = 1024 * 1024;
    const parts: Buffer[] = [Buffer.from('\ufeff<page>one ', 'utf8')];
    const fill = (upTo: number, unit: string) => {
      const have = parts.reduce((n, p) => n + p.length, 0);
      parts.push(Buffer.from(unit.repeat(Math.max(0, Math.floor((upTo - have) / Buffer.byteLength(unit)))), 'utf8'));
    };
    // "</page>" starts three bytes before the first megabyte ends; a four-byte character and a
    // stray continuation byte sit across the second; a mark mid-file is a character, not a mark.
    fill(mb - 3, 'a');
    parts.push(Buffer.from('</page><page>\ufeffdash \u2014 ', 'utf8'));
    fill(2 * mb - 2, 'b');
    parts.push(Buffer.from('\u{1f600}', 'utf8'), Buffer.from([0x80, 0xe2, 0x82]), Buffer.from(' tail</page>', 'utf8'));
    const whole = Buffer.concat(parts);
    const file = join(dir, 'out.html');
    writeFileSync(file, whole);
    const read: string[] = [];
    for await (const page of pagesOf(file, '</page>')) read.push(page);
    const expected = new TextDecoder('utf-8').decode(whole).split('</page>');
    assert.equal(read.length, 3);
    assert.deepEqual(read, expected);
    assert.ok(read[0].startsWith('<page>one') && read[1].startsWith('<page>\ufeffdash \u2014') && read[1].includes('\u{1f600}\ufffd\ufffd tail'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pdftotext and mutool read through their output files give what they print on stdout, and leave no file behind', { skip: !have('pdftotext') || !have('mutool') ? 'pdftotext or mutool missing' : false }, async () => {
  const pdf = readFileSync(new URL('../../samples/documents/audit-report.pdf', import.meta.url));
  const input = await toolInput(pdf);
  try {
    const printed = execFileSync('pdftotext', ['-q', '-bbox', input.file, '-'], { encoding: 'utf8' });
    const words = await pdftotextWords(input);
    assert.ok(words.ok, JSON.stringify(words));
    const pageCount = printed.split('<page ').length - 1;
    assert.ok(pageCount > 1, 'the oracle: pdftotext prints several pages');
    assert.equal(words.value.pages.length, pageCount);
    const printedWords = [...printed.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
    assert.ok(printedWords.length > 50);
    assert.deepEqual(words.value.pages.flatMap((p) => p.words!.map((w) => w.text)), printedWords);

    const text = await mutoolText(input);
    assert.ok(text.ok, JSON.stringify(text));
    const printedText = execFileSync('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', input.file], { encoding: 'utf8' }).split('\f');
    if (printedText.at(-1)!.trim() === '') printedText.pop();
    assert.deepEqual(text.value.pages.map((p) => p.text), printedText);

    const ranged = await pdftotextWords(input, { first: 2, last: 2 });
    assert.ok(ranged.ok);
    assert.deepEqual(ranged.value.pages, [words.value.pages[1]]);
    assert.deepEqual((await import('node:fs')).readdirSync(input.dir), ['in.pdf']);
  } finally {
    await input.dispose();
  }
});

test('pdftotext keeps a word that starts left of the page and ends on it (a negative coordinate)', { skip: !have('pdftotext') ? 'pdftotext missing' : false }, async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Visible words here', { x: 72, y: 700, size: 12, font });
  // "Partly" lies wholly left of the page (poppler drops it); "offpage" straddles the edge.
  page.drawText('Partly offpage secretword', { x: -40, y: 650, size: 12, font });
  const input = await toolInput(await doc.save());
  try {
    const out = await pdftotextWords(input);
    assert.ok(out.ok);
    const words = out.value.pages[0].words!;
    const straddling = words.find((w) => w.text === 'offpage');
    assert.ok(straddling, `words: ${words.map((w) => w.text).join(' ')}`);
    assert.ok(straddling.box[0] < 0 && straddling.box[2] > 0);
    assert.match(out.value.pages[0].text, /offpage secretword/);
  } finally {
    await input.dispose();
  }
});

test('mutool renders several pages in one run, each read from disk when asked for and then removed', { skip: !have('mutool') ? 'mutool missing' : false }, async () => {
  const pdf = readFileSync(new URL('../../samples/documents/audit-report.pdf', import.meta.url));
  const input = await toolInput(pdf);
  try {
    const { readdirSync } = await import('node:fs');
    const rendered = await mutoolRender(input, [1, 2], 50);
    assert.ok(rendered.ok, JSON.stringify(rendered));
    assert.equal(readdirSync(input.dir).filter((f) => f.endsWith('.pgm')).length, 2, 'both pages wait on disk');
    const second = await rendered.value.image(2);
    assert.deepEqual([second.width, second.height, second.dpi], [Math.round((612 * 50) / 72), Math.round((792 * 50) / 72), 50]);
    assert.equal(second.data.length, second.width * second.height);
    assert.ok(second.data.some((v) => v < 128), 'the page has dark ink');
    assert.equal(readdirSync(input.dir).filter((f) => f.endsWith('.pgm')).length, 1, 'a page read is removed');
    await rendered.value.image(1);
    await assert.rejects(rendered.value.image(3), /not rendered/);
    assert.deepEqual(readdirSync(input.dir), ['in.pdf']);
  } finally {
    await input.dispose();
  }
});

test('one mutool run gives the text mutool draw -F txt gives and the renders mutool draw gives, byte for byte, and leaves no file behind', { skip: !have('mutool') ? 'mutool missing' : false }, async () => {
  const { readdirSync } = await import('node:fs');
  // Born-digital pages, drawn by the script, and a scan's pages, which it leaves to mutool draw.
  for (const [name, hasText] of [['audit-report.pdf', true], ['memo.pdf', true], ['incident-report-scan.pdf', false]] as const) {
    const input = await toolInput(readFileSync(new URL(`../../samples/documents/${name}`, import.meta.url)));
    try {
      const old = await mutoolText(input);
      if (!old.ok) assert.fail(old.message);
      const pages = [1, 2].filter((n) => n <= old.value.pages.length);
      const both = await mutoolPages(input, { pages, dpi: 100 });
      if (!both.ok) assert.fail(both.message);
      if (hasText) assert.ok(old.value.pages.some((p) => p.text.trim().length > 100), `the oracle: mutool draw reads text from ${name}`);
      // mutool draw -F txt ends each page with a form feed and a newline: page 2 on starts with that newline.
      assert.deepEqual(both.value.text.pages.map((p) => p.text), old.value.pages.map((p, i) => (i > 0 ? p.text.replace(/^\n/, '') : p.text)), name);
      const drawn = await mutoolRender(input, pages, 100);
      if (!drawn.ok) assert.fail(drawn.message);
      for (const n of pages) {
        const a: GrayImage = await drawn.value.image(n);
        const b: GrayImage = await both.value.renders.image(n);
        assert.deepEqual([b.width, b.height, b.dpi], [a.width, a.height, a.dpi]);
        assert.ok(Buffer.from(a.data).equals(Buffer.from(b.data)), `page ${n} of ${name} renders the same`);
      }
      assert.deepEqual(readdirSync(input.dir), ['in.pdf']);
    } finally {
      await input.dispose();
    }
  }
});

test('one mutool run draws an A4 page itself, byte for byte as mutool draw does, instead of leaving it to mutool draw', { skip: !have('mutool') ? 'mutool missing' : false }, async () => {
  const { readdirSync } = await import('node:fs');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // A4 (595.28 by 841.89 points): 826.8 by 1169.3 pixels at 100 DPI, not a whole number either way. Text and
  // a box reaching the right and bottom edges, where a page drawn a pixel off would show it.
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Jane Roe, 123 Main Street, printed on A4 paper.', { x: 72, y: 760, size: 11, font });
  page.drawRectangle({ x: 400, y: 0, width: 195.28, height: 40, color: rgb(0, 0, 0) });
  const input = await toolInput(await doc.save());
  try {
    const both = await mutoolPages(input, { pages: [1], dpi: 100 });
    if (!both.ok) assert.fail(both.message);
    const drawn = await mutoolRender(input, [1], 100);
    if (!drawn.ok) assert.fail(drawn.message);
    const a: GrayImage = await drawn.value.image(1);
    // The oracle: mutool draw rounds the page out to 827 by 1170 pixels.
    assert.deepEqual([a.width, a.height], [827, 1170]);
    assert.ok(a.data.some((v) => v < 128), 'the page has dark ink');
    const b: GrayImage = await both.value.renders.image(1);
    assert.deepEqual([b.width, b.height, b.dpi], [a.width, a.height, a.dpi]);
    assert.ok(Buffer.from(a.data).equals(Buffer.from(b.data)), 'the A4 page renders the same');
    assert.deepEqual(readdirSync(input.dir), ['in.pdf']);
    // Drawn by the script itself: it leaves no page to mutool draw.
    const script = fileURLToPath(new URL('./mutool-pages.js', import.meta.url));
    const said = JSON.parse(execFileSync('mutool', ['run', script, input.file, join(input.dir, 'x-'), 'no-text', '1:100'], { encoding: 'utf8' })) as { left: number[] };
    assert.deepEqual(said.left, []);
  } finally {
    await input.dispose();
  }
});

test('one mutool run fails where mutool draw fails: a file it cannot open, a password it lacks, a page it does not have', { skip: !have('mutool') || !have('qpdf', '--version') ? 'mutool or qpdf missing' : false }, async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([612, 792]).drawText('Jane Roe, 123-45-6789', { x: 72, y: 700, size: 12, font });
  const plain = await doc.save();
  const dir = mkdtempSync(join(tmpdir(), 'daylight-locked-'));
  try {
    writeFileSync(join(dir, 'plain.pdf'), plain);
    execFileSync('qpdf', ['--encrypt', 'user-secret', 'owner-secret', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
    const cases = [
      { name: 'not a PDF', bytes: new TextEncoder().encode('not a pdf at all'), pages: [1] },
      { name: 'a user password', bytes: readFileSync(join(dir, 'locked.pdf')), pages: [1] },
      { name: 'a page it does not have', bytes: plain, pages: [1, 2] },
    ];
    for (const c of cases) {
      const input = await toolInput(c.bytes);
      try {
        const both = await mutoolPages(input, { pages: c.pages, dpi: 50 });
        assert.equal(both.ok, false, c.name);
        assert.equal(!both.ok && both.missing, false, c.name);
      } finally {
        await input.dispose();
      }
    }
    // The oracle for the password: mutool draw cannot read the locked file either, and reads the plain one.
    const locked = await toolInput(readFileSync(join(dir, 'locked.pdf')));
    const open = await toolInput(plain);
    try {
      assert.equal((await mutoolText(locked)).ok, false);
      const read = await mutoolPages(open, { pages: [1], dpi: 50 });
      assert.ok(read.ok && read.value.text.pages[0].text.includes('Jane Roe'));
    } finally {
      await locked.dispose();
      await open.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a tool writing past its file bound is stopped with limit "output"; within it, it runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-fsize-'));
  try {
    const write = (bytes: number) => ({ tool: 'sh', args: ['-c', `head -c ${bytes} /dev/zero > ${join(dir, 'out')}`], timeoutMs: 10_000, maxBuffer: 65536 });
    const unbounded = await runTool(write(3_000_000));
    assert.equal(unbounded.error, undefined, 'the oracle: without a bound the file is written whole');
    assert.equal(readFileSync(join(dir, 'out')).length, 3_000_000);
    const over = await runTool({ tool: 'dd', args: ['if=/dev/zero', `of=${join(dir, 'out')}`, 'bs=1M', 'count=3', 'status=none'], timeoutMs: 10_000, maxBuffer: 65536, fileBytes: 1024 * 1024 });
    assert.equal(over.error?.limit, 'output', JSON.stringify(over.error));
    assert.equal(readFileSync(join(dir, 'out')).length, 1024 * 1024);
    const within = await runTool({ tool: 'dd', args: ['if=/dev/zero', `of=${join(dir, 'out')}`, 'bs=1M', 'count=1', 'status=none'], timeoutMs: 10_000, maxBuffer: 65536, fileBytes: 2 * 1024 * 1024 });
    assert.equal(within.error, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
