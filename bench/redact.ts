/**
 * @module
 * `npx node bench/redact.ts`: Daylight's redact + verify (extract, audit, detect,
 * rebuild, verify) on the sample text PDFs and scanned PDFs, beside two peers on
 * the same files in the same run: PyMuPDF's in-place `apply_redactions` and a
 * PyMuPDF raster rebuild (300 DPI gray page image + invisible word layer). The
 * peers get the strings Daylight redacted. Prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOcrEngine } from '../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../pipeline/ocr/engine.ts';
import { defaultPolicy } from '../redaction/policy/load-policy.ts';
import { redactFile } from '../redaction/redact-file.ts';
import { threadPool } from '../pipeline/threads/task-pool.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sets = {
  'text PDFs': ['audit-report.pdf', 'benefits-letter.pdf', 'incident-report.pdf', 'memo.pdf', 'personnel-roster.pdf'],
  'scanned PDFs (OCR)': ['incident-report-scan.pdf', 'memo-scan.pdf'],
};
const python = '/usr/bin/python3';

interface Row {
  set: string;
  file: string;
  /** Files the row's time covers. */
  files: number;
  tool: string;
  pages: number;
  seconds: number;
  inBytes: number;
  outBytes: number;
  note: string;
}

const peerScript = String.raw`
import json, sys, time, fitz
jobs = json.load(open(sys.argv[1]))
out = []
# Every document and annotation stays referenced to the end: freeing them in another order
# corrupts Debian's PyMuPDF 1.21 (SWIG "thisown" errors on the next page load).
alive = []

def redact(page, strings, alive):
    # Debian's PyMuPDF 1.21 crashes inside Page.apply_redactions() while it walks the
    # annotations (#2209/#2328), so this calls its core, _apply_redactions, and paints the
    # fills itself; the annotation objects stay referenced (alive) until the document is saved.
    rects = [r for s in strings for r in page.search_for(s)]
    keep = [page.add_redact_annot(r) for r in rects]
    alive.extend(keep)
    if keep:
        page._apply_redactions(2)
        for r in rects:
            page.draw_rect(r, color=None, fill=(0, 0, 0))
    return rects

for job in jobs:
    src = open(job["file"], "rb").read()
    # In place: search, mark, apply, fill.
    t = time.perf_counter()
    doc = fitz.open(stream=src, filetype="pdf")
    alive.append(doc)
    for page in doc:
        redact(page, job["strings"], alive)
    data = doc.tobytes(garbage=3, deflate=True)
    out.append({"file": job["file"], "tool": "PyMuPDF apply_redactions", "seconds": time.perf_counter() - t, "bytes": len(data), "pages": len(doc)})
    # Raster rebuild: 300 DPI gray page image into a new PDF, plus invisible words.
    t = time.perf_counter()
    doc = fitz.open(stream=src, filetype="pdf")
    new = fitz.open()
    alive.extend([doc, new])
    for page in doc:
        words = page.get_text("words")
        rects = redact(page, job["strings"], alive)
        pix = page.get_pixmap(dpi=300, colorspace=fitz.csGRAY)
        np = new.new_page(width=page.rect.width, height=page.rect.height)
        np.insert_image(np.rect, pixmap=pix)
        for w in words:
            if any(fitz.Rect(w[:4]).intersects(r) for r in rects):
                continue
            np.insert_text((w[0], w[3]), w[4], fontsize=max(1, (w[3] - w[1]) * 0.8), render_mode=3)
    data = new.tobytes(garbage=3, deflate=True)
    out.append({"file": job["file"], "tool": "PyMuPDF raster rebuild", "seconds": time.perf_counter() - t, "bytes": len(data), "pages": len(doc)})
print(json.dumps(out))
`;

