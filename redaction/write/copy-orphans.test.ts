/**
 * A copied page leaves nothing behind that it no longer points to: the XMP packet of
 * an image on the page (its /Metadata key is stripped) is not in the release at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { CopySource } from './copy-pages.ts';
import { ReleaseBuilder } from './pdf.ts';

const AUTHOR = 'Photographer Ximena Quillfeather';

test('the XMP packet of a copied image does not survive as an unused object', async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const ctx = doc.context;
  const xmp = ctx.register(ctx.stream(`<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${AUTHOR}</dc:creator></x:xmpmeta><?xpacket end="w"?>`, { Type: 'Metadata', Subtype: 'XML' }));
  const image = ctx.register(ctx.stream(new Uint8Array(16).fill(128), { Type: 'XObject', Subtype: 'Image', Width: 4, Height: 4, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Metadata: xmp }));
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(40, 0, 0, 40, 72, 600), drawObject(page.node.newXObject('Im', image)), popGraphicsState());
  page.drawText('Bridge photograph, north abutment.', { x: 72, y: 700, size: 12, font });
  page.node.delete(PDFName.of('Annots'));
  const input = await doc.save({ useObjectStreams: false });
  assert.ok(Buffer.from(input).includes(AUTHOR), 'the oracle: the input carries the packet in the clear');

  const source = await CopySource.open(input);
  assert.ok(source);
  const builder = await ReleaseBuilder.create();
  assert.ok(builder.copyPage(source, 0, { boxes: [], labels: [], markers: [] }).ok);
  const release = Buffer.from(await builder.save({ title: 't', date: new Date(0) }));
  assert.ok(!release.includes(AUTHOR) && !release.includes('xpacket'), 'the packet is in the release');
  assert.ok(!release.includes('/Metadata'), 'a /Metadata name is in the release');
  assert.ok(release.includes('/Subtype /Image'), 'the image itself is copied');
});
