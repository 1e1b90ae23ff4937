import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { analysisOf, INTENTION_RESULT_NAME } from '../helpers/labels';
import { checkRange } from '../helpers/validation';
import type { ByaiClient, ByaiPage, ByaiRequest } from '../transport';
import { withPage } from '../transport';
import { param } from './common';
import { nodeParameter } from './parameters';
import type { OperationDefinition } from './types';

// The node as an AI agent's tool. n8n runs a `usableAsTool` node under the type "<name>Tool" when an agent
// calls it; then, and only then, this module refuses what the workflow owner did not allow, hands the agent
// one page at a time and keeps the output compact. In an ordinary workflow none of it applies.

/** Something an agent may only do once the workflow owner switched it on in the tool. */
interface AgentGuard {
	/** What the agent tried, as the refusal says it: "starting tasks". */
	doing: string;
	/** The switch: "Allow the Agent to <allow>". */
	allow: string;
	/** Why it is off by default. */
	risk: string;
	/** Counts against the tool's Max Task Starts and Calls per Run. */
	dials?: boolean;
	/** Only some runs need the switch (a scheduled task calls by itself, a manual one does not). */
	neededFor?: (context: IExecuteFunctions, itemIndex: number) => boolean;
}

const CALLS_COST = 'Calls cost money, and China regulates marketing calls.';
const importing: AgentGuard = {
	doing: 'importing customers',
	allow: 'Import Customers',
	risk: 'A running task calls imported customers right away, a scheduled one once it starts.',
};
const singleCall: AgentGuard = { doing: 'placing calls', allow: 'Place Calls', risk: `It places a real phone call right away. ${CALLS_COST}`, dials: true };

/** Operations that place calls, start tasks, or delete or overwrite data: refused to an agent until allowed. */
export const AGENT_GUARDS: Record<string, AgentGuard> = {
	'task.start': { doing: 'starting tasks', allow: 'Start Tasks', risk: `A started task calls its customers. ${CALLS_COST}`, dials: true },
	'call.callNumber': singleCall,
	'call.callCustomer': singleCall,
	'customer.import': importing,
	'customer.importV1': importing,
	'task.create': {
		doing: 'creating scheduled tasks',
		allow: 'Create Scheduled Tasks',
		risk: 'A scheduled task starts calling by itself on its start date. Manual tasks (started with Task → Start) are always allowed.',
		neededFor: (context, itemIndex) => Number(param(context, 'taskType', itemIndex, 2)) === 1,
	},
	'task.update': { doing: 'updating tasks', allow: 'Update Tasks', risk: "It overwrites the task's caller lines, AI seats, schedule and type." },
	'task.stop': { doing: 'stopping tasks', allow: 'Stop Tasks', risk: 'A stopped task can never be started again.' },
	'task.delete': { doing: 'deleting tasks', allow: 'Delete Tasks', risk: 'It deletes the task.' },
	'blacklist.removeNumber': { doing: 'removing numbers from the blacklist', allow: 'Remove Blacklisted Numbers', risk: 'Tasks may call the number again.' },
	'blacklist.updateGroup': { doing: 'changing blacklist groups', allow: 'Change Blacklist Groups', risk: "It overwrites the group's name and remark." },
	'blacklist.deleteGroup': { doing: 'deleting blacklist groups', allow: 'Delete Blacklist Groups', risk: 'It deletes the group.' },
};

/** POST operations an agent may always use: reads sent as POST, and writes that call no one and destroy nothing. */
export const AGENT_SAFE_POSTS = ['call.getAll', 'customer.getNotDialed', 'task.pause', 'blacklist.addNumber', 'blacklist.addNumbers', 'blacklist.createGroup'];

/** A write nobody classified yet (a future operation) is refused until allowed, never let through. */
const UNCLASSIFIED: AgentGuard = { doing: 'changing data in Byai', allow: 'Change Data', risk: 'It changes data in Byai.' };

