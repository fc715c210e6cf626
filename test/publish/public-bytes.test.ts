/**
 * Every public byte of a portal built from the samples, searched for what must not be
 * there: the whole path runs as an office would run it (batch → a clerk accepts the
 * proposals → a different person approves → publish), then every file of the site is
 * read as a reader or a crawler would read it (HTML and XML with entities decoded, JSON
 * strings, CSV, Pagefind's gzip index and fragments decompressed, PNG text chunks,
 * and each published PDF's text and metadata through pdftotext and pdfinfo) and searched for:
 *
 *   - the text under every kept redaction (the findings' text, from the workspace);
 *   - every detector reason and every term a reason quotes ("health term "…"", "opinion "…"");
 *   - internal finding ids, original file names, the batch's name and the staff's names.
 *
 * Before that, the same search is shown to find every one of those strings where they
 * do live (the workspace's document text, the workspace's reasons), so it could fail.
 * A quoted term that is also kept text of a released page (a column header such as
 * "phone") is legitimately public there; it must still be in no redaction log.
 *
 * Needs poppler-utils (pdftotext, pdfinfo).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { runBatch } from '../../pipeline/batch/run-batch.ts';
import { stages } from '../../pipeline/batch/stages.ts';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Document } from '../../pipeline/model/types.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import { publish } from '../../pipeline/publish/publish.ts';
import type { PublishReport } from '../../pipeline/publish/publish.ts';
import { releaseVerifier } from '../../pipeline/publish/verifier.ts';
import { approveDocument } from '../../pipeline/review/approve.ts';
import { verifiedArtifact } from '../../pipeline/review/artifact.ts';
import { createUser, decideRedaction, getDocument, listDocuments, listFindings, listRedactions, openWorkspace, readJsonBlob } from '../../pipeline/workspace/store/index.ts';
import type { DocumentRecord, Workspace } from '../../pipeline/workspace/store/index.ts';
import { publicCategoryLabels } from '../../redaction/policy/categories.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Text PDFs, a scan of the same letter (so the consistency pass links findings across documents) and a memo with opinions. */
const SAMPLES = ['benefits-letter.pdf', 'benefits-letter-scan.jpg', 'memo.pdf', 'incident-report.pdf'];
const BATCH_NAME = 'Quarterly intake Zephyrine';
const CLERK = 'clerk-ottavia';
const APPROVER = 'approver-leopold';
const policy = defaultPolicy();

let dir: string;
let ws: Workspace;
let report: PublishReport;
let released: DocumentRecord[];
/** Each public file, as the text a reader or crawler gets out of it. */
let site: { file: string; text: string }[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daylight-public-bytes-'));
  const input = join(dir, 'in');
  mkdirSync(input);
  for (const f of SAMPLES) copyFileSync(join(root, 'samples', 'documents', f), join(input, f));
  const opened = await openWorkspace(join(dir, 'ws'), { databaseUrl: '' });
  assert.ok(opened.ok);
  ws = opened.value;
  for (const [name, role] of [[CLERK, 'clerk'], [APPROVER, 'approver']] as const) {
    const user = await createUser(ws, { name, role, password: `pw-${name}-0123456789` }, 'test');
    assert.ok(user.ok);
  }
  const run = await runBatch({ folder: input, workspace: opened.value, policy, name: BATCH_NAME, concurrency: 2, stages, createOcr: (workers) => createOcrEngine({ workers }) });
  assert.ok(run.ok, run.ok ? '' : run.problem.message);
  for (const record of await listDocuments(ws, { state: 'in_review' })) {
    for (const r of await listRedactions(ws, record.id)) if (r.decision === 'proposed') assert.ok((await decideRedaction(ws, record.id, r.id, 'accepted', CLERK)).ok);
    const approved = await approveDocument(ws, (await getDocument(ws, record.id))!, APPROVER, { policy, buildArtifact: verifiedArtifact });
    assert.ok(approved.ok, approved.ok ? '' : `${record.fileName}: ${approved.problem.message}`);
  }
  const published = await publish(ws, {
    outDir: join(dir, 'site'),
    siteUrl: 'https://records.example.gov/foia/',
    title: 'City of Example Records',
    office: 'Office of Public Records',
    contactEmail: 'records@example.gov',
    exemptions: policy.exemptions,
    verify: releaseVerifier(ws, policy.exemptions),
    actor: APPROVER,
    log: () => {},
  });
  assert.ok(published.ok, published.ok ? '' : published.problem.message);
  report = published.value;
  assert.deepEqual(report.refused, []);
  released = await listDocuments(ws, { state: 'published' });
  assert.equal(released.length, SAMPLES.length, 'every sample was published');
  site = readSite(report.outDir);
});

