import type { Detector } from './detector.ts';
import { caseless } from './caseless.ts';

/** Where a plate can start (cheap assertions), then the plate: "vehicle" before it is checked between the two, only where a plate can start. */
const PLATE_START = '(?<![\\w-])(?=[A-Z0-9 -]*\\d)(?=[A-Z0-9 -]*[A-Z])';
const PLATE_BODY = '[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5}(?![\\w-])';
const PLATE = `${PLATE_START}${PLATE_BODY}`;

export const vehiclePlate: Detector = {
  id: 'vehicle-plate',
  category: 'personal.vehicle-plate',
  summary: 'Vehicle registration plates when context names them.',
  patterns: [
    { name: 'plate', regex: new RegExp(PLATE, 'g'), score: 0.1 },
    // "vehicle" says what follows it ("the vehicle, plate 7ABC123"); after a value it names a form's subject
    // ("OD 1200 MOTOR VEHICLE OPERATOR QUALIFICATIONS"), so it counts only before
    // Great Britain's registration format since 2001 (DVLA: two letters, two digits, three letters) is a plate's
    // whatever register "registration" names
    { name: 'GB registration format', regex: new RegExp(`(?<=\\b(?:${caseless('registration|reg')})\\.?(?:[ \\t]+(?:${caseless('no|number|mark')})\\.?)?[: \\t]+)[A-Z]{2}\\d{2} ?[A-Z]{3}(?![\\w-])`, 'g'), score: 0.6 },
    { name: 'plate after "vehicle"', regex: new RegExp(`${PLATE_START}(?<=\\b(?:${caseless('vehicle')})\\b[^\\n.;]{0,40})${PLATE_BODY}`, 'g'), score: 0.6 },
  ],
  // "registration", "tag" and "reg" alone name any register: a vendor's, a lobbyist's, a voter's, an asset tag; they
  // name a plate only with the vehicle's word ("vehicle registration", "license tag")
  context: ['plate', 'plates', 'license plate', 'licence plate', 'number plate', 'registration plate', 'vrn', 'tag number', 'license tag', 'licence tag', 'vehicle tag', 'vehicle tags', 'vehicle registration', 'car registration', 'registration mark', 'registered vehicle'],
  contextBoost: 0.5,
  // a plate has letters and digits and is not a year or a word
  // "SF 502", "DD 214": a standard form, not a plate
  exclude: ['form'],
  validate: (text) => (/\d/.test(text) && /[A-Z]/.test(text) && !/^(?:19|20)\d{2}$/.test(text) && !/^(?:SF|DD|OF|AF|VA)[ -]?\d+$/.test(text) ? 'letters and digits' : false),
  examples: {
    match: ['a blue sedan, license plate 7ABC123 (CA)', 'Florida license tag QRS 482', 'vehicle registration AB12 CDE', 'the vehicle 7ABC123 was towed', 'plate number ABC-1234', 'registration AB12 CDE'],
    ignore: ['Vendor registration number V00123 is required to bid.', 'Asset tag E12345 was assigned to the laptop.', 'Lobbyist registration ID LR24A51 expires', 'OD 1200 MOTOR VEHICLE OPERATOR QUALIFICATIONS', 'Form 7ABC123 was filed', 'plate 1 of the exhibit', 'the vehicle, a 2015 Honda', 'plate and VIN recorded'],
  },
};
