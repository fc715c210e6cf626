/**
 * @module
 * The steps a task pool may run off the main thread: pure functions of
 * cloneable inputs (bytes, the document model, redactions, a policy) whose
 * work is CPU-bound. Each is loaded on its first use, so a thread that only
 * extracts never loads the writer and the detectors (about 100 MB a thread).
 */
import type { redactFile } from '../../redaction/redact-file.ts';
import type { writeVerifiedRelease } from '../../redaction/release.ts';
import type { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import type { writeRedacted } from '../../redaction/write/write-redacted.ts';
import type { probe } from './probe.ts';
import type { extractFile } from './extract-task.ts';

export interface Tasks {
  extractFile: typeof extractFile;
  writeRedacted: typeof writeRedacted;
  verifyPdf: typeof verifyPdf;
  writeVerifiedRelease: typeof writeVerifiedRelease;
  redactFile: typeof redactFile;
  probe: typeof probe;
}

export type TaskName = keyof Tasks;

const loaders: { [K in TaskName]: () => Promise<Tasks[K]> } = {
  extractFile: async () => (await import('./extract-task.ts')).extractFile,
  writeRedacted: async () => (await import('../../redaction/write/write-redacted.ts')).writeRedacted,
  verifyPdf: async () => (await import('../../redaction/verify/verify-pdf.ts')).verifyPdf,
  writeVerifiedRelease: async () => (await import('../../redaction/release.ts')).writeVerifiedRelease,
  redactFile: async () => (await import('../../redaction/redact-file.ts')).redactFile,
  probe: async () => (await import('./probe.ts')).probe,
};

/** The task's function, loaded on first use. */
export function loadTask<K extends TaskName>(name: K): Promise<Tasks[K]> {
  return loaders[name]();
}
