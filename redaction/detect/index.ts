/**
 * @module
 * Every detector, in the order they run. Adding one is a module in this
 * folder and a line here; `detectors.test.ts` checks its contract.
 */
import type { Detector } from './detector.ts';
import { abaRouting } from './aba-routing.ts';
import { address } from './address.ts';
import { bankAccount } from './bank-account.ts';
import { biometric } from './biometric.ts';
import { cardNumber } from './card-number.ts';
import { caseNumber } from './case-number.ts';
import { classificationMarking } from './classification-marking.ts';
import { credential } from './credential.ts';
import { dateOfBirth } from './date-of-birth.ts';
import { deliberativeLanguage } from './deliberative-language.ts';
import { deliberativeMarking } from './deliberative-marking.ts';
import { email } from './email.ts';
import { handlingMarking } from './handling-marking.ts';
import { health } from './health.ts';
import { iban } from './iban.ts';
import { idNumber } from './id-number.ts';
import { internalHost } from './internal-host.ts';
import { ipAddress } from './ip-address.ts';
import { itin } from './itin.ts';
import { mbi } from './mbi.ts';
import { nameColumn } from './name-column.ts';
import { nhsNumber } from './nhs-number.ts';
import { nino } from './nino.ts';
import { npi } from './npi.ts';
import { personName } from './person-name.ts';
import { pin } from './pin.ts';
import { phone } from './phone.ts';
import { signatureBlock } from './signature-block.ts';
import { ssn, ssnLastFour } from './ssn.ts';
import { vehiclePlate } from './vehicle-plate.ts';
import { vin } from './vin.ts';

export const detectors: Detector[] = [
  email,
  ssn,
  ssnLastFour,
  itin,
  phone,
  cardNumber,
  iban,
  bankAccount,
  abaRouting,
  ipAddress,
  internalHost,
  dateOfBirth,
  idNumber,
  npi,
  nhsNumber,
  nino,
  mbi,
  caseNumber,
  vehiclePlate,
  vin,
  health,
  biometric,
  credential,
  pin,
  address,
  personName,
  nameColumn,
  signatureBlock,
  classificationMarking,
  handlingMarking,
  deliberativeMarking,
  deliberativeLanguage,
];