after(async () => {
  await ws?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The office's own public text (its exemption descriptions) may name a marking a box covers ("CONFIDENTIAL"). */
const officeText = norm(Object.values(policy.exemptions).map((e) => `${e.code} ${e.label} ${e.description}`).join('\n'));
function officeWrote(file: string, needle: string): boolean {
  return file.startsWith('exemptions/') && officeText.includes(norm(needle));
}

/** Lower case, one space for any run of whitespace: the form every haystack and needle is compared in. */
function norm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

function hits(needle: string, haystacks: { file: string; text: string }[]): string[] {
  const n = norm(needle).trim();
  return haystacks.filter((h) => h.text.includes(n)).map((h) => h.file);
}

/** Withheld strings worth searching for: a string of fewer than 4 letters or digits would match by chance. */
function searchable(text: string): boolean {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length >= 4;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&nbsp;', ' ').replaceAll('&amp;', '&');
}

function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      jsonStrings(v, out);
    }
  }
  return out;
}

/** The bytes of every PNG chunk except the pixels (IDAT): where text and metadata would hide. */
function pngTextChunks(bytes: Buffer): string {
  const parts: string[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'zTXt' || type === 'iCCP') {
      const zero = data.indexOf(0);
      parts.push(data.toString('latin1', 0, zero));
      // zTXt and iCCP are zlib-compressed after the name and a method byte.
      parts.push(inflateSync(data.subarray(zero + 2)).toString('latin1'));
    } else if (type !== 'IDAT') parts.push(data.toString('utf8'));
    at += 12 + length;
  }
  return parts.join('\n');
}

/**
 * Pagefind's own program files (its scripts, styles and WebAssembly), the same bytes in every build:
 * they hold no document data (that is in index/, fragment/, filter/, *.pf_meta and pagefind-entry.json),
 * and their translation credits name people who are not in any document.
 */
const PAGEFIND_PROGRAM = /^pagefind\/(s-[0-9a-f]+\/)?(pagefind[\w-]*\.(js|css)|wasm\.[\w-]+\.pagefind)$/;

/** Every file of the built site as text a reader gets out of it. */
function readSite(siteDir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const rel of readdirSync(siteDir, { recursive: true, encoding: 'utf8' })) {
    if (PAGEFIND_PROGRAM.test(rel.split('\\').join('/'))) continue;
    const path = join(siteDir, rel);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue; // a folder
    }
    let text: string;
    const ext = extname(path).toLowerCase();
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) text = gunzipSync(bytes).toString('utf8') + '\n' + gunzipSync(bytes).toString('latin1');
    else if (ext === '.pdf') {
      text = [
        execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }),
        execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }),
        execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' }),
        execFileSync('pdfinfo', ['-meta', path], { encoding: 'utf8' }),
      ].join('\n');
    } else if (ext === '.png') text = pngTextChunks(bytes);
    else if (ext === '.json') text = jsonStrings(JSON.parse(bytes.toString('utf8'))).join('\n');
    else if (ext === '.html' || ext === '.xml' || ext === '.svg') text = decodeEntities(bytes.toString('utf8'));
    else text = bytes.toString('utf8');
    out.push({ file: rel, text: norm(text) });
  }
  return out;
}

/** What the workspace holds about the released documents: the withheld strings and every reason. */
async function workspaceSecrets() {
  /** Withheld string → the artifacts (SHA-256) of the documents it was withheld from. */
  const withheldFrom = new Map<string, Set<string>>();
  const reasons = new Set<string>();
  const quoted = new Set<string>();
  const findingIds = new Set<string>();
  const documentTexts: { file: string; text: string }[] = [];
  for (const record of released) {
    const model = await readJsonBlob<Document>(ws.blobs, record.modelBlob!);
    assert.ok(model.ok);
    documentTexts.push({ file: record.fileName, text: norm(documentText(model.value).text) });
    const findings = new Map((await listFindings(ws, record.id)).map((f) => [f.id, f]));
    for (const r of await listRedactions(ws, record.id)) {
      if (r.decision === 'rejected') continue;
      reasons.add(r.reason);
      if (!('findings' in r.from)) continue;
      for (const id of r.from.findings) {
        const f = findings.get(id);
        if (!f) continue;
        findingIds.add(f.id);
        if (searchable(f.text)) withheldFrom.set(f.text, (withheldFrom.get(f.text) ?? new Set()).add(record.artifactBlob!));
        for (const why of f.why) reasons.add(why);
      }
    }
  }
  for (const reason of reasons) for (const m of reason.matchAll(/"([^"]+)"/g)) if (searchable(m[1])) quoted.add(m[1]);
  return { withheld: [...withheldFrom.keys()], withheldFrom, reasons: [...reasons].filter(searchable), quoted: [...quoted], findingIds: [...findingIds], documentTexts };
}

