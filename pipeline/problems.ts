/**
 * @module
 * The catalog of problems Daylight reports. Codes are permanent: never rename or
 * reuse one. A message says what happened, why, and what to do (no "Oops", no
 * "Error:" prefix). Stages return `Result`; throwing is for bugs only.
 */

export const problems = {
  // input
  'input.empty': { title: 'The file is empty (0 bytes).', hint: 'Check that the file was copied completely.' },
  'input.unreadable': { title: 'The file could not be read.', hint: 'Check that it exists and that Daylight may read it.' },
  'input.unsupported-type': {
    title: 'The file is not a PDF, PNG, JPEG or TIFF.',
    hint: 'Convert it to PDF, or remove it from the folder.',
  },
  'input.encrypted': {
    title: 'The PDF is password-protected.',
    hint: 'Ask the sender for an unprotected copy, or remove the password with `qpdf --decrypt --password=… in.pdf out.pdf`.',
  },
  'input.corrupt': { title: 'The file is damaged and could not be read.', hint: 'Ask the sender for a fresh copy.' },
  'input.too-large': {
    title: 'The file is larger than Daylight is set to read.',
    hint: 'Split the document, or raise the limit if the machine has the memory.',
  },
  'input.image-too-large': {
    title: 'The image has more pixels than Daylight will decode.',
    hint: 'Scan at 300 DPI, or split the image.',
  },
  'input.too-many-pages': { title: 'The document has more pages than the configured limit.', hint: 'Split the document.' },
  'input.no-pages': { title: 'The document has no pages.', hint: 'Check the file opens in a PDF reader.' },
  // extraction and OCR
  'extract.failed': { title: 'Text could not be extracted from a page.', hint: 'The page was left out; check the file in a PDF reader.' },
  'render.failed': { title: 'A page could not be rendered.', hint: 'Check the file in a PDF reader.' },
  'ocr.failed': { title: 'OCR failed on a page.', hint: 'Check the scan; a blank or damaged page can cause this.' },
  'ocr.timeout': { title: 'OCR did not finish a page in time.', hint: 'Raise --page-timeout or check the scan resolution.' },
  // configuration and usage
  'usage.invalid': { title: 'The command line is not valid.', hint: 'Run the command with --help.' },
  'policy.invalid': { title: 'The policy file is not valid.', hint: 'Fix the field named in the message.' },
  'config.invalid': { title: 'A setting is not valid.', hint: 'Fix the setting named in the message.' },
  // redaction and verification
  'redact.failed': { title: 'The redacted PDF could not be written.', hint: 'Nothing was written at the output path.' },
  'verify.leak': {
    title: 'Text under a redaction can still be extracted.',
    hint: 'Nothing was written or published. Read the check, page and word in the message.',
  },
  'verify.structure': {
    title: 'The output PDF carries content it must not (metadata, annotations, attachments, scripts…).',
    hint: 'Nothing was written or published.',
  },
  'verify.pixels': { title: 'A redaction box is not solid in the rendered output.', hint: 'Nothing was written or published.' },
  'verify.unreadable': { title: 'The PDF to verify could not be read.', hint: 'Check the path and the file.' },
} as const satisfies Record<string, { title: string; hint?: string }>;

export type ProblemCode = keyof typeof problems;

export interface Problem {
  code: ProblemCode;
  /** What happened and why, with the specifics (file, page, limit). */
  message: string;
  file?: string;
  page?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ProblemCode, message: string, where: { file?: string; page?: number } = {}): Result<T> {
  return { ok: false, problem: { code, message, ...where } };
}

/** One line for people: "file p.3: message (code). hint" */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.page !== undefined ? `p.${p.page}` : undefined].filter(Boolean).join(' ');
  const hint = problems[p.code].hint;
  return `${where ? `${where}: ` : ''}${p.message} [${p.code}]${hint ? ` ${hint}` : ''}`;
}