/** The guard of an operation; undefined for reads (GET) and the safe POSTs. */
function agentGuard(resource: string, operation: string, definition: OperationDefinition): AgentGuard | undefined {
	const key = `${resource}.${operation}`;
	if (Object.hasOwn(AGENT_GUARDS, key)) return AGENT_GUARDS[key];
	return definition.method === 'GET' || AGENT_SAFE_POSTS.includes(key) ? undefined : UNCLASSIFIED;
}

const isList = (definition: OperationDefinition) => Boolean(definition.pageSizeCap || definition.returnsList);

// ---- the tool's fields (shown only on the tool: display option @tool) -------------------------------

const DEFAULT_AGENT_PAGE_SIZE = 20;
const MAX_LOCAL_PAGE_SIZE = 100;
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the model reads about the tool (n8n shows our own toolDescription instead of adding its generic one). */
function toolDescription(definition: OperationDefinition, guard: AgentGuard | undefined): string {
	return [
		definition.deprecated ? `Deprecated: ${definition.deprecated}` : '',
		definition.description,
		isList(definition) ? 'Answers one page of results with the total and a note saying how to get the next page.' : '',
		guard ? `${capitalized(guard.doing)} needs the workflow owner's permission; without it the tool answers that it is not enabled and sends nothing.` : '',
	]
		.filter(Boolean)
		.join(' ');
}

/** The tool-only fields of one resource's operations. */
export function agentProperties(resource: string, operations: Record<string, OperationDefinition>): INodeProperties[] {
	const onTool = (operation: string[], extra: IDataObject = {}) => ({ show: { '@tool': [true], resource: [resource], operation, ...extra } });
	const properties: INodeProperties[] = [];
	for (const [operation, definition] of Object.entries(operations)) {
		const guard = agentGuard(resource, operation, definition);
		properties.push({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			typeOptions: { rows: 3 },
			displayOptions: onTool([operation]),
			default: toolDescription(definition, guard),
			description: 'What the AI agent reads about this tool to decide when and how to use it',
		});
		if (guard) {
			properties.push({
				displayName: `Allow the Agent to ${guard.allow}`,
				name: 'agentAllow',
				type: 'boolean',
				noDataExpression: true,
				displayOptions: onTool([operation]),
				default: false,
				description: `Whether the agent may use this tool. ${guard.risk} Off: the agent is told that ${guard.doing} is not enabled and nothing is sent to Byai.`,
			});
		}
		if (guard?.dials) {
			properties.push({
				displayName: 'Max Task Starts and Calls per Run',
				name: 'agentMaxCalls',
				type: 'number',
				noDataExpression: true,
				typeOptions: { minValue: 1 },
				displayOptions: onTool([operation], { agentAllow: [true] }),
				default: 1,
				description:
					'How many tasks the agent may start and calls it may place in one execution of the workflow, counted over all Byai tools of that execution (attempts count, whatever Byai answered). Further attempts are refused.',
			});
		}
		if (isList(definition)) {
			properties.push(
				{
					displayName: 'Page',
					name: 'agentPage',
					type: 'string',
					displayOptions: onTool([operation]),
					default: `={{ $fromAI('page', 'Page of results: 1 for the first; for more, the page named in the note of the previous answer', 'number', 1) }}`,
					description: 'Which page of results the tool answers with; by default the model chooses it',
				},
				{
					displayName: 'Results per Page',
					name: 'agentPageSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: definition.pageSizeCap ?? MAX_LOCAL_PAGE_SIZE },
					displayOptions: onTool([operation]),
					default: Math.min(DEFAULT_AGENT_PAGE_SIZE, definition.pageSizeCap ?? MAX_LOCAL_PAGE_SIZE),
					description: `How many results the agent gets per call, at most ${definition.pageSizeCap ?? MAX_LOCAL_PAGE_SIZE}; the answer says how many there are in all`,
				},
			);
		}
	}
	return properties;
}

