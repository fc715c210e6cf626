import { readFileSync } from 'node:fs';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { auditInput } from '../audit/audit-input.ts';
const name = process.argv[2];
const bytes = new Uint8Array(readFileSync(name));
const doc = await extractDocument({ bytes, fileName: name }); if (!doc.ok) throw 1;
const r = await auditInput({ bytes, fileName: name }, doc.value);
if (r.ok) console.log(r.value.hiddenWords.map(w => w.text).join(' '));
