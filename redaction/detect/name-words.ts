/**
 * @module
 * Word lists the name detectors share: titles that announce a name, labels and
 * cues around names, and words that make a capitalised run an organisation or
 * a place rather than a person.
 */

/** Titles and honorifics; the name follows. Lower case, without the period. */
export const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'rev', 'reverend', 'sgt', 'sergeant', 'officer', 'detective', 'det', 'agent', 'sa', 'judge', 'justice',
  'senator', 'sen', 'rep', 'representative', 'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'secretary', 'director', 'chief', 'captain', 'capt', 'lt', 'lieutenant',
  'col', 'colonel', 'gen', 'general', 'maj', 'major', 'cpl', 'corporal', 'pvt', 'private', 'deputy', 'inspector', 'commissioner', 'ambassador', 'sir', 'dame', 'lord', 'lady',
  'father', 'fr', 'sister', 'brother', 'pastor', 'nurse', 'attorney', 'counsel', 'trooper', 'ranger', 'warden', 'superintendent', 'chairman', 'chairwoman', 'chair',
  'president', 'dean', 'coach', 'uncle', 'aunt', 'madam', 'mme', 'mlle', 'herr', 'frau', 'señor', 'señora', 'sr', 'sra', 'jr', 'esq', 'hon', 'honorable', 'patrolman', 'investigator',
  // local and state elected offices ("Councilwoman Reyes", "Assemblymember Ortiz", "Trustee Lund")
  'councilmember', 'councilman', 'councilwoman', 'councilor', 'councillor', 'alderman', 'alderwoman', 'assemblyman', 'assemblywoman', 'assemblymember',
  'legislator', 'delegate', 'trustee', 'treasurer', 'comptroller', 'controller',
  // military ranks as the services write them
  'tsgt', 'ssgt', 'msgt', 'smsgt', 'cmsgt', 'sra', 'amn', 'ltcol', 'ltc', 'cpt', 'sfc', 'spc', 'pfc', 'cdr', 'lcdr', 'adm', 'ens',
]);

/** Titles that are forms of address, not offices: they go into the finding with the name. */
export const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'madam', 'mme', 'mlle', 'herr', 'frau', 'señor', 'señora', 'sr', 'sra']);

/** Honorifics at the start of a name ("ms. gonzalez"), for comparing names with and without them. */
export const HONORIFIC_PREFIX = new RegExp(`^(?:(?:${[...HONORIFICS].join('|')})\\.?\\s+)+`, 'i');

/** Labels or cue phrases (whole words, lower case) that put a name right after them. */
export const BEFORE_CUES = [
  'name', 'names', 'named', 'name is', 'my name is', 'called', 'i am', 'i m', 'this is', 'follow up with', 'dear', 'attn', 'attention', 'signed', 'signature', 'by', 'cc', 'bcc',
  'employee', 'witness', 'complainant', 'suspect', 'victim', 'subject', 'with', 'about', 'than', 'interviewee', 'informant', 'applicant', 'claimant', 'defendant', 'plaintiff', 'petitioner',
  'respondent', 'patient', 'client', 'contact', 'prepared by', 'reviewed by', 'approved by', 'submitted by', 'reported by', 'interviewed', 'spoke with', 'met with',
  'said', 'asked', 'replied', 'wrote', 'user', 'customer', 'maiden name', 'husband', 'wife', 'son', 'daughter', 'mother', 'father', 'friend', 'neighbor', 'neighbour', 'colleague',
  // a record's labels for the person it is about: a private capacity
  'decedent', 'deceased', 'requester', 'requestor', 'debtor', 'inmate', 'prisoner', 'beneficiary', 'taxpayer', 'spouse', 'dependent', 'minor', 'juvenile', 'guardian',
];

/**
 * Cues that put a name after them without saying a private person is meant: prepositions, mail routing, approval
 * lines ("by the FAA", "contact Pilatus Aircraft", "approved by the Director"). They raise a name's score; in a long
 * document they are not the evidence a lone word needs.
 */
export const WEAK_CUES = new Set(['by', 'with', 'about', 'than', 'contact', 'this is', 'called', 'attn', 'attention', 'cc', 'bcc', 'prepared by', 'reviewed by', 'approved by', 'submitted by', 'reported by', 'user', 'customer', 'client', 'subject', 'listed', 'works']);

/**
 * Cues of speech and writing: they show that a person is meant, not that the person is a private one (officials,
 * agents and counsel are quoted in public documents every day).
 */
export const SPEECH_CUES = new Set(['said', 'says', 'stated', 'states', 'told', 'testified', 'reported', 'wrote', 'asked', 'replied', 'explained', 'admitted', 'denied', 'confirmed', 'claimed', 'alleged', 'recalled', 'called', 'emailed', 'phoned', 'listed', 'works', 'interviewed', 'spoke with', 'met with', 'signed', 'signature']);

