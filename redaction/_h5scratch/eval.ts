import { readFileSync } from 'node:fs';
import { quickDocument } from './doc.ts';
import { auditInput } from '../audit/audit-input.ts';
const root = '/work/shared/corpora/bad-redactions/';
const truth = JSON.parse(readFileSync(root + 'truth.json', 'utf8')).files;
for (const [name, t] of Object.entries<any>(truth)) {
  const bytes = new Uint8Array(readFileSync(root + name));
  const doc = await quickDocument(bytes, name);
  const t0 = performance.now();
  const r = await auditInput({ bytes, fileName: name }, doc);
  if (!r.ok) { console.log(name, r.problem); continue; }
  const hw = r.value.hiddenWords;
  console.log(`${t.has_failed_redaction ? 'POS' : 'neg'} ${hw.length ? 'FLAG' : '----'} ${name} ${(performance.now()-t0).toFixed(0)}ms`, hw.slice(0, 8).map(w => `${w.text}[${w.how[0]}]`).join(' '), '| items:', r.value.items.map(i => i.kind).join(','));
}
