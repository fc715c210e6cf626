/**
 * @module
 * Scores detection on the samples (`samples/truth.json`): every string marked
 * for redaction must be covered by a finding wherever it occurs (recall per
 * truth category), and no must-keep string may sit under a finding the policy
 * redacts. The policy is the default one plus an allow list built from the
 * truth's public officials and office contacts, as an office would write it.
 * Text PDFs are read without OCR; set EVAL_SCANS=1 to OCR the scans too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import { documentText } from '../../pipeline/model/document-text.ts';
import type { Document } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { detectDocuments } from '../detect/run.ts';
import { covered, occurrences } from './occurrences.ts';

interface Mark {
  text: string;
  category: string;
  action?: string;
  broken?: { kind: 'line' | 'page'; parts: string[] }[];
}

interface TruthFile {
  kind: string;
  redact: Mark[];
  keep: Mark[];
}

/** Categories the issue holds to recall ≥ 0.99. */
const STRICT = ['ssn', 'phone', 'email', 'card', 'account', 'routing'];
const ALLOW_FROM_TRUTH = ['official', 'office-address', 'office-phone', 'office-email'];

/**
 * The policy the samples' office would run: the given one plus, on its allow list, the public
 * officials and office contacts the truth file says to keep (as an office lists its own).
 */
export function officePolicy(policy: Policy, files: readonly Pick<TruthFile, 'keep'>[]): Policy {
  const allow = new Map<string, string>();
  for (const t of files) for (const k of t.keep) if (ALLOW_FROM_TRUTH.includes(k.category)) allow.set(k.text, k.category);
  return { ...policy, allow: [...policy.allow, ...[...allow].map(([text, note]) => ({ text, note }))] };
}

export async function evaluateSamples(dir: string, policy: Policy): Promise<{ results: unknown; markdown: string[] } | undefined> {
  const truthPath = join(dir, 'truth.json');
  if (!existsSync(truthPath)) return undefined;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { files: Record<string, TruthFile> };
  const withScans = process.env.EVAL_SCANS === '1';
  const files = Object.entries(truth.files).filter(([, t]) => withScans || t.kind === 'text-pdf');
  const office = officePolicy(policy, files.map(([, t]) => t));
  const allow = office.allow.slice(policy.allow.length);

  const perCategory = new Map<string, { items: number; found: number; missed: string[] }>();
  const keepViolations: { file: string; text: string; category: string; finding: string }[] = [];
  const perFile: Record<string, { findings: number; redactItems: number; found: number }> = {};
  let engine: Promise<OcrEngine> | undefined;
  try {
    for (const [name, t] of files) {
      const extracted = await extractDocument({ bytes: readFileSync(join(dir, 'documents', name)), fileName: name }, { getOcr: withScans ? () => (engine ??= createOcrEngine()) : undefined });
      if (!extracted.ok) {
        perFile[name] = { findings: -1, redactItems: t.redact.length, found: 0 };
        continue;
      }
      const document: Document = extracted.value;
      const [findings] = detectDocuments([document], office);
      const text = documentText(document).text;
      let found = 0;
      for (const mark of t.redact) {
        const parts = mark.broken?.some((b) => b.kind === 'page') ? mark.broken.flatMap((b) => b.parts) : [mark.text];
        const ranges = parts.flatMap((p) => occurrences(text, p));
        const ok = ranges.length > 0 && ranges.every((r) => covered(text, findings, r));
        const c = perCategory.get(mark.category) ?? { items: 0, found: 0, missed: [] };
        c.items++;
        if (ok) {
          c.found++;
          found++;
        } else c.missed.push(`${name}: ${mark.text.slice(0, 60)}`);
        perCategory.set(mark.category, c);
      }
      for (const keep of t.keep) {
        for (const [s, e] of occurrences(text, keep.text)) {
          const hit = findings.find((f) => f.action === 'redact' && f.start < e && s < f.end);
          if (hit) keepViolations.push({ file: name, text: keep.text, category: keep.category, finding: `${hit.detector}/${hit.category}` });
        }
      }
      perFile[name] = { findings: findings.length, redactItems: t.redact.length, found };
    }
  } finally {
    if (engine) await (await engine).close();
  }

  const categories = Object.fromEntries([...perCategory].map(([k, v]) => [k, { ...v, recall: v.items === 0 ? 1 : v.found / v.items }]));
  const strict = STRICT.map((c) => perCategory.get(c)).filter((c) => c !== undefined);
  const strictItems = strict.reduce((s, c) => s + c.items, 0);
  const strictFound = strict.reduce((s, c) => s + c.found, 0);
  const markdown = [
    `## samples (${files.length} files${withScans ? ', scans OCRed' : ', text PDFs; EVAL_SCANS=1 adds the scans'}; allow list: ${allow.length} officials and office contacts from truth.json)`,
    '',
    '| truth category | items | found | recall |',
    '|---|---:|---:|---:|',
    ...[...perCategory].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => `| ${STRICT.includes(k) ? `**${k}**` : k} | ${v.items} | ${v.found} | ${((v.found / v.items) * 100).toFixed(1)} % |`),
    `| **SSN, phone, email, card, account, routing** | ${strictItems} | ${strictFound} | **${((strictFound / Math.max(1, strictItems)) * 100).toFixed(1)} %** |`,
    '',
    `Must-keep strings under a redacting finding: **${keepViolations.length}**${keepViolations.length ? ` (${keepViolations.slice(0, 8).map((v) => `"${v.text}" by ${v.finding} in ${v.file}`).join('; ')})` : ''}.`,
    '',
    'Missed: ' + ([...perCategory.values()].flatMap((v) => v.missed).slice(0, 30).join('; ') || 'none') + '.',
  ];
  return { results: { files: perFile, categories, strictRecall: strictFound / Math.max(1, strictItems), keepViolations }, markdown };
}
