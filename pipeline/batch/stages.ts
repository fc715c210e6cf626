/**
 * @module
 * The batch's stages, in run order. This list drives the order, the progress
 * labels and the resume checkpoints (`run-batch.ts`); adding a stage is one
 * entry here. Each stage reads what it needs from the workspace, stores big
 * output as blobs, and returns small JSON that `apply` turns into rows.
 */
import type { Document, Finding, Redaction } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { PageProgress, RecognizeHost } from '../threads/extract-task.ts';
import { putBlob, putJsonBlob, readBlob, readJsonBlob, sha256Hex } from '../workspace/blobs.ts';
import { canonicalJson } from '../workspace/canonical-json.ts';
import { getCheckpoint, listFindings, pageMeta, putCheckpoint, replaceFindings, replacePages, replaceProposedRedactions } from '../workspace/store/index.ts';
import type { CheckpointKey, DocumentRecord, PageMeta, Workspace } from '../workspace/store/index.ts';
import { CODE_VERSION, sourceHash } from './keys.ts';
import { join } from 'node:path';
import type { DocumentScan } from '../../redaction/detect/run.ts';
import { proposeRedactions } from './proposals.ts';
import { removalExpectation } from '../../redaction/expectation.ts';
import { RELEASE_DATE } from '../../redaction/artifact-report.ts';
import type { ArtifactReport } from '../../redaction/artifact-report.ts';
import type { DocumentStage, GroupStage, Stage, StageContext } from './stage.ts';


let detection: Promise<typeof import('../../redaction/detect/run.ts')> | undefined;

/**
 * Detection's modules (compromise and its lexicons, the detectors: about 0.65 CPU s), loaded
 * on first use instead of with this list. Loaded with it, they held up every batch's start:
 * the worker threads began extracting that much later, and a scaled `daylight batch`, whose
 * workers detect, loaded them for nothing. The extract stage starts the load once its first
 * document is on a thread, so it runs on the main thread while the threads extract.
 */
export function loadDetection(): Promise<typeof import('../../redaction/detect/run.ts')> {
  detection ??= import('../../redaction/detect/run.ts');
  return detection;
}

async function loadModel(ctx: StageContext, document: DocumentRecord): Promise<Result<Document>> {
  if (!document.modelBlob) return fail('workspace.missing-blob', `${document.path} has no extracted text stored.`);
  return readJsonBlob<Document>(ctx.ws.blobs, document.modelBlob);
}

async function loadOriginal(ctx: StageContext, document: DocumentRecord): Promise<Result<Uint8Array>> {
  if (!document.originalBlob) return fail('workspace.missing-blob', `${document.path} has no stored original (was it purged?).`);
  return readBlob(ctx.ws.blobs, document.originalBlob);
}

export interface ExtractOutput {
  mediaType: string;
  modelBlob: string;
  pages: PageMeta[];
}

export const extract: DocumentStage<ExtractOutput> = {
  id: 'extract',
  label: 'Extracting',
  scope: 'document',
  from: 'queued',
  to: 'extracted',
  version: '1',
  async run(document, ctx) {
    const original = await loadOriginal(ctx, document);
    if (!original.ok) return original;
    // In a worker thread: a library that dies, runs out of memory or stalls on a page there fails this document alone.
    const recognize: RecognizeHost = async (image, page) => (await ctx.getOcr()).recognize(image, page);
    const extracting = ctx.tasks.runWith(
      { host: { recognize }, onProgress: (p) => ctx.onPage(document, (p as PageProgress).page), stallMs: ctx.limits.pageTimeoutMs },
      'extractFile',
      { bytes: original.value, fileName: document.fileName },
      { ocr: true, maxPages: ctx.limits.maxPages },
    );
    // The document is on a thread now: detection's modules load here meanwhile (a failure shows in the detect stage).
    loadDetection().catch(() => {});
    const extracted = await extracting;
    // The thread and the OCR engine are free: a worker may start its next job's extraction on them.
    ctx.threadsDone?.();
    if (!extracted.ok) return extracted;
    const model = extracted.value;
    const stored = await putJsonBlob(ctx.ws.blobs, model);
    if (!stored.ok) return stored;
    await storeScan(ctx, document, model, stored.value);
    return ok({ mediaType: model.mediaType, modelBlob: stored.value, pages: model.pages.map(pageMeta) });
  },
  async apply(ws, document, output) {
    await replacePages(ws, document.id, output.pages);
    return { mediaType: output.mediaType, pageCount: output.pages.length, modelBlob: output.modelBlob };
  },
  pages: (output) => output.pages.length,
};

