// The node's description (two webhook URLs, the notice) and its lifecycle hooks through n8n-core's HookContext:
// nothing to register at Byai, but a mistake in the settings stops the activation.
import type { INodeProperties } from 'n8n-workflow';

import { ByaiTrigger } from '../../nodes/ByaiTrigger/ByaiTrigger.node';
import { activateTrigger, deactivateTrigger } from '../helpers/webhook';
import { ALL_EVENTS } from './fixtures';

const { description } = new ByaiTrigger();
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;
const credentials = { appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefg', baseUrl: 'http://127.0.0.1:9' };

describe('description', () => {
	test('two POST webhooks, call-record and task-status, answered "success" by n8n once the execution exists (or by Acknowledge: answer.test.ts)', () => {
		const responseMode = '={{$parameter["answerByai"] === "fromByaiNode" ? "responseNode" : "onReceived"}}';
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode, responseData: 'success', path: 'call-record' },
			{ name: 'default', httpMethod: 'POST', responseMode, responseData: 'success', path: 'task-status' },
		]);
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description).not.toHaveProperty('usableAsTool');
	});

	test('the notice says which URL goes into which CRM field, and that production URLs need an active workflow', () => {
		const notice = property('urlsNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/^Byai has no API to register callbacks/);
		expect(notice.displayName).toMatch(/\/call-record<\/b> as 通话记录回调地址/);
		expect(notice.displayName).toMatch(/\/task-status<\/b> as 任务回调地址/);
		expect(notice.displayName).toContain('系统管理 → 系统设置 → API配置');
		expect(notice.displayName).toMatch(/Production URLs<\/b>: they work only while this workflow is active/);
		expect(notice.displayName).toMatch(/Test URLs work only while the editor listens/);
	});

	test('all four events by default; the credential only for signature checks', () => {
		expect(property('events').default).toEqual(ALL_EVENTS);
		expect((property('events').options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([...ALL_EVENTS].sort());
		// No displayOptions on the credential: n8n 1.x hides parameters a credential's displayOptions name.
		expect(description.credentials).toEqual([{ name: 'byaiApi', required: false }]);
		expect(property('verifySignature').description).toMatch(/never documented the algorithm/);
		expect(property('requireSignature').displayOptions).toEqual({ show: { verifySignature: [true] } });
	});
});

describe('activation', () => {
	test('nothing exists at Byai to look up, so n8n calls create() for each webhook, which accepts valid settings', async () => {
		expect(await activateTrigger({ events: ALL_EVENTS })).toEqual(['checkExists', 'create', 'checkExists', 'create']);
		expect(
			await activateTrigger({ events: ['callFinished'], filters: { companyIds: '3811, 3812', taskIds: '7' }, options: { allowedIps: '120.55.46.3, 10.0.0.0/8, ::1', behindProxy: true, proxyHops: 2 } }),
		).toHaveLength(4);
		expect(await activateTrigger({ events: ALL_EVENTS, verifySignature: true }, credentials)).toHaveLength(4);
	});

	test.each([
		['no event', { events: [] }, 'Choose at least one event'],
		['a bad address', { options: { allowedIps: '120.55.46.3, 120.55.46' } }, 'Allowed IPs: "120.55.46" is not an IP address'],
		['a bad range', { options: { allowedIps: '10.0.0.0/33' } }, 'Allowed IPs: "10.0.0.0/33" is not an IP address'],
		['an IPv6 range', { options: { allowedIps: '::1/64' } }, 'Allowed IPs: "::1/64" is not an IP address'],
		['a company name', { filters: { companyIds: '3811, 百应' } }, 'Company IDs: "百应" is not a number'],
		['a task id with a letter', { filters: { taskIds: '12a' } }, 'Task IDs: "12a" is not a number'],
		['zero proxies', { options: { behindProxy: true, proxyHops: 0 } }, 'Proxy Hops must be a whole number of at least 1'],
		['a negative window', { options: { dedupeWindow: -1 } }, 'Dedupe Window must be a whole number from 0 to 100000'],
		['signature checks without a credential', { verifySignature: true }, 'Verify Signature needs a Byai API credential'],
	])('%s stops the activation with a message', async (_case, parameters, message) => {
		await expect(activateTrigger({ events: ALL_EVENTS, ...parameters })).rejects.toThrow(message);
	});

	test('an unused proxy-hop count does not block activation', async () => {
		expect(await activateTrigger({ events: ALL_EVENTS, options: { proxyHops: 0 } })).toHaveLength(4);
	});

	test('deactivation has nothing to remove at Byai', async () => {
		expect(await deactivateTrigger({ events: ALL_EVENTS })).toEqual([true, true]);
	});
});
