// Who may call the trigger: source-address allowlist and Byai's optional callback signature.
import { timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { byaiSign } from '../Byai/transport/signing';

/** Byai's documented callback source (public cloud, since 2019-05-24). */
export const BYAI_CALLBACK_IP = '120.55.46.3';

export type AddressRule = { v4: number; bits: number } | { v6: string };

function ipv4(text: string): number | undefined {
	const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (!parts) return undefined;
	const octets = parts.slice(1).map(Number);
	if (octets.some((octet) => octet > 255)) return undefined;
	return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

/** An IPv6 address as eight 4-digit groups, or undefined when it is not one. */
function ipv6(text: string): string | undefined {
	let address = text.toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	// A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two groups.
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
	if (dotted) {
		const value = ipv4(dotted[1]);
		if (value === undefined) return undefined;
		address = `${address.slice(0, -dotted[1].length)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
	}
	if (!/^[0-9a-f:]+$/.test(address) || address.split('::').length > 2) return undefined;
	const [head, tail] = address.split('::');
	const groups = (part: string | undefined) => (part ? part.split(':') : []);
	const missing = 8 - groups(head).length - groups(tail).length;
	if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
	const all = [...groups(head), ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...groups(tail)];
	if (all.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return all.map((group) => group.padStart(4, '0')).join(':');
}

/** The address as a rule target: IPv4 (also written as ::ffff:a.b.c.d) or normalized IPv6. */
function normalize(address: string): { v4: number } | { v6: string } | undefined {
	const trimmed = address.trim();
	const v4 = ipv4(trimmed);
	if (v4 !== undefined) return { v4 };
	const v6 = ipv6(trimmed);
	if (v6 === undefined) return undefined;
	if (v6.startsWith('0000:0000:0000:0000:0000:ffff:')) {
		const [high, low] = v6.split(':').slice(6).map((group) => parseInt(group, 16));
		return { v4: ((high << 16) | low) >>> 0 };
	}
	return { v6 };
}

/** Parses "120.55.46.3, 10.0.0.0/8, ::1"; returns the rules and the entries that are not addresses. */
export function parseAllowList(text: string): { rules: AddressRule[]; invalid: string[] } {
	const rules: AddressRule[] = [];
	const invalid: string[] = [];
	for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
		const [address, bits, extra] = entry.split('/');
		const target = normalize(address);
		const prefix = bits === undefined ? undefined : /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
		if (!target || extra !== undefined || (prefix !== undefined && !('v4' in target && prefix <= 32))) {
			invalid.push(entry);
		} else if ('v4' in target) {
			rules.push({ v4: target.v4, bits: prefix ?? 32 });
		} else {
			rules.push({ v6: target.v6 });
		}
	}
	return { rules, invalid };
}

export function addressAllowed(address: string, rules: AddressRule[]): boolean {
	const target = normalize(address);
	if (!target) return false;
	return rules.some((rule) => {
		if ('v6' in rule) return 'v6' in target && target.v6 === rule.v6;
		if (!('v4' in target)) return false;
		const mask = rule.bits === 0 ? 0 : (~0 << (32 - rule.bits)) >>> 0;
		return ((target.v4 & mask) >>> 0) === ((rule.v4 & mask) >>> 0);
	});
}

/**
 * The caller's address. Without a proxy it is the TCP peer; X-Forwarded-For is ignored (anyone can send it).
 * Behind `proxies` trusted proxies it is the entry the outermost of them added: counted from the right, as
 * Express's "trust proxy" does, so an X-Forwarded-For the caller sent itself is never believed.
 */
export function callerAddress(request: unknown, forwardedFor: unknown, proxies: number): string {
	const req = request as { socket?: { remoteAddress?: string }; ip?: string };
	const peer = req.socket?.remoteAddress ?? req.ip ?? '';
	const header = proxies <= 0 ? '' : Array.isArray(forwardedFor) ? forwardedFor.join(',') : typeof forwardedFor === 'string' ? forwardedFor : '';
	const chain = [peer, ...header.split(',').map((entry) => entry.trim()).filter(Boolean).reverse()];
	// IPv4 callers of a dual-stack server show up as ::ffff:a.b.c.d.
	return chain[Math.min(proxies, chain.length - 1)].replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

/**
 * Byai's optional callback signature (data.data.sign with data.data.dateTime). Byai never documented the
 * algorithm; by analogy with request signing this checks Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\n" + dateTime)).
 */
export function callbackSignatureValid(data: IDataObject, appKey: string, appSecret: string): boolean {
	if (typeof data.sign !== 'string' || typeof data.dateTime !== 'string') return false;
	const expected = Buffer.from(byaiSign(appKey, appSecret, data.dateTime), 'utf8');
	const given = Buffer.from(data.sign.trim(), 'utf8');
	return given.length === expected.length && timingSafeEqual(given, expected);
}
