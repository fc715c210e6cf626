import { PDFDocument, StandardFonts } from 'pdf-lib';
const doc = await PDFDocument.create();
const f = await doc.embedFont(StandardFonts.TimesRoman);
for (const s of process.argv.slice(2)) console.log(f.widthOfTextAtSize(s, 11).toFixed(1), s);
