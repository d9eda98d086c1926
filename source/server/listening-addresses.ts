import type {NetworkInterfaceInfo} from 'node:os';
import {hostPort} from '../protocol/host-port.js';


/**
 * Where people can reach a server bound to `host`: the bound address itself and, for a
 * wildcard bind, every non-internal address of the machine (IPv4 for 0.0.0.0, both families
 * for ::). Link-local IPv6 addresses are left out: they need a zone id to be dialled.
 * Pure over the output of `os.networkInterfaces()`.
 */
export function listeningAddresses(
	host: string,
	port: number,
	interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
	const result = [hostPort(host, port)];
	const wildcardV4 = host === '0.0.0.0';
	const wildcardV6 = host === '::' || host === '';
	if (!wildcardV4 && !wildcardV6) return result;
	for (const entries of Object.values(interfaces)) {
		for (const entry of entries ?? []) {
			if (entry.internal) continue;
			if (entry.family === 'IPv4') {
				result.push(hostPort(entry.address, port));
			} else if (wildcardV6 && !entry.address.toLowerCase().startsWith('fe80:')) {
				result.push(hostPort(entry.address, port));
			}
		}
	}
	return [...new Set(result)];
}
