// The server-side request forgery guard: an endpoint's host must be, and resolve to, public addresses (or ones
// WEBHOOK_ALLOWED_PRIVATE_TARGETS allows) when it is registered, and again for the address each connection goes to —
// the lookup node:http connects with is this guard's, so a name that resolves elsewhere later (DNS rebinding) is
// refused before a byte is sent.
import { Injectable } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { refusalOf, TargetRange } from './target-address';

/** The system resolver (getaddrinfo, /etc/hosts included): every address of a name. Tests replace it on the instance. */
@Injectable()
export class HostResolver {
  async resolve(hostname: string): Promise<string[]> {
    const found = await dns.lookup(hostname, { all: true, verbatim: true });
    return found.map((a) => a.address);
  }
}

/** An endpoint's URL, or the address it resolved to, that a webhook must not reach; the message says why. */
export class RefusedTargetError extends Error {}

export class WebhookTargets {
  constructor(
    private readonly resolver: HostResolver,
    private readonly allowed: readonly TargetRange[],
  ) {}

  /** At registration (and when the URL changes): the URL, or RefusedTargetError with a message for the 400. */
  async check(text: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new RefusedTargetError('url must be an absolute https URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedTargetError('url must be an https URL');
    const host = hostOf(url);
    if (host === 'localhost' || host.endsWith('.localhost')) throw new RefusedTargetError(`url's host ${host} is not a public host`);
    const addresses = isIP(host) ? [host] : await this.resolveForRegistration(host);
    for (const address of addresses) {
      const refusal = refusalOf(address, url.protocol, this.allowed);
      if (!refusal) continue;
      const resolved = isIP(host) || refusal.startsWith('plain http') ? '' : ` (${host} resolves to it)`;
      throw new RefusedTargetError(`url is refused: ${refusal}${resolved}`);
    }
    return url;
  }

  /** Why a connection to `address` over `protocol` is refused, or undefined. */
  refusal(address: string, protocol: 'http:' | 'https:'): string | undefined {
    return refusalOf(address, protocol, this.allowed);
  }

  /** The `lookup` of a request's socket: the resolver's addresses, refused with RefusedTargetError unless all may go. */
  lookupFor(protocol: 'http:' | 'https:'): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver.resolve(hostname).then(
        (addresses) => {
          const refusal = addresses.length === 0 ? `${hostname} has no address` : addresses.map((a) => this.refusal(a, protocol)).find(Boolean);
          if (refusal) return callback(new RefusedTargetError(`refused: ${refusal}`), '', 0);
          const family = (a: string) => (isIP(a) === 6 ? 6 : 4);
          if (options.all) return (callback as any)(null, addresses.map((address) => ({ address, family: family(address) })));
          callback(null, addresses[0], family(addresses[0]));
        },
        (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
      );
    };
  }

  private async resolveForRegistration(host: string): Promise<string[]> {
    try {
      return await this.resolver.resolve(host);
    } catch {
      throw new RefusedTargetError(`url's host ${host} does not resolve`);
    }
  }
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
