/**
 * The fuzz suite of issue 15: every file of ../shared/corpora/hostile (170
 * malformed PDFs from qpdf's and pdf.js's test suites) and the crafted images,
 * odd names and special files of crafted.ts go through `daylight extract` (the
 * command's own code, in this process, OCR off) and a hostile selection of them
 * through one real `daylight batch` (its own process, OCR on). Each must end
 * within its bound, never crash the process, and either succeed or fail with a
 * problem code from the catalog; the crafted files must give the outcome their
 * bytes call for. The same expectation holds for every corpus file: none is
 * named here.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../pipeline/cli/main.ts';
import type { Io } from '../../pipeline/cli/command.ts';
import { problems } from '../../pipeline/problems.ts';
import { takeStrayRejections } from '../../pipeline/threads/stray-errors.ts';
import { listDocuments, openWorkspace } from '../../pipeline/workspace/store/index.ts';
import { corpusSpread, hostileCorpus, writeCrafted, writeSpecialFiles } from './crafted.ts';
import type { Crafted } from './crafted.ts';

const temp = mkdtempSync(join(tmpdir(), 'daylight-fuzz-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const cli = join(import.meta.dirname, '../../bin/daylight.mjs');
const haveCorpus = existsSync(hostileCorpus);
/** One file may take this long through `extract` (no OCR); more is a hang. */
const EXTRACT_BOUND_MS = 60_000;
/** The whole batch, OCR included. */
const BATCH_BOUND_MS = 12 * 60_000;
/** Codes that mean "an error nobody mapped", which a fuzzed file must not produce. */
const UNMAPPED = new Set(['batch.stage-failed']);

const crafted = join(temp, 'crafted');
let made: Crafted[] = [];

function captureIo(cwd: string): Io & { out: string; err: string } {
  const io = { out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t), stderrIsTTY: false, cwd };
  return io;
}

/** `daylight extract FILE --no-ocr --json` in this process, bounded in time. */
async function extract(path: string, cwd: string): Promise<{ exit: number | 'hang'; code: string; err: string }> {
  const io = captureIo(cwd);
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), EXTRACT_BOUND_MS);
  });
  const exit = await Promise.race([main(['extract', path, '--no-ocr', '--json', '-q'], io), bound]);
  clearTimeout(timer);
  const code = exit === 0 ? 'ok' : (/\[([a-z-]+\.[a-z.-]+)\]/.exec(io.err)?.[1] ?? '');
  return { exit, code, err: io.err };
}

test('every corpus file and crafted input through `daylight extract`: ends in bound, succeeds or fails with a catalog code', { timeout: 20 * 60_000 }, async (t) => {
  // Libraries' stray rejections are the product's to handle (claimed, or failing the document); the
  // test runner would otherwise report each against this test before the product sees it.
  t.after(takeStrayRejections());
  made = await writeCrafted(crafted);
  const special = writeSpecialFiles(crafted);
  const outcomes = new Map<string, number>();
  const wrong: string[] = [];
  const files = haveCorpus ? readdirSync(hostileCorpus).filter((f) => f.endsWith('.pdf')).sort() : [];
  for (const file of files) {
    const got = await extract(join(hostileCorpus, file), temp);
    outcomes.set(got.code, (outcomes.get(got.code) ?? 0) + 1);
    if (got.exit === 'hang') wrong.push(`${file}: no result within ${EXTRACT_BOUND_MS / 1000} s`);
    else if (got.exit !== 0 && got.exit !== 1) wrong.push(`${file}: exit ${got.exit}`);
    else if (got.exit === 1 && (!(got.code in problems) || UNMAPPED.has(got.code))) wrong.push(`${file}: no clean code (${got.err.slice(0, 200)})`);
  }
  for (const c of made) {
    // A non-UTF-8 name reaches the command as the shell would pass it: its stray bytes as U+FFFD.
    const arg = typeof c.name === 'string' ? c.name : new TextDecoder().decode(c.name);
    const got = await extract(arg, crafted);
    if (got.exit === 'hang' || (got.exit !== 0 && got.exit !== 1)) wrong.push(`${c.what}: exit ${got.exit}`);
    else if (c.expect !== 'any' && got.code !== c.expect) wrong.push(`${c.what}: expected ${c.expect}, got ${got.code} (${got.err.slice(0, 200)})`);
    else if (got.exit === 1 && !(got.code in problems)) wrong.push(`${c.what}: no clean code (${got.err.slice(0, 200)})`);
  }
  for (const s of special) {
    const got = await extract(s.name, crafted);
    if (got.code !== s.extract) wrong.push(`${s.what}: expected ${s.extract}, got ${got.code} (${got.err.slice(0, 200)})`);
  }
  // pdf.js rejects some abandoned reads a moment after its document closed: let them arrive while the product listens alone.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.diagnostic(`corpus outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
  assert.deepEqual(wrong, []);
  if (haveCorpus) assert.ok((outcomes.get('ok') ?? 0) > files.length / 2, 'most corpus files extract (pdf.js recovers what it can)');
});

