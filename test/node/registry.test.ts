// The node's description against the API reference: every endpoint has an operation, every operation and field
// is described, paging and Simplify are where they belong. No network.
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { Byai } from '../../nodes/Byai/Byai.node';
import { OPERATION_REGISTRY, operationRequest, resources } from '../../nodes/Byai/actions/registry';
import { endpointsJson } from '../helpers/reference';

interface Endpoint {
	id: string;
	method: string;
	path: string;
	deprecated: boolean | { deprecated: boolean };
	removedIn?: string;
}

const reference = endpointsJson as { endpoints: Endpoint[] };
const properties = new Byai().description.properties;
const operations = Object.entries(OPERATION_REGISTRY).flatMap(([resource, ops]) => Object.entries(ops).map(([operation, entry]) => ({ resource, operation, ...entry })));

/** Every property, with the collection/fixedCollection options inside it. */
function walk(list: Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>, trail: string[] = []): Array<{ trail: string; property: INodeProperties }> {
	return list.flatMap((entry) => {
		if ('values' in entry) return walk(entry.values, [...trail, entry.displayName]);
		if (!('type' in entry)) return [];
		const property = entry as INodeProperties;
		const here = [...trail, property.displayName];
		const children = ['collection', 'fixedCollection'].includes(property.type) ? walk((property.options ?? []) as INodeProperties[], here) : [];
		return [{ trail: here.join(' › '), property }, ...children];
	});
}

const shownFor = (property: INodeProperties, resource: string, operation: string) => {
	const show = property.displayOptions?.show ?? {};
	return (!show.resource || show.resource.includes(resource)) && (!show.operation || show.operation.includes(operation));
};

describe('the node covers the Byai API', () => {
	test('every endpoint of endpoints.json (30, deprecated ones included) has an operation with its method', () => {
		expect(reference.endpoints).toHaveLength(30);
		const missing = reference.endpoints.filter((endpoint) => !operations.some((op) => op.path === endpoint.path && op.method === endpoint.method));
		expect(missing.map((endpoint) => `${endpoint.method} ${endpoint.path}`)).toEqual([]);
		const unknown = operations.filter((op) => !reference.endpoints.some((endpoint) => endpoint.path === op.path));
		expect(unknown).toEqual([]);
		expect(operations).toHaveLength(30);
	});

	test('deprecated endpoints (removed or expired in the docs) are deprecated operations, still runnable', () => {
		const deprecatedPaths = reference.endpoints
			.filter((endpoint) => endpoint.deprecated === true || (typeof endpoint.deprecated === 'object' && endpoint.deprecated.deprecated))
			.map((endpoint) => endpoint.path)
			.sort();
		expect(deprecatedPaths).toEqual(['/openapi/v1/task/call', '/openapi/v1/task/importTaskCustomer', '/openapi/v1/task/singleCallByMobile']);
		expect(operations.filter((op) => op.deprecated).map((op) => op.path).sort()).toEqual(deprecatedPaths);
		for (const op of operations.filter((entry) => entry.deprecated)) {
			const definition = resources[op.resource].operations[op.operation];
			expect(definition.runOnce ?? definition.params).toBeDefined();
			const option = (properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(op.resource))!.options as INodePropertyOptions[]).find((o) => o.value === op.operation)!;
			expect(option.name).toMatch(/\(Deprecated\)$/);
			expect(option.description).toMatch(/^Deprecated: .*(Removed from Byai's docs|expired)/);
		}
	});

	test('paged endpoints have Return All / Limit with their page-size cap', () => {
		const paged = Object.fromEntries(operations.filter((op) => op.pageSizeCap).map((op) => [op.path.replace('/openapi/v1/', ''), op.pageSizeCap]));
		expect(paged).toEqual({
			'task/getTasks': 100,
			'task/queryDoneTaskPhones': 50,
			'task/notDialedCustomerList': 50,
			'callBack/queryUnCallBack': 500,
			'company/blacklist/info/page': 20,
			'sms/template/list': 100,
		});
		for (const op of operations) {
			const returnAll = properties.filter((p) => p.name === 'returnAll' && shownFor(p, op.resource, op.operation));
			const limit = properties.filter((p) => p.name === 'limit' && shownFor(p, op.resource, op.operation));
			expect([op.operation, returnAll.length, limit.length]).toEqual([op.operation, op.pageSizeCap ? 1 : 0, op.pageSizeCap ? 1 : 0]);
			if (op.pageSizeCap) expect(limit[0].hint).toContain(`at most ${op.pageSizeCap} per page`);
		}
	});

	test('Simplify is offered exactly where it changes something, on by default', () => {
		for (const op of operations) {
			const simplify = properties.filter((p) => p.name === 'simplify' && shownFor(p, op.resource, op.operation));
			expect([op.resource, op.operation, simplify.length]).toEqual([op.resource, op.operation, resources[op.resource].operations[op.operation].simplify ? 1 : 0]);
			if (simplify.length) expect(simplify[0].default).toBe(true);
		}
	});
});

test('look-ups and dropdowns reuse an operation\'s endpoint, and only reads (a POST would drop their query)', () => {
	expect(operationRequest('task', 'get', { companyId: 1, taskId: 2 })).toEqual({ method: 'GET', path: '/openapi/v1/task/getTaskDetail', query: { companyId: 1, taskId: 2 }, operation: 'Task → Get' });
	expect(() => operationRequest('task', 'create', {})).toThrow('task → create is not a read');
	expect(() => operationRequest('task', 'nothing')).toThrow('is not a read');
});

describe('descriptions a user and an AI agent can use', () => {
	test('the node is usable as a tool', () => {
		expect(new Byai().description.usableAsTool).toBe(true);
	});

	test('every operation has a name, an action and a description', () => {
		const selectors = properties.filter((p) => p.name === 'operation');
		expect(selectors).toHaveLength(Object.keys(resources).length);
		for (const selector of selectors) {
			for (const option of selector.options as INodePropertyOptions[]) {
				expect([option.value, option.name.length > 2, (option.action ?? '').length > 5, (option.description ?? '').length > 20]).toEqual([option.value, true, true, true]);
			}
		}
	});

	test('every field has a description', () => {
		const undescribed = walk(properties)
			.filter(({ property }) => !['resource', 'operation'].includes(property.name) && property.type !== 'notice')
			.filter(({ property }) => !property.description || property.description.trim().length < 10)
			.map(({ trail }) => trail);
		expect(undescribed).toEqual([]);
	});

	test('operations that place real phone calls say so', () => {
		const placing = ['task.start', 'call.callCustomer', 'call.callNumber'];
		for (const key of placing) {
			const [resource, operation] = key.split('.');
			expect(resources[resource].operations[operation].description).toMatch(/real phone call/i);
		}
	});

	test('times are documented as China time (Asia/Shanghai)', () => {
		const dates = walk(properties).filter(({ property }) => property.type === 'dateTime' || /Time$/.test(property.name) && property.type === 'options');
		expect(dates.length).toBeGreaterThan(5);
		for (const { trail, property } of dates) expect([trail, /China time/.test(property.description ?? '')]).toEqual([trail, true]);
	});

	test('every field is shown for operations that exist', () => {
		for (const property of properties) {
			const show = property.displayOptions?.show;
			if (!show?.operation) continue;
			for (const resource of (show.resource as string[]) ?? []) {
				for (const operation of show.operation as string[]) expect(`${resource}.${operation}`).toBe(resources[resource].operations[operation] ? `${resource}.${operation}` : 'unknown');
			}
		}
	});
});
