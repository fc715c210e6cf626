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
  preload: typeof preload;
}

export type TaskName = keyof Tasks;

const loaders: { [K in TaskName]: () => Promise<Tasks[K]> } = {
  extractFile: async () => (await import('./extract-task.ts')).extractFile,
  writeRedacted: async () => (await import('../../redaction/write/write-redacted.ts')).writeRedacted,
  verifyPdf: async () => (await import('../../redaction/verify/verify-pdf.ts')).verifyPdf,
  writeVerifiedRelease: async () => (await import('../../redaction/release.ts')).writeVerifiedRelease,
  redactFile: async () => (await import('../../redaction/redact-file.ts')).redactFile,
  probe: async () => (await import('./probe.ts')).probe,
  preload: async () => preload,
};

/**
 * Loads a task's modules and runs nothing: a thread that would stand idle (a batch's thread
 * while the main thread detects) loads what its next task needs then, not when that task
 * comes (`TaskPool.preloadWhenIdle`).
 */
async function preload(name: TaskName): Promise<void> {
  await loadTask(name);
}

/** Tasks whose modules this thread has asked for (the `loaded` probe reports them). */
export const loadedTasks = new Set<TaskName>();

/** The task's function, loaded on first use. */
export function loadTask<K extends TaskName>(name: K): Promise<Tasks[K]> {
  loadedTasks.add(name);
  return loaders[name]();
}
