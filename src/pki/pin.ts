import { InvalidInputError } from '../shared/errors';

/**
 * PIN format for every PKCS#12 we write or open: 4–64 printable ASCII characters.
 * ASCII because PKCS#12 encodes the password twice differently (UTF-8 for PBES2, UTF-16 for
 * the MAC and legacy PBE) and tools disagree on non-ASCII; USB tokens use ASCII PINs too.
 * The PIN itself never appears in an error message or a log line.
 */
export function assertPinFormat(pin: unknown): asserts pin is string {
  if (typeof pin !== 'string' || pin.length < 4 || pin.length > 64 || !/^[\x20-\x7e]+$/.test(pin)) {
    throw new InvalidInputError('invalid_pin_format', 'a PIN is 4 to 64 printable ASCII characters');
  }
}
