import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in Byai host for answers the sandbox never gives (redirects, arbitrary bodies), on a real socket. */
export async function withServer(handler: http.RequestListener, use: (url: string) => Promise<void>): Promise<void> {
	const server = http.createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
}
