import { readFileSync } from 'node:fs';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { auditInput } from '../audit/audit-input.ts';
const root = '/work/shared/corpora/bad-redactions/';
const truth = JSON.parse(readFileSync(root + 'truth.json', 'utf8')).files;
for (const [name, t] of Object.entries<any>(truth)) {
  if (t.has_failed_redaction || name.includes('5.5')) continue;
  const bytes = new Uint8Array(readFileSync(root + name));
  const doc = await extractDocument({ bytes, fileName: name }); if (!doc.ok) continue;
  const r = await auditInput({ bytes, fileName: name }, doc.value);
  if (r.ok && r.value.hiddenWords.length) console.log(name, r.value.hiddenWords.slice(0, 10).map(w => `${w.text}@${w.box.map(v=>v.toFixed(0)).join(',')}`).join(' '));
}
