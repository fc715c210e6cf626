/**
 * @module
 * The fake stages of `test/batch/fake-stages.ts` (plain-text documents, pages
 * split by form feeds, "SECRET-<word>" a finding shared across the group,
 * "CORRUPT" fails extraction, "CRASH" throws) on the async workspace, for the
 * worker tests; plus knobs the crash tests turn from the environment of a
 * worker process: a slow extraction, and an `apply` that hangs inside the
 * state-move transaction.
 */
import { appendFileSync } from 'node:fs';
import { fail, ok } from '../../pipeline/problems.ts';
import { putBlob, putJsonBlob, readBlob, readJsonBlob } from '../../pipeline/workspace/blobs.ts';
import { listFindings, replaceFindings, replacePages } from '../../pipeline/workspace/store/index.ts';
import type { Workspace } from '../../pipeline/workspace/store/index.ts';
import type { PageMeta } from '../../pipeline/workspace/pages.ts';
import type { DocumentStage, GroupStage, Stage, StageContext } from '../../pipeline/batch/stage.ts';
import type { DocumentRecord } from '../../pipeline/workspace/documents.ts';
import type { Finding } from '../../pipeline/model/types.ts';

export interface FakeKnobs {
  /** Extraction sleeps this long (so a test can kill the worker mid-job). */
  extractMs?: number;
  /** A stage whose `apply` hangs (inside the state-move transaction, after its rows are written). */
  hangInApply?: string;
  /** Lines "took <stage> <documentId>" / "in-transaction <stage> <documentId>" are appended here. */
  eventsFile?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The stages are typed over the embedded workspace until stages.ts moves to the async one.
const store = (ws: unknown) => ws as Workspace;

export function jobStages(knobs: FakeKnobs = {}): Stage[] {
  const event = (line: string) => knobs.eventsFile && appendFileSync(knobs.eventsFile, `${line}\n`);
  const hang = async (stage: string, id: string) => {
    if (knobs.hangInApply !== stage) return;
    event(`in-transaction ${stage} ${id}`);
    await sleep(600_000);
  };
  const extract: DocumentStage<{ modelBlob: string; pages: PageMeta[] }> = {
    id: 'extract',
    label: 'Extracting',
    scope: 'document',
    from: 'queued',
    to: 'extracted',
    version: 'fake1',
    async run(document: DocumentRecord, ctx: StageContext) {
      event(`took extract ${document.id}`);
      if (knobs.extractMs) await sleep(knobs.extractMs);
      const bytes = await readBlob(ctx.ws.blobs, document.originalBlob!);
      if (!bytes.ok) return bytes;
      const text = new TextDecoder().decode(bytes.value);
      if (text.startsWith('CORRUPT')) return fail('input.corrupt', `${document.fileName} is not a document.`);
      if (text.startsWith('CRASH')) throw new Error('the fake extractor fell over');
      const pages = text.split('\f');
      const model = await putJsonBlob(ctx.ws.blobs, { pages });
      if (!model.ok) return model;
      return ok({ modelBlob: model.value, pages: pages.map((p, i) => ({ number: i + 1, width: 612, height: 792, rotation: 0, source: 'text' as const, wordCount: p.split(/\s+/).length })) });
    },
    async apply(ws: unknown, document: DocumentRecord, output: { modelBlob: string; pages: PageMeta[] }) {
      await replacePages(store(ws), document.id, output.pages);
      await hang('extract', document.id);
      return { modelBlob: output.modelBlob, pageCount: output.pages.length, mediaType: 'text/plain' };
    },
  } as unknown as DocumentStage<{ modelBlob: string; pages: PageMeta[] }>;

  const detect: GroupStage<{ findings: Finding[] }> = {
    id: 'detect',
    label: 'Detecting',
    scope: 'group',
    from: 'extracted',
    to: 'detected',
    version: 'fake1',
    groupPages: 1000,
    async run(documents: DocumentRecord[], ctx: StageContext) {
      event(`took detect ${documents.map((d) => d.id).join(',')}`);
      const texts: string[] = [];
      for (const d of documents) {
        const model = await readJsonBlob<{ pages: string[] }>(ctx.ws.blobs, d.modelBlob!);
        if (!model.ok) return documents.map(() => model);
        texts.push(model.value.pages.join('\f'));
      }
      const secrets = [...new Set(texts.flatMap((t) => t.match(/SECRET-\w+/g) ?? []))].sort();
      return texts.map((text) =>
        ok({
          findings: secrets.flatMap((s) => {
            const at = text.indexOf(s);
            return at < 0 ? [] : [{ id: `f-${s}`, detector: 'fake', category: 'personal.name', exemption: 'b6', action: 'redact' as const, score: 1, text: s, why: ['fake'], start: at, end: at + s.length, boxes: [{ page: 1, box: [0, 0, 10, 10] as [number, number, number, number] }] }];
          }),
        }),
      );
    },
    async apply(ws: unknown, document: DocumentRecord, output: { findings: Finding[] }) {
      await replaceFindings(store(ws), document.id, output.findings);
      return {};
    },
  } as unknown as GroupStage<{ findings: Finding[] }>;

  const redact: DocumentStage<{ artifactBlob: string }> = {
    id: 'redact',
    label: 'Redacting',
    scope: 'document',
    from: 'detected',
    to: 'redacted',
    version: 'fake1',
    async run(document: DocumentRecord, ctx: StageContext) {
      event(`took redact ${document.id}`);
      const model = await readJsonBlob<{ pages: string[] }>(ctx.ws.blobs, document.modelBlob!);
      if (!model.ok) return model;
      let text = model.value.pages.join('\f');
      for (const f of await listFindings(store(ctx.ws), document.id)) text = text.split(f.text).join('█'.repeat(f.text.length));
      const artifact = await putBlob(ctx.ws.blobs, new TextEncoder().encode(`REDACTED\n${text}`));
      if (!artifact.ok) return artifact;
      return ok({ artifactBlob: artifact.value });
    },
    apply: async (_ws: unknown, document: DocumentRecord, output: { artifactBlob: string }) => {
      await hang('redact', document.id);
      return { artifactBlob: output.artifactBlob };
    },
  } as unknown as DocumentStage<{ artifactBlob: string }>;

  const verify: DocumentStage<Record<string, never>> = {
    id: 'verify',
    label: 'Verifying',
    scope: 'document',
    from: 'redacted',
    to: 'verified',
    version: 'fake1',
    async run(document, ctx) {
      const artifact = await readBlob(ctx.ws.blobs, document.artifactBlob!);
      if (!artifact.ok) return artifact;
      return new TextDecoder().decode(artifact.value).includes('SECRET-') ? fail('verify.leak', 'a secret survived') : ok({});
    },
    apply: async () => ({}),
  };

  const queue: DocumentStage<Record<string, never>> = { id: 'queue', label: 'Queueing', scope: 'document', from: 'verified', to: 'in_review', version: 'fake1', run: async () => ok({}), apply: async () => ({}) };
  return [extract, detect, redact, verify, queue];
}
