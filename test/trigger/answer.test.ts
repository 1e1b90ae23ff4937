// Answer Byai: "When Received" (n8n answers once it has the callback) or "From a Byai Node" (n8n's
// responseMode "responseNode": a Byai node's Callback → Acknowledge answers, later in the execution).
// The Acknowledge operation itself: one answer per execution, items passed on, refused to AI agents.
// Real n8n (regular and queue mode) in e2e/answer.e2e.test.js and e2e/queue.e2e.test.js.
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { acknowledgementResponse } from '../../nodes/ByaiTrigger/answer';
import { ByaiTrigger } from '../../nodes/ByaiTrigger/ByaiTrigger.node';
import { Byai } from '../../nodes/Byai/Byai.node';
import { executeNode, makeNode, makeWorkflow, newRunExecutionData } from '../helpers/n8n';
import { activateTrigger } from '../helpers/webhook';
import { ALL_EVENTS, callRecord, itemsOf, taskStatus, useTriggers } from './fixtures';

const trigger = useTriggers();
const { description } = new ByaiTrigger();
const FROM_NODE = { answerByai: 'fromByaiNode' };

/** A Byai node set to Callback → Acknowledge (no credential: it needs none). */
const acknowledgeNode = (name = 'Acknowledge', extra: Partial<INode> = {}): INode => ({ ...makeNode('n8n-nodes-byai.byai', { resource: 'callback', operation: 'acknowledge' }, false), id: `id-${name}`, name, ...extra });
/** A Byai node that fails before anything is acknowledged (it has no credential). */
const failingNode = (): INode => ({ ...makeNode('n8n-nodes-byai.byai', { resource: 'company', operation: 'getAll' }, false), id: 'id-fails', name: 'Fails' });
const triggerNode = (parameters: INodeParameters = {}) => makeNode('n8n-nodes-byai.byaiTrigger', { events: ALL_EVENTS, ...parameters });

describe('Answer Byai on the trigger', () => {
	test('When Received by default; n8n reads the webhooks\' responseMode from it, as for its own Webhook node', () => {
		const property = description.properties.find((p) => p.name === 'answerByai')!;
		expect(property).toMatchObject({ type: 'options', default: 'whenReceived', noDataExpression: true });
		expect(property.options!.map((option) => (option as { value: string }).value)).toEqual(['whenReceived', 'fromByaiNode']);
		const modeFor = (parameters: INodeParameters) => {
			const node = triggerNode(parameters);
			const workflow = makeWorkflow(node, {}, 'wf-mode', [acknowledgeNode()]);
			return description.webhooks!.map((webhook) => workflow.expression.getSimpleParameterValue(node, webhook.responseMode, 'webhook', {}, undefined, 'onReceived'));
		};
		expect(modeFor({})).toEqual(['onReceived', 'onReceived']);
		expect(modeFor({ answerByai: 'whenReceived' })).toEqual(['onReceived', 'onReceived']);
		expect(modeFor(FROM_NODE)).toEqual(['responseNode', 'responseNode']);
	});

	test('"From a Byai Node" without an enabled Acknowledge after the trigger stops the activation', async () => {
		const message = 'No Byai node acknowledges the callbacks';
		await expect(activateTrigger({ events: ALL_EVENTS, ...FROM_NODE })).rejects.toThrow(message);
		await expect(activateTrigger({ events: ALL_EVENTS, ...FROM_NODE }, undefined, 'trigger', [acknowledgeNode('Off', { disabled: true })])).rejects.toThrow(message);
		await expect(activateTrigger({ events: ALL_EVENTS, ...FROM_NODE }, undefined, 'trigger', [failingNode()])).rejects.toMatchObject({ description: expect.stringContaining('Callback → Acknowledge') });
		// Anywhere after the trigger will do (after the claim, in the recipe).
		expect(await activateTrigger({ events: ALL_EVENTS, ...FROM_NODE }, undefined, 'trigger', [failingNode(), acknowledgeNode()])).toHaveLength(4);
		expect(await activateTrigger({ events: ALL_EVENTS })).toHaveLength(4);
	});

	test('"From a Byai Node": a callback that starts an execution is answered by Acknowledge, with the trigger\'s exact answer', async () => {
		const server = await trigger(FROM_NODE, { downstream: [acknowledgeNode()] });
		const answer = await server.post('call-record', callRecord(11), { contentType: 'text/plain;charset=utf-8' });
		expect(answer).toMatchObject({ status: 200, text: 'success', contentType: 'text/plain; charset=utf-8' });
		expect(itemsOf(server)).toEqual([expect.objectContaining({ event: 'callFinished', callInstanceId: 11 })]);
		expect(server.errors).toEqual([]);
	});

	test('"From a Byai Node": an execution that fails before Acknowledge gets an error answer, and the resend is not taken for a repeat', async () => {
		const server = await trigger(FROM_NODE, { downstream: [failingNode(), acknowledgeNode()] });
		expect((await server.post('call-record', callRecord(12))).status).toBe(500);
		expect((await server.post('call-record', callRecord(12))).status).toBe(500);
		expect(server.executions).toHaveLength(2);
		expect(server.errors.map((error) => error.message)).toEqual([expect.stringMatching(/credential/i), expect.stringMatching(/credential/i)]);
		// n8n 1.x answers such an execution 200 with no body: not "success" either, so no repeat.
		const oneX = await trigger(FROM_NODE, { downstream: [failingNode(), acknowledgeNode()], answerFirst: true });
		expect(await oneX.post('call-record', callRecord(14))).toMatchObject({ status: 200, text: '' });
		expect(await oneX.post('call-record', callRecord(14))).toMatchObject({ status: 200, text: '' });
		expect(oneX.executions).toHaveLength(2);
	});

	test('"From a Byai Node": bad callbacks are refused at once and filtered-out or repeated ones answered at once, starting nothing', async () => {
		const server = await trigger({ ...FROM_NODE, events: ['callFinished'] }, { downstream: [acknowledgeNode()] });
		expect(await server.post('call-record', '{"code":200,"data":', { contentType: 'text/plain' })).toMatchObject({ status: 400, text: 'not a Byai callback: the body is not JSON' });
		expect(await server.post('task-status', taskStatus(5))).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions).toHaveLength(0);
		expect((await server.post('call-record', callRecord(13))).text).toBe('success');
		expect(await server.post('call-record', callRecord(13))).toMatchObject({ status: 200, text: 'success' });
		expect(server.executions).toHaveLength(1);
	});
});

