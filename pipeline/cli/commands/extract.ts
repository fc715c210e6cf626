/**
 * @module
 * `daylight extract <file>`: reads one PDF or image into the document model and
 * prints a summary, or the document as JSON with `--json`. Progress goes to stderr.
 */
import { resolve } from 'node:path';
import { fail, formatProblem } from '../../problems.ts';
import { withStrayErrorsAs } from '../../threads/stray-errors.ts';
import { printable } from '../../ingest/names.ts';
import { readInput } from '../../ingest/read-input.ts';
import { defaultMaxPages, defaultOcrDpi, extractDocument } from '../../extract/extract-document.ts';
import { defaultPageTimeoutSeconds } from '../../extract/limits.ts';
import { startOcrEngine } from '../ocr-engine.ts';
import type { OcrEngine } from '../../ocr/engine.ts';
import type { Document } from '../../model/types.ts';
import { ExitCode, intOption } from '../command.ts';
import type { Command } from '../command.ts';

export const extractCommand: Command = {
  name: 'extract',
  summary: 'Read a PDF or a scan (PNG, JPEG, TIFF) into words with positions, using OCR where there is no usable text.',
  usage: '<file> [--json] [--no-ocr] [--dpi N] [--max-pages N] [--page-timeout S]',
  options: {
    json: { type: 'boolean', help: 'Print the document model as one JSON object on stdout, and nothing else.' },
    'no-ocr': { type: 'boolean', help: 'Do not OCR: pages without a usable text layer are left without words (with a warning).' },
    dpi: { type: 'string', value: 'N', default: String(defaultOcrDpi), help: 'Resolution at which PDF pages are rendered for OCR (a scan of 200 DPI or more is read at its own resolution when that is lower).' },
    'max-pages': { type: 'string', value: 'N', default: String(defaultMaxPages), help: 'Refuse documents with more pages than this.' },
    'page-timeout': { type: 'string', value: 'S', default: String(defaultPageTimeoutSeconds), help: 'Seconds the OCR of one page may take (wall clock, as in batch and worker) before the document fails with ocr.timeout.' },
    quiet: { type: 'boolean', short: 'q', help: 'No progress on stderr.' },
  },
  positionals: { min: 1, max: 1, name: 'file' },
  details: `
The file type is read from the bytes, not the name. A PDF page with a usable text layer is
extracted; a page without one (a scan, an invisible OCR layer, a text layer that decodes to
garbage) is rendered and OCRed offline. Exit 1 when the document cannot be read (a library
failing on it included); the message names the problem code. Exit 70 only when Daylight itself
crashed.`,
  async run({ values, positionals, io }) {
    const dpi = intOption(values, 'dpi', defaultOcrDpi, { min: 72, max: 1200 });
    const maxPages = intOption(values, 'max-pages', defaultMaxPages, { min: 1, max: 1_000_000 });
    const pageTimeoutMs = intOption(values, 'page-timeout', defaultPageTimeoutSeconds, { min: 1, max: 86_400 }) * 1000;
    const path = resolve(io.cwd, positionals[0]);
    const input = await readInput(path);
    if (!input.ok) {
      io.stderr(`daylight extract: ${printable(formatProblem(input.problem))}\n`);
      return ExitCode.failed;
    }
    let engine: Promise<OcrEngine> | undefined;
    const quiet = Boolean(values.quiet);
    try {
      // A library error nobody awaits fails this document (exit 1 with a code), not the process.
      const result = await withStrayErrorsAs(() => extractDocument(input.value, {
        ocrDpi: dpi,
        maxPages,
        getOcr: values['no-ocr'] ? undefined : () => (engine ??= startOcrEngine({ pageTimeoutMs })),
        onPage: ({ page, pages, source }) => {
          if (!quiet) io.stderr(`${printable(input.value.fileName)}  p.${page}/${pages}  ${source === 'ocr' ? 'OCR' : 'text'}\n`);
        },
      }), (error) => fail<Document>('input.library-error', `Reading failed inside a library (${error instanceof Error ? error.message : String(error)}).`, { file: input.value.fileName }));
      if (!result.ok) {
        io.stderr(`daylight extract: ${printable(formatProblem(result.problem))}\n`);
        return ExitCode.failed;
      }
      io.stdout(values.json ? `${JSON.stringify(result.value)}\n` : summary(result.value));
      return ExitCode.ok;
    } finally {
      if (engine) await (await engine).close();
    }
  },
};

function summary(document: Document): string {
  const words = document.pages.reduce((sum, p) => sum + p.words.length, 0);
  const lines = [
    `${printable(document.fileName)}  ${document.mediaType}  ${document.pages.length} page${document.pages.length === 1 ? '' : 's'}  ${words.toLocaleString('en-US')} words`,
    `id ${document.id}`,
    ...document.pages.map((p) => {
      const confidence = p.source === 'ocr' && p.words.length > 0 ? `, mean confidence ${Math.round((p.words.reduce((s, w) => s + (w.confidence ?? 0), 0) / p.words.length) * 100)}%` : '';
      return `  p.${p.number}  ${p.source === 'ocr' ? `OCR at ${p.dpi} dpi` : 'text'}  ${p.words.length} words${confidence}${p.rotation ? `  (rotated ${p.rotation}°)` : ''}`;
    }),
  ];
  if (document.warnings.length > 0) {
    lines.push(`${document.warnings.length} warning${document.warnings.length === 1 ? '' : 's'}:`);
    for (const w of document.warnings) lines.push(`  ${w.page !== undefined ? `p.${w.page}: ` : ''}${w.message} [${w.code}]`);
  }
  return `${lines.join('\n')}\n`;
}
