import type { Detector } from './detector.ts';
import { findMarkings } from './markings.ts';

export const deliberativeMarking: Detector = {
  id: 'deliberative-marking',
  category: 'government.deliberative',
  summary: 'Pre-decisional, deliberative and draft markings, for the approver to review.',
  passage: true,
  find: (input) => findMarkings(input, { kind: 'deliberative', banner: 'PRE-DECISIONAL|PREDECISIONAL|DELIBERATIVE|DRAFT', portion: 'PRE-DECISIONAL|PREDECISIONAL|DELIBERATIVE|DRAFT' }),
  examples: {
    match: ['DRAFT\nOptions for the rule', 'PRE-DECISIONAL // DELIBERATIVE', '(PRE-DECISIONAL) Option 2 saves money.'],
    ignore: ['The draft was circulated.', 'a deliberative body', 'DRAFT BEER COMPANY OF AMERICA is a vendor'],
  },
};
