import {describe, expect, it} from 'vitest';
import {addressKey, ipv6Groups, plainAddress} from '../source/server/address-key.js';

describe('addressKey', () => {
	it('counts IPv4 addresses one by one, and IPv4-mapped IPv6 as its IPv4', () => {
		expect(addressKey('192.0.2.7', 64)).toBe('192.0.2.7');
		expect(addressKey('::ffff:192.0.2.7', 64)).toBe('192.0.2.7');
		expect(addressKey('::FFFF:192.0.2.7', 64)).toBe('192.0.2.7');
		expect(plainAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
		expect(plainAddress(undefined)).toBe('unknown');
	});

	it('counts IPv6 per network of the prefix: every address of one /64 is one key', () => {
		const a = addressKey('2001:db8:1:2::1', 64);
		expect(a).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8:1:2:ffff:eeee:dddd:cccc', 64)).toBe(a);
		expect(addressKey('2001:0db8:0001:0002:0000:0000:0000:0099', 64)).toBe(a);
		expect(addressKey('2001:db8:1:3::1', 64)).not.toBe(a);
	});

	it('honours other prefixes, on and off group boundaries', () => {
		expect(addressKey('2001:db8:1:2::1', 48)).toBe('2001:db8:1::/48');
		expect(addressKey('2001:db8:1:ff::1', 56)).toBe('2001:db8:1::/56');
		expect(addressKey('2001:db8:1:1ff::1', 56)).toBe('2001:db8:1:100::/56');
		expect(addressKey('2001:db8::1', 128)).toBe('2001:db8::1/128');
		expect(addressKey('2001:db8::1', 0)).toBe('::/0');
		expect(addressKey('1:0:0:2:0:0:0:3', 128)).toBe('1:0:0:2::3/128');
		expect(addressKey('1:2:3:4:5:6:7:8', 128)).toBe('1:2:3:4:5:6:7:8/128');
	});

	it('reads every IPv6 spelling: ::, leading and trailing zeros, zones, embedded IPv4', () => {
		expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
		expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
		expect(ipv6Groups('fe80::1%eth0')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
		expect(ipv6Groups('64:ff9b::192.0.2.33')).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]);
		expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(ipv6Groups('not an address')).toBeUndefined();
		expect(addressKey('unknown', 64)).toBe('unknown');
	});
});
