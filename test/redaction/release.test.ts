/**
 * The one write-and-verify step (`writeVerifiedRelease`) that `daylight redact`,
 * the batch and the review app share. A document whose second page carries a
 * damaged content stream (an LZW stream that is not LZW): the first page is
 * edited surgically, the second would be passed through as it is, which mutool
 * cannot read. The step must notice, rebuild that page as an image, verify the
 * whole release again, and say in the log why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import type { Document, Redaction } from '../../pipeline/model/types.ts';
import { writtenWithOf } from '../../redaction/artifact-report.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { writeVerifiedRelease } from '../../redaction/release.ts';
import type { Release } from '../../redaction/release.ts';
import { allTexts, contains, pdfjsText, pdftotext } from '../support/extractors.ts';

const SSN = '372-41-8806';

async function fixture(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p1 = doc.addPage([612, 792]);
  p1.drawText('Quarterly inspection summary for bridges.', { x: 72, y: 700, size: 12, font });
  p1.drawText(`Inspector record: SSN ${SSN} on file.`, { x: 72, y: 680, size: 12, font });
  const p2 = doc.addPage([612, 792]);
  p2.drawText('Annex with the maintenance schedule.', { x: 72, y: 700, size: 12, font });
  const ctx = doc.context;
  p2.node.addContentStream(ctx.register(ctx.stream('Not really compressed.', { Filter: 'LZWDecode' })));
  return doc.save({ useObjectStreams: false });
}

function mutoolStatus(pdf: Uint8Array): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-release-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = spawnSync('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', join(dir, 'in.pdf')], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SSN's words boxed, as the planner would propose them. */
function ssnRedaction(document: Document): Redaction {
  const words = document.pages[0].words.filter((w) => w.text.includes('372-41'));
  assert.ok(words.length, 'the model holds the SSN on page 1');
  return { id: 'r1', page: 1, boxes: words.map((w) => ({ page: 1, box: w.box })), category: 'personal.government-id', exemption: 'b6', reason: 'SSN', from: { reviewer: 'test' }, decision: 'accepted' } as unknown as Redaction;
}

describe('writeVerifiedRelease: a page whose kept content cannot be read falls back to raster', () => {
  let input: Uint8Array;
  let release: Release;
  before(async () => {
    input = await fixture();
    const extracted = await extractDocument({ bytes: input, fileName: 'damaged.pdf' });
    assert.ok(extracted.ok, extracted.ok ? '' : extracted.problem.message);
    const out = await writeVerifiedRelease({ bytes: input, fileName: 'damaged.pdf' }, extracted.value, [ssnRedaction(extracted.value)], defaultPolicy(), {
      write: { date: new Date(0) },
      expect: { removed: [SSN] },
    });
    assert.ok(out.ok, out.ok ? '' : out.problem.message);
    release = out.value;
  });

  test('the oracles: mutool cannot read the input, and every reader finds the SSN in it', async () => {
    const m = mutoolStatus(input);
    assert.ok(m.status !== 0 || /lzw/i.test(m.stderr), `mutool should stumble on the damaged stream (${m.status}: ${m.stderr})`);
    assert.ok(contains(pdftotext(input), SSN), 'pdftotext should find the SSN in the input');
    assert.ok(contains(await pdfjsText(input), SSN), 'pdf.js should find the SSN in the input');
  });

  test('the damaged page is rebuilt as an image, the log says why, and the whole release passes', () => {
    assert.equal(release.verification.ok, true, JSON.stringify(release.verification.problems));
    assert.equal(release.log.pages[0].path, 'surgical', 'the readable page keeps its content: the verifier names the page it cannot read');
    assert.equal(release.log.pages[1].path, 'raster');
    assert.match(release.log.pages[1].reason, /failed verification/);
    assert.equal(mutoolStatus(release.pdf).status, 0, 'mutool reads the release');
  });

  test('PDFium wrote the surgical page, so the release says so and PDFium is not counted', () => {
    assert.deepEqual(release.writtenWith, ['pdfium']);
    const pdfium = release.verification.engines.find((e) => e.engine === 'pdfium');
    assert.equal(pdfium?.independent, false);
    assert.ok(release.verification.engines.filter((e) => e.independent).length >= 2, 'two engines that share no code with the writer read it');
  });

  test('no reader finds the SSN in the release, and the kept words stay', async () => {
    const texts = await allTexts(release.pdf);
    for (const [tool, text] of Object.entries(texts)) {
      assert.ok(!contains(text, SSN), `${tool} still finds the SSN`);
      assert.ok(contains(text, 'inspection'), `${tool} lost a kept word`);
    }
  });
});

