import { readFileSync } from 'node:fs';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { auditInput } from '../audit/audit-input.ts';
import { detectDocuments } from '../detect/run.ts';
import { planRedactions } from '../redact-file.ts';
import { writeRedacted } from '../write/write-redacted.ts';
import { verifyPdf } from '../verify/verify-pdf.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
const policy = defaultPolicy();
for (const run of [1, 2]) {
const bytes = new Uint8Array(readFileSync('samples/audit-report.pdf'));
let t = performance.now(); const lap = (l: string) => { const n = performance.now(); console.log(run, l, (n - t).toFixed(0)); t = n; };
const doc = await extractDocument({ bytes, fileName: 'a.pdf' }); if (!doc.ok) throw 1; lap('extract');
const audit = await auditInput({ bytes, fileName: 'a.pdf' }, doc.value, policy); lap('audit');
const f = detectDocuments([doc.value], policy)[0]; lap('detect');
const w = await writeRedacted({ bytes, fileName: 'a.pdf' }, doc.value, planRedactions(f, true), policy, { findings: f }); if (!w.ok) throw 2; lap('write');
const v = await verifyPdf(w.value.pdf, { removed: [], boxes: w.value.boxes }); lap('verify ' + v.ok);
}
