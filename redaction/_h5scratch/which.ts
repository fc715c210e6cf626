import { readFileSync } from 'node:fs';
import { redactFile } from '../redact-file.ts';
import { defaultPolicy } from '../policy/load-policy.ts';
import { pdftotextWords } from '../verify/tools.ts';
import { findNeedle, prepare } from '../verify/normalize.ts';
const bytes = new Uint8Array(readFileSync(process.argv[2]));
const r = await redactFile({ bytes, fileName: 'x.pdf' }, { policy: defaultPolicy() }); if (!r.ok) throw 1;
const t = pdftotextWords(r.value.pdf); if (!t.ok) throw 2;
const boxedIds = new Set(r.value.log.entries.map(e => e.detector));
for (const f of r.value.findings.filter(f => f.boxes.length && f.action !== 'keep')) {
  t.value.pages.forEach((p, i) => { if (findNeedle(prepare(p.text), f.text)) console.log('LEAK', JSON.stringify(f.text), f.category, f.action, f.detector, 'p' + (i + 1), JSON.stringify(f.boxes)); });
}
