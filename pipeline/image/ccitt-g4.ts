/**
 * @module
 * CCITT Group 4 (ITU-T T.6) encoding of a thresholded gray raster, in-process.
 * Text pages at 300 DPI are 8 million pixels of which nearly all are white; a
 * coder that works on the list of colour changes of each row spends its time only
 * where the ink is, several times less CPU than thresholding, packing and coding
 * through libvips and libtiff. Pure: gray bytes in, the G4 stream out.
 *
 * ```ts
 * const stream = encodeG4Stream(gray.data, gray.width, gray.height); // /CCITTFaxDecode, K -1
 * ```
 */

/** Codes as written in T.4 tables 2 and 3, bit strings, index = run length (terminating) or run / 64 (make-up). */
const WHITE_TERMINATING = '00110101 000111 0111 1000 1011 1100 1110 1111 10011 10100 00111 01000 001000 000011 110100 110101 101010 101011 0100111 0001100 0001000 0010111 0000011 0000100 0101000 0101011 0010011 0100100 0011000 00000010 00000011 00011010 00011011 00010010 00010011 00010100 00010101 00010110 00010111 00101000 00101001 00101010 00101011 00101100 00101101 00000100 00000101 00001010 00001011 01010010 01010011 01010100 01010101 00100100 00100101 01011000 01011001 01011010 01011011 01001010 01001011 00110010 00110011 00110100';
const BLACK_TERMINATING = '0000110111 010 11 10 011 0011 0010 00011 000101 000100 0000100 0000101 0000111 00000100 00000111 000011000 0000010111 0000011000 0000001000 00001100111 00001101000 00001101100 00000110111 00000101000 00000010111 00000011000 000011001010 000011001011 000011001100 000011001101 000001101000 000001101001 000001101010 000001101011 000011010010 000011010011 000011010100 000011010101 000011010110 000011010111 000001101100 000001101101 000011011010 000011011011 000001010100 000001010101 000001010110 000001010111 000001100100 000001100101 000001010010 000001010011 000000100100 000000110111 000000111000 000000100111 000000101000 000001011000 000001011001 000000101011 000000101100 000001011010 000001100110 000001100111';
/** Make-up codes for 64 … 1728. */
const WHITE_MAKEUP = '11011 10010 010111 0110111 00110110 00110111 01100100 01100101 01101000 01100111 011001100 011001101 011010010 011010011 011010100 011010101 011010110 011010111 011011000 011011001 011011010 011011011 010011000 010011001 010011010 011000 010011011';
const BLACK_MAKEUP = '0000001111 000011001000 000011001001 000001011011 000000110011 000000110100 000000110101 0000001101100 0000001101101 0000001001010 0000001001011 0000001001100 0000001001101 0000001110010 0000001110011 0000001110100 0000001110101 0000001110110 0000001110111 0000001010010 0000001010011 0000001010100 0000001010101 0000001011010 0000001011011 0000001100100 0000001100101';
/** Make-up codes both colours share, for 1792 … 2560. */
const COMMON_MAKEUP = '00000001000 00000001100 00000001101 000000010010 000000010011 000000010100 000000010101 000000010110 000000010111 000000011100 000000011101 000000011110 000000011111';

/** A code packed as value << 4 | length (lengths are at most 13 bits). */
function table(bits: string): Int32Array {
  return Int32Array.from(bits.split(' '), (b) => (parseInt(b, 2) << 4) | b.length);
}

const terminating = [table(WHITE_TERMINATING), table(BLACK_TERMINATING)];
// Index k holds the make-up code for a run of k × 64 (index 0 unused).
const makeup = [WHITE_MAKEUP, BLACK_MAKEUP].map((own) => {
  const codes = new Int32Array(41);
  codes.set(table(own), 1);
  codes.set(table(COMMON_MAKEUP), 28);
  return codes;
});

const PASS = (0b0001 << 4) | 4;
const HORIZONTAL = (0b001 << 4) | 3;
/** Vertical modes by a1 − b1, from −3 to +3. */
const VERTICAL = [(0b0000010 << 4) | 7, (0b000010 << 4) | 6, (0b010 << 4) | 3, (0b1 << 4) | 1, (0b011 << 4) | 3, (0b000011 << 4) | 6, (0b0000011 << 4) | 7];
const LONGEST_MAKEUP = 2560;

/** Gray values below this are black, as before (the value sharp's threshold used). */
export const G4_THRESHOLD = 160;

