/**
 * @module
 * Check-digit algorithms used by validators: Luhn (cards, NPI), ABA (US routing
 * numbers), ISO 7064 mod 97-10 (IBAN), mod 11 (NHS numbers).
 */

export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ABA routing number: weights 3, 7, 1 repeating, sum divisible by 10. */
export function abaValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0{9}$/.test(digits)) return false;
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * w[i % 3];
  return sum % 10 === 0;
}

/** IBAN: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
export function ibanValid(text: string): boolean {
  const iban = text.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

/** US National Provider Identifier: ten digits, first 1 or 2, Luhn over the card-issuer prefix 80840 and the number. */
export function npiValid(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhnValid(`80840${digits}`);
}

/** NHS number (England, Wales, Isle of Man): nine digits weighted 10 down to 2, check digit 11 − (sum mod 11); 10 never valid. */
export function nhsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || /^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === digits.charCodeAt(9) - 48;
}
