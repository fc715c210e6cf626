/**
 * @module
 * `daylight verify <pdf>`: the leak checks on any PDF (a release, or a file
 * received from elsewhere). With `--secrets FILE` (one string a line) it also
 * proves that none of those strings can be extracted in any form.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatProblem } from '../../problems.ts';
import { readInput } from '../../ingest/read-input.ts';
import { verifyPdf } from '../../../redaction/verify/verify-pdf.ts';
import { ExitCode, stringOption } from '../command.ts';
import type { Command } from '../command.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check a PDF for text that can be extracted but should not be: hidden text, metadata, annotations, forms, attachments, scripts, revisions.',
  usage: '<pdf> [--secrets FILE] [--json]',
  options: {
    secrets: { type: 'string', value: 'FILE', help: 'Strings that must not be extractable, one a line (checked under case, spacing, punctuation and digits-only forms).' },
    json: { type: 'boolean', help: 'Print the verification report as one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1, name: 'pdf' },
  details: `
Text is read with pdf.js and PDFium (both shipped), and with pdftotext and mutool where
installed; fewer than two engines reading every page is a failure (exit 1), never a pass, and
the report names the engines that ran. Structure: one revision; no annotations, forms, attachments, scripts,
bookmarks, XMP, thumbnails or layers; Info only Title, Producer and dates. Every word an
extractor returns must show on the rendered page. Messages never repeat a secret.
Exit 0 clean, 3 a leak or forbidden content found, 1 the file could not be read.`,
  async run({ values, positionals, io }) {
    const input = await readInput(resolve(io.cwd, positionals[0]));
    if (!input.ok) {
      io.stderr(`daylight verify: ${formatProblem(input.problem)}\n`);
      return ExitCode.failed;
    }
    const secretsPath = stringOption(values, 'secrets');
    let removed: string[] = [];
    if (secretsPath) {
      try {
        removed = (await readFile(resolve(io.cwd, secretsPath), 'utf8')).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      } catch (error) {
        io.stderr(`daylight verify: ${formatProblem({ code: 'input.unreadable', message: `The secrets file ${secretsPath} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` })}\n`);
        return ExitCode.failed;
      }
    }
    const report = await verifyPdf(input.value.bytes, { removed, boxes: [] }, { file: input.value.fileName });
    if (values.json) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      io.stdout(`${input.value.fileName}: ${report.ok ? 'clean' : 'LEAK'}\n`);
      for (const c of report.checks) io.stdout(`  ${c.status.padEnd(7)} ${c.id}: ${c.detail}\n`);
    }
    for (const p of report.problems) io.stderr(`daylight verify: ${formatProblem(p)}\n`);
    if (report.ok) return ExitCode.ok;
    return report.leak ? ExitCode.leak : ExitCode.failed;
  },
};
