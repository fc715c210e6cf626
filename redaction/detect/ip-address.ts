import { isIP } from 'node:net';
import type { Detector } from './detector.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const SMALL = '[1-9]?\\d';
/** An octet of 100 or more somewhere in the four: section numbers ("5.14.3.2") never have one. */
const WIDE = '(?=(?:\\d{1,3}\\.){0,3}(?:25[0-5]|2[0-4]\\d|1\\d\\d)(?!\\d))';

export const ipAddress: Detector = {
  id: 'ip-address',
  category: 'personal.ip-address',
  summary: 'IPv4 and IPv6 addresses.',
  patterns: [
    { name: 'ipv4', regex: new RegExp(`(?<![\\w.])${WIDE}${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g'), score: 0.6 },
    // four small numbers are a paragraph number ("5.14.3.2") unless the words around say IP address; never at the start of a line
    { name: 'ipv4 small numbers', regex: new RegExp(`(?<![\\w.])(?<!(?:^|[\\n\\f])[ \\t]*)${SMALL}(?:\\.${SMALL}){3}(?![\\w]|\\.\\d)`, 'g'), score: 0.3 },
    { name: 'ipv6', regex: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])/g, score: 0.7 },
  ],
  context: ['ip', 'address', 'ip address', 'ipv4', 'ipv6', 'host', 'server', 'logged', 'login', 'from', 'connected', 'client', 'gateway', 'subnet', 'dns', 'router'],
  contextBoost: 0.2,
  exclude: ['version', 'v', 'release', 'build', 'section', 'sections', 'rule', 'paragraph', 'paragraphs', 'para', 'paras', 'subparagraph', 'chapter', 'attachment', 'step', 'item', 'figure', 'table', 'iaw', 'see', 'per'],
  certain: true,
  validate: (text) => {
    const kind = isIP(text.replace(/%\w+$/, ''));
    if (kind === 0) return false;
    // "::", "c::": OCR noise and code; an address has at least three groups
    if (kind === 6 && ((text.match(/:/g) ?? []).length < 2 || (text.match(/[0-9a-f]+/gi) ?? []).length < 3)) return false;
    return `valid IPv${kind}`;
  },
  examples: {
    match: ['blocked address 10.218.6.131', 'client ip 10.0.0.5 was blocked', 'login from 203.0.113.45 at noon', 'host 2001:db8:85a3::8a2e:370:7334'],
    ignore: ['software version 1.2.3.4', 'section 4.2.1.3 applies', 'at 12:20:39 the alarm', '999.1.1.1', '5.14.3.2. Records are kept', 'IAW paragraph 2.26.3.1 of this instruction', 'as described in 4.52.4.5 above'],
  },
};
