/**
 * The input audit on the bad-redactions corpus: file-level precision and recall of
 * "has a failed redaction", and the leaked strings it reports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { auditInput } from '../../redaction/audit/audit-input.ts';
import { corpusFile, corpusTruth, knownMisses, policyCases } from './corpus.ts';

test('the audit flags the failed redactions of the corpus and no plain negative', async () => {
  const rows: { file: string; truth: boolean; flagged: boolean; found: number; leaked: number }[] = [];
  for (const entry of corpusTruth()) {
    const bytes = corpusFile(entry);
    const document = await extractDocument({ bytes, fileName: entry.file });
    assert.ok(document.ok, entry.file);
    const audit = await auditInput({ bytes, fileName: entry.file }, document.value);
    assert.ok(audit.ok, entry.file);
    const hiddenText = audit.value.hiddenWords.map((w) => w.text).join(' ').replace(/\s+/g, '');
    const found = entry.leaked_text.filter((s) => hiddenText.includes(s.replace(/\s+/g, ''))).length;
    rows.push({ file: entry.file, truth: entry.has_failed_redaction, flagged: audit.value.hiddenWords.length > 0, found, leaked: entry.leaked_text.length });
  }
  const tp = rows.filter((r) => r.truth && r.flagged).length;
  const fp = rows.filter((r) => !r.truth && r.flagged).length;
  const fn = rows.filter((r) => r.truth && !r.flagged).length;
  for (const r of rows.filter((x) => x.truth)) console.log(`  ${r.file}: ${r.found}/${r.leaked} leaked strings reported`);
  console.log(`audit on bad-redactions: precision ${(tp / (tp + fp)).toFixed(2)} recall ${(tp / (tp + fn)).toFixed(2)} (tp ${tp}, fp ${fp}, fn ${fn})`);
  for (const r of rows) {
    if (r.truth && !(r.file in knownMisses)) {
      assert.ok(r.flagged, `${r.file} has a failed redaction the audit missed`);
      // Cut at box edges, a leaked string can be a word fragment or a one-letter word the check does not judge.
      assert.ok(r.found >= Math.ceil(r.leaked * 0.75), `${r.file}: only ${r.found} of ${r.leaked} leaked strings reported`);
    }
    if (!r.truth && !(r.file in policyCases)) assert.ok(!r.flagged, `${r.file} is a negative the audit flagged`);
  }
  for (const file of Object.keys(knownMisses)) assert.ok(!rows.find((r) => r.file === file)?.flagged, `${file} is now caught: move it out of knownMisses`);
});
