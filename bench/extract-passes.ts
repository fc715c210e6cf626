/**
 * @module
 * `npm run bench -- extract-passes`: extraction CPU with one content-stream evaluation per
 * page (pdfjs-one-pass.ts) against two (`DAYLIGHT_ONE_PASS=off`, the code before it), in
 * child processes that take turns, so both sides see the same load. Each child extracts,
 * after one warm-up read, the 100-page bench report (personal data on a fifth of its pages)
 * and every PDF of ../shared/corpora/gov-pdfs with OCR off (a page that needs OCR is only
 * judged; OCR itself is the same work on both sides), and reports its main thread's CPU for
 * each. `--rounds N` (default 4). Prints a Markdown table: medians, and the median of the
 * paired differences.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const govDir = join(here, '..', '..', 'shared', 'corpora', 'gov-pdfs', 'pdfs');

interface Turn {
  report: number;
  gov: number;
  pages: { report: number; gov: number };
  oneEvaluation: number;
}

async function child(): Promise<void> {
  const { reportPdf } = await import('./support/report-pdf.ts');
  const { extractDocument } = await import('../pipeline/extract/extract-document.ts');
  const { onePassCounts } = await import('../pipeline/extract/pdfjs-one-pass.ts');
  const report = await reportPdf(100, (p) => p % 5 === 0);
  const cpu = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const read = async (bytes: Uint8Array, fileName: string) => {
    const r = await extractDocument({ bytes, fileName });
    return r.ok ? r.value.pages.length : 0;
  };
  // Warm-up: loading pdf.js and compiling the hot paths is paid once per process.
  await read(report, 'warm.pdf');
  let t = cpu();
  const reportPages = await read(report, 'report.pdf');
  const reportCpu = cpu() - t;
  const gov = readdirSync(govDir).filter((f) => f.endsWith('.pdf')).sort();
  let govPages = 0;
  t = cpu();
  for (const f of gov) govPages += await read(new Uint8Array(readFileSync(join(govDir, f))), f);
  const govCpu = cpu() - t;
  const turn: Turn = { report: reportCpu, gov: govCpu, pages: { report: reportPages, gov: govPages }, oneEvaluation: onePassCounts.oneEvaluation };
  process.stdout.write(JSON.stringify(turn));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (process.argv.includes('--child')) {
  await child();
} else {
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt > 0 ? Math.max(1, Number(process.argv[roundsAt + 1]) || 1) : 4;
  const turns: Record<'on' | 'off', Turn[]> = { on: [], off: [] };
  const loads: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      loads.push(loadavg()[0]);
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { env: { ...process.env, DAYLIGHT_ONE_PASS: side }, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(r.stderr);
      turns[side].push(JSON.parse(r.stdout) as Turn);
    }
  }
  const row = (label: string, key: 'report' | 'gov') => {
    const on = turns.on.map((t) => t[key]);
    const off = turns.off.map((t) => t[key]);
    const saved = off.map((o, i) => o - on[i]);
    const pages = turns.on[0].pages[key];
    return `| ${label} (${pages} pages) | ${median(off).toFixed(3)} | ${median(on).toFixed(3)} | ${median(saved).toFixed(3)} (${((median(saved) / median(off)) * 100).toFixed(0)} %) | ${off.map((o, i) => `${o.toFixed(2)}/${on[i].toFixed(2)}`).join(', ')} |`;
  };
  console.log(`${rounds} rounds, sides alternating; 1-minute load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}.`);
  console.log(`Pages read with one evaluation per run (one pass on): ${turns.on[0].oneEvaluation} of ${turns.on[0].pages.report * 2 + turns.on[0].pages.gov} (warm-up included).`);
  console.log('');
  console.log('| extraction, main-thread CPU s (OCR off) | two passes | one pass | saved (median of pairs) | each round: two/one |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  console.log(row('100-page report, boxes on a fifth', 'report'));
  console.log(row('gov-pdfs', 'gov'));
}
