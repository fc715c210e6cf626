/**
 * @module
 * Hostile inputs made at test time, for the fuzz suite and `npm run bench --
 * hostile`: images that lie about their size, truncated and self-referencing
 * TIFFs, CMYK and progressive JPEGs, 16-bit PNGs, other formats under a wrong
 * name, page-tree bombs, a 200-inch page, and the special files and odd names
 * a shared drive holds (symbolic-link loops, dangling links, FIFOs, a folder
 * named like a PDF, a newline or non-UTF-8 bytes in a name).
 *
 * Each entry says what Daylight must make of it: `ok` (extracts), a problem
 * code, or `any` (the bytes are damaged in ways where either a clean failure or
 * a partial read is right). Expectations follow from what the bytes are, never
 * from a file's name.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { grayPng } from '../support/png.ts';
import { encodeG4Stream } from '../../pipeline/image/ccitt-g4.ts';

/** The hostile corpus (see its README and PROVENANCE.md). */
export const hostileCorpus = join(import.meta.dirname, '../../../shared/corpora/hostile');

/** `n` files spread over the corpus's sorted list, so every source and kind of damage is in. */
export function corpusSpread(n: number): string[] {
  const all = readdirSync(hostileCorpus).filter((f) => f.endsWith('.pdf')).sort();
  if (n >= all.length) return all;
  return Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);
}

export interface Crafted {
  /** Name in the folder (may hold odd characters); raw bytes for non-UTF-8 names. */
  name: string | Buffer;
  /** What extraction must give: 'ok', a problem code, or 'any' clean outcome. */
  expect: string;
  /** What it is, for messages. */
  what: string;
}

/** A little-endian TIFF with one 8-bit gray strip per IFD; `next` overrides an IFD's next-IFD offset. */
export function grayTiff(pages: { width: number; height: number; pixels?: Buffer; next?: 'self' }[]): Buffer {
  const parts: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  pages.forEach((page, i) => {
    const pixels = page.pixels ?? Buffer.alloc(Math.min(page.width * page.height, 4096), 255);
    const entries: [number, number, number, number][] = [
      [256, 4, 1, page.width],
      [257, 4, 1, page.height],
      [258, 3, 1, 8],
      [259, 3, 1, 1],
      [262, 3, 1, 1],
      [273, 4, 1, 0], // strip offset, filled in below
      [277, 3, 1, 1],
      [278, 4, 1, page.height],
      [279, 4, 1, pixels.length],
    ];
    const ifdSize = 2 + entries.length * 12 + 4;
    const ifdAt = offset;
    const dataAt = ifdAt + ifdSize;
    entries[5][3] = dataAt;
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, count, value], j) => {
      const at = 2 + j * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(count, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    const nextAt = dataAt + pixels.length;
    ifd.writeUInt32LE(page.next === 'self' ? ifdAt : i < pages.length - 1 ? nextAt : 0, ifdSize - 4);
    parts.push(ifd, pixels);
    offset = nextAt;
  });
  return Buffer.concat(parts);
}

/**
 * A little-endian multi-page TIFF of 1-bit CCITT G4 pages (MinIsWhite), as a scanner's
 * batch export writes, at `dpi`: each page's strip follows its IFD and resolution values.
 */
export function g4Tiff(pages: { data: Uint8Array; width: number; height: number }[], dpi: number): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  let offset = 8;
  pages.forEach((page, i) => {
    const strip = Buffer.from(encodeG4Stream(page.data, page.width, page.height));
    const count = 12;
    const ifdSize = 2 + count * 12 + 4;
    const rationalsAt = offset + ifdSize;
    const stripAt = rationalsAt + 16;
    const entries: [number, number, number][] = [
      [256, 4, page.width],
      [257, 4, page.height],
      [258, 3, 1],
      [259, 3, 4],
      [262, 3, 0],
      [273, 4, stripAt],
      [277, 3, 1],
      [278, 4, page.height],
      [279, 4, strip.length],
      [282, 5, rationalsAt],
      [283, 5, rationalsAt + 8],
      [296, 3, 2],
    ];
    const ifd = Buffer.alloc(ifdSize + 16);
    ifd.writeUInt16LE(count, 0);
    entries.forEach(([tag, type, value], j) => {
      const at = 2 + j * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    const next = stripAt + strip.length;
    ifd.writeUInt32LE(i < pages.length - 1 ? next : 0, ifdSize - 4);
    for (const at of [ifdSize, ifdSize + 8]) {
      ifd.writeUInt32LE(dpi, at);
      ifd.writeUInt32LE(1, at + 4);
    }
    parts.push(ifd, strip);
    offset = next;
  });
  return Buffer.concat(parts);
}

/** A PDF of `count` real, empty pages in one flat page tree: small bytes, a page count no report has. */
export function manyPages(count: number): Buffer {
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Count ${count} /Kids [${kids}] >>`, ...Array.from({ length: count }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>')];
  const chunks: string[] = ['%PDF-1.7\n'];
  let length = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    const text = `${i + 1} 0 obj\n${o}\nendobj\n`;
    chunks.push(text);
    length += text.length;
  });
  chunks.push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`));
  chunks.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

