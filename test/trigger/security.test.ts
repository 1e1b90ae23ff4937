// Who may start the workflow: the source-address allowlist (real sockets from different loopback
// addresses), X-Forwarded-For only behind a proxy and counted from the right, and the callback sign.
import { triggerLog } from '../helpers/webhook';
import { callRecord, itemsOf, skeleton, useTriggers } from './fixtures';

const trigger = useTriggers();

describe('allowed IPs', () => {
	test('off by default: any address is served', async () => {
		const server = await trigger();
		expect((await server.post('call-record', callRecord(1), { localAddress: '127.0.0.9' })).text).toBe('success');
		expect(server.executions).toHaveLength(1);
	});

	test('only listed addresses; others get 403, start nothing and are logged', async () => {
		const server = await trigger({ options: { allowedIps: '127.0.0.2' } });
		const refused = await server.post('call-record', callRecord(1));
		expect(refused).toMatchObject({ status: 403, text: 'forbidden: 127.0.0.1 is not in Allowed IPs' });
		expect(server.executions).toHaveLength(0);
		expect(triggerLog).toContain('warn: Byai Trigger "Byai Trigger" refused a callback (403): forbidden: 127.0.0.1 is not in Allowed IPs');
		expect(await server.post('call-record', callRecord(1), { localAddress: '127.0.0.2' })).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions).toHaveLength(1);
	});

	test('IPv4 ranges, IPv6 addresses, several entries', async () => {
		const server = await trigger({ options: { allowedIps: '120.55.46.3, 127.0.0.0/30; ::1' } });
		const from = async (localAddress: string, host?: string) => (await server.post('call-record', callRecord(localAddress), { localAddress, host })).status;
		expect(await from('127.0.0.1')).toBe(200);
		expect(await from('127.0.0.3')).toBe(200);
		expect(await from('127.0.0.4')).toBe(403);
		expect(await from('::1', '::1')).toBe(200);
		expect(server.executions).toHaveLength(3);
	});

	test('X-Forwarded-For is ignored unless n8n is behind a proxy', async () => {
		const server = await trigger({ options: { allowedIps: '120.55.46.3' } });
		expect((await server.post('call-record', callRecord(1), { headers: { 'x-forwarded-for': '120.55.46.3' } })).status).toBe(403);
		expect(server.executions).toHaveLength(0);
	});

	test('behind a proxy the address the proxy added counts, not one the caller wrote itself', async () => {
		const server = await trigger({ options: { allowedIps: '120.55.46.3', behindProxy: true } });
		const via = async (forwardedFor: string | undefined, id: number) =>
			(await server.post('call-record', callRecord(id), { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } })).status;
		expect(await via('120.55.46.3', 1)).toBe(200);
		expect(await via('203.0.113.9, 120.55.46.3', 2)).toBe(200);
		// The caller sent "X-Forwarded-For: 120.55.46.3"; the proxy appended its real address.
		expect(await via('120.55.46.3, 203.0.113.9', 3)).toBe(403);
		// No header: the proxy itself is the caller.
		expect(await via(undefined, 4)).toBe(403);
		expect(itemsOf(server).map((item) => item.callInstanceId)).toEqual([1, 2]);
	});

	test('behind two proxies, the second entry from the right counts', async () => {
		const server = await trigger({ options: { allowedIps: '120.55.46.3', behindProxy: true, proxyHops: 2 } });
		expect((await server.post('call-record', callRecord(1), { headers: { 'x-forwarded-for': '120.55.46.3, 10.0.0.5' } })).status).toBe(200);
		expect((await server.post('call-record', callRecord(2), { headers: { 'x-forwarded-for': '120.55.46.3, 203.0.113.9, 10.0.0.5' } })).status).toBe(403);
		expect(server.executions).toHaveLength(1);
	});
});

describe('callback sign', () => {
	// Test vector of sandbox/byai-api/README.md, section 4: Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\n" + datetime)).
	const credentials = { appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefg', baseUrl: 'http://127.0.0.1:9' };
	const DATE = 'Sun, 09 Jun 2019 10:09:11 GMT';
	const SIGN = 'vGax0yOnHSk0k9li1ORUZOmRyDs=';
	const signed = (sign: string | null, dateTime: string | null = DATE) => {
		const payload = skeleton('inboundCallRecord');
		Object.assign(payload.data.data, { sign, dateTime });
		return payload;
	};

	test('checked when present: a right sign passes, a wrong one or one for another date gets 403', async () => {
		const server = await trigger({ verifySignature: true }, { credentials });
		expect((await server.post('call-record', signed(SIGN))).text).toBe('success');
		expect(await server.post('call-record', signed('AAAAAAAAAAAAAAAAAAAAAAAAAAA='))).toMatchObject({ status: 403, text: 'invalid sign' });
		expect((await server.post('call-record', signed(SIGN, 'Mon, 10 Jun 2019 10:09:11 GMT'))).status).toBe(403);
		expect((await server.post('call-record', signed(SIGN, null))).status).toBe(403);
		expect(server.executions).toHaveLength(1);
		expect(triggerLog.join('\n')).not.toContain(credentials.appSecret);
	});

	test('the 2018 body carries the sign on the record itself', async () => {
		const server = await trigger({ verifySignature: true }, { credentials });
		const { data } = skeleton('callRecord').data;
		expect((await server.post('call-record', { code: 200, data: { ...data, sign: SIGN, dateTime: DATE } })).text).toBe('success');
		expect((await server.post('call-record', { code: 200, data: { ...data, sign: 'x', dateTime: DATE } })).status).toBe(403);
		expect(server.executions).toHaveLength(1);
	});

	test('unsigned callbacks pass unless Reject Unsigned Callbacks is on', async () => {
		const lenient = await trigger({ verifySignature: true }, { credentials });
		expect((await lenient.post('call-record', signed(null, null))).text).toBe('success');
		expect((await lenient.post('task-status', skeleton('taskStatus'))).text).toBe('success');
		expect(lenient.executions).toHaveLength(2);
		const strict = await trigger({ verifySignature: true, requireSignature: true }, { credentials });
		expect(await strict.post('call-record', signed(null, null))).toMatchObject({ status: 403, text: 'unsigned callback' });
		expect((await strict.post('call-record', signed(''))).status).toBe(403);
		expect((await strict.post('call-record', signed(SIGN))).text).toBe('success');
		expect(strict.executions).toHaveLength(1);
	});

	test('verification off: the sign is not looked at', async () => {
		const server = await trigger({ verifySignature: false, requireSignature: true });
		expect((await server.post('call-record', signed('wrong'))).text).toBe('success');
		expect(server.executions).toHaveLength(1);
	});

	test('verification on without a credential: n8n reports the error (500) and Byai will retry; nothing is acknowledged', async () => {
		const server = await trigger({ verifySignature: true });
		expect((await server.post('call-record', signed(SIGN))).status).toBe(500);
		expect(server.errors).toHaveLength(1);
		expect(server.executions).toHaveLength(0);
	});
});
