// Who the couple is comes from their token, never from the body or a header: those are claims, kept and shown back
// as the booking's claimed couple id, and grant nothing. With a token, a claim may repeat its subject, not contradict it.
import { BadRequestException, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { COUPLE_ID } from '@wedding/contracts';
import { TokenVerifier } from '@wedding/infrastructure';

/** The header the marketplace frontend names its logged-in user with. */
export const USER_ID_HEADER = 'x-user-id';

export interface CoupleIdentity {
  /** The verified couple (their token's subject): the booking is theirs. */
  coupleId: string | null;
  /** Who the request says the couple is, without a token to vouch for it. */
  claimedCoupleId: string | null;
}

export async function coupleIdentityFrom(
  tokens: TokenVerifier,
  headers: IncomingHttpHeaders,
  bodyCoupleId: string | undefined,
): Promise<CoupleIdentity> {
  const headerCoupleId = userIdHeader(headers);
  const token = await tokens.fromHeaders(headers);
  if (!token) return { coupleId: null, claimedCoupleId: bodyCoupleId ?? headerCoupleId ?? null };

  if (token.role !== 'couple') throw new ForbiddenException('bookings are made with a couple token');
  if (!COUPLE_ID.test(token.subject)) throw new UnauthorizedException('the token subject is not a couple id');
  if (bodyCoupleId != null && bodyCoupleId !== token.subject) {
    throw new ForbiddenException('coupleId does not match the couple token');
  }
  if (headerCoupleId != null && headerCoupleId !== token.subject) {
    throw new ForbiddenException(`${USER_ID_HEADER} does not match the couple token`);
  }
  return { coupleId: token.subject, claimedCoupleId: null };
}

function userIdHeader(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[USER_ID_HEADER];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !COUPLE_ID.test(value)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`${USER_ID_HEADER} must be 1 to 64 printable characters without spaces`],
    });
  }
  return value;
}
