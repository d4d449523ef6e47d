// The coordinator's token for this tab: taken once from the address's #token= fragment (which browsers never send to
// a server), kept in the tab's session storage, and removed from the address bar so it is not bookmarked or shared.

export const TOKEN_KEY = 'coordinator-token';

/** The part of Web Storage used here (sessionStorage in the browser). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenClaims {
  subject: string;
  role: string | undefined;
  /** Milliseconds since the epoch. */
  expiresAt: number | undefined;
}

/**
 * Takes `#token=<jwt>` out of the fragment: answers the token and the fragment without it (the rest of a fragment
 * such as `#token=…&x=1` is kept), or undefined when there is none.
 */
export function tokenFromFragment(hash: string): { token: string; rest: string } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  if (!token) return undefined;
  params.delete('token');
  const rest = params.toString();
  return { token, rest: rest ? `#${rest}` : '' };
}

/** Reads what a token says about itself, to show who is signed in; the server verifies it on every request. */
export function readClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const payload = JSON.parse(json) as { sub?: unknown; role?: unknown; exp?: unknown };
    if (typeof payload.sub !== 'string') return undefined;
    return {
      subject: payload.sub,
      role: typeof payload.role === 'string' ? payload.role : undefined,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Why a pasted token cannot work, in words; undefined when it looks usable (the server has the last word). */
export function tokenProblem(token: string, now: number): string | undefined {
  const claims = readClaims(token.trim());
  if (!claims) return 'This is not a token: paste the whole line that `npm run token` printed.';
  if (claims.role !== 'coordinator') return `This token is for the role "${claims.role ?? 'none'}", not a coordinator.`;
  if (claims.expiresAt !== undefined && claims.expiresAt <= now) return 'This token has expired: mint a new one with `npm run token`.';
  return undefined;
}
