/**
 * @module
 * Batch progress on stderr: a one-line bar redrawn in place on a terminal
 * (documents and pages done, current file, rate, ETA), plain lines otherwise
 * (stage changes, each failed or duplicate document, a status line at most
 * every few seconds). Never stdout: that is for the result.
 */
import { formatProblem } from '../problems.ts';
import type { BatchProgress } from './run-batch.ts';
import { formatDuration } from './summary.ts';
import { printable } from '../ingest/names.ts';

export interface ProgressOutput {
  write: (text: string) => void;
  isTTY: boolean;
  columns?: number;
  now?: () => number;
}

export interface ProgressReporter {
  update(p: BatchProgress): void;
  /** Clears the bar before the summary is printed. */
  end(): void;
}

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5000;

export function progressReporter(out: ProgressOutput): ProgressReporter {
  const now = out.now ?? (() => performance.now());
  const start = now();
  let firstDone: number | undefined;
  let lastDraw = -Infinity;
  let lastStage = '';
  let drawn = false;
  let last: BatchProgress | undefined;

  const rate = (p: BatchProgress) => {
    firstDone ??= p.documentsDone;
    const seconds = (now() - start) / 1000;
    const docs = p.documentsDone - firstDone;
    return { perSecond: seconds > 0 ? docs / seconds : 0, eta: docs > 0 ? (p.documentsTotal - p.documentsDone) / (docs / seconds) : Infinity };
  };

  const bar = (p: BatchProgress) => {
    const { perSecond, eta } = rate(p);
    const width = 20;
    const filled = p.documentsTotal > 0 ? Math.round((p.documentsDone / p.documentsTotal) * width) : 0;
    const head = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.documentsDone}/${p.documentsTotal} docs · ${p.pagesDone} pages${p.failed ? ` · ${p.failed} failed` : ''} · ${perSecond.toFixed(1)} docs/s · ETA ${formatDuration(eta)} · ${p.stage}`;
    const room = (out.columns ?? 100) - head.length - 3;
    const current = p.current === undefined ? undefined : printable(p.current);
    const file = current && room > 8 ? ` ${current.length > room ? `…${current.slice(-(room - 1))}` : current}` : '';
    return `${head}${file}`;
  };

  const plain = (p: BatchProgress) => `${p.stage}: ${p.documentsDone}/${p.documentsTotal} documents done, ${p.pagesDone} pages${p.failed ? `, ${p.failed} failed` : ''}`;

  return {
    update(p) {
      last = p;
      const t = now();
      if (p.outcome) {
        // A name may hold a newline: each event stays one line.
        const line = printable(p.outcome.state === 'failed' && p.outcome.problem ? `  failed: ${formatProblem(p.outcome.problem)}` : `  duplicate: ${p.outcome.path}`);
        out.write(`${out.isTTY && drawn ? '\r\x1b[K' : ''}${line}\n`);
        drawn = false;
      }
      if (out.isTTY) {
        if (t - lastDraw < REDRAW_MS && !p.outcome) return;
        out.write(`\r\x1b[K${bar(p)}`);
        drawn = true;
        lastDraw = t;
        return;
      }
      if (p.stage !== lastStage || t - lastDraw >= PLAIN_EVERY_MS) {
        out.write(`${plain(p)}\n`);
        lastStage = p.stage;
        lastDraw = t;
      }
    },
    end() {
      if (out.isTTY && drawn) out.write('\r\x1b[K');
      else if (!out.isTTY && last) out.write(`${plain({ ...last, stage: 'Done' })}\n`);
    },
  };
}
