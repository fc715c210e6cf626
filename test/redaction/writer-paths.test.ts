/**
 * The writer's three paths on one born-digital document built here with pdf-lib:
 * page 1 holds an SSN on a line of kept words, a red heading and a vector chart
 * (surgical); page 2 holds nothing to remove but carries an annotation, a page
 * action and a shared resource dictionary whose unused form draws the SSN
 * (pass-through); page 3 is rotated a quarter turn and holds the SSN (surgical, its
 * box drawn turned with the page). Every reader —
 * pdftotext, mutool, pdf.js, PDFium and the inflated bytes — is first shown to
 * find the SSN in the input, then must not find it in the release, while the kept
 * words stay real text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { PDFDocument, PDFHexString, PDFName, StandardFonts, concatTransformationMatrix, degrees, drawObject, popGraphicsState, pushGraphicsState, rgb } from 'pdf-lib';
import { init } from '@embedpdf/pdfium';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { pagesToRebuild, redactFile } from '../../redaction/redact-file.ts';
import type { RedactedFile } from '../../redaction/redact-file.ts';
import type { RedactionLog } from '../../redaction/write/log.ts';
import { allTexts, contains } from '../support/extractors.ts';

const SSN = '372-41-8806';
const KEPT = ['Quarterly', 'inspection', 'summary', 'bridges', 'Riverside'];
const PASSED = ['Maintenance', 'schedule', 'resurfacing'];

async function fixture(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.setAuthor(`Clerk ${SSN}`);
  const p1 = doc.addPage([612, 792]);
  p1.drawText('INSPECTION REPORT', { x: 72, y: 740, size: 18, font, color: rgb(0.85, 0.1, 0.1) });
  p1.drawText('Quarterly inspection summary for bridges in Riverside district.', { x: 72, y: 700, size: 12, font });
  p1.drawText(`Inspector record: SSN ${SSN} on file with the district.`, { x: 72, y: 680, size: 12, font });
  p1.drawRectangle({ x: 72, y: 500, width: 60, height: 120, color: rgb(0.1, 0.3, 0.8) });
  p1.drawRectangle({ x: 150, y: 500, width: 60, height: 80, color: rgb(0.1, 0.6, 0.3) });

  const p2 = doc.addPage([612, 792]);
  p2.drawText('Maintenance schedule: resurfacing begins in May.', { x: 72, y: 700, size: 12, font });
  // A form naming the SSN, listed in page 2's resources but never drawn there.
  const ctx = doc.context;
  const unused = ctx.register(ctx.stream(`BT /F1 12 Tf 72 600 Td (SSN ${SSN}) Tj ET`, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 612, 792], Resources: { Font: { F1: font.ref } } }));
  p2.node.setXObject(PDFName.of('Unused'), unused);
  p2.node.set(PDFName.of('AA'), ctx.obj({ O: { S: 'JavaScript', JS: PDFHexString.fromText(`app.alert("${SSN}")`) } }));
  p2.node.addAnnot(ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Text', Rect: [72, 600, 90, 618], Contents: PDFHexString.fromText(`Note: ${SSN}`) })));

  const p3 = doc.addPage([612, 792]);
  p3.setRotation(degrees(90));
  // Drawn turned a quarter, so it reads across the page as displayed.
  p3.drawText(`Rotated annex, SSN ${SSN}, Riverside.`, { x: 300, y: 72, size: 12, font, rotate: degrees(90) });
  return doc.save({ useObjectStreams: false });
}

/** Page text as PDFium reads it: an engine none of the other readers share code with. */
async function pdfiumText(pdf: Uint8Array): Promise<string> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
  const P = await init({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  P.PDFiumExt_Init();
  const heap = () => (P.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8;
  const ptr = P.pdfium.wasmExports.malloc(pdf.length);
  heap().set(pdf, ptr);
  const doc = P.FPDF_LoadMemDocument(ptr, pdf.length, '');
  assert.ok(doc, 'PDFium opens the file');
  const out: string[] = [];
  for (let i = 0; i < P.FPDF_GetPageCount(doc); i++) {
    const page = P.FPDF_LoadPage(doc, i);
    const text = P.FPDFText_LoadPage(page);
    const n = P.FPDFText_CountChars(text);
    const buf = P.pdfium.wasmExports.malloc((n + 1) * 2);
    P.FPDFText_GetText(text, 0, n, buf);
    out.push(P.pdfium.UTF16ToString(buf));
    P.pdfium.wasmExports.free(buf);
    P.FPDFText_ClosePage(text);
    P.FPDF_ClosePage(page);
  }
  P.FPDF_CloseDocument(doc);
  P.pdfium.wasmExports.free(ptr);
  return out.join('\n');
}

/** Page 1 rendered in colour by mutool: the share of clearly red pixels. */
function redShare(pdf: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-writer-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = spawnSync('mutool', ['draw', '-q', '-r', '36', '-c', 'rgb', '-o', join(dir, 'p.pnm'), join(dir, 'in.pdf'), '1']);
    assert.equal(r.status, 0, 'mutool renders page 1');
    const bytes = readFileSync(join(dir, 'p.pnm'));
    const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
    const px = bytes.subarray(m[0].length);
    let red = 0;
    for (let i = 0; i + 2 < px.length; i += 3) if (px[i] > 180 && px[i + 1] < 90 && px[i + 2] < 90) red++;
    return red / (px.length / 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the writer takes the path each page needs', () => {
  let input: Uint8Array;
  let out: RedactedFile;
  before(async () => {
    input = await fixture();
    const r = await redactFile({ bytes: input, fileName: 'paths.pdf' }, { policy: defaultPolicy(), date: new Date(0) });
    assert.ok(r.ok, r.ok ? '' : r.problem.message);
    out = r.value;
  });

  test('each reader finds the SSN in the input (the oracles can see it)', async () => {
    const texts = await allTexts(input);
    for (const [tool, text] of Object.entries(texts)) assert.ok(contains(text, SSN), `${tool} should find the SSN in the input`);
    assert.ok(contains(await pdfiumText(input), SSN), 'PDFium should find the SSN in the input');
  });

  test('surgical on the pages with a box, rotated or not, pass-through on the clean page; the log says why', () => {
    // Verified: among the checks, the box on the rotated page is solid black where the SSN shows.
    assert.equal(out.verification.ok, true, JSON.stringify(out.verification.problems));
    assert.deepEqual(out.log.pages.map((p) => p.path), ['surgical', 'pass-through', 'surgical'], JSON.stringify(out.log.pages));
    assert.match(out.log.pages[2].reason, /^1 box$/);
    assert.equal(out.verification.checks.find((c) => c.id === 'pixels')?.status, 'pass');
    assert.ok(out.log.entries.some((e) => e.page === 1) && out.log.entries.some((e) => e.page === 3), 'the SSN is boxed on pages 1 and 3');
  });

  test('no reader finds the SSN in the release: pdftotext, mutool, pdf.js, PDFium, inflated bytes', async () => {
    const texts = await allTexts(out.pdf);
    for (const [tool, text] of Object.entries(texts)) assert.ok(!contains(text, SSN), `${tool} still finds the SSN`);
    assert.ok(!contains(await pdfiumText(out.pdf), SSN), 'PDFium still finds the SSN');
    assert.ok(!contains(Buffer.from(out.pdf).toString('latin1'), SSN), 'the raw bytes hold the SSN');
  });

  test('kept words stay real text on the surgical and pass-through pages, with their colour and vectors', async () => {
    const texts = await allTexts(out.pdf);
    for (const word of [...KEPT, ...PASSED]) {
      for (const tool of ['pdftotext', 'mutool', 'pdfjs'] as const) assert.ok(contains(texts[tool], word), `${tool} lost "${word}"`);
    }
    const release = await PDFDocument.load(out.pdf);
    for (const index of [0, 1]) {
      const resources = release.getPage(index).node.Resources()!;
      const xobjects = resources.lookup(PDFName.of('XObject'));
      const images = xobjects ? (xobjects as unknown as { entries(): [unknown, unknown][] }).entries().filter(([, v]) => /\/Subtype \/Image/.test(String(release.context.lookup(v as never)))) : [];
      assert.equal(images.length, 0, `page ${index + 1} should carry no page image`);
      assert.ok(resources.lookup(PDFName.of('Font')), `page ${index + 1} keeps its fonts`);
    }
    const before = redShare(input);
    assert.ok(before > 0.0005, `the input's heading is red (${before})`);
    assert.ok(redShare(out.pdf) > before / 2, 'the red heading stays red');
  });

  test('nothing around the pages survives: annotations, actions, the unused form, the author', () => {
    const bytes = Buffer.from(out.pdf).toString('latin1');
    for (const name of ['/Annots', '/AA', '/JS', '/Author', '/Unused']) assert.ok(!bytes.includes(name), `the release holds ${name}`);
    assert.equal(bytes.match(/%%EOF/g)?.length, 1, 'one revision');
  });

  test('the release is smaller than a page image per page would make it', () => {
    assert.ok(out.pdf.length < 3 * input.length + 60_000, `release ${out.pdf.length} B for input ${input.length} B`);
  });
});

test('pages turned half and three quarters are edited surgically: the SSN goes, its box is solid where it showed, the rest stays text', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // Each page's text is drawn turned against the page's /Rotate, so it reads across the page as displayed.
  for (const [turn, x, y] of [[180, 540, 100], [270, 540, 720]] as const) {
    const page = doc.addPage([612, 792]);
    page.setRotation(degrees(turn));
    page.drawText(`Annex ${turn}: inspector SSN ${SSN} reviewed the Riverside culvert.`, { x, y, size: 12, font, rotate: degrees(turn) });
    // The next line down as displayed: up the page at 180, left of it at 270.
    page.drawText(`Drainage ${turn} survey complete for the Riverside culvert.`, { x: turn === 180 ? x : x - 20, y: turn === 180 ? y + 20 : y, size: 12, font, rotate: degrees(turn) });
  }
  const input = await doc.save();
  const before = await allTexts(input);
  for (const [tool, text] of Object.entries(before)) assert.ok(contains(text, SSN), `the oracle: ${tool} finds the SSN in the input`);
  const r = await redactFile({ bytes: input, fileName: 'turned.pdf' }, { policy: defaultPolicy(), date: new Date(0) });
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  assert.deepEqual(r.value.log.pages.map((p) => p.path), ['surgical', 'surgical'], JSON.stringify(r.value.log.pages));
  assert.equal(r.value.verification.ok, true, JSON.stringify(r.value.verification.problems));
  assert.ok(r.value.log.entries.some((e) => e.page === 1) && r.value.log.entries.some((e) => e.page === 2), 'the SSN is boxed on both pages');
  const after = await allTexts(r.value.pdf);
  for (const [tool, text] of Object.entries(after)) {
    assert.ok(!contains(text, SSN), `${tool} still finds the SSN`);
    for (const word of ['Drainage', 'culvert', 'Riverside']) assert.ok(contains(text, word), `${tool} lost "${word}"`);
  }
  assert.ok(!contains(await pdfiumText(r.value.pdf), SSN), 'PDFium still finds the SSN');
});

test('a page whose content the surgical path cannot prove clean takes the raster path, and the log says why', async () => {
  // A bilevel image lies behind the SSN's line: PDFium's redactor cannot rewrite 1-bit pixels.
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const [w, h] = [320, 24];
  const bits = new Uint8Array((w / 8) * h).fill(0xff);
  bits.fill(0x00, (w / 8) * (h - 2)); // a black rule along the bottom
  const image = doc.context.register(doc.context.stream(bits, { Type: 'XObject', Subtype: 'Image', Width: w, Height: h, ColorSpace: 'DeviceGray', BitsPerComponent: 1 }));
  const name = page.node.newXObject('Im', image);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 72, 672), drawObject(name), popGraphicsState());
  page.drawText(`Inspector record: SSN ${SSN} on file with the district.`, { x: 72, y: 680, size: 12, font });
  page.drawText('Quarterly inspection summary for bridges in Riverside district.', { x: 72, y: 700, size: 12, font });
  const input = await doc.save();
  const r = await redactFile({ bytes: input, fileName: 'bilevel.pdf' }, { policy: defaultPolicy(), date: new Date(0) });
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  assert.equal(r.value.verification.ok, true, JSON.stringify(r.value.verification.problems));
  assert.equal(r.value.log.pages[0].path, 'raster');
  assert.match(r.value.log.pages[0].reason, /image under a box/);
  const texts = await allTexts(r.value.pdf);
  for (const [tool, text] of Object.entries(texts)) assert.ok(!contains(text, SSN), `${tool} still finds the SSN`);
  for (const word of KEPT) assert.ok(contains(texts.pdftotext, word), `pdftotext lost "${word}"`);
});

