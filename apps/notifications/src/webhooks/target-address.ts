// Which addresses a webhook may reach: only public unicast ones, unless WEBHOOK_ALLOWED_PRIVATE_TARGETS lists them. Pure
// rules on ipaddr.js's ranges, used at registration and again for the address every connection actually goes to.
import ipaddr from 'ipaddr.js';

export type TargetRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Ranges ipaddr.js calls unicast that are not reachable on the public internet all the same. */
const ALSO_NOT_PUBLIC: TargetRange[] = [
  ipaddr.parseCIDR('198.18.0.0/15'), // benchmarking
  ipaddr.parseCIDR('100::/64'), // discard
];
/** Global unicast IPv6 is 2000::/3; anything else (site-local, unassigned, …) is not a public address. */
const GLOBAL_IPV6 = ipaddr.parseCIDR('2000::/3');

/** `127.0.0.1/32, 10.1.0.0/16, ::1` → ranges (a bare address is its own /32 or /128); undefined when one is not valid. */
export function parseTargets(list: string): TargetRange[] | undefined {
  const ranges: TargetRange[] = [];
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      if (item.includes('/')) ranges.push(ipaddr.parseCIDR(item));
      else {
        const address = ipaddr.parse(item);
        ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      }
    } catch {
      return undefined;
    }
  }
  return ranges;
}

/** An IP literal as the URL or the resolver gives it (`[::1]` or `::1`), IPv4-mapped IPv6 read as the IPv4 it maps. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : undefined;
}

/** 'public', or the kind of non-public address it is ('loopback', 'private', 'linkLocal', 'uniqueLocal', …). */
export function addressRange(text: string): string {
  const address = parseAddress(text);
  if (!address) return 'invalid';
  const range = address.range();
  if (range !== 'unicast') return range;
  if (ALSO_NOT_PUBLIC.some((range) => inRange(address, range))) return 'reserved';
  if (address.kind() === 'ipv6' && !inRange(address, GLOBAL_IPV6)) return 'reserved';
  return 'public';
}

export function isAllowedPrivate(text: string, allowed: readonly TargetRange[]): boolean {
  const address = parseAddress(text);
  return !!address && allowed.some((range) => inRange(address, range));
}

/** ipaddr.js matches an address against a range of its own kind only. */
function inRange(address: ipaddr.IPv4 | ipaddr.IPv6, [base, bits]: TargetRange): boolean {
  return base.kind() === address.kind() && (address as ipaddr.IPv4).match(base as ipaddr.IPv4, bits);
}

/**
 * Why a connection to `address` is refused, or undefined when it may go: a public address over https, or an allowed
 * private one (over http or https).
 */
export function refusalOf(address: string, protocol: 'http:' | 'https:', allowed: readonly TargetRange[]): string | undefined {
  if (isAllowedPrivate(address, allowed)) return undefined;
  const range = addressRange(address);
  if (range !== 'public') return `${address} is a ${range} address`;
  if (protocol !== 'https:') return `plain http is allowed only to WEBHOOK_ALLOWED_PRIVATE_TARGETS; use https`;
  return undefined;
}
