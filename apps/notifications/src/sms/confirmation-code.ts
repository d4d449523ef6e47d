// The code that proves a number is the coordinator's: six random digits, texted once and never kept in clear — only a
// salted scrypt hash, compared in constant time. What the SMS says, and what is kept of it in the delivery log.
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/** The template of the SMS that carries a code. */
export const SMS_CONFIRMATION_TEMPLATE = 'sms-confirmation';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/** Six digits, uniformly random (leading zeros kept). */
export function newConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** `scrypt$<salt>$<hash>`, base64: a stolen table gives no code without a brute force per row, within its lifetime. */
export async function hashConfirmationCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scrypt(code, salt, KEY_LENGTH)).toString('base64')}`;
}

export async function confirmationCodeMatches(code: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const given = await scrypt(code, Buffer.from(salt, 'base64'), KEY_LENGTH);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The digits a person typed, with the spaces and dashes people add ("123 456", "123-456"); undefined if not a code. */
export function enteredCode(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** One SMS (at most 160 characters): the code, how long it lasts, the YES alternative, and STOP for a stranger. */
export function confirmationText(code: string, validMinutes: number): string {
  return `Wedding Coordinator code: ${code} (valid ${validMinutes} min). Enter it in your dashboard, or reply YES, to get texts here. Not you? Reply STOP.`;
}

/** The code in a confirmation SMS (the SMS provider's side of a test reads it so). */
export function codeInText(text: string): string | undefined {
  return /^Wedding Coordinator code: (\d{6}) /.exec(text)?.[1];
}

/** What the delivery log keeps as the SMS's text: everything but the code. */
export const CONFIRMATION_SUBJECT = 'Wedding Coordinator code: •••••• (not kept). Enter it in your dashboard, or reply YES, to get texts here.';
