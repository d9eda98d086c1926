import {isIPv4, isIPv6} from 'node:net';

/** `::ffff:1.2.3.4` is 1.2.3.4: one person, one limit, one readable address. */
export function plainAddress(address: string | undefined): string {
	if (!address) return 'unknown';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? mapped[1]! : address;
}

/** The eight 16-bit groups of an IPv6 address (zone, if any, dropped), or undefined if it is not one. */
export function ipv6Groups(address: string): number[] | undefined {
	const bare = address.replace(/%.*$/, '');
	if (!isIPv6(bare)) return undefined;
	let text = bare;
	// An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
	const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
	if (v4) {
		const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
		text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.split('::') as [string, string | undefined];
	const parse = (part: string | undefined) => (part ? part.split(':').map(group => Number.parseInt(group, 16)) : []);
	const front = parse(head);
	const back = parse(tail);
	if (tail === undefined) return front;
	return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The key connections are counted under for `--max-per-ip`: an IPv4 address as it is (an
 * IPv4-mapped IPv6 address as its IPv4), an IPv6 address as its network of `prefix` bits —
 * one customer gets a whole /64, so counting single IPv6 addresses limits nobody.
 */
export function addressKey(address: string, prefix: number): string {
	const plain = plainAddress(address);
	if (isIPv4(plain)) return plain;
	const groups = ipv6Groups(plain);
	if (groups === undefined) return plain;
	const bits = Math.max(0, Math.min(128, Math.floor(prefix)));
	const masked = groups.map((group, i) => {
		const keep = Math.max(0, Math.min(16, bits - i * 16));
		return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff;
	});
	return `${formatIpv6(masked)}/${bits}`;
}

/** The shortest spelling (RFC 5952): the longest run of two or more zero groups becomes `::`. */
function formatIpv6(groups: number[]): string {
	let best = {at: -1, length: 1};
	for (let i = 0; i < groups.length; ) {
		let j = i;
		while (j < groups.length && groups[j] === 0) j++;
		if (j - i > best.length) best = {at: i, length: j - i};
		i = j === i ? i + 1 : j;
	}
	const hex = (part: number[]) => part.map(group => group.toString(16)).join(':');
	if (best.at < 0) return hex(groups);
	return `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.length))}`;
}
