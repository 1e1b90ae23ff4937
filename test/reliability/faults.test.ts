// The node under the faults it meets in the field, injected by the sandbox: reads recover, writes are
// never duplicated (the sandbox's request log proves it), and what cannot recover says what to do.
import type { IDataObject } from 'n8n-workflow';

import { byId, runByai } from '../helpers/n8n';
import { useSandbox } from '../helpers/sandbox';
import { collect, guardSecrets } from './secrets';

const env = useSandbox({ seed: 21, dialer: { callIntervalMs: 60_000 } });
const company = byId(3811);
guardSecrets(env);
const run = async (parameters: IDataObject, items: IDataObject[] = [{}]) => collect(await runByai(parameters as never, items, { credentials: env.credentials }));
const fault = (path: string, spec: IDataObject) => env.admin('POST', '/faults', { path, ...spec });
const DETAIL = '/openapi/v1/task/getTaskDetail';
let taskId: number;

async function failure(promise: Promise<unknown>): Promise<Error & { description?: string }> {
	try {
		await promise;
	} catch (error) {
		return collect(error as Error & { description?: string });
	}
	throw new Error('expected a failure');
}

beforeAll(async () => {
	const [created] = await run({ resource: 'task', operation: 'create', companyId: company, taskName: '可靠性', callerLineIds: [102], robotDefId: 202, taskType: 2 });
	taskId = created.json.taskId as number;
	await run({ resource: 'customer', operation: 'import', companyId: company, taskId: byId(taskId), phoneColumn: 'phone' }, [{ phone: '13500000001' }]);
});
beforeEach(async () => {
	await env.admin('DELETE', '/faults');
	await env.admin('DELETE', '/requests');
});

const getTask = () => run({ resource: 'task', operation: 'get', companyId: company, taskId: byId(taskId) });

describe('reads recover from transient faults', () => {
	test.each([
		['a burst of 503s', { mode: 'http-error', status: 503, count: 2 }, 3],
		['429 with Retry-After', { mode: 'rate-limit', retryAfterSeconds: 1, count: 1 }, 2],
		['a dropped connection', { mode: 'drop', count: 1 }, 2],
		['an HTML error page', { mode: 'html', status: 502, count: 1 }, 2],
		['malformed JSON', { mode: 'malformed-json', count: 1 }, 2],
	])('%s', async (_name, spec, requests) => {
		await fault(DETAIL, spec);
		const [task] = await getTask();
		expect(task.json.callJobId).toBe(taskId);
		expect(await env.requests(DETAIL)).toHaveLength(requests);
	});

	test('a timeout (Options → Timeout)', async () => {
		await fault(DETAIL, { mode: 'slow', delayMs: 2500, count: 1 });
		const [task] = collect(await runByai({ resource: 'task', operation: 'get', companyId: company, taskId: byId(taskId), requestOptions: { timeout: 1000 } } as never, [{}], { credentials: env.credentials }));
		expect(task.json.callJobId).toBe(taskId);
	});

	test('408 clock skew: re-signed with the server time', async () => {
		await env.admin('POST', '/clock', { offsetMs: -7 * 60_000 });
		try {
			const [task] = await getTask();
			expect(task.json.callJobId).toBe(taskId);
			expect((await env.requests(DETAIL)).map((r) => r.envelopeCode)).toEqual([408, 200]);
		} finally {
			await env.admin('POST', '/clock', { offsetMs: 0 });
			await getTask();
		}
	});
});

describe('writes are never duplicated', () => {
	test.each([
		['503', { mode: 'http-error', status: 503 }],
		['a dropped connection after Byai applied it', { mode: 'drop', applyBeforeFault: true }],
		['a timeout', { mode: 'slow', delayMs: 2500 }],
		['an HTML gateway page', { mode: 'html', status: 504 }],
	])('Task → Start answered with %s: one request, an "outcome unknown" error naming the operation', async (_name, spec) => {
		await fault('/openapi/v1/task/start', spec);
		const error = await failure(runByai({ resource: 'task', operation: 'start', companyId: company, taskId: byId(taskId), requestOptions: { timeout: 1000 } } as never, [{}], { credentials: env.credentials }));
		expect(error.message).toContain('The outcome of "Task → Start" is unknown');
		expect(error.description).toContain('before running it again');
		expect(await env.requests('/task/start')).toHaveLength(1);
		await run({ resource: 'task', operation: 'pause', companyId: company, taskId: byId(taskId) }).catch(() => undefined);
	});

	test('429 means Byai did not process it: the write is sent again after Retry-After, once applied', async () => {
		await fault('/openapi/v1/company/blacklist/group/add', { mode: 'rate-limit', retryAfterSeconds: 1 });
		const [group] = await run({ resource: 'blacklist', operation: 'createGroup', companyId: company, groupName: '限流后' });
		expect(group.json.blacklistInfoGroupId).toEqual(expect.any(Number));
		expect((await env.requests('/blacklist/group/add')).map((r) => r.httpStatus)).toEqual([429, 200]);
	});
});

describe('what cannot recover says what to do', () => {
	test('a read failing every time names the operation, the status and the next step', async () => {
		await fault(DETAIL, { mode: 'http-error', status: 503, count: -1 });
		const error = await failure(getTask());
		expect(error.message).toBe('Byai request "Task → Get" failed (HTTP 503)');
		expect(await env.requests(DETAIL)).toHaveLength(4);
	});

	test('an envelope error reaches the item with Continue On Fail, the other items still run', async () => {
		const out = collect(await runByai({ resource: 'task', operation: 'get', companyId: company, taskId: byId('={{ $json.id }}' as unknown as number) } as never, [{ id: taskId }, { id: 999999 }, { id: taskId }], { credentials: env.credentials, continueOnFail: true }));
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.callJobId).toBe(taskId);
		expect(String(out[1].json.error)).toContain('code 404');
		expect(String(out[1].json.description)).toContain('Check the id');
		expect(out[2].json.callJobId).toBe(taskId);
	});
});
