/**
 * @module
 * `daylight detect <file...> [--policy FILE] [--json]`: finds what the policy
 * protects in one or more documents, read as one batch (a name found in one is
 * found in all). By default a table with the matched text masked but for its
 * first character; `--json` prints every finding in full, for the office's staff.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../problems.ts';
import { readInput } from '../../ingest/read-input.ts';
import { extractDocument } from '../../extract/extract-document.ts';
import { startOcrEngine } from '../ocr-engine.ts';
import type { OcrEngine } from '../../ocr/engine.ts';
import type { Document, Finding } from '../../model/types.ts';
import { detectDocuments } from '../../../redaction/detect/run.ts';
import { loadPolicy } from '../../../redaction/policy/load-policy.ts';
import type { Policy } from '../../../redaction/policy/types.ts';
import { ExitCode, stringOption } from '../command.ts';
import type { Command } from '../command.ts';

export const detectCommand: Command = {
  name: 'detect',
  summary: 'Find names, numbers, markings and other protected details, each with its category, exemption and reason.',
  usage: '<file...> [--policy FILE] [--json] [--no-ocr]',
  options: {
    policy: { type: 'string', value: 'FILE', help: 'Policy file (YAML or JSON); default: the built-in US FOIA policy.' },
    json: { type: 'boolean', help: 'Print every finding in full (matched text included) as one JSON object on stdout.' },
    'no-ocr': { type: 'boolean', help: 'Do not OCR pages without a usable text layer.' },
    quiet: { type: 'boolean', short: 'q', help: 'No progress on stderr.' },
  },
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, name: 'files' },
  details: `
Several files are one batch: a name or number found in one is found in every other.
The table masks the matched text but for its first character; --json does not, so keep
its output inside the office. Exit 1 when a file cannot be read (the others are still
checked), 2 when the policy is not valid.`,
  async run({ values, positionals, io }) {
    const policyPath = stringOption(values, 'policy');
    const policy = loadPolicy(policyPath === undefined ? undefined : resolve(io.cwd, policyPath));
    if (!policy.ok) {
      io.stderr(`daylight detect: ${formatProblem(policy.problem)}\n`);
      return ExitCode.usage;
    }
    const quiet = Boolean(values.quiet);
    const documents: Document[] = [];
    const failed: { file: string; problem: string }[] = [];
    let engine: Promise<OcrEngine> | undefined;
    try {
      for (const file of positionals) {
        const input = await readInput(resolve(io.cwd, file));
        const extracted = input.ok
          ? await extractDocument(input.value, {
              getOcr: values['no-ocr'] ? undefined : () => (engine ??= startOcrEngine()),
              onPage: ({ page, pages, source }) => {
                if (!quiet) io.stderr(`${file}  p.${page}/${pages}  ${source === 'ocr' ? 'OCR' : 'text'}\n`);
              },
            })
          : input;
        if (!extracted.ok) {
          io.stderr(`daylight detect: ${formatProblem(extracted.problem)}\n`);
          failed.push({ file, problem: extracted.problem.code });
          continue;
        }
        documents.push(extracted.value);
      }
    } finally {
      if (engine) await (await engine).close();
    }
    const findings = detectDocuments(documents, policy.value);
    if (values.json) {
      const out = {
        policy: { name: policy.value.name, source: policy.value.source },
        documents: documents.map((d, i) => ({ file: d.fileName, id: d.id, pages: d.pages.length, findings: findings[i] })),
        failed,
      };
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      io.stdout(table(documents, findings, policy.value));
    }
    return failed.length > 0 ? ExitCode.failed : ExitCode.ok;
  },
};

/** "J••••• ••••" — the first character shows which finding it is; the rest stays private. */
export function mask(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.slice(0, 1) + flat.slice(1).replace(/\S/g, '•');
}

function table(documents: Document[], findings: Finding[][], policy: Policy): string {
  const lines: string[] = [];
  documents.forEach((d, i) => {
    const list = findings[i];
    lines.push(`${d.fileName}: ${list.length} finding${list.length === 1 ? '' : 's'} (${policy.name})`);
    if (list.length === 0) return;
    const rows = list.map((f) => [
      String(f.boxes[0]?.page ?? ''),
      f.category,
      `${policy.exemptions[f.exemption]?.code ?? f.exemption}${f.action === 'review' ? ' review' : ''}`,
      f.detector,
      f.why.join('; '),
      mask(f.text).slice(0, 40),
    ]);
    const head = ['page', 'category', 'code', 'detector', 'reason', 'text'];
    const widths = head.map((h, c) => Math.min(c === 4 ? 60 : 40, Math.max(h.length, ...rows.map((r) => r[c].length))));
    const fmt = (r: string[]) => `  ${r.map((v, c) => (v.length > widths[c] ? `${v.slice(0, widths[c] - 1)}…` : v.padEnd(widths[c]))).join('  ')}`.trimEnd();
    lines.push(fmt(head), ...rows.map(fmt));
  });
  return `${lines.join('\n')}\n`;
}