/** Detection's code and lists: a scan holds for the code that made it. */
const DETECTION_DIR = join(import.meta.dirname, '..', '..', 'redaction', 'detect');

/**
 * Where a document's detection scan is kept: under its model's hash, the policy, and the
 * detectors' version (the content of their folder, and `SCAN_VERSION` for anything a scan
 * depends on outside it), so a changed model, policy or detector scans again.
 */
function scanKey(document: DocumentRecord, modelBlob: string, policyHash: string, scanVersion: string): CheckpointKey {
  return { sha256: document.sha256 ?? '', stage: 'detect-scan', policyHash, codeVersion: `${CODE_VERSION}/${scanVersion}-${sourceHash(DETECTION_DIR)}/${modelBlob}` };
}

/**
 * Detection's first pass over one document (`scanDocument`: everything that depends on the
 * document alone), run as soon as it is extracted and stored for the detect stage: the batch's
 * barrier then waits only for the pass across documents, and each worker scans what it
 * extracted while the others are still extracting. A scan that fails is left to the detect
 * stage, which scans again and fails there with the batch's code, as it always did.
 */
async function storeScan(ctx: StageContext, document: DocumentRecord, model: Document, modelBlob: string): Promise<void> {
  try {
    const detection = await loadDetection();
    const scan = detection.scanDocument(model, ctx.policy);
    await putCheckpoint(ctx.ws, scanKey(document, modelBlob, ctx.policyHash, detection.SCAN_VERSION), scan);
  } catch {
    // nothing stored: the detect stage scans this document itself
  }
}

/**
 * Pages of models the detect stage keeps between its two passes instead of reading them again
 * (a page's model is tens of kilobytes; a blob store across the network answers each read in
 * milliseconds, all while the other workers wait at the batch's barrier).
 */
export const KEEP_PAGES = 400;

/**
 * The documents' models in order, each read while the one before is worked on (`kept`: models
 * already in memory). The read ahead is awaited in turn, so a failure still reaches the caller.
 */
async function* modelsOf(ctx: StageContext, documents: DocumentRecord[], kept?: Map<string, Document>): AsyncGenerator<[DocumentRecord, Result<Document>], undefined> {
  const read = (d: DocumentRecord): Promise<Result<Document>> => {
    const model = kept?.get(d.id);
    const reading = model ? Promise.resolve(ok(model)) : loadModel(ctx, d);
    // A read ahead left behind when the caller stops early must not surface as an unhandled rejection.
    reading.catch(() => {});
    return reading;
  };
  let next = documents.length > 0 ? read(documents[0]) : undefined;
  for (const [i, d] of documents.entries()) {
    const model = await next!;
    next = i + 1 < documents.length ? read(documents[i + 1]) : undefined;
    yield [d, model];
  }
}

export interface DetectOutput {
  findings: Finding[];
}

/**
 * The detect stage's work, one document at a time in `order`. Two passes: the first finds each
 * document's hits and the batch's names and identifiers, the second adds every other occurrence
 * of them. The first covers the whole group (a name in one document is looked for in all) and is
 * usually done already (the scans the extract stage stored); documents without one are scanned
 * here. Models read for it, up to KEEP_PAGES pages in all, stay in memory between the passes; the
 * rest are read again, one at a time. The second pass works on one document at a time, in the
 * order asked, and its findings depend only on that document and the first pass, so the order
 * changes nothing in them. A model that cannot be read fails the documents not yet given out.
 */
