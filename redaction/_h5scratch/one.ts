import { readFileSync } from 'node:fs';
import { quickDocument } from './doc.ts';
import { auditInput } from '../audit/audit-input.ts';
const name = process.argv[2];
const bytes = new Uint8Array(readFileSync(name));
const doc = await quickDocument(bytes, name);
const r = await auditInput({ bytes, fileName: name }, doc);
if (r.ok) for (const w of r.value.hiddenWords) console.log(w.page, w.text, w.how, w.box.map(v => v.toFixed(0)).join(','));
if (r.ok) for (const i of r.value.items) console.log(i.kind, i.page, i.why, JSON.stringify(i.text).slice(0, 100));