class BitWriter {
  bytes: Uint8Array;
  length = 0;
  private acc = 0;
  private held = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 1024));
  }

  /** Room for `bytes` more bytes; called once a row, with that row's worst case. */
  reserve(bytes: number): void {
    if (this.length + bytes + 8 <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + bytes + 8));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  code(packed: number): void {
    const n = packed & 15;
    this.acc = ((this.acc << n) | (packed >>> 4)) & 0xffffff;
    this.held += n;
    while (this.held >= 8) {
      this.held -= 8;
      this.bytes[this.length++] = (this.acc >>> this.held) & 0xff;
    }
  }

  run(colour: number, length: number): void {
    while (length >= LONGEST_MAKEUP + 64) {
      this.code(makeup[colour][LONGEST_MAKEUP / 64]);
      length -= LONGEST_MAKEUP;
    }
    if (length >= 64) {
      this.code(makeup[colour][length >>> 6]);
      length &= 63;
    }
    this.code(terminating[colour][length]);
  }

  finish(): Uint8Array {
    if (this.held > 0) this.bytes[this.length++] = (this.acc << (8 - this.held)) & 0xff;
    this.held = 0;
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Positions in a row where the colour changes (the first pixel of each run after
 * the first), white first, then four sentinels at `width`. Returns the count.
 * `words` views the same bytes four pixels at a time (or is undefined when the
 * bytes are not 4-aligned): paper white (255) is skipped a word at a time.
 */
function changes(gray: Uint8Array, words: Int32Array | undefined, start: number, width: number, threshold: number, out: Int32Array): number {
  let n = 0;
  let black = false;
  const end = start + width;
  let p = start;
  while (p < end) {
    if (!black && words && (p & 3) === 0) {
      let w = p >>> 2;
      const last = end >>> 2;
      while (w < last && words[w] === -1) w++;
      p = w << 2;
      if (p >= end) break;
    }
    if (gray[p] < threshold !== black) {
      black = !black;
      out[n++] = p - start;
    }
    p++;
  }
  out[n] = out[n + 1] = out[n + 2] = out[n + 3] = width;
  return n;
}

/**
 * The G4 stream of a gray raster (row-major, one byte a pixel): pixels below
 * `threshold` are black runs, so a PDF decodes it with the default BlackIs1 false.
 * Ends with the end-of-block code, as /CCITTFaxDecode expects by default.
 */
export function encodeG4Stream(gray: Uint8Array, width: number, height: number, threshold = G4_THRESHOLD): Uint8Array {
  if (width <= 0 || height <= 0 || gray.length < width * height) throw new Error(`G4: ${gray.length} bytes cannot hold a ${width}×${height} raster`);
  const out = new BitWriter(width * height >>> 6);
  let ref = new Int32Array(width + 4);
  let cur = new Int32Array(width + 4);
  ref[0] = ref[1] = ref[2] = ref[3] = width;
  let refCount = 0;
  const words = gray.byteOffset % 4 === 0 ? new Int32Array(gray.buffer, gray.byteOffset, (width * height) >>> 2) : undefined;
  for (let y = 0; y < height; y++) {
    const count = changes(gray, words, y * width, width, threshold, cur);
    // Worst case: a horizontal code of two runs (under 8 bytes) per change of either row,
    // plus the longest runs' make-up codes.
    out.reserve((count + refCount + 2) * 8 + (width >>> 6) * 4);
    let a0 = -1;
    let i = 0; // index in cur of a1, the first change right of a0
    let j = 0; // index in ref of b1
    while (a0 < width) {
      while (cur[i] <= a0) i++;
      // The colour at a0: white after an even number of changes.
      const colour = i & 1;
      // b1: the first change on the reference row right of a0 whose colour is the opposite
      // of a0's (changes at even indexes turn black). j only moves back by one at most.
      if (j > 0) j--;
      while (ref[j] <= a0 || (j & 1) !== colour) j++;
      const a1 = cur[i];
      const b1 = ref[j];
      const b2 = ref[j + 1];
      if (b2 < a1) {
        out.code(PASS);
        a0 = b2;
      } else if (a1 - b1 <= 3 && b1 - a1 <= 3) {
        out.code(VERTICAL[a1 - b1 + 3]);
        a0 = a1;
      } else {
        const a2 = cur[i + 1];
        out.code(HORIZONTAL);
        out.run(colour, a1 - Math.max(a0, 0));
        out.run(colour ^ 1, a2 - a1);
        a0 = a2;
      }
    }
    [ref, cur] = [cur, ref];
    refCount = count;
  }
  // End of facsimile block: two EOL codes.
  out.code((1 << 4) | 12);
  out.code((1 << 4) | 12);
  return out.finish();
}
