/**
 * @module
 * The categories detectors report. A policy maps every one of them to an action
 * and an exemption; the labels here are what clerks read in tables and the review UI.
 */
export const categories = {
  'personal.name': 'Person name',
  'personal.address': 'Street address',
  'personal.phone': 'Phone number',
  'personal.email': 'Email address',
  'personal.ssn': 'Social Security or taxpayer number',
  'personal.id-number': 'Driver licence, passport or other ID number',
  'personal.dob': 'Date of birth',
  'personal.health': 'Health detail',
  'personal.bank-account': 'Bank account or routing number',
  'personal.card-number': 'Payment card number',
  'personal.iban': 'IBAN',
  'personal.biometric': 'Biometric reference',
  'personal.ip-address': 'IP address',
  'personal.vehicle-plate': 'Vehicle plate or VIN',
  'personal.case-number': 'Case, claim or client file number',
  'government.classified': 'Classification marking and the passage it governs',
  'government.controlled': 'Handling marking (FOUO, CUI, LES, NOFORN)',
  'government.deliberative': 'Pre-decisional or draft material',
  'government.internal-id': 'Internal identifier listed by the office',
  'security.credential': 'Password, access or alarm code, key',
  'security.internal-host': 'Internal host, URL or network path',
} as const;

export type CategoryKey = keyof typeof categories;

export function isCategory(key: string): key is CategoryKey {
  return Object.hasOwn(categories, key);
}
