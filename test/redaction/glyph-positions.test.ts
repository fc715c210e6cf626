/**
 * Glyph-position deredaction (Bland et al., PETS 2023): where the text after a
 * removed value starts tells the value's width, and the width tells short values
 * apart. Two documents differ only in a name ("Al Wu" or "Ana Ruiz", both narrower
 * than the minimum box). In the inputs, the words after the name start at
 * different places (the oracle sees the difference); in the releases, every kept
 * word on the line must start at the same place in both, so nothing in them tells
 * which name was removed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import type { Redaction } from '../../pipeline/model/types.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { writeVerifiedRelease } from '../../redaction/release.ts';
import type { Release } from '../../redaction/release.ts';
import { contains, pdftotext } from '../support/extractors.ts';

const NAMES = ['Al Wu', 'Ana Ruiz'];
const AFTER = ['was', 'seen', 'today', 'at', 'noon.'];

async function fixture(name: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Intake log for the district clinic.', { x: 72, y: 720, size: 12, font });
  page.drawText(`Patient ${name} was seen today at noon.`, { x: 72, y: 700, size: 12, font });
  page.drawText('Follow-up is planned for next week.', { x: 72, y: 680, size: 12, font });
  return doc.save({ useObjectStreams: false });
}

/** Every word pdftotext reads, with its left and right edges. */
function wordPositions(pdf: Uint8Array): { text: string; xMin: number; xMax: number; yMin: number }[] {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-glyphs-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = spawnSync('pdftotext', ['-bbox', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return [...r.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4], xMin: Number(m[1]), xMax: Number(m[3]), yMin: Number(m[2]) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const startOf = (words: ReturnType<typeof wordPositions>, text: string) => {
  const w = words.find((x) => x.text === text);
  assert.ok(w, `"${text}" is read`);
  return w.xMin;
};

describe('the text after a removed name does not tell its width', () => {
  const inputs: Uint8Array[] = [];
  const releases: Release[] = [];
  before(async () => {
    for (const name of NAMES) {
      const bytes = await fixture(name);
      const extracted = await extractDocument({ bytes, fileName: 'intake.pdf' });
      assert.ok(extracted.ok);
      const parts = name.split(' ');
      const words = extracted.value.pages[0].words.filter((w) => parts.includes(w.text));
      assert.equal(words.length, parts.length, 'the name is read as words');
      const redaction = { id: 'r1', page: 1, boxes: words.map((w) => ({ page: 1, box: w.box })), category: 'personal.name', exemption: 'b6', reason: 'name', from: { reviewer: 'test' }, decision: 'accepted' } as unknown as Redaction;
      const out = await writeVerifiedRelease({ bytes, fileName: 'intake.pdf' }, extracted.value, [redaction], defaultPolicy(), { write: { date: new Date(0) }, expect: { removed: [name] } });
      assert.ok(out.ok, out.ok ? '' : out.problem.message);
      inputs.push(bytes);
      releases.push(out.value);
    }
  });

  test('the oracle: in the inputs, the words after the name start at different places', () => {
    const [a, b] = inputs.map(wordPositions);
    for (const word of AFTER) assert.ok(Math.abs(startOf(a, word) - startOf(b, word)) > 5, `"${word}" gives the width away in the input`);
  });

  test('in the releases, every kept word on the line starts at the same place, and the name is gone', () => {
    for (const r of releases) {
      assert.equal(r.verification.ok, true, JSON.stringify(r.verification.problems));
      assert.equal(r.log.pages[0].path, 'surgical');
    }
    const [a, b] = releases.map((r) => wordPositions(r.pdf));
    for (const word of ['Patient', ...AFTER]) assert.ok(Math.abs(startOf(a, word) - startOf(b, word)) < 0.01, `"${word}" starts at ${startOf(a, word)} in one release and ${startOf(b, word)} in the other`);
    for (const [i, r] of releases.entries()) {
      const text = pdftotext(r.pdf);
      assert.ok(!contains(text, NAMES[i]), 'the name is gone');
      for (const word of AFTER) assert.ok(contains(text, word), `"${word}" stays readable`);
    }
  });

  test('the boxes are as wide as each other, and the words after them do not overlap them', () => {
    const [a, b] = releases.map((r) => r.written.boxes.filter((x) => x.page === 1));
    assert.equal(a.length, 1);
    assert.ok(Math.abs(a[0].box[2] - a[0].box[0] - (b[0].box[2] - b[0].box[0])) < 0.01);
    assert.ok(startOf(wordPositions(releases[0].pdf), 'was') > a[0].box[2]);
  });

  test('the two releases hold the same content streams: no kerning number or position differs', () => {
    const streams = (pdf: Uint8Array) =>
      [...Buffer.from(pdf).toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
        .map((m) => {
          try {
            return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
          } catch {
            return '';
          }
        })
        .filter((t) => /\bBT\b/.test(t));
    const [a, b] = releases.map((r) => streams(r.pdf));
    assert.ok(a.length > 0, 'the release has text content');
    assert.deepEqual(a, b);
  });

  test('the other lines did not move', () => {
    const [input, release] = [wordPositions(inputs[0]), wordPositions(releases[0].pdf)];
    for (const word of ['Intake', 'clinic.', 'Follow-up', 'week.']) assert.ok(Math.abs(startOf(input, word) - startOf(release, word)) < 0.01, `"${word}" moved`);
  });
});
