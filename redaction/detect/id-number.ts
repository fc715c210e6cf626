import type { Detector } from './detector.ts';

/** A publication number written as one token: series letters, then series and number ("AFI41-210", "DoDI6025"). */
const PUBLICATION = /^(?:AFI|AFMAN|AFPD|DODI|DODD|DODM|AR|OPNAVINST|BUMEDINST|COMDTINST)\d/i;

export const idNumber: Detector = {
  id: 'id-number',
  category: 'personal.id-number',
  summary: 'Driver licence, passport and other ID numbers when context names them.',
  patterns: [{ name: 'identifier', regex: /(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9](?:[A-Z0-9-]{3,18})[A-Z0-9](?![\w-])/gi, score: 0.1 }],
  context: [
    'driver license', 'drivers license', 'driver s license', 'driver licence', 'driving licence', 'driver s licence', 'dl', 'license', 'licence', 'license number', 'license no',
    'passport', 'passport number', 'passport no', 'id number', 'id no', 'id', 'identification', 'identification number', 'badge', 'employee', 'employee id', 'employee number',
    'inmate', 'booking number', 'alien number', 'a number', 'green card', 'medicare', 'medicaid', 'member id', 'patient id', 'mrn', 'medical record number',
    'student id', 'visa number', 'national insurance', 'nino', 'permit number', 'state id', 'tribal id', 'military id', 'dod id',
  ],
  contextBoost: 0.5,
  // budget and procurement codes name an office's ledger, not a person
  exclude: ['plate', 'phone', 'ssn', 'social security', 'card', 'account', 'routing', 'cost center', 'cost centre', 'fund', 'budget', 'purchase order', 'po', 'contract', 'grant', 'project',
    // a form or publication number ("DD Form 2807-1", "AFI 36-2910") names a document
    'form', 'forms', 'afi', 'afman', 'dodi', 'dodd', 'instruction', 'manual', 'publication', 'directive', 'regulation'],
  validate: (text) => (PUBLICATION.test(text) || /^\d{1,4}$|^(19|20)\d{2}$/.test(text) || /^(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:\d{2}|\d{4})$/.test(text) ? false : 'ID-shaped token'),
  examples: {
    match: ["Driver's license D1234567 (MD)", 'passport number 510328772', 'My driver license number is 47-21-7788'],
    ignore: ['Cost Center 410-220\nName Employee', 'Invoice D1234567', 'passport office opened in 2019', 'the license expired in March'],
  },
};
