/**
 * @module
 * The steps a task pool may run off the main thread: pure functions of
 * cloneable inputs (bytes, the document model, redactions, a policy) whose
 * work is CPU-bound. The worker imports this table; so do the types of the pool.
 */
import { redactFile } from '../../redaction/redact-file.ts';
import { verifyPdf } from '../../redaction/verify/verify-pdf.ts';
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { probe } from './probe.ts';

export const tasks = { writeRedacted, verifyPdf, redactFile, probe };

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