test('the search finds every withheld string in the workspace, and every reason term in the reasons (it could fail)', async () => {
  const s = await workspaceSecrets();
  assert.ok(s.withheld.length >= 20, `only ${s.withheld.length} withheld strings`);
  assert.ok(s.quoted.length >= 5, `only ${s.quoted.length} quoted terms: ${s.quoted.join(', ')}`);
  assert.ok(s.reasons.some((r) => /same (value|surname) as finding/.test(r)), 'a reason links a finding to another document');
  for (const w of s.withheld) assert.ok(hits(w, s.documentTexts).length > 0, `the search does not find "${w}" in the document text`);
  const reasonText = [{ file: 'workspace reasons', text: norm(s.reasons.join('\n')) }];
  for (const q of s.quoted) assert.equal(hits(q, reasonText).length, 1, q);
  for (const id of s.findingIds) assert.equal(hits(id, [{ file: 'ids', text: norm(s.findingIds.join(' ')) }]).length, 1);
});

test('no public byte holds a withheld string', async (t) => {
  const { withheld, withheldFrom } = await workspaceSecrets();
  assert.ok(site.some((f) => f.file.endsWith('.pdf')) && site.some((f) => /^pagefind\/s-[0-9a-f]+\/fragment\//.test(f.file)) && site.some((f) => f.file.endsWith('.csv')));
  const found: string[] = [];
  for (const w of withheld) {
    const own = [...withheldFrom.get(w)!];
    const where = hits(w, site).filter((file) => !officeWrote(file, w));
    // In the files of a document it was withheld from (its PDF, its page): a leak, whatever else holds it.
    const inOwn = where.filter((file) => own.some((sha) => file.includes(sha.slice(0, 16))));
    found.push(...inOwn.map((file) => `"${w}" in ${file}, a file of the document it was withheld from`));
    if (inOwn.length > 0 || where.length === 0) continue;
    // Elsewhere: allowed only as kept text of another released document (its approver kept it there).
    const keptIn = site.filter((f) => f.file.endsWith('.pdf') && !own.some((sha) => f.file.includes(sha)) && f.text.includes(norm(w)));
    if (keptIn.length === 0) found.push(...where.map((file) => `"${w}" in ${file}`));
    else t.diagnostic(`"${w}" is withheld in one document and kept in another (${keptIn.map((f) => f.file).join(', ')}): a detection inconsistency, not a portal leak`);
  }
  assert.deepEqual(found, []);
});

test('no public byte holds a detector reason, a reviewer reason, a finding id, a file name, the batch name or a staff name', async () => {
  const { reasons, findingIds } = await workspaceSecrets();
  const internal = [
    ...reasons,
    ...findingIds,
    ...SAMPLES,
    // A stem that is a plain word ("memo") is a word of the documents too; a hyphenated one is the file's.
    ...SAMPLES.map((f) => basename(f, extname(f))).filter((stem) => stem.includes('-')),
    BATCH_NAME,
    CLERK,
    APPROVER,
    'same value as finding',
    'same surname as finding',
  ];
  const found = internal.flatMap((n) => hits(n, site).map((file) => `"${n}" in ${file}`));
  assert.deepEqual(found, []);
});

test('no term a reason quotes is public, unless it is kept text of a released page; none is in a redaction log', async () => {
  const { quoted } = await workspaceSecrets();
  const kept = site.filter((f) => f.file.endsWith('.pdf'));
  const logs = site.filter((f) => /redactions\.(csv|json)$/.test(f.file));
  assert.ok(logs.length >= 2);
  // The log's fixed vocabulary (category labels, exemption codes and labels) is the only text it may hold;
  // a context word that is also a word of it ("phone", "birth") is the vocabulary speaking, not a quote.
  const vocabulary = norm([...Object.entries(publicCategoryLabels).flat(), 'Other withheld information', ...Object.values(policy.exemptions).flatMap((e) => [e.code, e.label])].join('\n'));
  const found: string[] = [];
  for (const q of quoted) {
    if (!vocabulary.includes(norm(q)) && hits(q, logs).length > 0) found.push(`"${q}" in a redaction log`);
    if (hits(q, kept).length === 0) found.push(...hits(q, site).filter((file) => !officeWrote(file, q)).map((file) => `"${q}" in ${file}`));
  }
  assert.deepEqual(found, []);
});

test("the release PDFs' metadata names no file: their title is neutral", () => {
  const pdfs = site.filter((s) => s.file.endsWith('.pdf'));
  assert.equal(pdfs.length, SAMPLES.length);
  for (const f of pdfs) {
    const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', join(report.outDir, f.file)], { encoding: 'utf8' });
    assert.equal(/^Title:\s*(.*)$/m.exec(info)?.[1], 'Redacted release', f.file);
  }
});
