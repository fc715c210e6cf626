/**
 * @module
 * The batch tests' fake stages (`test/batch/fake-stages.ts`: plain-text
 * documents, "SECRET-<word>" a finding shared across the group, "CORRUPT"
 * fails extraction, "CRASH" throws) with knobs the crash tests turn from a
 * worker process's environment: a slow extraction, an `apply` that hangs
 * inside the state-move transaction (after its rows are written), and event
 * lines saying which process took which job.
 */
import { appendFileSync } from 'node:fs';
import type { DocumentRecord } from '../../pipeline/workspace/store/index.ts';
import type { Stage, StageContext } from '../../pipeline/batch/stage.ts';
import { fakeStages } from '../batch/fake-stages.ts';

export interface FakeKnobs {
  /** Extraction sleeps this long (so a test can kill the worker mid-job). */
  extractMs?: number;
  /** A stage whose `apply` hangs inside the state-move transaction. */
  hangInApply?: string;
  /** ... only after this many of its applies went through (a group stage commits document by document). */
  hangAfter?: number;
  /** Lines "took <stage> <documentIds>" / "in-transaction <stage> <documentId>" are appended here. */
  eventsFile?: string;
  /** Extraction of the document with this path kills its own process (kill -9), every time. */
  dieOn?: string;
  /** Extraction of documents whose path starts with this: once two are in flight, one stray rejection (once per process). */
  strayOn?: string;
  /** Called as an extraction finishes, before the worker clears its attempt's mark (a test cuts the database here). */
  afterExtract?: (document: DocumentRecord) => Promise<void> | void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let strayFired = false;
let strayers = 0;

export function jobStages(knobs: FakeKnobs = {}): Stage[] {
  let applied = 0;
  const event = (line: string) => knobs.eventsFile && appendFileSync(knobs.eventsFile, `${line}\n`);
  return fakeStages().stages.map((stage): Stage => {
    const apply = async (ws: Parameters<Stage['apply']>[0], document: DocumentRecord, output: unknown) => {
      const patch = await stage.apply(ws, document, output);
      if (knobs.hangInApply === stage.id && applied++ >= (knobs.hangAfter ?? 0)) {
        event(`in-transaction ${stage.id} ${document.id}`);
        await sleep(600_000);
      }
      return patch;
    };
    if (stage.scope === 'group') {
      return { ...stage, apply, run: (documents: DocumentRecord[], ctx: StageContext) => (event(`took ${stage.id} ${documents.map((d: DocumentRecord) => d.id).join(',')}`), stage.run(documents, ctx)) };
    }
    return {
      ...stage,
      apply,
      async run(document: DocumentRecord, ctx: StageContext) {
        event(`took ${stage.id} ${document.id}`);
        if (stage.id === 'extract' && knobs.dieOn === document.path) process.kill(process.pid, 'SIGKILL');
        if (stage.id === 'extract' && knobs.strayOn && document.path.startsWith(knobs.strayOn)) {
          // Once two such documents are in flight together, one stray rejection: nobody can tell whose.
          strayers++;
          for (let i = 0; i < 200 && strayers < 2 && !strayFired; i++) await sleep(50);
          if (!strayFired) void Promise.reject(new Error('a stray rejection from a library'));
          strayFired = true;
          await sleep(300);
          strayers--;
        }
        if (stage.id === 'extract' && knobs.extractMs) await sleep(knobs.extractMs);
        const result = await stage.run(document, ctx);
        if (stage.id === 'extract') await knobs.afterExtract?.(document);
        return result;
      },
    };
  });
}
