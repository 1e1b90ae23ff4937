// How the node reads its parameters (parameters.ts): n8n resolves a parameter on every getNodeParameter call,
// so the node asks n8n once per item for a parameter holding an expression, and once per execution for one
// without, with the same values, errors, Continue On Fail and pairing as before.
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ExecuteContext } from 'n8n-core';

import { holdsExpression, ITEMS_AHEAD, nodeParameter, ParameterReader, readParametersOnce } from '../../nodes/Byai/actions/parameters';
import { byId, executeContext, makeNode, makeWorkflow, runByai } from '../helpers/n8n';
import { useSandbox } from '../helpers/sandbox';

const env = useSandbox({ seed: 7, dialer: { callIntervalMs: 60_000 } });

/** Every parameter n8n resolved (name, item), in order: its one resolver behind getNodeParameter. */
function countResolutions() {
	const resolutions: Array<[string, number]> = [];
	const prototype = ExecuteContext.prototype as unknown as { _getNodeParameter: (name: string, itemIndex: number, ...rest: unknown[]) => unknown };
	const original = prototype._getNodeParameter;
	const spy = jest.spyOn(prototype, '_getNodeParameter').mockImplementation(function (this: unknown, name: string, itemIndex: number, ...rest: unknown[]) {
		resolutions.push([name, itemIndex]);
		return original.call(this, name, itemIndex, ...rest);
	});
	const of = (name: string) => resolutions.filter(([resolved]) => resolved === name).map(([, itemIndex]) => itemIndex);
	return { of, restore: () => spy.mockRestore() };
}

/** An execute context of the Byai node with `parameters` over `items`. */
function contextOf(parameters: INodeParameters, items: IDataObject[]): IExecuteFunctions {
	const node = makeNode('n8n-nodes-byai.byai', parameters);
	return executeContext(makeWorkflow(node), node, items.map((json) => ({ json })));
}

const items = [{ taskId: 11, remark: 'a' }, { taskId: 12, remark: 'b' }, { taskId: 13, remark: 'c' }];
const task = { resource: 'task', operation: 'get', companyId: byId(3811) };
/** Task → Create, where Additional Fields is shown (n8n drops the values of fields not shown). */
const createTask = (additionalFields: INodeParameters): INodeParameters => ({ ...task, operation: 'create', taskName: 'x', callerLineIds: [102], robotDefId: 202, additionalFields });

let resolutions: ReturnType<typeof countResolutions>;
beforeEach(() => {
	resolutions = countResolutions();
});
afterEach(() => resolutions.restore());