test('pagesToRebuild: the pages a problem names, every kept page when a problem names none, never raster pages', () => {
  const log = { pages: [
    { page: 1, path: 'surgical', reason: '' },
    { page: 2, path: 'pass-through', reason: '' },
    { page: 3, path: 'raster', reason: '' },
  ] } as RedactionLog;
  const report = (pages: (number | undefined)[], code: 'verify.pixels' | 'verify.engines' = 'verify.pixels') => ({
    ok: false,
    leak: true,
    engines: [],
    checks: [{ id: 'pixels', status: 'fail' as const, detail: '' }],
    problems: pages.map((page) => ({ code, message: '', ...(page ? { page } : {}) })),
  });
  assert.deepEqual(pagesToRebuild(log, report([1])).map((p) => p.page), [1]);
  assert.deepEqual(pagesToRebuild(log, report([3])).map((p) => p.page), []);
  assert.deepEqual(pagesToRebuild(log, report([undefined])).map((p) => p.page), [1, 2]);
  assert.deepEqual(pagesToRebuild(log, { ...report([]), ok: true }), []);
  // Only pdf.js left beside the writer's PDFium: the pages PDFium wrote go raster, the copied ones stay.
  assert.deepEqual(pagesToRebuild(log, report([undefined], 'verify.engines')).map((p) => p.page), [1]);
});

