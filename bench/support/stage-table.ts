/**
 * @module
 * Where a run's time went, as a Markdown table: the stages `pipeline/stage-times.ts`
 * recorded, summed per stage over its calls (and threads). Stages nest and overlap
 * (a tool's process runs while this thread reads), so rows do not add up to the whole.
 */
import { sumStages } from '../../pipeline/stage-times.ts';
import type { StageTime, StageTotals } from '../../pipeline/stage-times.ts';

/** From `collectStages().totals()`, or from the JSON lines a DAYLIGHT_STAGE_TIMES file holds. */
export function stageTable(stages: StageTotals[] | string, title: string): string[] {
  const totals =
    typeof stages === 'string'
      ? sumStages(
          stages
            .split('\n')
            .filter((line) => line.trim())
            .map((line) => JSON.parse(line) as StageTime),
        )
      : stages;
  const s = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
  return [
    `Stages of ${title}: wall and CPU seconds of the thread that ran each (summed over calls and threads; “–”: a wait on another process)`,
    '',
    '| stage | calls | wall s | CPU s |',
    '| --- | ---: | ---: | ---: |',
    ...totals.map((t) => `| ${t.stage} | ${t.calls} | ${s(t.wallMs)} | ${s(t.cpuMs)} |`),
  ];
}
