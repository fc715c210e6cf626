/**
 * @module
 * One page of text through the default policy's detection, for detector tests: the texts found in one category.
 *
 * ```ts
 * assert.deepEqual(detectedTexts('SSN: xxx-xx-4515', 'personal.ssn'), ['xxx-xx-4515']);
 * ```
 */
import { detectDocuments } from '../../redaction/detect/run.ts';
import { textDocument } from '../../redaction/detect/text-document.ts';
import { defaultPolicy } from '../../redaction/policy/load-policy.ts';

const policy = defaultPolicy();

/** The findings of `category` on a one-page document holding `page`, as their texts (whitespace runs as one space). */
export function detectedTexts(page: string, category: string): string[] {
  return detectDocuments([textDocument([page])], policy)[0]
    .filter((f) => f.category === category)
    .map((f) => f.text.replace(/\s+/g, ' '));
}
