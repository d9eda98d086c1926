/** "host:port", with brackets around an IPv6 address so the port stays readable. */
export function hostPort(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
