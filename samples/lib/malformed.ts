/**
 * @module
 * Small broken files for the error paths of ingest: each one is what an office really gets
 * (an empty upload, a cut download, a damaged cross-reference table, a password, a photo
 * saved as .pdf, a Word file, a decompression bomb). Built from the generated samples so the
 * set stays reproducible; `expect` says what Daylight should do with each.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, createDeflate, deflateSync } from 'node:zlib';

export interface Malformed {
  file: string;
  bytes: Uint8Array;
  description: string;
  /** A problem code of pipeline/problems.ts, or "recover" when the pages must still be read. */
  expect: string;
  mediaType?: string;
  password?: string;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Shifts every in-use xref offset so that none points at its object; readers must rebuild the table. */
export function breakXref(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const start = text.lastIndexOf('\nxref');
  const broken = text.slice(start).replace(/^(\d{10}) (\d{5}) n/gm, (_, offset: string, gen: string) => `${String(Number(offset) + 37).padStart(10, '0')} ${gen} n`);
  return latin1(text.slice(0, start) + broken);
}

/** Encrypts with a user password through qpdf, with a static id and IV so the bytes repeat. */
export function encrypt(pdf: Uint8Array, user: string, owner: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'daylight-samples-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--static-id', '--static-aes-iv', '--encrypt', user, owner, '128', '--use-aes=y', '--', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stored (uncompressed) ZIP with a fixed date: enough of a .docx for type sniffing. */
export function storedZip(files: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const dosTime = 0x6000; // 12:00:00
  const dosDate = ((2025 - 1980) << 9) | (9 << 5) | 30;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** Writes PDF objects with a correct classic xref table. */
export function assemblePdf(objects: (string | Buffer)[]): Uint8Array {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let length = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([latin1(`${i + 1} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

/** A one-page PDF whose content stream, flate-encoded twice, inflates to `inflated` bytes of blanks. */
export async function decompressionBomb(inflated: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(1 << 20, 0x20);
  for (let written = 0; written < inflated; written += block.length) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const twice = deflateSync(Buffer.concat(chunks), { level: 9 });
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>',
    Buffer.concat([latin1(`<< /Length ${twice.length} /Filter [/FlateDecode /FlateDecode] >>\nstream\n`), twice, latin1('\nendstream')]),
  ]);
}

const docxFiles = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  'word/document.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Draft response letter (sample; Daylight does not read Word files).</w:t></w:r></w:p></w:body></w:document>',
};

export async function malformedSet(textPdf: Uint8Array, smallJpeg: Uint8Array): Promise<Malformed[]> {
  return [
    { file: 'zero-byte.pdf', bytes: new Uint8Array(0), description: 'An empty upload.', expect: 'input.empty' },
    {
      file: 'truncated.pdf',
      bytes: textPdf.slice(0, Math.floor(textPdf.length / 2)),
      description: 'The first half of incident-report.pdf: a download cut off mid-file (no xref table, no trailer).',
      expect: 'input.corrupt',
    },
    {
      file: 'broken-xref.pdf',
      bytes: breakXref(textPdf),
      description: 'incident-report.pdf with every xref offset shifted by 37 bytes; pdf.js and poppler rebuild the table by scanning.',
      expect: 'recover',
    },
    {
      file: 'encrypted.pdf',
      bytes: encrypt(textPdf, 'records-2025', 'owner-only'),
      description: 'incident-report.pdf encrypted (AES-128) with the user password "records-2025".',
      expect: 'input.encrypted',
      password: 'records-2025',
    },
    { file: 'jpeg-named.pdf', bytes: smallJpeg, description: 'A JPEG scan saved with a .pdf extension.', expect: 'read as image/jpeg with a warning', mediaType: 'image/jpeg' },
    {
      file: 'unsupported.docx',
      bytes: storedZip(docxFiles),
      description: 'A minimal Word document (a ZIP container).',
      expect: 'input.unsupported-type',
    },
    {
      file: 'decompression-bomb.pdf',
      bytes: await decompressionBomb(256 * 1024 * 1024),
      description: 'One page whose content stream (FlateDecode twice) inflates to 256 MiB of blanks.',
      expect: 'input.too-large or a per-page failure, within bounded memory',
    },
  ];
}
