import { isIP } from 'node:net';
import type { Detector } from './detector.ts';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

export const ipAddress: Detector = {
  id: 'ip-address',
  category: 'personal.ip-address',
  summary: 'IPv4 and IPv6 addresses.',
  patterns: [
    { name: 'ipv4', regex: new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g'), score: 0.6 },
    { name: 'ipv6', regex: /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])/g, score: 0.7 },
  ],
  context: ['ip', 'address', 'ip address', 'ipv4', 'ipv6', 'host', 'server', 'logged', 'login', 'from', 'connected'],
  contextBoost: 0.2,
  exclude: ['version', 'v', 'release', 'build', 'section', 'rule', 'paragraph', 'figure', 'table'],
  validate: (text) => {
    const kind = isIP(text.replace(/%\w+$/, ''));
    if (kind === 0) return false;
    if (kind === 6 && (text.match(/:/g) ?? []).length < 2) return false;
    return `valid IPv${kind}`;
  },
  examples: {
    match: ['blocked address 10.218.6.131', 'login from 203.0.113.45 at noon', 'host 2001:db8:85a3::8a2e:370:7334'],
    ignore: ['software version 1.2.3.4', 'section 4.2.1.3 applies', 'at 12:20:39 the alarm', '999.1.1.1'],
  },
};