async function main() {
  const rows: Row[] = [];
  const peerJobs: { file: string; strings: string[]; set: string }[] = [];
  let engine: Promise<OcrEngine> | undefined;
  const policy = defaultPolicy();
  // Warm-up: the first file pays for loading pdf.js, fonts and the detectors.
  await redactFile({ bytes: new Uint8Array(readFileSync(join(root, 'samples', 'documents', 'benefits-letter.pdf'))), fileName: 'warm-up.pdf' }, { policy });
  for (const [set, files] of Object.entries(sets)) {
    for (const name of files) {
      const path = join(root, 'samples', 'documents', name);
      const bytes = new Uint8Array(readFileSync(path));
      const t = performance.now();
      const out = await redactFile({ bytes, fileName: name }, { policy, getOcr: () => (engine ??= createOcrEngine()) });
      const seconds = (performance.now() - t) / 1000;
      if (!out.ok) {
        process.stderr.write(`bench: ${name}: ${out.problem.message}\n`);
        continue;
      }
      const v = out.value.verification;
      for (const p of v.problems) process.stderr.write(`bench: ${name}: ${p.code} ${p.message}\n`);
      rows.push({ set, file: name, files: 1, tool: 'Daylight redact + verify', pages: out.value.document.pages.length, seconds, inBytes: bytes.length, outBytes: out.value.pdf.length, note: v.ok ? '' : `verification failed: ${v.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(',')}` });
      const boxed = new Set(out.value.log.entries.length ? out.value.findings.filter((f) => f.boxes.length && f.action !== 'keep').map((f) => f.text) : []);
      peerJobs.push({ file: path, strings: [...boxed].filter((s) => s.trim().length > 0 && !s.includes('\n')), set });
    }
  }
  if (engine) await (await engine).close();
  // The same text files all at once on one worker thread per core, as a batch runs them.
  const threads = 2;
  const pool = threadPool(threads);
  try {
    // Four rounds of the set, so both threads stay busy to the end.
    const files = Array.from({ length: 4 }, () => sets['text PDFs']).flat();
    const inputs = files.map((name) => new Uint8Array(readFileSync(join(root, 'samples', 'documents', name))));
    // Warm-up: each thread loads pdf.js, fonts and the detectors once.
    await Promise.all(Array.from({ length: threads }, () => pool.run('redactFile', { bytes: inputs[1], fileName: 'warm-up.pdf' }, { policy })));
    const t = performance.now();
    const outs = await Promise.all(files.map((name, i) => pool.run('redactFile', { bytes: inputs[i], fileName: name }, { policy })));
    const seconds = (performance.now() - t) / 1000;
    const pages = sum(outs.map((o) => (o.ok ? o.value.document.pages.length : 0)));
    const failed = outs.filter((o) => !o.ok || !o.value.verification.ok).length;
    rows.push({ set: 'text PDFs', file: '(the set ×4)', files: files.length, tool: `Daylight redact + verify, ${threads} threads`, pages, seconds, inBytes: sum(inputs.map((b) => b.length)), outBytes: sum(outs.map((o) => (o.ok ? o.value.pdf.length : 0))), note: failed ? `${failed} failed` : '' });
  } finally {
    await pool.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-'));
  try {
    const jobsFile = join(dir, 'jobs.json');
    const scriptFile = join(dir, 'peers.py');
    writeFileSync(jobsFile, JSON.stringify(peerJobs));
    writeFileSync(scriptFile, peerScript);
    const r = spawnSync(python, [scriptFile, jobsFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status === 0) {
      // SWIG prints leak warnings on stdout too; the results are the one JSON line.
      const line = r.stdout.split('\n').find((l) => l.startsWith('[')) ?? '[]';
      for (const p of JSON.parse(line) as { file: string; tool: string; seconds: number; bytes: number; pages: number }[]) {
        const job = peerJobs.find((j) => j.file === p.file)!;
        rows.push({ set: job.set, file: basename(p.file), files: 1, tool: p.tool, pages: p.pages, seconds: p.seconds, inBytes: readFileSync(p.file).length, outBytes: p.bytes, note: '' });
      }
    } else process.stderr.write(`bench: PyMuPDF peers did not run (${r.error?.message ?? r.stderr.slice(-600)}); install python3-fitz\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    '| files | tool | pages | pages/s | KB per page | output ÷ input | notes |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const set of Object.keys(sets)) {
    for (const tool of new Set(rows.map((r) => r.tool))) {
      const rs = rows.filter((r) => r.set === set && r.tool === tool);
      if (!rs.length) continue;
      const pages = sum(rs.map((r) => r.pages));
      const seconds = sum(rs.map((r) => r.seconds));
      const inBytes = sum(rs.map((r) => r.inBytes));
      const outBytes = sum(rs.map((r) => r.outBytes));
      const notes = rs.filter((r) => r.note).map((r) => `${r.file}: ${r.note}`);
      lines.push(`| ${set} (${sum(rs.map((r) => r.files))}) | ${tool} | ${pages} | ${(pages / seconds).toFixed(2)} | ${(outBytes / pages / 1024).toFixed(1)} | ${(outBytes / inBytes).toFixed(2)}× | ${notes.join('; ')} |`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\nTargets: ≥ 10 text pages/s on 2 cores; ≤ 60 KB per text page at 300 DPI; ≤ 1.2× the input for scans. Daylight's time includes extraction (and OCR for scans), the input audit, detection and the full verification (pdf.js, pdftotext, mutool, bytes, pixels).\n`);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

await main();
