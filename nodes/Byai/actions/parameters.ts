import type { IExecuteFunctions, IGetNodeParameterOptions } from 'n8n-workflow';

// n8n resolves a parameter on every getNodeParameter call: the whole value (a collection with all its
// fields), its resource locator, its schema, and each expression in it. A saved value without an
// expression resolves alike for every item, so one execution needs it once; one with an expression
// (`{{ $json.taskId }}`, an agent's `$fromAI`) differs per item, so it is resolved once per item.

/** Whether a saved parameter value holds an expression anywhere (n8n evaluates strings starting with "="). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** A copy of plain objects and arrays, so one reader's changes never reach another's value; anything else as it is. */
function copied<T>(value: T): T {
	if (Array.isArray(value)) return value.map(copied) as T;
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copied(entry)])) as T;
	}
	return value;
}

/** The saved value at a parameter path such as "additionalFields.remark". */
function savedValue(parameters: object, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	return value;
}

/**
 * One execution's parameter reads through n8n's getNodeParameter: a parameter without an expression once
 * for all items, one with an expression once per item. Failed reads are not kept (the next read fails alike,
 * naming its own item).
 */
export class ParameterReader {
	private readonly values = new Map<string, unknown>();

	constructor(private readonly context: IExecuteFunctions) {}

	get(name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions): unknown {
		const saved = savedValue(this.context.getNode().parameters, name);
		// Other options (a context node, raw expressions) and absent values (whose fallback may differ per call) go straight to n8n.
		const plain = !options || Object.keys(options).every((option) => option === 'extractValue');
		if (saved === undefined || !plain) return this.context.getNodeParameter(name, itemIndex, fallback, options);
		const key = `${holdsExpression(saved) ? itemIndex : '*'} ${options?.extractValue ? 'value' : 'parameter'} ${name}`;
		if (!this.values.has(key)) this.values.set(key, this.context.getNodeParameter(name, itemIndex, fallback, options));
		return copied(this.values.get(key));
	}
}

const readers = new WeakMap<IExecuteFunctions, ParameterReader>();

/** Starts an execution's reads: from here on, nodeParameter() on this context reads each parameter once (see ParameterReader). */
export function readParametersOnce(context: IExecuteFunctions): ParameterReader {
	const reader = new ParameterReader(context);
	readers.set(context, reader);
	return reader;
}

/** getNodeParameter through the execution's reader (readParametersOnce), or n8n's own where there is none. */
export function nodeParameter<T = unknown>(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions): T {
	const reader = readers.get(context);
	return (reader ? reader.get(name, itemIndex, fallback, options) : context.getNodeParameter(name, itemIndex, fallback, options)) as T;
}
