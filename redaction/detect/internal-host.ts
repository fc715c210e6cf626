import type { Detector } from './detector.ts';

/** Top-level names that never resolve on the public internet (RFC 6762, 8375, common practice). */
const INTERNAL_TLD = '(?:internal|intranet|intra|local|localdomain|corp|lan|home\\.arpa|private|priv|ad)';
const PRIVATE_IP = '(?:10(?:\\.\\d{1,3}){3}|192\\.168(?:\\.\\d{1,3}){2}|172\\.(?:1[6-9]|2\\d|3[01])(?:\\.\\d{1,3}){2}|127(?:\\.\\d{1,3}){3})';
/** First labels that name internal services on otherwise public domains. */
const SERVICE = '(?:intranet|internal|vpn|ldap|sharepoint|jira|confluence|gitlab|jenkins|fileserver|files?srv|dc\\d{0,2}|sql\\d{0,2}|db\\d{0,2}|corp|staging|dev|admin)';

export const internalHost: Detector = {
  id: 'internal-host',
  category: 'security.internal-host',
  summary: 'Hostnames, URLs and network paths of internal systems.',
  patterns: [
    { name: 'url to private address', regex: new RegExp(`\\b(?:https?|ftp|smb|rdp|ssh)://${PRIVATE_IP}(?::\\d+)?(?:/[^\\s<>"')]*)?`, 'gi'), score: 0.8 },
    { name: 'internal domain', regex: new RegExp(`(?:\\b(?:https?|ftp|smb|ssh)://)?\\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\\.${INTERNAL_TLD}\\b(?::\\d+)?(?:/[^\\s<>"')]*)?`, 'gi'), score: 0.75 },
    { name: 'internal service name', regex: new RegExp(`\\b(?:https?|ftp|smb|ssh)://${SERVICE}[a-z0-9-]*\\.[a-z0-9.-]+(?::\\d+)?(?:/[^\\s<>"')]*)?`, 'gi'), score: 0.6 },
    { name: 'network share', regex: /\\\\[A-Za-z0-9][\w.-]*\\[\w$.-]+(?:\\[^\s\\<>"]+)*/g, score: 0.75 },
  ],
  examples: {
    match: ['the share at \\\\fs01\\case-files\\2024', 'log in at https://intranet.agency.gov/hr', 'server db02.corp.local was patched', 'http://10.20.1.5:8080/admin'],
    ignore: ['see https://www.example.gov/foia', 'email jane@example.org', 'visit www.TaxAids.ca'],
  },
};
