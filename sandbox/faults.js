'use strict';
// Fault injection per path: the failures a Byai client meets in the field.
const MODES = ['http-error', 'rate-limit', 'slow', 'html', 'malformed-json', 'drop', 'envelope'];

class Faults {
	constructor() {
		this.list = [];
		this.nextId = 1;
	}

	add(fault) {
		if (!fault || typeof fault.path !== 'string') throw new Error('fault needs a "path" (e.g. /openapi/v1/task/getTaskDetail)');
		if (!MODES.includes(fault.mode)) throw new Error(`fault "mode" must be one of ${MODES.join(', ')}`);
		const entry = { id: this.nextId++, count: 1, ...fault, method: fault.method?.toUpperCase() };
		this.list.push(entry);
		return entry;
	}

	/** The first armed fault for this request, used up by one (count -1 = until cleared). */
	take(path, method) {
		const fault = this.list.find((f) => f.path === path && (!f.method || f.method === method) && f.count !== 0);
		if (!fault) return undefined;
		if (fault.count > 0) fault.count--;
		if (fault.count === 0) this.list.splice(this.list.indexOf(fault), 1);
		return fault;
	}

	clear() {
		this.list = [];
	}
}

module.exports = { Faults, MODES };
