/**
 * `redact` on every readable sample, as the office would run it (the default policy plus
 * its own officials on the allow list): the release passes verification, no independent
 * reader (pdftotext, mutool, pdf.js, qpdf's bytes) finds a string the truth file says to
 * remove, and on born-digital files every string it says to keep still reads back, unless a
 * finding proposes it for review (`redact` burns proposals, marked pending, for a human to
 * undo). Scans go through OCR: their removals are held to the categories the detection
 * issue holds to 99 % recall, and OCR's misreadings make exact keep checks meaningless.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { officePolicy } from '../../redaction/eval/samples.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';
import { redactFile } from '../../redaction/redact-file.ts';
import { isSearchable } from '../../redaction/verify/normalize.ts';
import { allTexts, contains } from '../support/extractors.ts';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');
const truth = JSON.parse(readFileSync(join(samples, 'truth.json'), 'utf8')) as {
  files: Record<string, { kind: string; redact: { text: string; category: string }[]; keep: { text: string; category: string }[] }>;
};
const policy = officePolicy(defaultPolicy(), Object.values(truth.files));
const heldOnScans = new Set(['ssn', 'phone', 'email', 'card', 'account', 'routing']);

let engine: Promise<OcrEngine> | undefined;
after(async () => {
  if (engine) await (await engine).close();
});

for (const [group, wanted] of [
  ['born-digital PDFs', (kind: string) => kind === 'text-pdf'],
  ['scans', (kind: string) => kind !== 'text-pdf'],
] as const) {
  describe(group, () => {
    for (const [file, t] of Object.entries(truth.files).filter(([, t]) => wanted(t.kind))) {
      test(`the release of ${file} is verified, removes every string to remove and keeps what it should`, { timeout: 300_000 }, async () => {
        const bytes = new Uint8Array(readFileSync(join(samples, 'documents', file)));
        const out = await redactFile({ bytes, fileName: file }, { policy, getOcr: () => (engine ??= createOcrEngine({ workers: 1 })) });
        assert.ok(out.ok, out.ok ? '' : out.problem.message);
        assert.equal(out.value.verification.ok, true, JSON.stringify(out.value.verification.problems));
        const texts = await allTexts(out.value.pdf);
        const scan = t.kind !== 'text-pdf';
        for (const item of t.redact.filter((r) => isSearchable(r.text) && (!scan || heldOnScans.has(r.category)))) {
          for (const [tool, text] of Object.entries(texts)) assert.ok(!contains(text, item.text), `${tool} finds a ${item.category} string to remove ("${item.text.slice(0, 1)}…")`);
        }
        if (scan) return;
        const proposed = out.value.findings.filter((f) => f.action === 'review').map((f) => f.text);
        for (const item of t.keep.filter((k) => !proposed.some((p) => contains(p, k.text)))) {
          for (const tool of ['pdftotext', 'mutool', 'pdfjs'] as const) assert.ok(contains(texts[tool], item.text), `${tool} lost the ${item.category} string "${item.text}"`);
        }
      });
    }
  });
}
