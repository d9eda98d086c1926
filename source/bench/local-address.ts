/**
 * Source addresses for the bench's clients. A real room's members come from many addresses,
 * and a server with its default flags takes at most 100 connections from one (`--max-per-ip`):
 * on Linux every address of 127.0.0.0/8 is the loopback interface, so each client can have
 * an address of its own, as on the Internet.
 */

/** Addresses in one network 127.N.0.0/16: third octet 0–255, fourth 1–254. */
export const ADDRESSES_PER_NETWORK = 256 * 254;

/** Networks the scenarios use, apart, so that a flooder never shares an address with the room. */
export const LOCAL_NETWORKS = {room: 1, partialLines: 2, flood: 3} as const;

/** The `index`-th address of 127.`network`.0.0/16 (index from 0). */
export function localAddress(network: number, index: number): string {
	if (!Number.isInteger(network) || network < 1 || network > 254) throw new RangeError(`no loopback network 127.${network}`);
	if (!Number.isInteger(index) || index < 0 || index >= ADDRESSES_PER_NETWORK)
		throw new RangeError(`127.${network}.0.0/16 has ${ADDRESSES_PER_NETWORK} addresses, not ${index + 1}`);
	return `127.${network}.${Math.floor(index / 254)}.${(index % 254) + 1}`;
}

/** One address per client, `count` of them. */
export function localAddresses(network: number, count: number): string[] {
	return Array.from({length: count}, (_, i) => localAddress(network, i));
}

/** Whether distinct loopback addresses can be used here: all of 127/8 is loopback on Linux only. */
export function spreadsOverLoopback(platform: NodeJS.Platform = process.platform): boolean {
	return platform === 'linux';
}
