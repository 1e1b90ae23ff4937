import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { gradeLetter, INTENTION_LABELS, INTENTION_RESULT_NAME } from '../helpers/labels';
import type { IntentionGrade } from '../helpers/labels';
import type { ByaiClient } from '../transport';
import { operationRequest } from './registry';

export interface Robot extends IDataObject {
	robotDefId: number;
	robotName: string;
	sceneDefId: number;
	sceneRecords?: Array<{ sceneRecordId: number; sceneRecordName: string }>;
}

/**
 * Reads of things that do not change during one execution (a company's caller lines and scripts, a task's
 * intention labels), made once and shared by all items; items running in parallel wait for the same request.
 * A failed read is forgotten, so a later item tries again.
 */
export class Lookups {
	private readonly cache = new Map<string, Promise<unknown>>();

	constructor(private readonly client: ByaiClient) {}

	private once<T>(key: string, load: () => Promise<T>): Promise<T> {
		let pending = this.cache.get(key) as Promise<T> | undefined;
		if (!pending) {
			pending = load();
			this.cache.set(key, pending);
			pending.catch(() => this.cache.delete(key));
		}
		return pending;
	}

	/** The caller lines (主叫号码) of a company. */
	callerLines(companyId: number, itemIndex?: number): Promise<IDataObject[]> {
		return this.once(`lines:${companyId}`, async () =>
			(await this.client.request<IDataObject[] | null>(operationRequest('callerLine', 'getAll', { companyId }), itemIndex)) ?? [],
		);
	}

	/** The robot scripts (话术) of a company; robotStatus 0 = all, 1 = online only, 2 = ever published. */
	robots(companyId: number, robotStatus = 0, itemIndex?: number): Promise<Robot[]> {
		return this.once(`robots:${companyId}:${robotStatus}`, async () =>
			(await this.client.request<Robot[] | null>(operationRequest('robotScript', 'getAll', { companyId, robotStatus }), itemIndex)) ?? [],
		);
	}

	/** One script of a company; a NodeOperationError names the script if the company has no such script. */
	async robot(context: IExecuteFunctions | ILoadOptionsFunctions, companyId: number, robotDefId: number, itemIndex?: number): Promise<Robot> {
		const robot = (await this.robots(companyId, 0, itemIndex)).find((entry) => Number(entry.robotDefId) === robotDefId);
		if (!robot) {
			throw new NodeOperationError(context.getNode(), `Robot Script: ${robotDefId} is not a script of company ${companyId}`, {
				itemIndex,
				description: 'Pick the script from the list; it shows the scripts of the chosen company.',
			});
		}
		return robot;
	}

	/** The variable names of a scene (getSceneVariables). */
	sceneVariables(companyId: number, sceneDefId: number, itemIndex?: number): Promise<string[]> {
		return this.once(`variables:${companyId}:${sceneDefId}`, async () =>
			(await this.client.request<string[] | null>(operationRequest('robotScript', 'getVariables', { companyId, sceneDefId }), itemIndex)) ?? [],
		);
	}

	/** A task with its statistics (getTaskDetail). Not cached: an update may change it. */
	task(companyId: number, taskId: number, itemIndex?: number): Promise<IDataObject> {
		return this.client.request<IDataObject>(operationRequest('task', 'get', { companyId, taskId }), itemIndex);
	}

	/**
	 * The label this task uses for an intention grade, from the task's resultDefs (Byai's labels are configurable
	 * and two label sets exist). Falls back to the older label, which the docs' filter example uses.
	 */
	async intentionLabel(companyId: number, taskId: number, grade: IntentionGrade, itemIndex?: number): Promise<string> {
		const label = (await this.intentionValues(companyId, taskId, itemIndex)).find((value) => gradeLetter(value) === grade);
		return label ?? INTENTION_LABELS[grade].older;
	}

	/** The task's intention labels (resultDefs), read once per execution for all grades. */
	private intentionValues(companyId: number, taskId: number, itemIndex?: number): Promise<string[]> {
		return this.once(`intention:${companyId}:${taskId}`, async () => {
			const detail = await this.task(companyId, taskId, itemIndex);
			const definition = ((detail?.resultDefs as IDataObject[] | undefined) ?? []).find((entry) => entry?.name === INTENTION_RESULT_NAME);
			return (Array.isArray(definition?.values) ? (definition.values as unknown[]) : []).filter((value): value is string => typeof value === 'string');
		});
	}
}
