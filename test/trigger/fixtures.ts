// Shared by the trigger tests: the callback reference, its example payloads, and trigger servers that stop after each test.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { TriggerOptions, TriggerServer } from '../helpers/webhook';
import { callbacksJson } from '../helpers/reference';
import { startTrigger } from '../helpers/webhook';

/** callbacks.json, the contract. */
export const reference = callbacksJson as { callbacks: Array<{ name: string; dataType: string; exampleSkeleton: IDataObject }> };

/** Which event each callback of the reference becomes. A callback added to the reference fails the tests until it is mapped here. */
export const EVENT_OF: Record<string, string> = {
	callRecord: 'callFinished',
	taskStatus: 'taskStatusChanged',
	manualIntentionChange: 'intentionChanged',
	inboundCallRecord: 'inboundCallFinished',
};

export const ALL_EVENTS = ['callFinished', 'inboundCallFinished', 'intentionChanged', 'taskStatusChanged'];

/** Byai payloads are deep JSON; tests index into them freely. */
export type Payload = any;

/** A fresh copy of a callback's exampleSkeleton. */
export function skeleton(name: string): Payload {
	const callback = reference.callbacks.find((c) => c.name === name);
	if (!callback) throw new Error(`callbacks.json has no callback "${name}"`);
	return JSON.parse(JSON.stringify(callback.exampleSkeleton));
}

/** A call-record payload with the given call id and sceneInstance fields. */
export function callRecord(callInstanceId: number | string, patch: IDataObject = {}): Payload {
	const payload = skeleton('callRecord');
	Object.assign(payload.data.data.sceneInstance, { callInstanceId, ...patch });
	return payload;
}

/** A task-status payload with the given task id and fields. */
export function taskStatus(callJobId: number, patch: IDataObject = {}): Payload {
	const payload = skeleton('taskStatus');
	Object.assign(payload.data.data, { callJobId, ...patch });
	return payload;
}

/** A manual intention change of one call. */
export function intentionChange(sceneInstanceId: number, grade: string, companyId = 241): Payload {
	const payload = skeleton('manualIntentionChange');
	payload.data.data.taskResult = [{ companyId, sceneInstanceId, resultName: '客户意向等级', resultValue: grade }];
	return payload;
}

/** Trigger servers for the current test file, stopped after each test. */
export function useTriggers() {
	let running: TriggerServer[] = [];
	afterEach(async () => {
		await Promise.all(running.map((server) => server.stop()));
		running = [];
	});
	return async (parameters: IDataObject = {}, options: TriggerOptions = {}) => {
		const server = await startTrigger({ events: ALL_EVENTS, simplify: true, ...parameters } as INodeParameters, options);
		running.push(server);
		return server;
	};
}

/** Every item carries its dedupe fields (their values: dedupe.test.ts). */
export const DEDUPE_FIELDS = { dedupeKey: expect.any(String), dedupeSubject: expect.any(String), dedupeRepeatSeconds: expect.any(Number) };

/** The items of every execution, in order. */
export const itemsOf = (server: TriggerServer) => server.executions.flat().map((item) => item.json);