/** The output choice of every tool (n8n's guideline for AI tools: simplified, raw or selected fields). */
export const AGENT_OUTPUT_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'agentOutput',
		type: 'options',
		displayOptions: { show: { '@tool': [true] } },
		options: [
			{ name: 'Simplified', value: 'simplified', description: 'Readable labels next to codes, a plain-text transcript, empty and duplicated fields left out' },
			{ name: 'Raw', value: 'raw', description: "Byai's data as it is" },
			{ name: 'Selected Fields', value: 'selected', description: 'Only the fields you name (from the simplified data)' },
		],
		default: 'simplified',
		description: 'What the agent gets back; less data leaves more of its context for the conversation',
	},
	{
		displayName: 'Fields',
		name: 'agentFields',
		type: 'string',
		displayOptions: { show: { '@tool': [true], agentOutput: ['selected'] } },
		default: '',
		placeholder: 'e.g. callInstanceId, intentionGrade, transcript',
		description: 'Comma-separated names of the fields the agent gets',
	},
];

// ---- one run of the tool ---------------------------------------------------------------------------

/** Task starts and calls sent by agents, per execution. An execution runs in one process (also in queue mode). */
const dialsPerExecution = new Map<string, number>();
const REMEMBERED_EXECUTIONS = 1000;

function recordDials(executionId: string, count: number): void {
	dialsPerExecution.delete(executionId); // re-inserted last: the oldest execution is forgotten first
	dialsPerExecution.set(executionId, count);
	if (dialsPerExecution.size > REMEMBERED_EXECUTIONS) dialsPerExecution.delete(dialsPerExecution.keys().next().value as string);
}

interface PageInfo {
	page: number;
	pageSize: number;
	total?: number;
	/** The page was full, so more may follow (when Byai gives no total). */
	full: boolean;
}

/** Byai's "never" for a time (epoch 0 in China time). */
const NEVER = '1970-01-01 08:00:00';

/** Without empty fields, and without what the simplified fields already say (transcript, analysis, intention grade). */
function compact(record: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		const empty = value === null || value === undefined || value === '' || value === NEVER || (typeof value === 'object' && Object.keys(value).length === 0);
		if (!empty) result[key] = value;
	}
	for (const key of ['taskResult', 'resultList']) {
		if (!Array.isArray(result[key])) continue;
		result.analysis ??= analysisOf(result[key] as IDataObject[]);
		delete result[key];
	}
	if (result.intentionGrade && result.analysis) {
		const analysis = { ...(result.analysis as IDataObject) };
		delete analysis[INTENTION_RESULT_NAME];
		if (Object.keys(analysis).length) result.analysis = analysis;
		else delete result.analysis;
	}
	if (typeof result.transcript === 'string') delete result.phoneLogs;
	return result;
}

/** Plain values every record of a page has alike (the task's name on each of its calls), said once. */
function sameForAll(records: IDataObject[]): IDataObject | undefined {
	if (records.length < 2) return undefined;
	const [first, ...rest] = records;
	const shared = Object.entries(first).filter(([key, value]) => (value === null || typeof value !== 'object') && rest.every((record) => record[key] === value));
	if (!shared.length) return undefined;
	for (const record of records) for (const [key] of shared) delete record[key];
	return Object.fromEntries(shared);
}