test('one `daylight batch` over hostile files: no crash or hang, every document in review or failed alone with a catalog code', { timeout: BATCH_BOUND_MS + 60_000 }, async (t) => {
  const folder = join(temp, 'batch');
  mkdirSync(folder);
  const inputs = await writeCrafted(folder);
  const special = writeSpecialFiles(folder);
  const fromCorpus = haveCorpus ? corpusSpread(40) : [];
  for (const f of fromCorpus) symlinkSync(join(hostileCorpus, f), join(folder, f));
  const workspace = join(temp, 'ws');
  const run = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, 'batch', folder, '--workspace', workspace, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), BATCH_BOUND_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  assert.equal(run.signal, null, `the batch ended within ${BATCH_BOUND_MS / 60_000} min`);
  assert.equal(run.code, 1, `exit 1: some documents failed, the rest completed (stderr: ${run.stderr.slice(-500)})`);
  // Progress stays one line per event, even for a name with a newline.
  assert.ok(run.stderr.split('\n').every((line) => !line.startsWith('break.pdf')), 'no progress line starts inside a file name');
  const summary = JSON.parse(run.stdout);
  const opened = await openWorkspace(workspace, { databaseUrl: '' });
  assert.ok(opened.ok);
  const docs = await listDocuments(opened.value);
  await opened.value.close();
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const wrong: string[] = [];
  for (const d of docs) {
    if (d.state === 'in_review' || d.state === 'duplicate') continue;
    if (d.state !== 'failed') wrong.push(`${d.path}: left in ${d.state}`);
    else if (!d.failure || !(d.failure.code in problems) || UNMAPPED.has(d.failure.code)) wrong.push(`${d.path}: failed without a clean code (${JSON.stringify(d.failure)})`);
  }
  for (const c of inputs) {
    const path = typeof c.name === 'string' ? c.name : [...c.name].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16)}`)).join('');
    const d = byPath.get(path);
    const got = !d ? 'missing' : d.state === 'failed' ? d.failure?.code : d.state === 'in_review' ? 'ok' : d.state;
    if (c.expect !== 'any' && got !== c.expect) wrong.push(`${c.what}: expected ${c.expect}, got ${got}`);
  }
  for (const s of special) {
    const d = byPath.get(s.name);
    if (s.expect === 'skip') {
      if (d) wrong.push(`${s.what}: recorded as a document`);
    } else if (d?.failure?.code !== s.expect) wrong.push(`${s.what}: expected ${s.expect}, got ${d?.failure?.code ?? d?.state ?? 'missing'}`);
  }
  t.diagnostic(`documents ${JSON.stringify(summary.documents)}`);
  assert.deepEqual(wrong, []);
  assert.ok(summary.documents.ok > fromCorpus.length / 2, 'the good documents reach review');
});
