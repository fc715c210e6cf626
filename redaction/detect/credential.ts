import { isEnglishWord } from './english-words.ts';
import type { Detector } from './detector.ts';

const LABEL = '(?:password|passwd|pwd|pass ?phrase|pass ?code|pin(?: code| number)?|access code|alarm code|door code|gate code|entry code|lock code|keypad code|security code|safe combination|combination|api key|secret key|access key|private key|auth(?:entication)? token|token|username and password)';
/** Words that follow "password" in prose and are not passwords. */
const PROSE = /^(?:is|was|has|had|have|were|will|would|must|should|can|could|may|changed|reset|expired|policy|policies|requirements?|protected|manager|field|prompt|the|a|an|to|for|and|or|of|that|which|on|in|be|been|not|needed|required|hint)$/i;

export const credential: Detector = {
  id: 'credential',
  category: 'security.credential',
  summary: 'Passwords, PINs, access and alarm codes, API keys and private keys.',
  patterns: [
    { name: 'labelled secret', regex: new RegExp(`\\b${LABEL}\\s*(?:(?:is|was|:|=|-|set to)\\s*)+["'“]?(?<value>[^\\s"'”,;]{3,80}?)["'”]?(?=[\\s,;]|\\.?(?:\\s|$))`, 'gi'), score: 0.8 },
    // "alarm code 4471#": no "is" or colon, so the value must look like a code
    { name: 'labelled code', regex: new RegExp(`\\b${LABEL}\\s+(?<value>(?=[^\\s,;]*[\\d#*!@$%])[^\\s"',;]{3,40}?)(?=[\\s,;]|\\.?(?:\\s|$))`, 'gi'), score: 0.8 },
    { name: 'user name', regex: /\b(?:user ?name|user id|login|log-in|account name|service account)\s*(?:(?:is|:|=)\s*)?(?<value>[a-z][a-z0-9._-]{3,30})(?=[\s,;]|\.?(?:\s|$))/gi, score: 0.6 },
    { name: 'aws access key', regex: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, score: 0.9 },
    { name: 'private key block', regex: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z]+ )?PRIVATE KEY-----/g, score: 0.95 },
    { name: 'bearer token', regex: /\bBearer\s+(?<value>[A-Za-z0-9._~+/-]{20,}=*)/g, score: 0.85 },
  ],
  validate: (text) => {
    const bare = text.replace(/[).,]+$/, '');
    if (PROSE.test(bare)) return false;
    // "Service Account office": a lower-case dictionary word is prose; user names and secrets are not words
    if (/^\p{Ll}+$/u.test(bare) && isEnglishWord(bare)) return false;
    return 'looks like a secret value';
  },
  examples: {
    match: ['The alarm code is 4512.', 'password: hunter2!', 'Wi-Fi password = Blue-Heron-77', 'key AKIAIOSFODNN7EXAMPLE', 'the server room uses alarm code 4471#.', 'log in as user name permitadmin'],
    ignore: ['The password was changed on Monday.', 'Password policy requires 12 characters.', 'the access code policy', 'PIN 2 of the form', 'user name field'],
  },
};
