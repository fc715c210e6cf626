/**
 * @module
 * A check that a change to detection's speed leaves its findings IDENTICAL: every finding (id, detector, category,
 * span, score, why, boxes) of every document of the evaluation corpora, written as JSON by one checkout's code and
 * compared with another's on the same, frozen input.
 *
 *   node bench/support/findings-snapshot.ts prepare INPUT.json          # freeze the documents (read once, cached)
 *   node bench/support/findings-snapshot.ts findings INPUT.json OUT.json [--root CHECKOUT]
 *   node bench/support/findings-snapshot.ts compare A.json B.json
 *
 * The corpora: gov-pdfs as one batch (default policy), the samples' text PDFs as one batch (the office policy
 * the samples' evaluation uses, so the allow list is exercised too), the real public texts with each half of each
 * of their batches as its own batch (as `npm run eval` detects them), and
 * every pii-labelled case alone. `--root` runs another checkout's detection (a worktree of the commit before the
 * change) on the same input, so other helpers' rule changes on main never show up as a difference. For held-out
 * documents, `compare` names the document and never prints its findings.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Document, Finding } from '../../pipeline/model/types.ts';
import type { Policy } from '../../redaction/policy/types.ts';

interface Batch {
  name: string;
  policy: 'default' | 'samples-office';
  documents: { name: string; heldOut: boolean; document: Document }[];
}

const root = resolve(import.meta.dirname, '..', '..');
const shared = join(root, '..', 'shared', 'corpora');

async function prepare(out: string): Promise<void> {
  const { readCorpus } = await import('../../redaction/eval/read-corpus.ts');
  const { readLabels } = await import('../../redaction/eval/real-documents.ts');
  const { textDocument } = await import('../../redaction/detect/text-document.ts');
  const { readCases } = await import('../../redaction/eval/pii-labelled.ts');
  const batches: Batch[] = [];
  const fromLabels = async (name: string, corpusDir: string, labelsDir: string) => {
    if (!existsSync(labelsDir)) return process.stderr.write(`skipped ${name}: ${labelsDir} not found\n`);
    const labels = readLabels(labelsDir);
    const read = await readCorpus(labels.map((l) => join(corpusDir, l.file)));
    // like `npm run eval`: each half of each batch of a corpus gathered in batches is detected as its own batch
    const groups = new Map<string, Batch>();
    read.forEach((r, i) => {
      if (!r.document) return;
      const l = labels[i];
      const group = l.batch === undefined ? name : `${name} batch ${l.batch} ${l.split}`;
      if (!groups.has(group)) groups.set(group, { name: group, policy: 'default', documents: [] });
      groups.get(group)!.documents.push({ name: l.file, heldOut: l.split === 'held-out', document: r.document });
    });
    batches.push(...groups.values());
  };
  await fromLabels('gov-pdfs', join(shared, 'gov-pdfs'), join(root, 'redaction', 'eval', 'gov-pdfs', 'labels'));
  // laid out by `npm run eval` (redaction/eval/real-text.ts)
  await fromLabels('real-text', '/tmp/daylight-real-text', '/tmp/daylight-real-text/labels');
  const samples = join(root, 'samples', 'documents');
  const truth = JSON.parse(readFileSync(join(root, 'samples', 'truth.json'), 'utf8')) as { files: Record<string, { kind: string }> };
  const texts = readdirSync(samples).filter((f) => truth.files[f]?.kind === 'text-pdf').sort();
  const read = await readCorpus(texts.map((f) => join(samples, f)));
  batches.push({ name: 'samples', policy: 'samples-office', documents: read.flatMap((r, i) => (r.document ? [{ name: texts[i], heldOut: false, document: r.document }] : [])) });
  const cases = readCases(join(shared, 'pii-labelled', 'cases.jsonl'));
  for (const c of cases) batches.push({ name: `pii-labelled ${c.id}`, policy: 'default', documents: [{ name: c.id, heldOut: false, document: textDocument([c.text], { fileName: c.id }) }] });
  writeFileSync(out, JSON.stringify(batches));
  process.stderr.write(`${batches.length} batches, ${batches.reduce((n, b) => n + b.documents.reduce((p, d) => p + d.document.pages.length, 0), 0)} pages\n`);
}

async function findings(input: string, out: string, checkout: string): Promise<void> {
  const load = (p: string) => import(pathToFileURL(join(checkout, p)).href);
  const { detectDocuments } = (await load('redaction/detect/run.ts')) as { detectDocuments: (d: Document[], p: Policy) => Finding[][] };
  const { defaultPolicy } = (await load('redaction/policy/load-policy.ts')) as { defaultPolicy: () => Policy };
  const { officePolicy } = (await load('redaction/eval/samples.ts')) as { officePolicy: (p: Policy, f: { keep: unknown[] }[]) => Policy };
  const truth = JSON.parse(readFileSync(join(checkout, 'samples', 'truth.json'), 'utf8')) as { files: Record<string, { kind: string; keep: unknown[] }> };
  const policies = { default: defaultPolicy(), 'samples-office': officePolicy(defaultPolicy(), Object.values(truth.files).filter((t) => t.kind === 'text-pdf')) };
  const batches = JSON.parse(readFileSync(input, 'utf8')) as Batch[];
  const result: Record<string, Finding[]> = {};
  const c0 = process.threadCpuUsage();
  for (const b of batches) {
    const found = detectDocuments(b.documents.map((d) => d.document), policies[b.policy]);
    b.documents.forEach((d, i) => (result[`${b.name}\0${d.heldOut ? 'held-out' : 'tune'}\0${d.name}`] = found[i]));
  }
  const c = process.threadCpuUsage(c0);
  writeFileSync(out, JSON.stringify(result));
  process.stderr.write(`${Object.keys(result).length} documents, ${Object.values(result).reduce((n, f) => n + f.length, 0)} findings, ${((c.user + c.system) / 1e6).toFixed(1)} CPU s\n`);
}

function compare(a: string, b: string): number {
  const x = JSON.parse(readFileSync(a, 'utf8')) as Record<string, Finding[]>;
  const y = JSON.parse(readFileSync(b, 'utf8')) as Record<string, Finding[]>;
  let differing = 0;
  for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const [batch, split, name] = key.split('\0');
    const fx = JSON.stringify(x[key]);
    const fy = JSON.stringify(y[key]);
    if (fx === fy) continue;
    differing++;
    process.stdout.write(`differs: ${batch} / ${name}\n`);
    if (split === 'held-out') continue;
    const sx = new Set((x[key] ?? []).map((f) => JSON.stringify(f)));
    const sy = new Set((y[key] ?? []).map((f) => JSON.stringify(f)));
    for (const f of sx) if (!sy.has(f)) process.stdout.write(`  - ${f.slice(0, 400)}\n`);
    for (const f of sy) if (!sx.has(f)) process.stdout.write(`  + ${f.slice(0, 400)}\n`);
  }
  const total = Object.values(x).reduce((n, f) => n + f.length, 0);
  process.stdout.write(differing === 0 ? `identical: ${Object.keys(x).length} documents, ${total} findings\n` : `${differing} documents differ\n`);
  return differing === 0 ? 0 : 1;
}

const [command, ...args] = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const checkout = rootArg === -1 ? root : resolve(args.splice(rootArg, 2)[1]);
if (command === 'prepare' && args.length === 1) await prepare(args[0]);
else if (command === 'findings' && args.length === 2) await findings(args[0], args[1], checkout);
else if (command === 'compare' && args.length === 2) process.exitCode = compare(args[0], args[1]);
else {
  process.stderr.write('usage: findings-snapshot.ts prepare INPUT.json | findings INPUT.json OUT.json [--root CHECKOUT] | compare A.json B.json\n');
  process.exitCode = 2;
}
