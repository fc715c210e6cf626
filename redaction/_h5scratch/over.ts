import { readFileSync } from 'node:fs';
import { quickDocument } from './doc.ts';
import { overlapArea, boxArea } from '../../pipeline/model/document-text.ts';
const root = '/work/shared/corpora/bad-redactions/';
const truth = JSON.parse(readFileSync(root + 'truth.json', 'utf8')).files;
for (const name of Object.keys(truth)) {
  const doc = await quickDocument(new Uint8Array(readFileSync(root + name)), name);
  const hits: string[] = [];
  for (const p of doc.pages) for (let i = 0; i < p.words.length; i++) for (let j = i + 1; j < p.words.length; j++) {
    const a = p.words[i], b = p.words[j];
    const o = overlapArea(a.box, b.box);
    if (o > 0.5 * Math.min(boxArea(a.box), boxArea(b.box)) && a.text !== b.text) hits.push(`p${p.number} ${a.text}|${b.text}`);
  }
  console.log(name, hits.length, hits.slice(0, 6).join('  '));
}
