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
  'document.invalid': {
    title: 'The document JSON does not match the Daylight document schema.',
    hint: 'It was written by another version of Daylight or changed by hand; extract the original file again.',
  },
  'input.decompression-bomb': {
    title: 'A compressed stream in the PDF expands far beyond any real page.',
    hint: 'The file was not read, to protect the machine; ask the sender for a normal copy.',
  },
  // extraction and OCR
  'extract.failed': {
    title: 'Text could not be extracted from a page.',
    hint: 'The document was not read. If it opens in a PDF reader, print it to a new PDF and add that instead; otherwise ask the sender for a fresh copy.',
  },
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
  'verify.engines': {
    title: 'Too few independent text engines could read the PDF, so it cannot pass verification.',
    hint: 'Nothing was written or published. Install poppler-utils (pdftotext) or mupdf-tools (mutool), or reinstall the dependencies (npm ci) if PDFium could not start.',
  },
  'verify.unreadable': { title: 'The PDF to verify could not be read.', hint: 'Check the path and the file.' },
  'verify.kept-missing': { title: 'Text that should stay readable cannot be extracted from the output.', hint: 'The release would not be searchable; check the text layer of the page named.' },
  // workspace and batch runs (pipeline/workspace, pipeline/batch)
  'workspace.invalid': { title: 'The folder is not a Daylight workspace, or it is damaged.', hint: 'Check --workspace; a new workspace is made in an empty or missing folder.' },
  'workspace.newer-schema': { title: 'The workspace was written by a newer Daylight.', hint: 'Upgrade Daylight before opening this workspace.' },
  'workspace.locked': { title: 'Another batch is running on this workspace.', hint: 'Wait for it to finish, or use another --workspace.' },
  'workspace.busy': { title: 'The workspace database stayed locked by another process.', hint: 'Close the other program using it and run the command again; finished work is kept.' },
  'workspace.disk-full': { title: 'The disk is full: a file could not be written to the workspace.', hint: 'Free some space and run the command again; finished work is kept.' },
  'workspace.write-failed': { title: 'A file could not be written to the workspace.', hint: 'Check the workspace folder and its permissions, then run the command again.' },
  'workspace.missing-blob': { title: 'A file the workspace refers to is missing or damaged.', hint: 'Run the batch again to rebuild it; if it was purged, it is gone for good.' },
  'blobs.unavailable': { title: 'The blob store (S3 bucket) could not be reached or refused the request.', hint: 'Check the DAYLIGHT_S3_* settings, the credentials and that the service is up; `daylight doctor` tests them.' },
  'workspace.unreachable': { title: 'The workspace database server could not be reached.', hint: 'Check DAYLIGHT_DATABASE_URL and that PostgreSQL runs; `daylight doctor` says what is wrong.' },
  'jobs.unavailable': { title: 'The job queue (pg-boss on PostgreSQL) could not be reached.', hint: 'Check DAYLIGHT_DATABASE_URL and that PostgreSQL is up; `daylight doctor` tests it. Jobs in hand are taken up again once it is back.' },
  'workspace.not-found': { title: 'The workspace has no such record.', hint: 'Check the id or name.' },
  'state.invalid-transition': { title: 'The document cannot move to that state from where it is.', hint: 'Check the document state with `daylight status`.' },
  'input.vanished': { title: 'The file was removed or moved while the batch ran.', hint: 'Put it back and run the batch again.' },
  'input.symlink-loop': { title: 'A symbolic link leads back into a folder already being read.', hint: 'The loop was skipped; remove the link if it is a mistake.' },
  'input.bad-name': { title: 'The file name cannot be stored as given (not UTF-8, or too long).', hint: 'Rename the file with a shorter UTF-8 name and run the batch again.' },
  'batch.stage-failed': { title: 'A batch stage failed unexpectedly on this document.', hint: 'The rest of the batch went on; report this with the message.' },
  'audit.tampered': { title: 'The audit log was changed: the hash chain does not match.', hint: 'Treat the workspace as compromised and restore it from a backup.' },
  'audit.key-missing': { title: 'The audit key file is missing, so the keyed audit log cannot be checked or extended.', hint: 'Restore the key file from its backup, or point DAYLIGHT_AUDIT_KEY at it.' },
  'audit.key-invalid': { title: 'The audit key file cannot be used.', hint: 'Fix what the message names (permissions 600, contents as Daylight wrote them).' },
  'audit.mismatch': { title: 'The workspace no longer matches what was published.', hint: 'Its history was rewritten after publishing: treat the workspace as compromised.' },
  // isolation and resource bounds (issue 15: pipeline/threads, pipeline/batch)
  'input.crashed': {
    title: 'Reading this document crashed Daylight twice, so it was not tried again.',
    hint: 'The rest of the batch went on. The file is probably malformed: ask the sender for a fresh copy, or print it to a new PDF and add that instead.',
  },
  'input.library-error': {
    title: 'A library (pdf.js, sharp, Tesseract) failed while reading this document.',
    hint: 'Only this document failed. The file is probably malformed: ask the sender for a fresh copy; if it opens fine in other readers, report this with the message.',
  },
  'resource.memory': {
    title: 'The document needed more memory than one worker may use.',
    hint: 'Only this document failed and its worker was restarted. Split the document, or raise --worker-memory if the machine has the memory.',
  },
  'resource.page-timeout': {
    title: 'A page took longer to read than the page time limit.',
    hint: 'Only this document failed and its worker was stopped. Raise --page-timeout if the pages are legitimately heavy (huge drawings, many images), or split the document.',
  },
  'input.truncated': {
    title: 'The file ends in the middle of its data: it was cut short.',
    hint: 'An interrupted copy, download or scan usually does this. Copy the file again from its source.',
  },
  'input.dangling-link': {
    title: 'The file is a symbolic link to something that does not exist.',
    hint: 'Point the link at the real file, or copy the file itself into the folder.',
  },
  'input.not-a-file': {
    title: 'This is not a regular file (a folder, a named pipe, a device or a socket).',
    hint: 'Give `daylight extract` a file; to read every file of a folder, run `daylight batch` on it.',
  },
  // publishing (pipeline/publish)
  'publish.not-approved': { title: 'The document is not approved for release.', hint: 'It was left out of the portal; an approver must approve it in `daylight review`.' },
  'publish.original': { title: 'The file offered for release is an original, not a redacted artifact.', hint: 'It was left out of the portal; approve the redacted artifact instead.' },
  'publish.hash-mismatch': { title: "The artifact's SHA-256 does not match its recorded approval.", hint: 'It was left out of the portal; the file changed after approval, so it must be reviewed and approved again.' },
  'publish.unaudited': { title: 'The approval is not backed by its audit entry, or the audit chain does not verify.', hint: 'It was left out of the portal; check the workspace with `daylight audit verify` and approve the document again.' },
  'publish.verify-failed': { title: 'The approved artifact failed verification when checked again before release.', hint: 'It was left out of the portal; send it back for review.' },
  'publish.malformed': { title: 'The original file was damaged and only partly read, so its release may not show all of it.', hint: 'It was left out of the portal; ask the sender for an intact copy and run it in a new batch.' },
  'publish.build-failed': { title: 'The portal could not be built.', hint: 'Read the builder output above; the previous site was left in place.' },
  // review (pipeline/review)
  'review.blocked': { title: 'The document cannot be approved yet.', hint: 'Decide every redaction; under the two-person rule another approver must sign.' },
  'review.not-found': { title: 'The review app has no such document, redaction or value.', hint: 'Check the id; it may belong to a document that is not in review.' },
  'review.invalid': { title: 'The request is not one the review app accepts.', hint: 'Check the fields against the API in pipeline/review/README.md.' },
  'review.closed': { title: 'The document is closed: its redactions can no longer change.', hint: 'Only documents in review (or sent back) can change.' },
  'review.forbidden': { title: 'Your role may not do this.', hint: 'Ask an admin for the role that may.' },
  'review.claimed': { title: 'Another reviewer has claimed this document.', hint: 'Take it over from the document page if they are not working on it.' },
  'review.nothing-to-undo': { title: 'There is nothing of yours to undo on this document.', hint: 'Only your own changes, until approval, can be undone.' },
  'review.changed': {
    title: 'The redactions changed while the release was being rebuilt for approval.',
    hint: 'Nothing was approved. Reload the document, check what changed and approve again.',
  },
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