async function pdfWithText(size: [number, number], text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage(size);
  page.drawText(text, { x: 72, y: size[1] - 400, size: Math.max(12, size[0] / 60), font });
  return pdf.save();
}

/** Writes the crafted files into `folder` and returns what each must give. */
export async function writeCrafted(folder: string): Promise<Crafted[]> {
  mkdirSync(folder, { recursive: true });
  const out: Crafted[] = [];
  const put = (name: string | Buffer, bytes: Uint8Array | Buffer, expect: string, what: string) => {
    writeFileSync(typeof name === 'string' ? join(folder, name) : Buffer.concat([Buffer.from(`${folder}/`), name]), bytes);
    out.push({ name, expect, what });
  };
  const scanText = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="1275" height="1650"><rect width="100%" height="100%" fill="white"/><text x="100" y="200" font-size="60" font-family="sans-serif">Inspection report 2024</text></svg>`,
  );
  const scan = sharp(scanText).flatten({ background: '#fff' });

  put('huge-declared.png', grayPng(100_000, 100_000, deflateSync(Buffer.alloc(1000))), 'input.image-too-large', 'a PNG whose header claims 100,000 × 100,000 pixels');
  put('huge-declared.tif', grayTiff([{ width: 100_000, height: 100_000 }]), 'input.image-too-large', 'a TIFF whose header claims 100,000 × 100,000 pixels');
  const tiff = await scan.clone().grayscale().tiff({ compression: 'lzw' }).toBuffer();
  put('truncated.tif', tiff.subarray(0, Math.floor(tiff.length * 0.6)), 'input.truncated', 'a TIFF cut at 60% of its bytes');
  put('self-referencing.tif', grayTiff([{ width: 64, height: 64, next: 'self' }]), 'any', "a TIFF whose page list points back to its own first page");
  const png = await scan.clone().png().toBuffer();
  put('truncated.png', png.subarray(0, Math.floor(png.length * 0.5)), 'input.truncated', 'a PNG cut in half');
  const jpeg = await scan.clone().jpeg().toBuffer();
  put('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length * 0.5)), 'input.truncated', 'a JPEG cut in half');
  put('cmyk.jpg', await scan.clone().toColourspace('cmyk').jpeg().toBuffer(), 'ok', 'a CMYK JPEG');
  put('progressive.jpg', await scan.clone().jpeg({ progressive: true }).toBuffer(), 'ok', 'a progressive JPEG');
  put('sixteen-bit.png', await scan.clone().toColourspace('rgb16').png().toBuffer(), 'ok', 'a 16-bit PNG');
  put('really-a-gif.png', await scan.clone().gif().toBuffer(), 'input.unsupported-type', 'a GIF named .png');
  put('really-a-webp.jpg', await scan.clone().webp().toBuffer(), 'input.unsupported-type', 'a WebP named .jpg');
  put('many-pages.pdf', manyPages(12_000), 'input.too-many-pages', 'a PDF of 12,000 empty pages, over the default page limit');
  put('two-hundred-inch.pdf', await pdfWithText([14_400, 14_400], 'A very large drawing sheet'), 'ok', 'a valid 200-inch page');
  const normal = await pdfWithText([612, 792], 'Ordinary report text');
  put('line\nbreak.pdf', normal, 'ok', 'a file name with a newline');
  put(Buffer.from([0x6e, 0x6f, 0x6e, 0x2d, 0xe9, 0x2e, 0x70, 0x64, 0x66]), await pdfWithText([612, 792], 'Another ordinary report'), 'ok', 'a Latin-1 (non-UTF-8) file name');
  return out;
}

/** Special files beside the crafted ones: what a batch must record (or skip) for each. */
export interface SpecialFile {
  name: string;
  /** The problem code a batch records for it, or 'skip' when it is not a document at all. */
  expect: string;
  /** What `daylight extract` gives when named it (a folder, even through a link, is not a file). */
  extract: string;
  what: string;
}

export function writeSpecialFiles(folder: string): SpecialFile[] {
  const out: SpecialFile[] = [];
  mkdirSync(join(folder, 'loop'), { recursive: true });
  symlinkSync('../loop', join(folder, 'loop', 'back-up'));
  out.push({ name: 'loop/back-up', expect: 'input.symlink-loop', extract: 'input.not-a-file', what: 'a link to the folder that holds it' });
  symlinkSync('chain-b', join(folder, 'chain-a.pdf'));
  symlinkSync('chain-a.pdf', join(folder, 'chain-b'));
  out.push({ name: 'chain-a.pdf', expect: 'input.symlink-loop', extract: 'input.symlink-loop', what: 'two links pointing at each other' });
  symlinkSync('gone-away.pdf', join(folder, 'dangling.pdf'));
  out.push({ name: 'dangling.pdf', expect: 'input.dangling-link', extract: 'input.dangling-link', what: 'a link whose target does not exist' });
  execFileSync('mkfifo', [join(folder, 'pipe.pdf')]);
  out.push({ name: 'pipe.pdf', expect: 'input.not-a-file', extract: 'input.not-a-file', what: 'a FIFO named like a PDF' });
  mkdirSync(join(folder, 'x.pdf'));
  out.push({ name: 'x.pdf', expect: 'skip', extract: 'input.not-a-file', what: 'a folder named x.pdf (its files, none here, are documents)' });
  return out;
}
