/**
 * @module
 * Small, fast stages over plain-text "documents" that drive the batch machinery
 * (states, checkpoints, failures, grouping) without PDF work. Only for the
 * tests of the runner; the real stages run in resume.test.ts.
 *
 * A document is UTF-8 text, pages split by form feeds. "SECRET-<word>" is a
 * finding; one found anywhere in a group is found in every document of it.
 * Text starting with "CORRUPT" fails extraction; "CRASH" makes it throw.
 */
import { fail, ok } from '../../pipeline/problems.ts';
import { putBlob, putJsonBlob, readBlob, readJsonBlob } from '../../pipeline/workspace/blobs.ts';
import { replaceFindings, listFindings, replacePages } from '../../pipeline/workspace/store/index.ts';
import type { PageMeta } from '../../pipeline/workspace/store/index.ts';
import type { DocumentStage, GroupStage, Stage, StageContext } from '../../pipeline/batch/stage.ts';
import type { Finding } from '../../pipeline/model/types.ts';

export interface Calls {
  extract: number;
  detect: number;
  redact: number;
  verify: number;
}

export function fakeStages(calls: Calls = { extract: 0, detect: 0, redact: 0, verify: 0 }): { stages: Stage[]; calls: Calls } {
  const extract: DocumentStage<{ modelBlob: string; pages: PageMeta[] }> = {
    id: 'extract',
    label: 'Extracting',
    scope: 'document',
    from: 'queued',
    to: 'extracted',
    version: 'fake1',
    async run(document, ctx) {
      calls.extract++;
      const bytes = await readBlob(ctx.ws.blobs, document.originalBlob!);
      if (!bytes.ok) return bytes;
      const text = new TextDecoder().decode(bytes.value);
      if (text.startsWith('CORRUPT')) return fail('input.corrupt', `${document.fileName} is not a document.`);
      if (text.startsWith('CRASH')) throw new Error('the fake extractor fell over');
      const pages = text.split('\f');
      pages.forEach((_, i) => ctx.onPage(document, i + 1));
      const model = await putJsonBlob(ctx.ws.blobs, { pages });
      if (!model.ok) return model;
      return ok({ modelBlob: model.value, pages: pages.map((p, i) => ({ number: i + 1, width: 612, height: 792, rotation: 0, source: 'text' as const, wordCount: p.split(/\s+/).length })) });
    },
    async apply(ws, document, output) {
      await replacePages(ws, document.id, output.pages);
      return { modelBlob: output.modelBlob, pageCount: output.pages.length, mediaType: 'text/plain' };
    },
    pages: (output) => output.pages.length,
  };

  const detect: GroupStage<{ findings: Finding[] }> = {
    id: 'detect',
    label: 'Detecting',
    scope: 'group',
    from: 'extracted',
    to: 'detected',
    version: 'fake1',
    groupPages: 1000,
    async run(documents, ctx) {
      calls.detect++;
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
    async apply(ws, document, output) {
      await replaceFindings(ws, document.id, output.findings);
      return {};
    },
  };

  const redact: DocumentStage<{ artifactBlob: string }> = {
    id: 'redact',
    label: 'Redacting',
    scope: 'document',
    from: 'detected',
    to: 'redacted',
    version: 'fake1',
    async run(document, ctx) {
      calls.redact++;
      const model = await readJsonBlob<{ pages: string[] }>(ctx.ws.blobs, document.modelBlob!);
      if (!model.ok) return model;
      let text = model.value.pages.join('\f');
      for (const f of await listFindings(ctx.ws, document.id)) text = text.split(f.text).join('█'.repeat(f.text.length));
      const artifact = await putBlob(ctx.ws.blobs, new TextEncoder().encode(`REDACTED\n${text}`));
      if (!artifact.ok) return artifact;
      return ok({ artifactBlob: artifact.value });
    },
    apply: async (_ws, _document, output) => ({ artifactBlob: output.artifactBlob }),
  };

  const verify: DocumentStage<Record<string, never>> = {
    id: 'verify',
    label: 'Verifying',
    scope: 'document',
    from: 'redacted',
    to: 'verified',
    version: 'fake1',
    async run(document, ctx) {
      calls.verify++;
      const artifact = await readBlob(ctx.ws.blobs, document.artifactBlob!);
      if (!artifact.ok) return artifact;
      return new TextDecoder().decode(artifact.value).includes('SECRET-') ? fail('verify.leak', 'a secret survived') : ok({});
    },
    apply: async () => ({}),
  };

  const queue: DocumentStage<Record<string, never>> = { id: 'queue', label: 'Queueing', scope: 'document', from: 'verified', to: 'in_review', version: 'fake1', run: async () => ok({}), apply: async () => ({}) };
  return { stages: [extract, detect, redact, verify, queue], calls };
}

/**
 * The fake stages with an extract that first hands the document's text to `misbehave`, which
 * fails as a library would when the text asks it to (a stray rejection, a dying thread, a crash).
 */
export function misbehavingStages(misbehave: (text: string, ctx: StageContext) => Promise<void>): { stages: Stage[]; calls: Calls } {
  const fake = fakeStages();
  const extract = fake.stages[0] as DocumentStage;
  const hostile: DocumentStage = {
    ...extract,
    async run(document, ctx) {
      const bytes = await readBlob(ctx.ws.blobs, document.originalBlob!);
      await misbehave(bytes.ok ? new TextDecoder().decode(bytes.value) : '', ctx);
      return extract.run(document, ctx);
    },
  };
  return { stages: [hostile, ...fake.stages.slice(1)], calls: fake.calls };
}