test('writtenWithOf: a stored report names its writers; one that does not counts as written with PDFium', () => {
  assert.deepEqual(writtenWithOf({ writtenWith: [] }), []);
  assert.deepEqual(writtenWithOf({ writtenWith: ['pdfium'] }), ['pdfium']);
  assert.deepEqual(writtenWithOf({ verification: {} }), ['pdfium']);
  assert.deepEqual(writtenWithOf(undefined), ['pdfium']);
  assert.deepEqual(writtenWithOf({ writtenWith: 'none' }), ['pdfium']);
});

/**
 * The surgical path draws its removal rectangles in from each word box, so the lines
 * above and below keep their ascenders and descenders. Glyphs that sit low in a removed
 * word (underscores, drawn below the baseline) once stayed under the box: every glyph
 * that starts inside a removed word now goes with it.
 */
describe('writeVerifiedRelease: the low glyphs of a removed word go with it', () => {
  const WORD = 'FOR_______Date';
  let input: Uint8Array;
  let release: Release;
  let box: [number, number, number, number];
  before(async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    page.drawText('Intake log for the district clinic.', { x: 72, y: 720, size: 12, font });
    page.drawText(`MEMORANDUM ${WORD}`, { x: 72, y: 700, size: 12, font });
    page.drawText('Follow-up is planned for next week.', { x: 72, y: 686, size: 12, font });
    input = await doc.save({ useObjectStreams: false });
    const extracted = await extractDocument({ bytes: input, fileName: 'memo.pdf' });
    assert.ok(extracted.ok, extracted.ok ? '' : extracted.problem.message);
    const word = extracted.value.pages[0].words.find((w) => w.text === WORD);
    assert.ok(word, 'the model reads the word whole');
    box = word.box;
    const redaction = { id: 'r1', page: 1, boxes: [{ page: 1, box }], category: 'personal.name', exemption: 'b6', reason: 'test', from: { reviewer: 'test' }, decision: 'accepted' } as unknown as Redaction;
    const out = await writeVerifiedRelease({ bytes: input, fileName: 'memo.pdf' }, extracted.value, [redaction], defaultPolicy(), { write: { date: new Date(0) }, expect: { removed: [WORD] } });
    assert.ok(out.ok, out.ok ? '' : out.problem.message);
    release = out.value;
  });

  /** pdftotext's words whose middle line lies inside the box, with any horizontal overlap. */
  const wordsUnder = (pdf: Uint8Array) =>
    [...spawnText(pdf).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ text: m[5], b: [1, 2, 3, 4].map((k) => Number(m[k])) }))
      .filter((w) => w.b[0] < box[2] && w.b[2] > box[0] && (w.b[1] + w.b[3]) / 2 > box[1] && (w.b[1] + w.b[3]) / 2 < box[3])
      .map((w) => w.text);

  test('the oracle: pdftotext reads the underscores under the box in the input', () => {
    assert.ok(wordsUnder(input).some((t) => t.includes('___')), wordsUnder(input).join(' '));
  });

  test('the word goes whole on the surgical path: no reader finds a glyph of it, and the release passes', async () => {
    assert.equal(release.log.pages[0].path, 'surgical', release.log.pages[0].reason);
    assert.equal(release.verification.ok, true, JSON.stringify(release.verification.problems));
    assert.deepEqual(wordsUnder(release.pdf).filter((t) => !/REDACTED|\(b\)/.test(t)), []);
    for (const [tool, text] of Object.entries(await allTexts(release.pdf))) {
      assert.ok(!text.includes('____'), `${tool} still reads the underscores`);
      assert.ok(contains(text, 'MEMORANDUM'), `${tool} lost a kept word`);
    }
  });
});

function spawnText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-release-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    return spawnSync('pdftotext', ['-bbox', join(dir, 'in.pdf'), '-'], { encoding: 'utf8' }).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
