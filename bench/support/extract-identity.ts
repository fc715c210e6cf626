/**
 * @module
 * Extraction must give the same document model with one content-stream pass as with two.
 * Reads every PDF under the folders given (OCR off: a page that needs OCR shows it as
 * `source: 'ocr'` with its reason) twice in child processes, once with the one-pass worker
 * (pdfjs-one-pass.ts) and once with `DAYLIGHT_ONE_PASS=off`, and compares each document's
 * pages (text, words and boxes, source, size) and warnings, or the problem it failed with.
 * Also counts the pages whose summary came from the text pass alone.
 *
 * `node bench/support/extract-identity.ts DIR...` prints one line per differing file and a total.
 * With `--thread`, both sides take one pass and the comparison is pdf.js's worker in a thread of
 * its own with pages read ahead (the default) against the same worker in the extracting thread
 * (`DAYLIGHT_EXTRACT_THREAD=off`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function pdfsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pdfsUnder(path);
    return /\.pdf$/i.test(name) ? [path] : [];
  });
}

async function child(files: string[]): Promise<void> {
  const { extractDocument } = await import('../../pipeline/extract/extract-document.ts');
  const { onePassCounts } = await import('../../pipeline/extract/pdfjs-one-pass.ts');
  let pages = 0;
  const out: Record<string, unknown> = {};
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const r = await extractDocument({ bytes, fileName: file.split('/').pop()! });
    out[file] = r.ok ? { pages: r.value.pages, warnings: r.value.warnings } : { problem: r.problem };
    if (r.ok) pages += r.value.pages.length;
  }
  process.stdout.write(JSON.stringify({ out, pages, counts: onePassCounts }));
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(readFileSync(process.argv[3], 'utf8')) as string[]);
} else {
  const thread = process.argv.includes('--thread');
  const files = process.argv.slice(2).filter((a) => a !== '--thread').flatMap(pdfsUnder).sort();
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const list = join(mkdtempSync(join(tmpdir(), 'extract-identity-')), 'files.json');
  writeFileSync(list, JSON.stringify(files));
  const run = (onePass: boolean) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', list], {
      env: thread ? { ...process.env, DAYLIGHT_ONE_PASS: 'on', DAYLIGHT_EXTRACT_THREAD: onePass ? 'on' : 'off' } : { ...process.env, DAYLIGHT_ONE_PASS: onePass ? 'on' : 'off' },
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as { out: Record<string, unknown>; pages: number; counts: { oneEvaluation: number; twoEvaluations: number } };
  };
  const one = run(true);
  const two = run(false);
  let differ = 0;
  for (const file of files) {
    if (JSON.stringify(one.out[file]) !== JSON.stringify(two.out[file])) {
      differ++;
      console.log(`differs: ${file}`);
    }
  }
  console.log(`${files.length} PDFs, ${one.pages} pages: ${differ} differ between ${thread ? 'the worker in its own thread and in the extracting thread' : 'one pass and two'}. Pages read with one evaluation: ${one.counts.oneEvaluation}, with two: ${one.counts.twoEvaluations} (off: ${two.counts.oneEvaluation} / ${two.counts.twoEvaluations}).`);
  process.exitCode = differ ? 1 : 0;
}
