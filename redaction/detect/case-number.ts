import type { Detector } from './detector.ts';

/**
 * Case, claim and client file numbers. Whether one is withheld depends on the record: a benefits or claim file
 * number points at a person, a police report number is usually released. The default policy proposes them for
 * review; an office that knows its formats puts them on its deny or allow list.
 */
/** A publication number written as one token: series letters, then series and number ("AFI41-210", "DoDI6025"). */
const PUBLICATION = /^(?:AFI|AFMAN|AFPD|DODI|DODD|DODM|AR|OPNAVINST|BUMEDINST|COMDTINST)\d/i;

export const caseNumber: Detector = {
  id: 'case-number',
  category: 'personal.case-number',
  summary: 'Case, claim, client and file numbers when a label names them (proposed for review).',
  patterns: [{ name: 'identifier', regex: /(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9](?:[A-Z0-9-/]{3,24})[A-Z0-9](?![\w-])/gi, score: 0.1 }],
  context: ['case number', 'case no', 'case', 'claim number', 'claim no', 'claim', 'client number', 'client no', 'client id', 'file number', 'file no', 'docket', 'docket no', 'matter number', 'reference number', 'ref no'],
  contextBoost: 0.5,
  // a form or publication number ("VA Form 21-526", "AFI 36-2910") names a document, not someone's file
  exclude: ['phone', 'fax', 'ssn', 'social security', 'card', 'account', 'routing', 'plate', 'page', 'section', 'form', 'forms', 'afi', 'afman', 'dodi', 'dodd', 'instruction', 'manual', 'publication', 'directive', 'regulation'],
  // years, dates and short counts are not file numbers
  validate: (text) => (PUBLICATION.test(text) || /^\d{1,4}$|^(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:\d{2}|\d{4})$/.test(text) ? false : 'file-number-shaped token'),
  examples: {
    match: ['Case Number MC-HS-2025-118406', 'Claim No. 44-1187-X', 'Police report, Case No. 2025-004817'],
    ignore: ['In case 2024 is a leap year', 'The case was closed in 2019', 'Invoice 2025-004817'],
  },
};
