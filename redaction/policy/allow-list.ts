/**
 * @module
 * Adds values to a policy file's allow list, keeping the rest of the file as the
 * office wrote it (comments, order, layout; a JSON file stays JSON). Pure: text
 * in, text out; the caller writes the file. The result is parsed as a policy
 * again before it is returned, so a change never leaves an invalid file.
 *
 * ```ts
 * const next = addToAllowList(readFileSync(file, 'utf8'), file, [{ text: 'Harbor Desk', note: 'accepted by ana' }]);
 * if (next.ok) writeFileSync(file, next.value.text);
 * ```
 */
import { isMap, isSeq, isScalar, parseDocument } from 'yaml';
import { fail, ok } from '../../pipeline/problems.ts';
import type { Result } from '../../pipeline/problems.ts';
import { parsePolicy } from './load-policy.ts';
import type { AllowEntry } from './types.ts';

export interface AllowListChange {
  /** The new file text. */
  text: string;
  /** Values added, and values the allow list already held (any case, any spacing). */
  added: string[];
  present: string[];
}

function key(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-US');
}

export function addToAllowList(text: string, file: string, entries: readonly AllowEntry[]): Result<AllowListChange> {
  const before = parsePolicy(text, file);
  if (!before.ok) return before;
  const held = new Set(before.value.allow.map((a) => key(a.text)));
  const added: string[] = [];
  const present: string[] = [];
  const fresh: AllowEntry[] = [];
  for (const e of entries) {
    const value = e.text.replace(/\s+/g, ' ').trim();
    if (value === '') return fail('usage.invalid', 'An allow-list value cannot be empty.');
    if (held.has(key(value))) {
      present.push(value);
      continue;
    }
    held.add(key(value));
    added.push(value);
    fresh.push({ text: value, ...(e.note ? { note: e.note } : {}) });
  }
  if (fresh.length === 0) return ok({ text, added, present });

  let next: string;
  if (file.toLowerCase().endsWith('.json')) {
    const raw = JSON.parse(text) as Record<string, unknown>;
    raw.allow = [...((raw.allow as unknown[] | undefined) ?? []), ...fresh];
    next = `${JSON.stringify(raw, null, 2)}\n`;
  } else {
    const doc = parseDocument(text);
    if (!isMap(doc.contents)) return fail('policy.invalid', `${file}: the policy is not a mapping of keys to values.`);
    const current = doc.get('allow', true);
    if (current === undefined || current === null || (isScalar(current) && current.value === null)) doc.set('allow', doc.createNode([]));
    const seq = doc.get('allow', true);
    if (!isSeq(seq)) return fail('policy.invalid', `${file}: allow: must be a list.`);
    // an empty "allow: []" becomes a block list, one entry a line, as people write them
    if (seq.items.length === 0) seq.flow = false;
    for (const e of fresh) {
      const node = doc.createNode(e);
      if (!seq.flow) (node as { flow?: boolean }).flow = true;
      seq.add(node);
    }
    next = doc.toString();
  }
  const after = parsePolicy(next, file);
  if (!after.ok) return after;
  return ok({ text: next, added, present });
}