describe('holdsExpression: what n8n would evaluate', () => {
	test.each([
		['an expression', '={{ $json.taskId }}', true],
		['an expression inside a resource locator', { __rl: true, mode: 'id', value: '={{ $json.taskId }}' }, true],
		['an expression deep in a collection', { rule: [{ times: 1 }, { times: '={{ 2 }}' }] }, true],
		["an agent's $fromAI", "={{ $fromAI('page', '', 'number', 1) }}", true],
		['plain text with "=" inside', 'a=b', false],
		['a fixed resource locator', { __rl: true, mode: 'id', value: '3811' }, false],
		['numbers, booleans, null and empty values', [1, true, null, {}, []], false],
	])('%s', (_name, value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe('ParameterReader', () => {
	test('a parameter without an expression is resolved once for all items, with its value for each', () => {
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId(7) }, items));
		const values = [0, 1, 2, 0, 1, 2].map((itemIndex) => reader.get('companyId', itemIndex, '', { extractValue: true }));
		expect(values).toEqual(Array(6).fill('3811'));
		expect(resolutions.of('companyId')).toEqual([0]);
	});

	test('a parameter with an expression is resolved once per item, however often it is read', () => {
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId('={{ $json.taskId }}') }, items));
		const values = [0, 1, 2, 2, 1, 0].map((itemIndex) => reader.get('taskId', itemIndex, '', { extractValue: true }));
		expect(values).toEqual([11, 12, 13, 13, 12, 11]);
		expect(resolutions.of('taskId')).toEqual([0, 1, 2]);
	});

	test('from the second item on, an expression parameter is resolved for the items ahead in one go', () => {
		const many = Array.from({ length: ITEMS_AHEAD * 2 + 50 }, (_, index) => ({ taskId: index }));
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId('={{ $json.taskId }}') }, many));
		const read = (itemIndex: number) => reader.get('taskId', itemIndex, '', { extractValue: true });
		const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
		expect(read(0)).toBe(0);
		expect(resolutions.of('taskId')).toEqual([0]);
		expect(read(1)).toBe(1);
		expect(resolutions.of('taskId')).toEqual(range(0, ITEMS_AHEAD + 1));
		expect(range(0, ITEMS_AHEAD + 1).map(read)).toEqual(range(0, ITEMS_AHEAD + 1));
		expect(read(ITEMS_AHEAD * 2 + 10)).toBe(ITEMS_AHEAD * 2 + 10);
		expect(resolutions.of('taskId')).toEqual([...range(0, ITEMS_AHEAD + 1), ...range(ITEMS_AHEAD * 2 + 10, ITEMS_AHEAD * 2 + 50)]);
	});

	test('an item whose expression fails gets its error when it reads it, and only then; the others their values', () => {
		const input = [{ ok: true, taskId: 1 }, { ok: true, taskId: 2 }, { ok: false }, { ok: true, taskId: 4 }];
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId('={{ $json.ok ? $json.taskId : $("No Such Node").item.json.id }}') }, input));
		const read = (itemIndex: number) => reader.get('taskId', itemIndex, '', { extractValue: true });
		expect([read(0), read(1), read(3)]).toEqual([1, 2, 4]);
		expect(resolutions.of('taskId')).toEqual([0, 1, 2, 3]);
		expect(() => read(2)).toThrow();
		expect(() => read(2)).toThrow();
		expect(resolutions.of('taskId')).toEqual([0, 1, 2, 3, 2]);
	});

	test('a read for an item past the input (an agent\'s run without items) is resolved for that item', () => {
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId('={{ 6 * 7 }}') }, []));
		expect([reader.get('taskId', 0, '', { extractValue: true }), reader.get('taskId', 0, '', { extractValue: true })]).toEqual([42, 42]);
		expect(resolutions.of('taskId')).toEqual([0]);
	});

	test('a collection with one expression inside is resolved per item, as a whole', () => {
		const reader = new ParameterReader(contextOf(createTask({ remark: '={{ $json.remark }}', sendSms: true }), items));
		expect([0, 1, 2].map((itemIndex) => reader.get('additionalFields', itemIndex, {}))).toEqual([
			{ remark: 'a', sendSms: true },
			{ remark: 'b', sendSms: true },
			{ remark: 'c', sendSms: true },
		]);
		expect(resolutions.of('additionalFields')).toEqual([0, 1, 2]);
	});

	test('the value and the unwrapped value of a resource locator are kept apart', () => {
		const reader = new ParameterReader(contextOf(task, items));
		expect(reader.get('companyId', 0, '', { extractValue: true })).toBe('3811');
		expect(reader.get('companyId', 1)).toEqual(byId(3811));
	});

	test('each read gets its own copy: changing one does not change the next', () => {
		const reader = new ParameterReader(contextOf(createTask({ redialRules: { rule: [{ times: 1 }] } }), items));
		const first = reader.get('additionalFields', 0, {}) as { redialRules: { rule: IDataObject[] } };
		first.redialRules.rule[0].times = 5;
		const second = reader.get('additionalFields', 1, {}) as { redialRules: { rule: IDataObject[] } };
		expect(second.redialRules.rule[0].times).toBe(1);
		expect(resolutions.of('additionalFields')).toEqual([0]);
	});

	test('a failed read is not kept: the next read asks n8n again and fails for its own item', () => {
		const context = contextOf({ ...task, taskId: byId('={{ $json.taskId + }}') }, items);
		const reader = new ParameterReader(context);
		expect(() => reader.get('taskId', 0, '', { extractValue: true })).toThrow();
		expect(() => reader.get('taskId', 0, '', { extractValue: true })).toThrow();
		expect(resolutions.of('taskId')).toEqual([0, 0]);
	});

	test('absent parameters and other options go to n8n on every read', () => {
		const reader = new ParameterReader(contextOf({ ...task, taskId: byId('={{ $json.taskId }}') }, items));
		expect([reader.get('notSaved', 0, 'a'), reader.get('notSaved', 0, 'b')]).toEqual(['a', 'b']);
		expect(reader.get('taskId', 0, '', { rawExpressions: true })).toEqual(byId('={{ $json.taskId }}'));
		reader.get('taskId', 0, '', { rawExpressions: true });
		expect(resolutions.of('notSaved')).toEqual([0, 0]);
		expect(resolutions.of('taskId')).toEqual([0, 0]);
	});

	test("nodeParameter reads through the execution's reader, and straight from n8n without one", () => {
		const withoutReader = contextOf(task, items);
		nodeParameter(withoutReader, 'companyId', 0);
		nodeParameter(withoutReader, 'companyId', 1);
		expect(resolutions.of('companyId')).toEqual([0, 1]);
		const withReader = contextOf(task, items);
		readParametersOnce(withReader);
		nodeParameter(withReader, 'companyId', 0);
		nodeParameter(withReader, 'companyId', 1);
		expect(resolutions.of('companyId')).toEqual([0, 1, 0]);
	});
});

describe('the node: one resolution per parameter and item, behaviour unchanged', () => {
	const run = (parameters: IDataObject, input: IDataObject[], continueOnFail = false) =>
		runByai(parameters as INodeParameters, input, { credentials: env.credentials, continueOnFail });
	const lines = { resource: 'callerLine', operation: 'getAll' };

	test('the company by expression is resolved once per item; resource, operation and options once', async () => {
		const out = await run({ ...lines, companyId: '={{ $json.company }}', requestOptions: { parallelRequests: 2 } }, [{ company: 3811 }, { company: 3811 }, { company: 3811 }]);
		expect(out.length).toBeGreaterThan(0);
		expect(resolutions.of('companyId')).toEqual([0, 1, 2]);
		for (const name of ['resource', 'operation', 'requestOptions']) expect(resolutions.of(name)).toEqual([0]);
	});

	test('a fixed company is resolved once for all items', async () => {
		const out = await run({ ...lines, companyId: byId(3811) }, [{}, {}, {}]);
		expect(new Set(out.map((item) => (item.pairedItem as { item: number }).item))).toEqual(new Set([0, 1, 2]));
		expect(resolutions.of('companyId')).toEqual([0]);
	});

	test('a bad fixed value still fails every item, naming the field, each error item paired with its item', async () => {
		const out = await run({ ...lines, companyId: byId('abc') }, [{}, {}], true);
		expect(out.map((item) => item.json.error)).toEqual(Array(2).fill('Company must be a positive whole number, got "abc"'));
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('without Continue On Fail the error names the field and the item', async () => {
		const error = await run({ ...lines, companyId: '={{ $json.company }}' }, [{ company: 3811 }, { company: 'x' }]).catch((thrown: unknown) => thrown);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Company must be a positive whole number, got "x"');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});
});
