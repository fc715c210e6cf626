/**
 * The verifier's outside tools under a memory bound: a tool stopped by its bound did
 * not read the release, so it counts for nothing and the release cannot pass on it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { toolBounds } from '../../redaction/verify/tools.ts';

const installed = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function textPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Nothing withheld on this page.', { x: 72, y: 700, size: 12, font });
  page.node.delete(PDFName.of('Annots'));
  return doc.save();
}

test('the bounds default to 256 MB and 120 s, and the environment overrides them', () => {
  assert.deepEqual(toolBounds({}), { memoryBytes: 256 * 1024 * 1024, timeoutMs: 120_000 });
  assert.deepEqual(toolBounds({ DAYLIGHT_TOOL_MEMORY_MB: '64', DAYLIGHT_TOOL_TIMEOUT_S: '5' }), { memoryBytes: 64 * 1024 * 1024, timeoutMs: 5000 });
  assert.deepEqual(toolBounds({ DAYLIGHT_TOOL_MEMORY_MB: 'lots', DAYLIGHT_TOOL_TIMEOUT_S: '-1' }), toolBounds({}));
});

test('a tool stopped at its memory bound did not read: not counted, the release fails, and with too few engines it is verify.engines', { skip: !installed('mutool') && 'mutool is not installed' }, async (t) => {
  const pdf = await textPdf();
  const tools = { pdftotext: false, mutool: true };
  // The oracle: under the default bound mutool reads this release and counts.
  const normal = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools });
  assert.deepEqual(normal.engines.find((e) => e.engine === 'mutool')?.status, 'ran');
  assert.equal(normal.ok, true, JSON.stringify(normal.problems));

  const before = process.env.DAYLIGHT_TOOL_MEMORY_MB;
  process.env.DAYLIGHT_TOOL_MEMORY_MB = '4';
  t.after(() => (before === undefined ? delete process.env.DAYLIGHT_TOOL_MEMORY_MB : (process.env.DAYLIGHT_TOOL_MEMORY_MB = before)));
  const starved = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools });
  const mutool = starved.engines.find((e) => e.engine === 'mutool');
  assert.equal(mutool?.status, 'failed');
  assert.equal(mutool?.independent, false);
  assert.match(mutool?.detail ?? '', /memory bound of 4 MB/);
  assert.equal(starved.ok, false, 'never a pass on a tool that did not read');
  assert.ok(starved.problems.some((p) => p.code === 'verify.unreadable' && /memory bound/.test(p.message)), JSON.stringify(starved.problems));

  // With PDFium off, pdf.js alone is left: fewer than two independent engines.
  const alone = await verifyPdf(pdf, { removed: [], boxes: [] }, { tools: { ...tools, pdfium: false } });
  assert.equal(alone.ok, false);
  assert.ok(alone.problems.some((p) => p.code === 'verify.engines'), JSON.stringify(alone.problems));
});
