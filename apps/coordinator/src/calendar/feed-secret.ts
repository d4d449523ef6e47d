// A feed's secret is derived, not stored: HMAC(CALENDAR_FEED_KEY, feed id). The database keeps the feed id and the
// secret's SHA-256 only, so the feed addresses can be shown again to their coordinator but not read off the database.
import { createHash, createHmac } from 'node:crypto';

/** 32 bytes, base64url: what a calendar app puts in the path. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const feedSecret = (key: string, feedId: string): string =>
  createHmac('sha256', key).update(`calendar-feed:${feedId}`).digest('base64url');

export const secretHash = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

export const looksLikeFeedSecret = (text: string): boolean => SECRET_SHAPE.test(text);
