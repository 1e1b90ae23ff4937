import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A numeric id from another parameter of the node (resource locators unwrapped). */
export function currentId(context: ILoadOptionsFunctions, name: string, label: string): number {
	const value = context.getCurrentNodeParameter(name, { extractValue: true });
	const id = Number(typeof value === 'string' ? value.trim() : value);
	if (!value || !Number.isSafeInteger(id)) throw new NodeOperationError(context.getNode(), `Choose a ${label} first`);
	return id;
}
