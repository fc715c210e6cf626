/**
 * @module
 * Which resource names a content stream can use: every PDF name token in it,
 * outside strings, comments and inline image data. The pass-through copy keeps
 * only the resources named here, so a font, image or form that another page
 * (perhaps a redacted one) uses never rides along in a shared resource dictionary.
 * Over-keeping a name that is an operand of something else costs nothing; missing
 * a used one would break the page, so the scan is deliberately coarse.
 */

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

function isRegular(c: number): boolean {
  return !WHITESPACE.has(c) && !DELIMITERS.has(c);
}

export function namesInContent(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === 0x25) {
      // % comment to the end of the line
      while (i < n && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x28) {
      i = skipLiteralString(bytes, i);
    } else if (c === 0x3c) {
      if (bytes[i + 1] === 0x3c) i += 2;
      else {
        while (i < n && bytes[i] !== 0x3e) i++;
        i++;
      }
    } else if (c === 0x2f) {
      let j = i + 1;
      while (j < n && isRegular(bytes[j])) j++;
      names.add(decodeName(bytes.subarray(i + 1, j)));
      i = j;
    } else if (!isRegular(c)) {
      i++;
    } else {
      let j = i;
      while (j < n && isRegular(bytes[j])) j++;
      const isId = j - i === 2 && bytes[i] === 0x49 && bytes[i + 1] === 0x44; // ID
      i = isId ? skipInlineImage(bytes, j) : j;
    }
  }
  return names;
}

function skipLiteralString(bytes: Uint8Array, start: number): number {
  let depth = 0;
  let i = start;
  while (i < bytes.length) {
    const c = bytes[i];
    if (c === 0x5c) i += 2;
    else {
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return i + 1;
      i++;
    }
  }
  return i;
}

/** Inline image data runs to an `EI` that stands alone between whitespace (or the end). */
function skipInlineImage(bytes: Uint8Array, from: number): number {
  for (let i = from + 1; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x45 && bytes[i + 1] === 0x49 && WHITESPACE.has(bytes[i - 1]) && (i + 2 >= bytes.length || !isRegular(bytes[i + 2]))) return i + 2;
  }
  return bytes.length;
}

function decodeName(raw: Uint8Array): string {
  const s = Buffer.from(raw).toString('latin1');
  return s.includes('#') ? s.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}