test('pagesToRebuild: a removed string in the bytes goes with the pages where the text engines read removed text, on a first try only', () => {
  const log = { pages: [1, 2, 3, 4].map((page) => ({ page, path: page === 4 ? 'raster' : 'pass-through', reason: '' })) } as RedactionLog;
  const problem = (check: string, page?: number) => ({ code: 'verify.leak' as const, message: '', check, ...(page ? { page } : {}) });
  const report = (...problems: ReturnType<typeof problem>[]) => ({ ok: false, leak: true, engines: [], checks: [], problems });
  const pages = (r: ReturnType<typeof report>, pinBytes: boolean) => pagesToRebuild(log, r, { pinBytes }).map((p) => p.page);
  const bytesAndText = report(problem('structure:bytes'), problem('text:pdf.js', 2), problem('text:pdftotext', 2));
  assert.deepEqual(pages(bytesAndText, true), [2]);
  // The second try (the bytes still hold it after page 2 was rebuilt): every kept page.
  assert.deepEqual(pages(bytesAndText, false), [1, 2, 3]);
  // A byte hit no text engine places, or one beside another unplaced problem, is not pinned.
  assert.deepEqual(pages(report(problem('structure:bytes')), true), [1, 2, 3]);
  assert.deepEqual(pages(report(problem('structure:bytes'), problem('pixels', 2)), true), [1, 2, 3]);
  assert.deepEqual(pages(report(problem('structure:bytes'), problem('structure:objects'), problem('text:pdf.js', 2)), true), [1, 2, 3]);
});
