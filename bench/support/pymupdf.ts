/**
 * @module
 * The PyMuPDF peer of the redaction benchmarks: in-place `apply_redactions` on
 * each file with the strings to remove, run by Debian's /usr/bin/python3 (python3-fitz).
 */
import { spawnSync } from 'node:child_process';
import { childCpuSeconds } from './child-cpu.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const python = '/usr/bin/python3';

const peerScript = String.raw`
import json, os, sys, time, fitz
jobs = json.load(open(sys.argv[1]))
out = []
# Debian's PyMuPDF 1.21 crashes inside Page.apply_redactions() while it walks the annotations
# (#2209/#2328): call its core, _apply_redactions, paint the fills, and keep every document and
# annotation object referenced to the end.
alive = []
for job in jobs:
    src = open(job["file"], "rb").read()
    t = time.perf_counter()
    doc = fitz.open(stream=src, filetype="pdf")
    alive.append(doc)
    for page in doc:
        rects = [r for s in job["strings"].get(str(page.number + 1), []) for r in page.search_for(s)]
        keep = [page.add_redact_annot(r) for r in rects]
        alive.extend(keep)
        if keep:
            page._apply_redactions(2)
            for r in rects:
                page.draw_rect(r, color=None, fill=(0, 0, 0))
    data = doc.tobytes(garbage=3, deflate=True)
    if job.get("out"):
        open(job["out"], "wb").write(data)
    out.append({"file": job["file"], "seconds": time.perf_counter() - t, "bytes": len(data)})
print(json.dumps(out))
sys.stdout.flush()
# Freeing the kept annotations at exit crashes this PyMuPDF: leave without freeing.
os._exit(0)
`;

/** One file for the peer: its path, the strings to remove per 1-based page number, and where to write the result (optional). */
export interface PeerJob {
  file: string;
  strings: Record<string, string[]>;
  out?: string;
}

/** PyMuPDF in place on each file with its strings, in one Python process: seconds and output bytes per file, or undefined when it cannot run. */
export function pymupdf(jobs: PeerJob[]): Map<string, { seconds: number; bytes: number }> | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-'));
  try {
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
    writeFileSync(join(dir, 'peer.py'), peerScript);
    const r = spawnSync(python, [join(dir, 'peer.py'), join(dir, 'jobs.json')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      process.stderr.write(`bench: PyMuPDF did not run (${r.error?.message ?? (r.signal || r.stderr.slice(-400))}); install python3-fitz\n`);
      return undefined;
    }
    const line = r.stdout.split('\n').find((l) => l.startsWith('[')) ?? '[]';
    return new Map((JSON.parse(line) as { file: string; seconds: number; bytes: number }[]).map((p) => [p.file, p]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A whole process's wall and CPU seconds (its own and its waited-for children's), or why it failed. */
export interface ProcessRun {
  wall: number;
  cpu: number;
  status: number | null;
  stderr: string;
}

/** Runs `command args` to its end, timing it as a user's shell would: start-up and exit included. */
export function timedProcess(command: string, args: string[], options: { cwd?: string } = {}): ProcessRun {
  const cpu = childCpuSeconds();
  const t = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(options.cwd ? { cwd: options.cwd } : {}) });
  const wall = (performance.now() - t) / 1000;
  return { wall, cpu: childCpuSeconds() - cpu, status: r.status, stderr: r.error?.message ?? r.stderr ?? '' };
}

/**
 * PyMuPDF on one file as its own `python3` process (interpreter start, `import fitz`, open, search,
 * apply, save to `job.out`, exit), timed from outside like `timedProcess`; undefined when it cannot run.
 */
export function pymupdfProcess(job: PeerJob): ProcessRun | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-bench-'));
  try {
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify([{ ...job, out: job.out ?? join(dir, 'out.pdf') }]));
    writeFileSync(join(dir, 'peer.py'), peerScript);
    const run = timedProcess(python, [join(dir, 'peer.py'), join(dir, 'jobs.json')]);
    if (run.status !== 0) {
      process.stderr.write(`bench: PyMuPDF did not run (${run.stderr.slice(-400)}); install python3-fitz\n`);
      return undefined;
    }
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
