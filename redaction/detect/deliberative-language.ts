import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';
import { paragraphAt } from './markings.ts';

/** First-person advice and opinion: what deliberative process protects. */
const OPINION = /\b(?:I|we) (?:recommend|suggest|propose|advise|believe|think|doubt|would prefer|prefer|favou?r)\b|\bin (?:my|our) (?:view|opinion|judgment|judgement)\b|\bmy recommendation\b|\bwe should(?: not)?\b|\bI would (?:not )?(?:support|recommend|advise)\b/g;
const MARKED = /\b(?:PRE-?DECISIONAL|DELIBERATIVE|DRAFT)\b/;

function find(input: DetectInput): Candidate[] {
  // opinions are deliberative only in a document its author marked as pre-decisional or draft
  const marked = MARKED.test(input.text);
  const out: Candidate[] = [];
  const seen = new Set<number>();
  for (const m of input.text.matchAll(OPINION)) {
    const [start, end] = paragraphAt(input, m.index);
    if (seen.has(start)) continue;
    seen.add(start);
    out.push({ start, end, score: marked ? 0.7 : 0.35, why: [`opinion "${m[0]}"${marked ? ' in a document marked pre-decisional' : ''}`] });
  }
  return out;
}

export const deliberativeLanguage: Detector = {
  id: 'deliberative-language',
  category: 'government.deliberative',
  summary: 'Advice and opinion paragraphs ("I recommend", "in my view") in documents marked pre-decisional or draft, for the approver.',
  passage: true,
  find,
  examples: {
    match: ['PRE-DECISIONAL\nOptions memo\n\nIn my view the first plan is weaker.\nI recommend the second plan.'],
    ignore: ['In my view the audit was thorough.', 'PRE-DECISIONAL\nThe council met on Monday.'],
  },
};
