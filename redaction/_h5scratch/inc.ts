import { PDFDocument, StandardFonts } from 'pdf-lib';
const doc = await PDFDocument.create(); const font = await doc.embedFont(StandardFonts.Helvetica);
const page = doc.addPage([612, 792]); page.drawText('hello', { x: 72, y: 700, size: 12, font });
const b = await doc.save({ useObjectStreams: false });
console.log(Buffer.from(b).toString('latin1').replace(/stream[\s\S]*?endstream/g, 'STREAM'));
