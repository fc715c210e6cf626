/**
 * @module
 * `daylight redact <in> -o <out.pdf>`: one file through extract → audit → detect →
 * redact → verify. The release is written (through a temporary file and a rename)
 * only when verification passed; otherwise nothing is left at the output path and
 * the exit code is 3.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { formatProblem } from '../../problems.ts';
import { readInput } from '../../ingest/read-input.ts';
import { startOcrEngine } from '../ocr-engine.ts';
import type { OcrEngine } from '../../ocr/engine.ts';
import { defaultPolicy, loadPolicy } from '../../../redaction/policy/load-policy.ts';
import { logPathFor, redactFile } from '../../../redaction/redact-file.ts';
import type { RedactedFile } from '../../../redaction/redact-file.ts';
import { DEFAULT_DPI } from '../../../redaction/write/write-redacted.ts';
import { ExitCode, UsageError, intOption, stringOption } from '../command.ts';
import type { Command } from '../command.ts';

export const redactCommand: Command = {
  name: 'redact',
  summary: 'Redact one PDF or scan into a new, verified release PDF and its redaction log.',
  usage: '<in> -o <out.pdf> [--policy FILE] [--dpi N] [--no-review-boxes] [--json]',
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', help: 'Where to write the redacted PDF (its log goes beside it as <out>.log.json).' },
    policy: { type: 'string', value: 'FILE', help: 'Redaction policy (YAML or JSON); the built-in US FOIA policy if absent.' },
    dpi: { type: 'string', value: 'N', default: String(DEFAULT_DPI), help: 'Resolution of the pages rebuilt as images (the raster fallback).' },
    'no-review-boxes': { type: 'boolean', help: 'Leave findings the policy sends to review unboxed (by default they are boxed and marked pending in the log).' },
    'no-ocr': { type: 'boolean', help: 'Do not OCR pages without a usable text layer.' },
    json: { type: 'boolean', help: 'Print one JSON object on stdout: the boxes, the verification report and where the files went.' },
  },
  positionals: { min: 1, max: 1, name: 'input file' },
  details: `
The release is a new PDF with one revision. A page with no box keeps its text, vector graphics,
fonts and images. On a page with boxes, the glyphs, image pixels and vector paths under each box
are removed, the box is drawn with its exemption code, and the kept text on a changed line is
placed again so the gap does not give away the removed width. A page that cannot be edited that
way, or whose edit fails verification, is rebuilt as an image (--dpi) with a text layer of the
words no box touches; the log says which path each page took. Nothing around the pages is
copied (metadata, annotations, forms, attachments, scripts, bookmarks, structure, earlier
revisions). The release is then read by at least two engines that did not write it (pdf.js,
PDFium, and pdftotext and mutool where installed), byte by byte and pixel by pixel.
Exit 0 when verification passed; 1 when the input could not be read or redacted; 3 when
verification failed (nothing is left at the output path; the message names the check and page).`,
  async run({ values, positionals, io }) {
    const out = stringOption(values, 'output');
    if (!out) throw new UsageError('redact needs -o <out.pdf>.');
    const dpi = intOption(values, 'dpi', DEFAULT_DPI, { min: 72, max: 600 });
    const outPath = resolve(io.cwd, out);
    const policyPath = stringOption(values, 'policy');
    const policy = policyPath ? loadPolicy(resolve(io.cwd, policyPath)) : { ok: true as const, value: defaultPolicy() };
    if (!policy.ok) {
      io.stderr(`daylight redact: ${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const input = await readInput(resolve(io.cwd, positionals[0]));
    if (!input.ok) {
      io.stderr(`daylight redact: ${formatProblem(input.problem)}\n`);
      return ExitCode.failed;
    }
    let engine: Promise<OcrEngine> | undefined;
    let result;
    try {
      io.stderr(`${input.value.fileName}  extract → audit → detect → redact → verify\n`);
      result = await redactFile(input.value, {
        policy: policy.value,
        dpi,
        boxReview: values['no-review-boxes'] !== true,
        ...(values['no-ocr'] ? {} : { getOcr: () => (engine ??= startOcrEngine()) }),
      });
    } finally {
      if (engine) await (await engine).close();
    }
    if (!result.ok) {
      io.stderr(`daylight redact: ${formatProblem(result.problem)}\n`);
      return ExitCode.failed;
    }
    const r = result.value;
    const logPath = logPathFor(outPath);
    if (!r.verification.ok) {
      // A release that failed its checks must not be mistaken for one: remove any earlier file there too.
      await rm(outPath, { force: true });
      await rm(logPath, { force: true });
      for (const p of r.verification.problems) io.stderr(`daylight redact: ${formatProblem(p)}\n`);
      const failed = r.verification.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      io.stderr(`daylight redact: verification failed (${failed.join(', ')}); nothing was written at ${outPath}.\n`);
      if (values.json) io.stdout(`${JSON.stringify(summaryJson(r, undefined, undefined))}\n`);
      return r.verification.leak ? ExitCode.leak : ExitCode.failed;
    }
    const tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
    try {
      await writeFile(tmp, r.pdf);
      await writeFile(logPath, `${JSON.stringify(r.log, null, 2)}\n`);
      await rename(tmp, outPath);
    } catch (error) {
      await rm(tmp, { force: true });
      io.stderr(`daylight redact: ${formatProblem({ code: 'redact.failed', message: `${outPath} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` })}\n`);
      return ExitCode.failed;
    }
    if (values.json) io.stdout(`${JSON.stringify(summaryJson(r, outPath, logPath))}\n`);
    else {
      const pending = r.log.entries.filter((e) => e.pendingReview).length;
      io.stdout(
        [
          `${outPath}  ${r.document.pages.length} page(s)  ${r.log.entries.length} box(es)${pending ? ` (${pending} pending review)` : ''}  ${(r.pdf.length / 1024).toFixed(0)} KB`,
          `log ${logPath}`,
          `hidden words left out: ${r.log.hiddenWordsDropped}; hidden content reported: ${r.audit.items.length} item(s)`,
          `verified: ${r.verification.checks.map((c) => `${c.id} ${c.status}`).join(', ')}`,
          '',
        ].join('\n'),
      );
    }
    return ExitCode.ok;
  },
};

function summaryJson(r: RedactedFile, output: string | undefined, log: string | undefined) {
  return {
    ok: r.verification.ok,
    output: output ?? null,
    log: log ?? null,
    pages: r.document.pages.length,
    bytes: output ? r.pdf.length : 0,
    boxes: r.log.entries,
    hiddenWordsDropped: r.log.hiddenWordsDropped,
    hiddenContent: r.audit.items.map((i) => ({ kind: i.kind, page: i.page ?? null, why: i.why })),
    verification: r.verification,
  };
}
