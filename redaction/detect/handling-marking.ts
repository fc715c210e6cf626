import type { Detector } from './detector.ts';
import { findMarkings } from './markings.ts';

export const handlingMarking: Detector = {
  id: 'handling-marking',
  category: 'government.controlled',
  summary: 'Handling markings (FOUO, CUI, LES, NOFORN) and the paragraphs their portion marks govern.',
  passage: true,
  find: (input) =>
    findMarkings(input, {
      kind: 'handling',
      banner: 'FOR OFFICIAL USE ONLY|FOUO|CUI|CONTROLLED UNCLASSIFIED INFORMATION|LAW ENFORCEMENT SENSITIVE|LES|NOFORN|UNCLASSIFIED//FOUO|UNCLASSIFIED//LES',
      portion: 'FOUO|CUI|LES|NF|SBU',
    }),
  examples: {
    match: ['UNCLASSIFIED//FOR OFFICIAL USE ONLY', '(U//FOUO) Staffing levels at the port are low.', 'CUI'],
    ignore: ['The cui bono question.', 'Les Miserables was performed.', '(U) Routine.'],
  },
};
