import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentText } from '../../pipeline/model/document-text.ts';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { readFileSync } from 'node:fs';
import { writeFilledForms } from './filled-forms.ts';
import { occurrences } from './occurrences.ts';
import { readLabels } from './real-documents.ts';

const templates = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpora', 'gov-pdfs', 'pdfs');

test('filled forms: every labelled value is on the page as the extractor reads it, and the templates\' own text is kept', { skip: existsSync(templates) ? false : `no templates at ${templates}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'daylight-filled-'));
  try {
    const made = await writeFilledForms(templates, out);
    assert.ok(made);
    const labels = readLabels(made.labelsDir);
    // the six held-out forms (9465 and W-2G) stay as they were; the tuning side fills other templates
    assert.deepEqual(labels.filter((l) => l.split === 'held-out').map((l) => l.file.replace(/-\d+\.pdf$/, '')).sort(), [...Array(3).fill('pdfs/irs-f9465-filled'), ...Array(3).fill('pdfs/irs-fw2g-filled')]);
    assert.ok(labels.filter((l) => l.split === 'tune').every((l) => l.file.includes('f1040')) && labels.some((l) => l.split === 'tune'));
    for (const l of labels) {
      const read = await extractDocument({ bytes: new Uint8Array(readFileSync(join(made.corpusDir, l.file))), fileName: l.file }, {});
      assert.ok(read.ok, l.file);
      const text = documentText(read.value).text;
      assert.match(text, /Form (?:9465|W-2G|1040)/, `${l.file} keeps the template's text`);
      for (const r of l.redact) assert.ok(occurrences(text, r.text, true).length > 0, `${l.file}: "${r.text}" is on the page`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
