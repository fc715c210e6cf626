import type { Detector } from './detector.ts';
import { findMarkings } from './markings.ts';

export const classificationMarking: Detector = {
  id: 'classification-marking',
  category: 'government.classified',
  summary: 'Classification banners (TOP SECRET, SECRET, CONFIDENTIAL) and the paragraphs their portion marks govern.',
  passage: true,
  find: (input) => findMarkings(input, { kind: 'classification', banner: 'TOP SECRET|SECRET|CONFIDENTIAL', portion: 'TS|S|C|TS//SCI' }),
  examples: {
    match: ['SECRET//NOFORN\nMemo to file', '(S) The source reported movement near the border.\nIt continued for two days.', 'TOP SECRET'],
    ignore: ['The secret to success is planning.', 'Keep this confidential, please.', '(U) The meeting was routine.'],
  },
};
