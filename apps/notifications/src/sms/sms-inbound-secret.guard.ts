// The provider's inbound callback proves itself with SMS_INBOUND_SECRET, in the X-SMS-Inbound-Secret header or the
// `secret` query parameter (for providers that only take a URL), compared in constant time. Runs before the body is
// validated: an unauthenticated caller learns nothing about what the endpoint expects.
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { NotificationsConfig } from '../config';

@Injectable()
export class SmsInboundSecretGuard implements CanActivate {
  constructor(private readonly config: NotificationsConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers['x-sms-inbound-secret'];
    const query = request.query.secret;
    const given = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
    if (!this.config.smsInboundSecret || given === undefined || !sameSecret(given, this.config.smsInboundSecret)) {
      throw new UnauthorizedException('a valid X-SMS-Inbound-Secret header (or secret query parameter) is required');
    }
    return true;
  }
}

/** Digests first: timingSafeEqual needs equal lengths, and the secret's length is not given away either. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
