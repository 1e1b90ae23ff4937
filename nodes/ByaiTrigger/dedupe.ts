import type { IDataObject } from 'n8n-workflow';

/**
 * Recently seen callback keys. The window lives in the workflow's static data (saved by n8n with the
 * workflow, so it survives a restart) and, per process, in memory: two copies of one callback that arrive
 * together are both answered before n8n saves static data, so memory is what catches those.
 * Several webhook processes (queue mode) each keep their own memory: a repeat that reaches another
 * process within that moment is not caught.
 */
const memory = new Map<string, Set<string>>();

export function rememberCallback(staticData: IDataObject, scope: string, key: string, windowSize: number): boolean {
	const list = Array.isArray(staticData.recentCallbacks) ? (staticData.recentCallbacks as string[]) : [];
	let seen = memory.get(scope);
	if (!seen) {
		seen = new Set(list);
		memory.set(scope, seen);
	}
	if (seen.has(key) || list.includes(key)) return false;
	seen.add(key);
	list.push(key);
	while (list.length > windowSize) seen.delete(list.shift() as string);
	staticData.recentCallbacks = list;
	return true;
}
