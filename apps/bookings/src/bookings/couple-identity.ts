// Who the couple is comes from their token, never from the body: the body may repeat it, not claim another.
import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { TokenVerifier } from '@wedding/infrastructure';

/** What the bookings table and BookingCreated hold as a couple id: 1–64 printable characters. */
const COUPLE_ID = /^[\x21-\x7e]{1,64}$/;

export async function coupleIdFrom(
  tokens: TokenVerifier,
  headers: IncomingHttpHeaders,
  claimed: string | undefined,
): Promise<string | null> {
  const token = await tokens.fromHeaders(headers);
  if (!token) {
    if (claimed != null) throw new UnauthorizedException('coupleId can only come from a couple token');
    return null;
  }
  if (token.role !== 'couple') throw new ForbiddenException('bookings are made with a couple token');
  if (!COUPLE_ID.test(token.subject)) throw new UnauthorizedException('the token subject is not a couple id');
  if (claimed != null && claimed !== token.subject) {
    throw new ForbiddenException('coupleId does not match the couple token');
  }
  return token.subject;
}