async function* detectEach(documents: DocumentRecord[], ctx: StageContext, order: readonly number[]): AsyncGenerator<{ index: number; result: Result<DetectOutput> }> {
  const loaded = await loadDetection();
  const detection = loaded.batchDetection(ctx.policy);
  const stored = await Promise.all(documents.map((d) => (d.modelBlob ? getCheckpoint<DocumentScan>(ctx.ws, scanKey(d, d.modelBlob, ctx.policyHash, loaded.SCAN_VERSION)) : undefined)));
  const reading = modelsOf(ctx, documents.filter((_, i) => stored[i] === undefined));
  const scanned: number[] = [];
  const kept = new Map<string, Document>();
  let keptPages = 0;
  for (const scan of stored) {
    if (scan) {
      scanned.push(detection.add(scan));
      continue;
    }
    const [d, model] = (await reading.next()).value!;
    if (!model.ok) {
      for (const index of order) yield { index, result: model };
      return;
    }
    if (keptPages + model.value.pages.length <= KEEP_PAGES) {
      kept.set(d.id, model.value);
      keptPages += model.value.pages.length;
    }
    scanned.push(detection.scan(model.value));
  }
  let given = 0;
  for await (const [d, model] of modelsOf(ctx, order.map((i) => documents[i]), kept)) {
    if (!model.ok) {
      for (const index of order.slice(given)) yield { index, result: model };
      return;
    }
    kept.delete(d.id);
    const index = order[given++];
    yield { index, result: ok({ findings: detection.findings(scanned[index], model.value) }) };
  }
}

export const detect: GroupStage<DetectOutput> = {
  id: 'detect',
  label: 'Detecting',
  scope: 'group',
  from: 'extracted',
  to: 'detected',
  version: '1',
  // Detection sees this many pages at once: names found in one document are looked for in the others.
  groupPages: 2000,
  async run(documents, ctx) {
    const out: Result<DetectOutput>[] = [];
    for await (const { index, result } of detectEach(documents, ctx, documents.map((_, i) => i))) {
      // A model that cannot be read fails every document of the group, as it always did here.
      if (!result.ok) return documents.map(() => result);
      out[index] = result;
    }
    return out;
  },
  each: detectEach,
  async apply(ws, document, output) {
    await replaceFindings(ws, document.id, output.findings);
    return {};
  },
};

/**
 * The findings the redact stage's checkpoint key was made from, kept with the document record it
 * was made for, so that its run redacts exactly those (one read per job instead of two: the key's,
 * then the run's; a scaled worker's redact job makes both). A record read again (the next job, a
 * retry) reads them again. Only the last few are kept: the embedded batch makes every document's
 * key before it runs any, and a batch's findings need not all sit in memory for that.
 */
const findingsRead: { document: DocumentRecord; findings: Promise<Finding[]> }[] = [];
const FINDINGS_KEPT = 4;

function findingsFor(ws: Workspace, document: DocumentRecord): Promise<Finding[]> {
  const kept = findingsRead.findIndex((f) => f.document === document);
  if (kept >= 0) return findingsRead.splice(kept, 1)[0].findings;
  const findings = listFindings(ws, document.id);
  findingsRead.push({ document, findings });
  if (findingsRead.length > FINDINGS_KEPT) findingsRead.shift();
  return findings;
}

export interface RedactOutput {
  artifactBlob: string;
  logBlob: string;
  /** The release's verification (an `ArtifactReport`), judged by the verify stage. */
  verifyBlob: string;
  redactions: Redaction[];
}

/**
 * Writes the proposed release and verifies it in one step (`writeVerifiedRelease`, as
 * `daylight redact` and approval do): pages with boxes are edited surgically, and a
 * page whose result fails verification or cannot be read is rebuilt as an image.
 */