/** Cues right after a name. */
export const AFTER_CUES = [
  'born', 'dob', 'd o b', 'resides', 'lives', 'aged', 'age', 'said', 'says', 'stated', 'states', 'told', 'testified', 'reported', 'wrote', 'asked', 'replied',
  'explained', 'admitted', 'denied', 'confirmed', 'claimed', 'alleged', 'recalled', 'listed', 'called', 'emailed', 'phoned', 'was interviewed', 'is from', 'works',
];

/** A run containing one of these is an organisation, a place, a document or a thing, not a person. */
export const NON_PERSON_WORDS = new Set([
  'inc', 'llc', 'ltd', 'llp', 'plc', 'corp', 'co', 'company', 'corporation', 'group', 'department', 'dept', 'agency', 'office', 'bureau', 'administration', 'service',
  'services', 'university', 'college', 'school', 'academy', 'institute', 'foundation', 'association', 'council', 'committee', 'commission', 'board', 'court', 'bank',
  'hospital', 'clinic', 'center', 'centre', 'church', 'club', 'international', 'industries', 'systems', 'technologies', 'technology', 'solutions', 'partners', 'holdings',
  'authority', 'ministry', 'police', 'sheriff', 'county', 'city', 'state', 'states', 'republic', 'kingdom', 'union', 'party', 'orchestra', 'band', 'records', 'media', 'news',
  'times', 'post', 'journal', 'weekly', 'daily', 'magazine', 'press', 'airlines', 'airways', 'motors', 'energy', 'act', 'program', 'programme', 'project', 'operation',
  'street', 'avenue', 'ave', 'blvd', 'pkwy', 'hwy', 'road', 'boulevard', 'lane', 'drive', 'river', 'lake', 'mountain', 'mount', 'island', 'islands', 'park', 'airport', 'station', 'building', 'hall',
  'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western', 'federal', 'national', 'general', 'united', 'american', 'team', 'network', 'studios',
  'productions', 'entertainment', 'publishing', 'pharmaceuticals', 'labs', 'laboratories', 'consulting', 'capital', 'fund', 'trust', 'insurance', 'realty', 'logistics',
  // what a business or an institution named after someone is: "Drew Medical", "Walden Security", "Walton Correctional Institution"
  'medical', 'security', 'retirement', 'correctional', 'institution', 'laboratories', 'laboratory', 'healthcare', 'pharmacy', 'pharmacies', 'nursing', 'hospice',
  'rehabilitation', 'properties', 'development', 'manufacturing', 'construction', 'dental', 'surgical', 'diagnostics', 'imaging', 'supply', 'supplies',
  'movers', 'brothers', 'farm', 'farms', 'ranch', 'zoo', 'circus', 'kennel', 'kennels', 'sanctuary', 'brokerage', 'securities', 'portfolio', 'annuity', 'foods', 'brands', 'stores', 'market', 'markets', 'hotel', 'restaurant', 'cafe', 'museum', 'library', 'gallery', 'theatre', 'theater', 'force', 'army', 'navy',
  'guard', 'corps', 'marine', 'marines', 'fbi', 'cia', 'nsa', 'dhs', 'doj', 'irs', 'usa', 'us', 'uk', 'eu', 'un', 'nato', 'section', 'chapter', 'article', 'form', 'exhibit',
  'appendix', 'table', 'figure', 'page', 'report', 'memo', 'memorandum', 'order', 'rule', 'policy', 'plan', 'law', 'code', 'bill', 'monday', 'tuesday', 'wednesday',
  'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'english', 'spanish', 'french', 'german', 'internet', 'email', 'phone', 'online', 'covid', 'god', 'christmas', 'easter', 'thanksgiving',
  'appellee', 'appellees', 'appellant', 'appellants', 'amici', 'amicus', 'curiae',
  'chapel', 'fellowship', 'community', 'diocese', 'federation', 'conference', 'society', 'nation', 'nations', 'tribe', 'aircraft', 'funds', 'fort',
  'courthouse', 'division', 'section', 'unit', 'district', 'regional', 'circuit', 'afb', 'base', 'affairs', 'charitable', 'archives', 'precinct', 'headquarters', 'square', 'plaza', 'fax', 'mobile',
  // roles that label speakers in transcripts and chat logs
  'bot', 'chatbot', 'assistant', 'operator', 'caller', 'dispatcher', 'moderator', 'interviewer', 'narrator',
]);

/** Words that join parts of a name in lower case ("Ludwig van Beethoven", "Maria de la Cruz"). */
export const PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'der', 'den', 'di', 'du', 'dos', 'das', 'la', 'le', 'bin', 'bint', 'ibn', 'al', 'el', 'ter', 'ten', 'y', 'st']);
