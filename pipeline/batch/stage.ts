/**
 * @module
 * The contract of a batch stage. The list in `stages.ts` drives the run order,
 * the progress labels and the resume checkpoints; `run-batch.ts` owns state
 * moves, checkpoints and failure handling, so a stage only computes.
 *
 * A stage's output is small JSON (blob hashes, rows): big data goes to the blob
 * store inside `run`, before the output exists. `apply` writes the output's
 * rows in the transaction that moves the document on, and is also how a
 * checkpoint from an earlier run is replayed without running the stage again.
 */
import type { TaskPool } from '../threads/task-pool.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { Result } from '../problems.ts';
import type { Batch, DocumentPatch, DocumentRecord, DocumentState, Workspace } from '../workspace/store/index.ts';
import type { Policy } from '../../redaction/policy/types.ts';

export interface StageContext {
  ws: Workspace;
  batch: Batch;
  policy: Policy;
  policyHash: string;
  /** The shared OCR engine, started on first use. */
  getOcr(): Promise<OcrEngine>;
  /** Runs the CPU-heavy steps (rebuild, verify) on worker threads when the batch has more than one core. */
  tasks: TaskPool;
  /** Resource bounds applied to each document. */
  limits: { pageTimeoutMs: number; maxPages: number };
  /** Report a finished page of `document` (progress only). */
  onPage(document: DocumentRecord, page: number): void;
  /**
   * A document stage calls this once its work on the worker threads and the OCR engine is over,
   * when what is left (storing blobs, detection's scan of the document on the main thread, the
   * commit) runs on the main thread and waits on the workspace. A scaled worker takes its next job
   * from here on, so that job's thread work runs on the freed thread meanwhile instead of the
   * thread standing idle through this job's blob writes and database round trips. Optional: the
   * embedded batch already runs several documents at once.
   */
  threadsDone?(): void;
}

interface StageCommon<O> {
  /** Stable id: part of the checkpoint key and the failure record. */
  id: string;
  /** Shown in progress lines. */
  label: string;
  from: DocumentState;
  to: DocumentState;
  /** Bump when the stage's output for the same input changes; part of the checkpoint key. */
  version: string;
  /** Writes the output's rows (inside the state-move transaction) and returns the document columns to set. */
  apply(ws: Workspace, document: DocumentRecord, output: O): Promise<DocumentPatch>;
  /** Pages an output accounts for, so replayed checkpoints still count in progress. */
  pages?(output: O): number;
}

/** Runs once per document. */
export interface DocumentStage<O = unknown> extends StageCommon<O> {
  scope: 'document';
  /** What else the output depends on besides the document's bytes, policy and code (e.g. the findings). */
  inputKey?(ws: Workspace, document: DocumentRecord): Promise<string>;
  run(document: DocumentRecord, ctx: StageContext): Promise<Result<O>>;
  /**
   * The stage does nothing on the worker threads or the OCR engine: a few reads and its commit, on
   * the main thread and the database. A scaled worker runs such a job beside the job it holds for
   * its threads instead of in its place (waiting on the database, the job would keep the threads
   * idle). The embedded batch ignores it.
   */
  light?: boolean;
}

/** Runs over groups of the batch's documents at once (detection, for consistency across documents). */
export interface GroupStage<O = unknown> extends StageCommon<O> {
  scope: 'group';
  /** Most pages loaded at once; documents are grouped in path order up to this. */
  groupPages: number;
  /** One result per document, in order. */
  run(documents: DocumentRecord[], ctx: StageContext): Promise<Result<O>[]>;
  /**
   * Optional: `run`'s results one document at a time, in `order` (indices into `documents`;
   * documents not in it need not be computed), each yielded as soon as it is made. The scaled
   * worker commits each before asking for the next, so the other workers, idle at the batch's
   * barrier, start on the first document's next stage while this stage still works on the rest.
   */
  each?(documents: DocumentRecord[], ctx: StageContext, order: readonly number[]): AsyncIterable<{ index: number; result: Result<O> }>;
}

export type Stage = DocumentStage<any> | GroupStage<any>;