export const redact: DocumentStage<RedactOutput> = {
  id: 'redact',
  label: 'Redacting',
  scope: 'document',
  from: 'detected',
  to: 'redacted',
  version: '3',
  inputKey: async (ws, document) => sha256Hex(canonicalJson(await findingsFor(ws, document))).slice(0, 16),
  async run(document, ctx) {
    const [original, model, findings] = await Promise.all([loadOriginal(ctx, document), loadModel(ctx, document), findingsFor(ctx.ws, document)]);
    if (!original.ok) return original;
    if (!model.ok) return model;
    const redactions = proposeRedactions(model.value, findings);
    const expect = removalExpectation(redactions.filter((r) => r.decision !== 'rejected'), findings, model.value, ctx.policy.exemptions);
    const release = await ctx.tasks.run('writeVerifiedRelease', { bytes: original.value, fileName: document.fileName }, model.value, redactions, ctx.policy, { write: { findings, date: RELEASE_DATE }, expect });
    // What is left is three blob writes and the commit: the thread may take the next job's work.
    ctx.threadsDone?.();
    if (!release.ok) return release;
    const artifact = await putBlob(ctx.ws.blobs, release.value.pdf);
    if (!artifact.ok) return artifact;
    const log = await putJsonBlob(ctx.ws.blobs, release.value.log);
    if (!log.ok) return log;
    const report: ArtifactReport = { verification: release.value.verification, log: release.value.log, writtenWith: release.value.writtenWith };
    const verified = await putJsonBlob(ctx.ws.blobs, report);
    if (!verified.ok) return verified;
    return ok({ artifactBlob: artifact.value, logBlob: log.value, verifyBlob: verified.value, redactions });
  },
  async apply(ws, document, output) {
    await replaceProposedRedactions(ws, document.id, output.redactions, 'batch');
    return { artifactBlob: output.artifactBlob, verifyBlob: output.verifyBlob };
  },
};

export interface VerifyOutput {
  verifyBlob: string;
  /** False when the proposals leave protected text readable: the document still goes to review, flagged. */
  verifyOk: boolean;
}

/** Judges the verification the redact stage ran on the artifact it wrote. */
export const verify: DocumentStage<VerifyOutput> = {
  id: 'verify',
  label: 'Verifying',
  scope: 'document',
  from: 'redacted',
  to: 'verified',
  version: '3',
  // It reads the report the redact stage stored and judges it: no thread work.
  light: true,
  inputKey: async (_ws, document) => `${(document.artifactBlob ?? '').slice(0, 16)}/${(document.verifyBlob ?? '').slice(0, 16)}`,
  async run(document, ctx) {
    if (!document.artifactBlob || !document.verifyBlob) return fail('workspace.missing-blob', `${document.path} has no verified redacted PDF stored.`);
    const stored = await readJsonBlob<ArtifactReport>(ctx.ws.blobs, document.verifyBlob);
    if (!stored.ok) return stored;
    const report = stored.value.verification;
    // Text still readable elsewhere on the page (a missed occurrence) is what review is for: the
    // approver sees the report, and approval verifies again. A broken or unclean file is a failure.
    const onlyTextLeaks = report.problems.every((p) => p.code === 'verify.leak');
    if (!report.ok && !onlyTextLeaks) {
      const first = report.problems.find((p) => p.code !== 'verify.leak') ?? report.problems[0];
      return fail(first?.code ?? 'verify.structure', `The proposed redacted PDF did not pass verification: ${report.problems.map((p) => p.message).join(' ')}`);
    }
    return ok({ verifyBlob: document.verifyBlob, verifyOk: report.ok });
  },
  apply: async (_ws, _document, output) => ({ verifyBlob: output.verifyBlob, verifyOk: output.verifyOk }),
};

/** The last step: a verified document waits for an approver. */
export const queueForReview: DocumentStage<Record<string, never>> = {
  id: 'queue',
  label: 'Queueing for review',
  scope: 'document',
  from: 'verified',
  to: 'in_review',
  version: '1',
  light: true,
  run: async () => ok({}),
  apply: async () => ({}),
};

export const stages: readonly Stage[] = [extract, detect, redact, verify, queueForReview];
