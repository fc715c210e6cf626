/**
 * @module
 * The invisible text layer uses a standard PDF font, which can only encode
 * WinAnsi. Other characters are transliterated where a plain form exists
 * (accents stripped, ligatures split, typographic dashes kept as WinAnsi has
 * them) and otherwise replaced by "?", so the layer stays searchable for the
 * Latin text most releases hold. `encodeWinAnsi` gives the bytes for a string
 * already passed through `toWinAnsi`.
 */

/** Code points 0x80–0x9F of WinAnsi (cp1252). */
const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const toByte = new Map<string, number>();
for (let b = 0x20; b <= 0x7e; b++) toByte.set(String.fromCharCode(b), b);
for (let b = 0xa0; b <= 0xff; b++) toByte.set(String.fromCharCode(b), b);
[...high].forEach((ch, i) => {
  if (!/[\u0081\u008D\u008F\u0090\u009D]/.test(ch)) toByte.set(ch, 0x80 + i);
});

/** Latin letters with a stroke, which have no Unicode decomposition. */
const stroked: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (toByte.has(ch)) {
      out += ch;
      continue;
    }
    const plain = stroked[ch] ?? ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...plain].every((c) => toByte.has(c)) && plain !== '' ? plain : '?';
  }
  return out;
}

/** Bytes of a WinAnsi string, as a PDF hex string body. */
export function winAnsiHex(text: string): string {
  let hex = '';
  for (const ch of text) hex += (toByte.get(ch) ?? 0x3f).toString(16).padStart(2, '0');
  return hex;
}
