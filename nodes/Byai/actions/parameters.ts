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

/** How many items an expression parameter is resolved for at once, from the second item on (see ParameterReader). */
export const ITEMS_AHEAD = 1000;

type Outcome = { value: unknown } | { error: unknown };

/**
 * One execution's parameter reads through n8n's getNodeParameter: a parameter without an expression once
 * for all items, one with an expression once per item. n8n's expression sandbox costs about twice as much
 * per expression when its evaluations are spread between requests as when they follow one another (see
 * BENCHMARKS.md), so from the second item on an expression parameter is resolved for the next ITEMS_AHEAD
 * items in one go; each item gets its own value, or its own error when it reads it. A failed read is not
 * kept: read again, it is resolved again.
 */
export class ParameterReader {
	/** The saved parameters: getNode() copies the node on every call. */
	private readonly saved: object;
	private readonly itemCount: number;
	private readonly fixed = new Map<string, unknown>();
	private readonly perItem = new Map<string, Map<number, Outcome>>();

	constructor(private readonly context: IExecuteFunctions) {
		this.saved = context.getNode().parameters;
		this.itemCount = context.getInputData().length;
	}

	get(name: string, itemIndex: number, fallback?: unknown, options?: IGetNodeParameterOptions): unknown {
		const saved = savedValue(this.saved, name);
		// Other options (a context node, raw expressions) and absent values (whose fallback may differ per call) go straight to n8n.
		const plain = !options || Object.keys(options).every((option) => option === 'extractValue');
		if (saved === undefined || !plain) return this.context.getNodeParameter(name, itemIndex, fallback, options);
		const resolve = (index: number) => this.context.getNodeParameter(name, index, fallback, options);
		const key = `${options?.extractValue ? 'value' : 'parameter'} ${name}`;
		if (!holdsExpression(saved)) {
			if (!this.fixed.has(key)) this.fixed.set(key, resolve(itemIndex));
			return copied(this.fixed.get(key));
		}
		let outcomes = this.perItem.get(key);
		if (!outcomes) this.perItem.set(key, (outcomes = new Map()));
		let outcome = outcomes.get(itemIndex);
		if (!outcome) {
			const end = outcomes.size ? Math.min(itemIndex + ITEMS_AHEAD, this.itemCount) : 0;
			for (let index = itemIndex; index === itemIndex || index < end; index++) {
				if (outcomes.has(index)) continue;
				try {
					outcomes.set(index, { value: resolve(index) });
				} catch (error) {
					outcomes.set(index, { error });
				}
			}
			outcome = outcomes.get(itemIndex) as Outcome;
		}
		if ('error' in outcome) {
			outcomes.delete(itemIndex);
			throw outcome.error;
		}
		return copied(outcome.value);
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
