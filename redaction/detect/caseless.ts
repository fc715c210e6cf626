/**
 * @module
 * Case-insensitive parts of a pattern without the `(?i:…)` modifier group.
 *
 * Why: on Node 24 (V8 13.6) patterns holding a modifier group stopped matching in a
 * process that had detected other documents first. A fresh
 * `new RegExp('(?<![\\p{L}])(?i:ul\\.|rua|rue)\\s\\p{L}+\\s\\d+', 'gu')` found "Rua Mina 50"
 * at the start of `npm run eval` and nothing after its real-document corpora, while the
 * same pattern with `[Rr]ua` kept matching; so detection depended on what the process had
 * read before (pii-labelled F2 0.9237 on its own, 0.9197 after the other corpora; 28 of
 * 3,000 cases changed, every one through a modifier group). A batch must find the same
 * things in a document whatever it read before, so detectors spell both cases out.
 */

/** The other case of a letter, when it is one character (not "ß" → "SS"). */
function otherCase(c: string): string | undefined {
  const lower = c.toLowerCase();
  const other = c === lower ? c.toUpperCase() : lower;
  return other !== c && [...other].length === 1 ? other : undefined;
}

/**
 * A regex source that matches what `(?i:source)` matches for letters with one-character
 * upper and lower cases: each letter becomes `[xX]`, each letter or letter range in a
 * character class gains its other case. Escapes (`\b`, `\.`, `\p{L}`) are kept as they are.
 */
export function caseless(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const braced = 'pPu'.includes(source[i + 1]) && source[i + 2] === '{';
      const end = braced ? source.indexOf('}', i) + 1 : i + 2;
      out += source.slice(i, end);
      i = end - 1;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (source[i + 1] === '-' && i + 2 < source.length && source[i + 2] !== ']' && source[i + 2] !== '\\') {
        const [from, to] = [c, source[i + 2]];
        const [otherFrom, otherTo] = [otherCase(from), otherCase(to)];
        out += `${from}-${to}${otherFrom && otherTo ? `${otherFrom}-${otherTo}` : ''}`;
        i += 2;
      } else out += c + (otherCase(c) ?? '');
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    const other = otherCase(c);
    out += other ? `[${c}${other}]` : c;
  }
  return out;
}
