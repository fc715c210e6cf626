/**
 * @module
 * `npm run bench -- verify-cpu`: the CPU one verification of a release costs, counted whole:
 * this process's threads (pdf.js, PDFium, the checks) plus the tool helper process and the
 * tools it ran (pdftotext, mutool text, mutool renders), read from /proc as they are reaped.
 * The wall time of a loaded machine says little; CPU seconds are what a batch worker pays.
 *
 * Releases: the born-digital 100-page report of the redact bench with personal data on a
 * fifth of its pages and on every page, and one 10-page report (a batch-ten document), each
 * written once by `redactFile` and then verified as `redaction/release.ts` verifies it (boxes
 * from the log, its hidden words as text-free regions, `lightPages`, the writer's engines).
 * `--baseline DIR` also verifies with another checkout's `verifyPdf` (e.g. main before a
 * change) in the same process, the two taking turns; `--rounds N` (default 5). Every run must
 * pass: a faster verifier that stops passing good releases measures nothing.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { redactFile } from '../redaction/redact-file.ts';
import { verifyPdf } from '../redaction/verify/verify-pdf.ts';
import { liveDescendantsCpuSeconds } from './support/child-cpu.ts';
import { reportPdf } from './support/report-pdf.ts';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '5' }, only: { type: 'string' } } });
const rounds = Number(values.rounds);
type VerifyFn = typeof verifyPdf;
const sides: { name: string; verify: VerifyFn }[] = [{ name: 'this checkout', verify: verifyPdf }];
if (values.baseline) {
  const mod = (await import(pathToFileURL(join(values.baseline, 'redaction', 'verify', 'verify-pdf.ts')).href)) as { verifyPdf: VerifyFn };
  sides.push({ name: 'baseline', verify: mod.verifyPdf });
}


/** CPU seconds of the thread that verifies: the serial path, where other threads and processes can take the other core. */
function threadCpu(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
}

function ownCpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const policy = defaultPolicy();
const cases = [
  { name: '100 pages, boxes on a fifth', pages: 100, withData: (p: number) => p % 5 === 2 },
  { name: '100 pages, boxes on every page', pages: 100, withData: () => true },
  { name: '10 pages, boxes on a fifth', pages: 10, withData: (p: number) => p % 5 === 2 },
].filter((c) => !values.only || c.name.includes(values.only));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const lines = [`1-minute load average ${loadavg()[0].toFixed(1)} at the start; ${rounds} rounds, sides taking turns.`, '', `| release | side | CPU s here (median) | of which the verifying thread | CPU s tools (median) | CPU s total (median) | wall s (median) | all passed |`, '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |'];
for (const c of cases) {
  const input = await reportPdf(c.pages, c.withData);
  const made = await redactFile({ bytes: input, fileName: 'report.pdf' }, { policy });
  if (!made.ok) throw new Error(made.problem.message);
  const out = made.value;
  // The strings boxed: findings with a box under a logged one (what redactFile passes as `removed`).
  const meets = (a: number[], b: number[]) => Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);
  const removed = [...new Set(out.findings.filter((f) => f.boxes.some((b) => out.log.entries.some((e) => e.page === b.page && meets(e.box, b.box)))).map((f) => f.text))];
  const expectation = { removed, boxes: out.log.entries.map((e) => ({ page: e.page, box: e.box, code: e.code })), textFree: out.hiddenWords };
  const options = { file: 'report.pdf', writtenWith: out.writtenWith, lightPages: true };
  const got = new Map<string, { here: number[]; main: number[]; tools: number[]; wall: number[]; ok: boolean }>();
  // A warm-up each: the first run compiles the hot code.
  for (const side of sides) await side.verify(out.pdf, expectation, options);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...sides].reverse() : sides;
    for (const side of order) {
      const h = ownCpu();
      const m = threadCpu();
      const t = liveDescendantsCpuSeconds();
      const w = performance.now();
      const report = await side.verify(out.pdf, expectation, options);
      const wall = (performance.now() - w) / 1000;
      const entry = got.get(side.name) ?? { here: [], main: [], tools: [], wall: [], ok: true };
      entry.here.push(ownCpu() - h);
      entry.main.push(threadCpu() - m);
      entry.tools.push(liveDescendantsCpuSeconds() - t);
      entry.wall.push(wall);
      if (!report.ok) {
        entry.ok = false;
        process.stderr.write(`${side.name} on ${c.name}: ${report.problems.map((p) => p.message).join(' | ')}\n`);
      }
      got.set(side.name, entry);
    }
  }
  for (const [name, e] of got) {
    const total = e.here.map((x, i) => x + e.tools[i]);
    lines.push(`| ${c.name} | ${name} | ${median(e.here).toFixed(2)} | ${median(e.main).toFixed(2)} | ${median(e.tools).toFixed(2)} | ${median(total).toFixed(2)} | ${median(e.wall).toFixed(2)} | ${e.ok ? 'yes' : 'NO'} |`);
  }
}
lines.push('', `1-minute load average ${loadavg()[0].toFixed(1)} at the end.`);
process.stdout.write(lines.join('\n') + '\n');
