/**
 * @module
 * `daylight audit-input <pdf>`: what a received PDF hides: text that extractors
 * read but the page does not show (under an earlier box, white, invisible,
 * outside the page) and content off the page (annotations, form fields,
 * attachments, bookmarks, metadata, scripts, earlier revisions).
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../problems.ts';
import { readInput } from '../../ingest/read-input.ts';
import { extractDocument } from '../../extract/extract-document.ts';
import { auditInput } from '../../../redaction/audit/audit-input.ts';
import { defaultPolicy } from '../../../redaction/policy/load-policy.ts';
import { ExitCode } from '../command.ts';
import type { Command } from '../command.ts';

export const auditInputCommand: Command = {
  name: 'audit-input',
  summary: 'List what a PDF hides: text under earlier boxes, invisible text, and content off the page.',
  usage: '<pdf> [--json]',
  options: {
    json: { type: 'boolean', help: 'Print the findings (category hidden-content) and items as one JSON object on stdout.' },
  },
  positionals: { min: 1, max: 1, name: 'pdf' },
  details: `
Each text-layer word is looked for in a rendering of its page (the approach of Free Law
Project's x-ray): a word whose glyphs do not show is hidden text. The output shows what
the hidden text says, so treat it as sensitive. Only the text layer is read (no OCR).
Exit 0 when the audit ran (whatever it found), 1 when the file could not be read.`,
  async run({ values, positionals, io }) {
    const input = await readInput(resolve(io.cwd, positionals[0]));
    if (!input.ok) {
      io.stderr(`daylight audit-input: ${formatProblem(input.problem)}\n`);
      return ExitCode.failed;
    }
    const document = await extractDocument(input.value);
    if (!document.ok) {
      io.stderr(`daylight audit-input: ${formatProblem(document.problem)}\n`);
      return ExitCode.failed;
    }
    const audit = await auditInput(input.value, document.value, defaultPolicy());
    if (!audit.ok) {
      io.stderr(`daylight audit-input: ${formatProblem(audit.problem)}\n`);
      return ExitCode.failed;
    }
    const { hiddenWords, items, findings } = audit.value;
    if (values.json) {
      io.stdout(`${JSON.stringify({ file: input.value.fileName, hiddenWords, items, findings })}\n`);
      return ExitCode.ok;
    }
    const lines = [`${input.value.fileName}: ${hiddenWords.length} hidden word(s), ${items.length} item(s) off the page`];
    const byPage = new Map<number, typeof hiddenWords>();
    for (const w of hiddenWords) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
    for (const [page, words] of byPage) {
      const hows = [...new Set(words.map((w) => w.how))].join(', ');
      lines.push(`  p.${page}  ${words.length} word(s) (${hows}): ${words.map((w) => w.text).join(' ').slice(0, 200)}`);
    }
    for (const item of items) lines.push(`  ${item.kind}${item.page ? ` p.${item.page}` : ''}: ${item.why}${item.text ? ` — ${item.text.slice(0, 120)}` : ''}`);
    io.stdout(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  },
};