describe('Callback → Acknowledge', () => {
	const items: INodeExecutionData[] = [{ json: { dedupeKey: 'a', claimed: true }, pairedItem: { item: 0 } }, { json: { dedupeKey: 'b', claimed: false }, pairedItem: { item: 3 } }];

	async function acknowledge(parents: INode[], { runs = 1, type = 'n8n-nodes-byai.byai' } = {}) {
		const node = { ...acknowledgeNode(), type };
		const [first, ...rest] = parents;
		const workflow = first ? makeWorkflow(first, {}, 'wf-ack', [...rest, node]) : makeWorkflow(node);
		const responses: unknown[] = [];
		const runExecutionData = newRunExecutionData();
		let output: INodeExecutionData[] = [];
		for (let run = 0; run < runs; run++) output = await executeNode(workflow, node, items, 'webhook', undefined, undefined, { runExecutionData, onResponse: (response) => responses.push(response) });
		return { output, responses };
	}

	test('answers Byai once per execution and passes the items on unchanged, each paired with its input item; no credential, no request', async () => {
		const { output, responses } = await acknowledge([triggerNode(FROM_NODE), failingNode()], { runs: 2 });
		expect(responses).toEqual([{ body: Buffer.from('success'), headers: { 'content-type': 'text/plain; charset=utf-8' }, statusCode: 200 }]);
		expect(acknowledgementResponse()).not.toBe(acknowledgementResponse()); // n8n 1.x rewrites the body it relays
		expect(output).toEqual([
			{ json: { dedupeKey: 'a', claimed: true }, pairedItem: { item: 0 } },
			{ json: { dedupeKey: 'b', claimed: false }, pairedItem: { item: 1 } },
		]);
		// The credential is not asked for on this operation alone.
		expect(new Byai().description.credentials).toEqual([{ name: 'byaiApi', required: true, displayOptions: { hide: { operation: ['acknowledge'] } } }]);
	});

	test.each([
		['no Byai Trigger before it', []],
		['a Byai Trigger answering When Received', [triggerNode({ answerByai: 'whenReceived' })]],
		['a disabled Byai Trigger', [{ ...triggerNode(FROM_NODE), disabled: true }]],
	])('fails clearly with %s, answering nothing', async (_case, parents) => {
		await expect(acknowledge(parents as INode[])).rejects.toMatchObject({
			message: 'Acknowledge answers only a Byai Trigger whose Answer Byai is "From a Byai Node"',
			description: expect.stringContaining('set that trigger\'s Answer Byai to "From a Byai Node"'),
		});
	});

	test('refused to an AI agent (it has no callback to answer): nothing is sent', async () => {
		const { output, responses } = await acknowledge([triggerNode(FROM_NODE)], { type: 'n8n-nodes-byai.byaiTool' });
		expect(responses).toEqual([]);
		expect(output).toEqual(
			[0, 1].map((item) => ({ json: { refused: true, operation: 'Callback → Acknowledge', message: expect.stringMatching(/^Callback → Acknowledge is not a tool for agents/) as unknown as IDataObject }, pairedItem: { item } })),
		);
	});
});