/** The $fromAI key of the Page field, when the model sets it (it can only ask for a page it can name). */
function modelPageKey(context: IExecuteFunctions): string | undefined {
	const raw = context.getNode().parameters.agentPage;
	return typeof raw === 'string' ? /\$fromAI\(\s*(['"`])([\w-]+)\1/i.exec(raw)?.[2] : undefined;
}

function pagingNote({ page, pageSize, total, full }: PageInfo, pageKey: string | undefined): string {
	const next = pageKey
		? `For the next results call this tool again with ${pageKey} = ${page + 1}.`
		: 'More exist, but the workflow owner fixed the page of this tool: narrow the request instead.';
	if (total === undefined) return full ? `Page ${page}; more results may follow. ${next}` : `Page ${page}, the last one.`;
	const pages = Math.max(1, Math.ceil(total / pageSize));
	if (total === 0) return 'No results.';
	if (page > pages) return `Page ${page} is past the end: there are ${total} results, ${pages} page(s) of ${pageSize}.`;
	if (page < pages) return `Page ${page} of ${pages} (${total} results, ${pageSize} per page). ${next}`;
	return `Page ${page} of ${pages}, the last one (${total} results).`;
}

/**
 * The node run by an AI agent: refusals, one page per call and compact output. The shared executor asks it
 * for the page (paged endpoints) and whether to simplify; the router asks it to refuse and to shape the output.
 */
export class AgentRun {
	private readonly pages = new Map<number, PageInfo>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly definition: OperationDefinition,
		private readonly label: string,
		private readonly guard: AgentGuard | undefined,
	) {}

	/**
	 * One item per input item when the agent may not do this (not allowed, or over the per-execution cap):
	 * a tool result the model can explain, with nothing sent. Undefined when it may go ahead.
	 */
	refusal(itemCount: number): INodeExecutionData[] | undefined {
		const { context, guard } = this;
		if (!guard) return undefined;
		const needing = Array.from({ length: itemCount }, (_, itemIndex) => itemIndex).filter((itemIndex) => !guard.neededFor || guard.neededFor(context, itemIndex));
		if (!needing.length) return undefined;
		const tool = context.getNode().name;
		const refuse = (message: string) => refusalItems(itemCount, this.label, message);
		// The switch as saved in the node: an expression (a $fromAI above all) could let the model allow itself.
		const { agentAllow, agentMaxCalls = 1 } = context.getNode().parameters;
		if (agentAllow !== true) {
			return refuse(
				`${capitalized(guard.doing)} is not enabled for this agent, so nothing was sent to Byai. Tell the user to ask the workflow owner, who can switch on "Allow the Agent to ${guard.allow}" in the tool "${tool}".`,
			);
		}
		if (!guard.dials) return undefined;
		const max = checkRange(context.getNode(), 0, 'Max Task Starts and Calls per Run', agentMaxCalls, 1, Number.MAX_SAFE_INTEGER);
		const executionId = context.getExecutionId();
		const sent = dialsPerExecution.get(executionId) ?? 0;
		if (sent + needing.length > max) {
			return refuse(
				`This agent may start at most ${max} task(s) or call(s) per run and has used ${sent}, so nothing was sent to Byai. Tell the user; the workflow owner can raise "Max Task Starts and Calls per Run" in the tool "${tool}".`,
			);
		}
		recordDials(executionId, sent + needing.length);
		return undefined;
	}

	/** A paged endpoint: only the page the agent asked for, in one request. */
	async page(client: ByaiClient, request: ByaiRequest, pageSizeCap: number, itemIndex: number): Promise<IDataObject[]> {
		const { page, pageSize } = this.paging(itemIndex, pageSizeCap);
		const data = (await client.request<ByaiPage<IDataObject> | null>(withPage(request, page, pageSize), itemIndex)) ?? {};
		const total = data.total === undefined || data.total === null || !Number.isFinite(Number(data.total)) ? undefined : Number(data.total);
		// Past the end some servers answer the last page again: that is not the page asked for.
		const list = total !== undefined && (page - 1) * pageSize >= total ? [] : (data.list ?? []);
		this.pages.set(itemIndex, { page, pageSize, total, full: list.length === pageSize });
		return list;
	}

	/** Whether Byai's codes get labels (every output but Raw). */
	simplify(itemIndex: number): boolean {
		return this.outputMode(itemIndex) !== 'raw';
	}

	/**
	 * What the agent gets: per input item, a list as one page with a note on how to get the next, other
	 * results as compact records. Continue On Fail's error items pass as they are.
	 */
	output(items: INodeExecutionData[]): INodeExecutionData[] {
		const byItem = new Map<number, INodeExecutionData[]>();
		for (const item of items) {
			const index = typeof item.pairedItem === 'object' && !Array.isArray(item.pairedItem) ? item.pairedItem.item : 0;
			byItem.set(index, [...(byItem.get(index) ?? []), item]);
		}
		return Array.from({ length: this.context.getInputData().length || 1 }, (_, itemIndex) => {
			const results = byItem.get(itemIndex) ?? [];
			if (results.some((item) => item.json.error !== undefined)) return results;
			const pairedItem = results[0]?.pairedItem ?? { item: itemIndex };
			if (!isList(this.definition)) {
				return results.map((item) => {
					const { records, fieldsNotFound } = this.shape(itemIndex, [item.json]);
					return { ...item, json: fieldsNotFound ? { ...records[0], fieldsNotFound } : records[0] };
				});
			}
			let records = results.map((item) => item.json);
			let info = this.pages.get(itemIndex);
			if (!info) {
				// Listed in full by Byai: the page is cut here.
				const { page, pageSize } = this.paging(itemIndex, MAX_LOCAL_PAGE_SIZE);
				info = { page, pageSize, total: records.length, full: false };
				records = records.slice((page - 1) * pageSize, page * pageSize);
			}
			const shaped = this.shape(itemIndex, records);
			const json: IDataObject = { note: pagingNote(info, modelPageKey(this.context)), page: info.page, pageSize: info.pageSize };
			if (info.total !== undefined) json.total = info.total;
			if (shaped.fieldsNotFound) json.fieldsNotFound = shaped.fieldsNotFound;
			const shared = this.outputMode(itemIndex) === 'simplified' ? sameForAll(shaped.records) : undefined;
			if (shared) json.sameForAll = shared;
			json.records = shaped.records;
			return [{ json, pairedItem }];
		}).flat();
	}

	private outputMode(itemIndex: number): string {
		return String(nodeParameter(this.context, 'agentOutput', itemIndex, 'simplified'));
	}

	private paging(itemIndex: number, maxPageSize: number): { page: number; pageSize: number } {
		const node = this.context.getNode();
		return {
			page: checkRange(node, itemIndex, 'Page', nodeParameter(this.context, 'agentPage', itemIndex, 1), 1, Number.MAX_SAFE_INTEGER),
			pageSize: checkRange(node, itemIndex, 'Results per Page', nodeParameter(this.context, 'agentPageSize', itemIndex, DEFAULT_AGENT_PAGE_SIZE), 1, maxPageSize),
		};
	}

	private shape(itemIndex: number, records: IDataObject[]): { records: IDataObject[]; fieldsNotFound?: string[] } {
		const mode = this.outputMode(itemIndex);
		if (mode === 'raw') return { records };
		if (mode !== 'selected') return { records: records.map(compact) };
		const fields = String(nodeParameter(this.context, 'agentFields', itemIndex, ''))
			.split(',')
			.map((field) => field.trim())
			.filter(Boolean);
		const picked = records.map((record) => Object.fromEntries(fields.filter((field) => field in record).map((field) => [field, record[field]])));
		const fieldsNotFound = records.length ? fields.filter((field) => !records.some((record) => field in record)) : [];
		return fieldsNotFound.length ? { records: picked, fieldsNotFound } : { records: picked };
	}
}

/** One refusal per input item: a tool result the model can explain. */
function refusalItems(itemCount: number, label: string, message: string): INodeExecutionData[] {
	return Array.from({ length: itemCount }, (_, item) => ({ json: { refused: true, operation: label, message }, pairedItem: { item } }));
}

const isTool = (context: IExecuteFunctions) => context.getNode().type.endsWith('Tool');

/**
 * Operations without a Byai endpoint (Callback → Acknowledge) are part of a workflow's own flow: an agent
 * has no callback to answer, so they are always refused to it (no switch allows them).
 */
export function agentRefusesLocal(context: IExecuteFunctions, label: string, itemCount: number): INodeExecutionData[] | undefined {
	if (!isTool(context)) return undefined;
	return refusalItems(itemCount, label, `${label} is not a tool for agents: it belongs to a workflow started by a Byai Trigger, so nothing was done. Tell the user to pick another operation for the tool "${context.getNode().name}".`);
}

/** The agent side of a run, or undefined in an ordinary workflow. */
export function agentRun(context: IExecuteFunctions, resource: string, operation: string, definition: OperationDefinition, label: string): AgentRun | undefined {
	if (!isTool(context)) return undefined;
	return new AgentRun(context, definition, label, agentGuard(resource, operation, definition));
}
