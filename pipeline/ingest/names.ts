/**
 * @module
 * File names as Daylight shows and stores them, the same for `extract` and
 * `batch`: a name's raw bytes are kept for opening the file, and shown as
 * UTF-8 with every byte that is not valid UTF-8 written `\xNN`, so a Latin-1
 * name from an old file server is readable, distinct from its neighbours and
 * never mangled into "?". For one-line output (progress, problem lines),
 * control characters such as a newline inside a name are escaped too.
 *
 * ```ts
 * displayName(Buffer.from([0x6e, 0xe9]))  // "n\xe9"
 * printable('line\nbreak.pdf')           // "line\nbreak.pdf", one line
 * ```
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

const strict = new TextDecoder('utf-8', { fatal: true });

/** The name as text: valid UTF-8 as is, each stray byte as `\xNN`. */
export function displayName(raw: Uint8Array): string {
  try {
    return strict.decode(raw);
  } catch {
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const length = utf8SequenceLength(raw, i);
      if (length > 0) {
        out += strict.decode(raw.subarray(i, i + length));
        i += length;
      } else {
        out += `\\x${raw[i].toString(16).padStart(2, '0')}`;
        i++;
      }
    }
    return out;
  }
}

/** True when the raw name is valid UTF-8 (shown exactly as it is). */
export function isUtf8(raw: Uint8Array): boolean {
  try {
    strict.decode(raw);
    return true;
  } catch {
    return false;
  }
}

function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const b = bytes[at];
  const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  try {
    strict.decode(bytes.subarray(at, at + length));
    return length;
  } catch {
    return 0;
  }
}

/** One line whatever the name holds: control characters (newline, tab, escape…) become `\n`, `\t`, `\xNN`. */
export function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * The raw path of a file named on the command line. A shell passes a non-UTF-8 name
 * as bytes, which Node turns into U+FFFD; such a path does not exist as written, so
 * the folder is listed as bytes and the one entry that decodes to the same text (or
 * whose display name is what was typed) is the file.
 */
export async function findRawPath(path: string): Promise<string | Buffer> {
  const name = basename(path);
  if (!name.includes('\ufffd') && !/\\x[0-9a-f]{2}/i.test(name)) return path;
  let entries: Buffer[];
  try {
    entries = await readdir(dirname(path), { encoding: 'buffer' });
  } catch {
    return path;
  }
  const lossy = new TextDecoder();
  const matches = entries.filter((raw) => lossy.decode(raw) === name || displayName(raw) === name);
  if (matches.length !== 1) return path;
  return Buffer.concat([Buffer.from(`${dirname(path)}/`), matches[0]]);
}
