import { readFileSync, writeFileSync } from 'node:fs';
import { redactFile } from '../redact-file.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
const name = process.argv[2];
const bytes = new Uint8Array(readFileSync(name));
const t0 = performance.now();
const r = await redactFile({ bytes, fileName: name }, { policy: defaultPolicy() });
console.log('ms', (performance.now() - t0).toFixed(0));
if (!r.ok) { console.log(r.problem); process.exit(1); }
writeFileSync('/tmp/h5_rf.pdf', r.value.pdf);
console.log('size', bytes.length, '->', r.value.pdf.length, 'entries', r.value.log.entries.length, 'hidden', r.value.log.hiddenWordsDropped);
console.log(r.value.findings.map(f => `${f.category}/${f.action}:${f.text.slice(0, 30)}`).join(' | ').slice(0, 1500));
console.log(r.value.verification.ok, r.value.verification.checks.map(c => `${c.id}:${c.status}`).join(' '), JSON.stringify(r.value.verification.problems));
