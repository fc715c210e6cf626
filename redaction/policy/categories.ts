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
  'public.role': 'Official, judge or counsel acting in that role',
  'public.office-contact': "Public office's e-mail or phone",
  'public.court-record': 'Court record: docket number, filing stamp, case citation',
} as const;

export type CategoryKey = keyof typeof categories;

export function isCategory(key: string): key is CategoryKey {
  return Object.hasOwn(categories, key);
}

/**
 * What the public reads about a category in a release's redaction log: plain words,
 * fixed per category, so a public reason never carries a detector's matched or context
 * words. Every key of `categories` has one (checked by the type).
 */
export const publicCategoryLabels: Record<CategoryKey, string> = {
  'personal.name': 'Name of a private person',
  'personal.address': 'Home or personal address',
  'personal.phone': 'Personal phone number',
  'personal.email': 'Personal email address',
  'personal.ssn': 'Social Security or taxpayer number',
  'personal.id-number': 'Personal identity document number',
  'personal.dob': 'Date of birth',
  'personal.health': 'Personal health information',
  'personal.bank-account': 'Bank account details',
  'personal.card-number': 'Payment card number',
  'personal.iban': 'Bank account details',
  'personal.biometric': 'Biometric information',
  'personal.ip-address': 'Personal network address',
  'personal.vehicle-plate': 'Vehicle registration or identification number',
  'personal.case-number': 'Personal case or file number',
  'government.classified': 'Classified information',
  'government.controlled': 'Information restricted by law',
  'government.deliberative': 'Internal deliberation before a decision',
  'government.internal-id': 'Internal government identifier',
  'security.credential': 'Password, access code or key',
  'security.internal-host': 'Internal network or system address',
  'public.role': 'Name of an official acting in that role',
  'public.office-contact': 'Contact details of a public office',
  'public.court-record': 'Court record reference',
};

/** The public label of a category; a category the policy does not know is "Other withheld information". */
export function publicCategoryLabel(key: string): string {
  return isCategory(key) ? publicCategoryLabels[key] : 'Other withheld information';
}
