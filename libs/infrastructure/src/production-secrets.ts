// What production (NODE_ENV=production) refuses as a secret: a placeholder published with the code (the development
// defaults, the compose file's old fallbacks, the obvious words), fewer than 32 bytes, or too few different
// characters to be random. A service that started with one would sign, derive or encrypt with a key anyone can read
// on GitHub; it refuses to start instead, naming the variable (loadConfig checks every setting marked @Secret).

/** HS256, HMAC-SHA256 and AES-256 keys want 256 bits; a shorter text cannot hold them, whatever its alphabet. */
export const MIN_SECRET_BYTES = 32;

/** How to make a good one, in every refusal. */
const HOW_TO_MAKE_ONE = 'make one with: openssl rand -base64 48';

/**
 * Published with the code, so secret to nobody: each service's development default (kept in step with the constants
 * of token-verifier.ts and the apps' config.ts — their specs check that they are refused) and docker-compose.yml's
 * old fallbacks. Compared trimmed and without case.
 */
const PUBLISHED_PLACEHOLDERS = [
  'local-development-secret-change-me-in-production', // DEVELOPMENT_JWT_SECRET
  'local-development-calendar-key-change-me-in-production', // DEVELOPMENT_CALENDAR_FEED_KEY
  'local-development-webhook-secrets-key-change-me-in-production', // DEVELOPMENT_WEBHOOK_SECRETS_KEY
  'compose-local-secret-replace-me-with-32-or-more-chars',
  'compose-local-calendar-key-replace-me-32-chars',
];

/** Words that only a placeholder or a guessable text contains; a random secret never spells them. */
const PLACEHOLDER_WORDS = /change[\s_-]*me|replace[\s_-]*me|placeholder|your[\s_-]*secret|^(secret|password|changeit|default|test|example)s?$/i;

/** A random text of 32 bytes or more shows at least this many different characters (hex shows about 14). */
const MIN_DIFFERENT_CHARACTERS = 8;

/** Why production refuses `value` as the secret `name`, or undefined when it may be used. Never quotes the value. */
export function productionSecretProblem(name: string, value: string): string | undefined {
  const text = value.trim();
  if (text === '') return `${name} is not set; production needs a secret of its own — ${HOW_TO_MAKE_ONE}`;
  if (PUBLISHED_PLACEHOLDERS.includes(text.toLowerCase()) || PLACEHOLDER_WORDS.test(text)) {
    return `${name} is a published placeholder (a development default or an example); production needs a secret of its own — ${HOW_TO_MAKE_ONE}`;
  }
  // Bytes of UTF-8, not characters: what an HMAC or a key derivation takes in.
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    return `${name} is ${bytes} byte${bytes === 1 ? '' : 's'} long; production needs at least ${MIN_SECRET_BYTES} — ${HOW_TO_MAKE_ONE}`;
  }
  const different = new Set(text).size;
  if (different < MIN_DIFFERENT_CHARACTERS) {
    return `${name} has only ${different} different character${different === 1 ? '' : 's'}, which no random secret has; ${HOW_TO_MAKE_ONE}`;
  }
  return undefined;
}

/** Throws the reason production refuses `value` as the secret `name`. */
export function assertProductionSecret(name: string, value: string): void {
  const problem = productionSecretProblem(name, value);
  if (problem) throw new Error(problem);
}
