import type { Detector } from './detector.ts';
import { isEnglishWord } from './english-words.ts';
import { isGivenName } from './given-names.ts';
import { lexiconTags } from './nlp.ts';

/**
 * Mailbox names that name a service, not a person: RFC 2142's (info, sales, support, abuse, noc, security,
 * postmaster, hostmaster, usenet, news, webmaster, www, uucp, ftp, marketing) and the abbreviations offices use for
 * theirs ("foia@", "hr@", "pio@": public information officer). Longer role names are found as ordinary words.
 */
const ROLE_TOKENS = new Set(['info', 'noc', 'www', 'uucp', 'ftp', 'foia', 'hr', 'it', 'pio', 'dept', 'govt', 'admin', 'noreply', 'donotreply', 'usenet', 'webmaster', 'postmaster', 'hostmaster', 'helpdesk', 'customerservice', 'pr']);

/** Whether `token` is written as one to three ordinary words of three letters or more ("solidwaste", "publicrecords"). */
function ordinaryWords(token: string, parts = 3): boolean {
  if (ROLE_TOKENS.has(token) || (token.length >= 3 && isEnglishWord(token) && !personWord(token))) return true;
  if (parts === 1) return false;
  for (let i = 3; i <= token.length - 3; i++) {
    const head = token.slice(0, i);
    if ((ROLE_TOKENS.has(head) || (isEnglishWord(head) && !personWord(head))) && ordinaryWords(token.slice(i), parts - 1)) return true;
  }
  return false;
}

/** A given name or a surname the lexicon knows ("maria", "smith"): a mailbox holding one may be a person's. */
function personWord(word: string): boolean {
  return isGivenName(word) || lexiconTags(word).includes('LastName');
}

/**
 * A service's or an office's mailbox: its name before the "@" is made of ordinary words or service names only, with
 * no given name, surname or initial ("solidwaste@tampagov.net", "public.records@…", "info@…"). It is no one's
 * personal detail; "maria.lopez@…", "jsmith@…" and "marialopez2024@…" stay.
 */
export function serviceMailbox(text: string): boolean {
  const tokens = text.split('@')[0].trim().toLowerCase().split(/[._+-]+|\d+/).filter((t) => t.length > 0);
  return tokens.length > 0 && tokens.every((t) => ordinaryWords(t));
}

/**
 * An account name alone in a message header's address field: "From: amblack", "To: jsmith2;". Lower-case letters,
 * digits and the separators accounts use, three characters or more, and nothing else in the field; "undisclosed-recipients:;",
 * a display name and a service's name ("To: foia", "From: staff": serviceMailbox) are not one.
 */
const ACCOUNT_IN_HEADER = /^[ \t]*(?:From|To|Cc|CC|Bcc|BCC|Reply-To|Sender)[ \t]*:[ \t]*(?<value>\p{Ll}[\p{Ll}\p{N}._-]{1,28}[\p{Ll}\p{N}])[ \t]*(?:;[ \t]*)?$/gmu;

export const email: Detector = {
  id: 'email',
  category: 'personal.email',
  summary: 'Email addresses.',
  // OCR often reads a space beside the "@" ("p.venkataraman @kestrelbay.gov"); one is tolerated.
  patterns: [
    { name: 'address', regex: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+ ?@ ?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu, score: 0.95, requires: '@' },
    // a released message's header prints an address its mail system could not resolve to a directory name as the
    // bare account, and a release that withholds the domain leaves only that ("From: amblack"): alone in an address
    // field, in lower case as mail systems write accounts (a display name is capitalised: "From: Carson, Johnnie"),
    // it is the mailbox's own part. Whose it is, the tie rules decide as for a whole mailbox (personal-tie.ts).
    { name: 'header account', regex: ACCOUNT_IN_HEADER, score: 0.95 },
  ],
  certain: true,
  validate: (text) => {
    if (/\.(?:png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|pptx?|txt|csv|zip)$/i.test(text)) return false;
    // With a space, a short word before a handle ("us @city.gov") is not a mailbox.
    if (text.includes(' ') && text.split(/ ?@/)[0].length < 4) return false;
    if (serviceMailbox(text)) return false;
    if (!text.includes('@')) return 'account name alone in a mail header field';
    return text.includes(' ') ? 'address shape, a space beside the @ as OCR reads it' : 'address shape';
  },
  examples: {
    match: ['Reply to maria.gonzalez@example.org by Friday.', 'AinoVirtanen@postinet.fi', 'Email p.venkataraman @kestrelbay.example.gov today', 'From: amblack\nTo: Abedin, Huma'],
    ignore: ['Call or email solidwaste@tampagov.net', 'From: Carson, Johnnie', 'To: staff', 'To: undisclosed-recipients:;', 'From: H', 'Questions: info@example.org', 'Follow @daylight on social media', 'the file name@2x.png', 'write to us @city.gov', 'see name@2x.png'],
  },
};
