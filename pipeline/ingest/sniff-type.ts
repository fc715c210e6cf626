/**
 * @module
 * The media type of a file, from its first bytes only; the extension is used just
 * to warn when it disagrees ("named .pdf but is a JPEG").
 *
 * ```ts
 * const sniffed = sniffType(bytes, 'scan.pdf');
 * if (sniffed.ok) read(sniffed.value.mediaType);
 * ```
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { MediaType, Warning } from '../model/types.ts';

/** Readers (Acrobat, pdf.js) accept junk before the header within the first kilobyte. */
const pdfHeaderWindow = 1024;

const names: Record<MediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/tiff': 'TIFF',
};

const extensions: Record<string, MediaType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** `%PDF-` anywhere in the first kilobyte. */
function findPdfHeader(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length, pdfHeaderWindow) - 5;
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return i;
  }
  return -1;
}

/** The type the bytes say, or undefined when they are none Daylight reads. */
export function mediaTypeOf(bytes: Uint8Array): MediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (findPdfHeader(bytes) >= 0) return 'application/pdf';
  return undefined;
}

/** Formats people send by mistake, named from their first bytes so the message says what the file really is. */
const otherFormats: [number[], string, number?][] = [
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF file'],
  [[0x42, 0x4d], 'a BMP image'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a Word, Excel or OpenDocument file)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Microsoft Office file'],
  [[0x25, 0x21, 0x50, 0x53], 'a PostScript file'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
];

function otherFormatOf(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'a WebP image';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'a HEIC/HEIF or MP4 file';
  return otherFormats.find(([signature]) => startsWith(bytes, signature))?.[1];
}

/** The media type named by a file's extension, if it names one Daylight knows. */
export function mediaTypeOfName(fileName: string): MediaType | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(fileName);
  return match ? extensions[match[1].toLowerCase()] : undefined;
}

export function sniffType(bytes: Uint8Array, fileName: string): Result<{ mediaType: MediaType; warnings: Warning[] }> {
  const mediaType = mediaTypeOf(bytes);
  if (!mediaType) {
    const named = mediaTypeOfName(fileName);
    const claim = named ? ` although it is named like a ${names[named]}` : '';
    const other = otherFormatOf(bytes);
    if (other) return fail('input.unsupported-type', `${fileName} is ${other}${claim}; Daylight reads PDF, PNG, JPEG and TIFF, so convert it to one of those.`, { file: fileName });
    return fail('input.unsupported-type', `${fileName} does not start like a PDF, PNG, JPEG or TIFF file${claim}, so Daylight cannot read it.`, { file: fileName });
  }
  const named = mediaTypeOfName(fileName);
  const warnings: Warning[] = [];
  if (named && named !== mediaType) {
    const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1] ?? '';
    warnings.push({ code: 'input.mislabelled', message: `${fileName} is named .${extension} but is a ${names[mediaType]}; read as ${names[mediaType]}.` });
  }
  return ok({ mediaType, warnings });
}
