// No SSRF from a template: a link checker run on a laptop or a CI runner must not become a way to
// reach the machine itself, its network or a cloud metadata endpoint. Addresses in these ranges
// are refused unless `allowedHosts` names the host, and the check runs on the addresses a name
// resolves to at connect time, so a public name pointing at 127.0.0.1 is caught too.
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const RANGES_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'an unspecified address'],
  ['10.0.0.0', 8, 'a private network address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'a private network address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.168.0.0', 16, 'a private network address'],
  ['198.18.0.0', 15, 'a benchmarking network address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];
const RANGES_V6: [string, number, string][] = [
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['fc00::', 7, 'a private network address (unique local)'],
  ['fe80::', 10, 'a link-local address'],
  ['ff00::', 8, 'a multicast address'],
];

const ranges: { list: BlockList; reason: string; type: 'ipv4' | 'ipv6' }[] = [
  ...RANGES_V4.map(([network, prefix, reason]) => ({ list: subnet(network, prefix, 'ipv4'), reason, type: 'ipv4' as const })),
  ...RANGES_V6.map(([network, prefix, reason]) => ({ list: subnet(network, prefix, 'ipv6'), reason, type: 'ipv6' as const })),
];

function subnet(network: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list;
}

/** Why an IP address must not be requested, or undefined for a public address. */
export function blockedAddressReason(address: string): string | undefined {
  const unbracketed = address.replace(/^\[|\]$/g, '');
  // The zone id (`fe80::1%eth0`) cut by index: `/%.*$/` retries from every `%` of a long run.
  const zone = unbracketed.indexOf('%');
  const bare = zone === -1 ? unbracketed : unbracketed.slice(0, zone);
  const family = isIP(bare);
  if (family === 0) return undefined;
  // IPv4-mapped (::ffff:127.0.0.1) and NAT64 (64:ff9b::7f00:1) addresses reach IPv4 hosts.
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blockedAddressReason(mapped[1]!);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (type === 'ipv6') {
    const hexMapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
    if (hexMapped) {
      const high = Number.parseInt(hexMapped[1]!, 16);
      const low = Number.parseInt(hexMapped[2]!, 16);
      return blockedAddressReason(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
    }
  }
  if (type === 'ipv4' && bare === '255.255.255.255') return 'a broadcast address';
  return ranges.find((range) => range.type === type && range.list.check(bare, type))?.reason;
}

/** `example.com` matches itself, `*.example.com` its subdomains; a pattern with a port matches that port only. */
export function isAllowedHost(hostname: string, port: string, allowedHosts: readonly string[] | undefined): boolean {
  if (!allowedHosts?.length) return false;
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const withPort = port ? `${name.includes(':') ? `[${name}]` : name}:${port}` : name;
  return allowedHosts.some((raw) => {
    const pattern = raw.toLowerCase();
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) || withPort.endsWith(pattern.slice(1));
    return pattern === name || pattern === withPort || pattern === `[${name}]`;
  });
}

/** Thrown (through the socket) when a name resolves to an address that is not allowed. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'LINKTRACE_BLOCKED_ADDRESS';
}

/**
 * A `lookup` for http.request that resolves as usual, then refuses the connection when any of the
 * addresses is blocked: checking at connect time leaves no gap for a name that changes its answer.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as dns.LookupAddress[];
    for (const entry of list) {
      const reason = blockedAddressReason(entry.address);
      if (reason) return callback(new BlockedAddressError(`${hostname} resolves to ${entry.address}, ${reason}`), '', 0);
    }
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    return callback(null, first.address, first.family);
  });
};
